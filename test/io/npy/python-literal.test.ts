/** The header literal parser and Python repr spelling (expected strings checked against CPython 3.11). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  isPyTuple,
  PyLiteralSyntaxError,
  parsePyLiteral,
  pyStrRepr,
  pyTupleRepr,
} from "../../../src/io/npy/python-literal.js";

describe("parsePyLiteral", () => {
  test("a numpy header dict", () => {
    const value = parsePyLiteral(
      "{'descr': [('frame', '<i8'), ('snippet', '<f4', (64, 4))], 'fortran_order': False, 'shape': (33,), }   \n",
    );
    assert.deepEqual(value, {
      type: "dict",
      entries: new Map<string, unknown>([
        [
          "descr",
          {
            type: "list",
            items: [
              { type: "tuple", items: ["frame", "<i8"] },
              { type: "tuple", items: ["snippet", "<f4", { type: "tuple", items: [64, 4] }] },
            ],
          },
        ],
        ["fortran_order", false],
        ["shape", { type: "tuple", items: [33] }],
      ]),
    });
  });

  test("tuples: (), (3,), (3) is just 3, Python 2 longs", () => {
    assert.deepEqual(parsePyLiteral("()"), { type: "tuple", items: [] });
    assert.deepEqual(parsePyLiteral("(3,)"), { type: "tuple", items: [3] });
    assert.equal(parsePyLiteral("(3)"), 3);
    assert.deepEqual(parsePyLiteral("(3L, 4L)"), { type: "tuple", items: [3, 4] });
    assert.ok(isPyTuple(parsePyLiteral("(1, 2)")));
  });

  test("strings: both quotes, escapes, u prefix; True/False/None", () => {
    assert.equal(parsePyLiteral(`"it's"`), "it's");
    assert.equal(parsePyLiteral(String.raw`'both \' and "'`), `both ' and "`);
    assert.equal(parsePyLiteral(String.raw`'\x00\u20ac\U0001f600\t\\'`), "\0€😀\t\\");
    assert.equal(parsePyLiteral(String.raw`'\q'`), "\\q");
    assert.equal(parsePyLiteral("u'abc'"), "abc");
    assert.deepEqual(parsePyLiteral("[True, False, None, -7]"), {
      type: "list",
      items: [true, false, null, -7],
    });
  });

  test("syntax errors say where", () => {
    for (const [text, pattern] of [
      ["{'a': 1", /unexpected end of text|expected "," or "}"/],
      ["'open", /unterminated string/],
      ["(1 2)", /expected "," or "\)" at offset 3/],
      ["{1: 2}", /dict keys must be strings/],
      ["1.5", /expected an integer/],
      ["@", /unexpected character "@" at offset 0/],
      ["[1] x", /unexpected text after the literal at offset 4/],
      [String.raw`'\x4'`, /bad \\x escape/],
      [String.raw`'\U00110000'`, /code point \\U00110000 is out of range/],
    ] as const) {
      assert.throws(
        () => parsePyLiteral(text),
        (err: unknown) => err instanceof PyLiteralSyntaxError && pattern.test(err.message),
        text,
      );
    }
  });
});

describe("Python repr", () => {
  test("pyStrRepr spells strings as CPython does", () => {
    const cases: [string, string][] = [
      ["plain", "'plain'"],
      ["it's", `"it's"`],
      [`both ' and "`, String.raw`'both \' and "'`],
      ["tab\there", String.raw`'tab\there'`],
      ["nl\n", String.raw`'nl\n'`],
      ["back\\slash", String.raw`'back\\slash'`],
      ["\x00\x7f\x85", String.raw`'\x00\x7f\x85'`],
      ["é€😀", "'é€😀'"],
      ["\u2028", String.raw`'\u2028'`],
      ["\xa0", String.raw`'\xa0'`],
      ["\u200b", String.raw`'\u200b'`],
      [" sp ", "' sp '"],
    ];
    for (const [value, repr] of cases) assert.equal(pyStrRepr(value), repr, JSON.stringify(value));
  });

  test("pyTupleRepr", () => {
    assert.equal(pyTupleRepr([]), "()");
    assert.equal(pyTupleRepr(["3"]), "(3,)");
    assert.equal(pyTupleRepr(["6", "90", "16"]), "(6, 90, 16)");
  });

  test("parsePyLiteral(pyStrRepr(s)) === s for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        assert.equal(parsePyLiteral(pyStrRepr(s)), s);
      }),
      { numRuns: 500 },
    );
  });
});
