/** Truncated, garbage and inconsistent inputs give typed errors whose messages name the bad value. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { zipSync } from "fflate";
import { FileFormatError, InvalidArgumentError } from "../../../src/errors.js";
import {
  encodeNpy,
  encodeNpz,
  type NpyArray,
  npyFromColumns,
  npyFromStrings,
  npyFromTypedArray,
  numericColumn,
  parseNpy,
  readNpz,
  stringColumn,
} from "../../../src/io/npy/index.js";
import { PYTHON_SI, readBytes } from "./fixture-files.js";

const SPIKES = readBytes(join(PYTHON_SI, "sorting/sorting_numpy_folder/spikes.npy"));

/** A version 1 .npy with this header text (padded as numpy pads) followed by `data`. */
function npyWithHeader(text: string, data: Uint8Array = new Uint8Array(0), version = 1): Uint8Array {
  const body = new TextEncoder().encode(text);
  const prefix = version === 1 ? 10 : 12;
  const total = Math.ceil((prefix + body.length + 1) / 64) * 64;
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, total - prefix, true);
  else view.setUint32(8, total - prefix, true);
  out.set(body, prefix);
  out.fill(0x20, prefix + body.length, total - 1);
  out[total - 1] = 0x0a;
  out.set(data, total);
  return out;
}

function throwsFormat(fn: () => unknown, pattern: RegExp, path?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof FileFormatError, `expected FileFormatError, got ${String(err)}`);
    assert.match(err.message, pattern);
    if (path !== undefined) assert.equal(err.path, path);
    return true;
  });
}

function throwsArgument(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvalidArgumentError, `expected InvalidArgumentError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

describe("parseNpy rejects bad files with FileFormatError", () => {
  test("truncated data names the file and the expected vs actual byte counts", () => {
    throwsFormat(
      () => parseNpy(SPIKES.subarray(0, SPIKES.length - 10), "sorting/spikes.npy"),
      /^sorting\/spikes\.npy: truncated data: .*needs 2784 bytes, the file holds 2774$/,
      "sorting/spikes.npy",
    );
  });

  test("every strict prefix of a fixture is rejected", () => {
    for (let n = 0; n < SPIKES.length; n += n < 200 ? 1 : 97) {
      throwsFormat(() => parseNpy(SPIKES.subarray(0, n), "cut.npy"), /^cut\.npy: /, "cut.npy");
    }
  });

  test("not an npy file", () => {
    throwsFormat(() => parseNpy(new Uint8Array(0), "empty.npy"), /empty\.npy: not a \.npy file/);
    throwsFormat(
      () => parseNpy(new TextEncoder().encode("PK\x03\x04 zip"), "a.npy"),
      /missing \\x93NUMPY magic/,
    );
  });

  test("unknown format version", () => {
    const bytes = npyWithHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (0,), }");
    bytes[6] = 4;
    throwsFormat(() => parseNpy(bytes, "v4.npy"), /unsupported \.npy format version 4\.0/);
  });

  test("header length beyond the file", () => {
    const bytes = npyWithHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (0,), }");
    throwsFormat(
      () => parseNpy(bytes.subarray(0, 40), "short.npy"),
      /truncated \.npy header: expected 118 header bytes, got 30/,
    );
  });

  const badHeaders: [string, RegExp][] = [
    ["[1, 2]", /header is not a dict/],
    ["{'descr': '<i8', 'shape': (3,), }", /keys \[descr, shape\], expected descr, fortran_order, shape/],
    ["{'descr': '<i8', 'fortran_order': 0, 'shape': (3,), }", /fortran_order is not True\/False: 0/],
    [
      "{'descr': '<i8', 'fortran_order': False, 'shape': (-1,), }",
      /shape is not a tuple of non-negative integers/,
    ],
    ["{'descr': '<i8', 'fortran_order': False, 'shape': [3], }", /shape is not a tuple/],
    ["{'descr': '<x9', 'fortran_order': False, 'shape': (3,), }", /dtype "<x9" is not supported/],
    ["{'descr': 'not a dtype', 'fortran_order': False, 'shape': (3,), }", /unknown dtype "not a dtype"/],
    ["{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (3,), }", /dtype "<M8\[ns\]" is not supported/],
    [
      "{'descr': '|V8', 'fortran_order': False, 'shape': (3,), }",
      /void dtype "\|V8" is only supported as structured padding/,
    ],
    [
      "{'descr': [('a', [('b', '<i4')])], 'fortran_order': False, 'shape': (3,), }",
      /field "a": nested structured/,
    ],
    ["{'descr': [(('t', 'a'), '<i4')], 'fortran_order': False, 'shape': (3,), }", /field titles/],
    [
      "{'descr': [('a', '<i4'), ('a', '<f8')], 'fortran_order': False, 'shape': (3,), }",
      /duplicate field name "a"/,
    ],
    ["{'descr': [], 'fortran_order': False, 'shape': (3,), }", /at least one field/],
    [
      "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), ",
      /cannot parse \.npy header: expected "," or "}"|end of text/,
    ],
    ["{'descr': '<i8, 'fortran_order': False}", /cannot parse \.npy header/],
    ["{'descr': '<i8', 'fortran_order': False, 'shape': (3.5,), }", /cannot parse .*expected an integer/],
    [
      "{'descr': '<i8', 'fortran_order': False, 'shape': (99999999999999999999,), }",
      /integer 99999999999999999999 is too large/,
    ],
  ];
  for (const [header, pattern] of badHeaders) {
    test(`bad header ${header}`, () => {
      throwsFormat(() => parseNpy(npyWithHeader(header), "bad.npy"), pattern, "bad.npy");
    });
  }

  test("version 3 header that is not UTF-8", () => {
    const bytes = npyWithHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (0,), }", undefined, 3);
    bytes[15] = 0xff;
    throwsFormat(() => parseNpy(bytes, "v3.npy"), /not valid UTF-8/);
  });

  test("zero-width text cannot ask for more strings than an array holds", () => {
    const bytes = npyWithHeader("{'descr': '<U0', 'fortran_order': False, 'shape': (1000000000000000,), }");
    throwsFormat(() => parseNpy(bytes, "u0.npy"), /u0\.npy: 1000000000000000 strings exceed/);
    assert.deepEqual(
      parseNpy(npyWithHeader("{'descr': '<U0', 'fortran_order': False, 'shape': (2,), }")).data,
      ["", ""],
    );
  });

  test("a code point beyond Unicode in <U data", () => {
    const data = new Uint8Array(4);
    new DataView(data.buffer).setUint32(0, 0x110000, true);
    const bytes = npyWithHeader("{'descr': '<U1', 'fortran_order': False, 'shape': (1,), }", data);
    throwsFormat(() => parseNpy(bytes, "u.npy"), /element 0 holds code point 0x110000/);
  });

  test("mutated headers either parse or throw FileFormatError, nothing else", () => {
    const arb = fc.array(fc.tuple(fc.integer({ min: 6, max: 127 }), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 4,
    });
    fc.assert(
      fc.property(arb, (edits) => {
        const bytes = SPIKES.slice();
        for (const [at, value] of edits) bytes[at] = value;
        try {
          parseNpy(bytes, "m.npy");
        } catch (err) {
          assert.ok(err instanceof FileFormatError, String(err));
        }
      }),
      { numRuns: 300 },
    );
  });

  test("random bytes are rejected", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        throwsFormat(() => parseNpy(bytes, "r.npy"), /^r\.npy: /);
      }),
    );
  });
});

describe("readNpz errors name the archive and the member", () => {
  test("garbage is not a zip", () => {
    throwsFormat(
      () => readNpz(new TextEncoder().encode("not a zip at all"), "x.npz"),
      /^x\.npz: not a readable zip/,
    );
  });

  test("a truncated member names archive/member", () => {
    const cut = SPIKES.subarray(0, 500);
    const archive = zipSync({ "spikes.npy": [cut, { level: 0 }] });
    throwsFormat(() => readNpz(archive, "s.npz"), /^s\.npz\/spikes\.npy: truncated data/, "s.npz/spikes.npy");
  });

  test("non-array members are skipped, arrays without .npy keep their full name", () => {
    const npy = encodeNpy(npyFromTypedArray(new Int32Array([4, 5])));
    const archive = zipSync({ "notes.txt": new TextEncoder().encode("hello"), raw: npy, "a.npy": npy });
    const read = readNpz(archive);
    assert.deepEqual([...read.keys()].sort(), ["a", "raw"]);
    assert.deepEqual(Array.from(read.get("raw")!.data as Int32Array), [4, 5]);
  });

  test("encodeNpz rejects empty and duplicate keys", () => {
    const a = npyFromTypedArray(new Int8Array(1));
    throwsArgument(() => encodeNpz({ "": a }), /bad npz key ""/);
    throwsArgument(() => encodeNpz(new Map([["dir/", a]])), /bad npz key "dir\/"/);
  });
});

describe("encodeNpy and builders reject inconsistent arrays with InvalidArgumentError", () => {
  test("data typed array does not match dtype", () => {
    const npy = {
      ...npyFromTypedArray(new Float64Array(3)),
      data: new Float32Array(3),
    } as unknown as NpyArray;
    throwsArgument(() => encodeNpy(npy), /data is a Float32Array, dtype float64/);
  });

  test("data length does not match shape", () => {
    const npy = { ...npyFromTypedArray(new Int16Array(4)), shape: [5] } as NpyArray;
    throwsArgument(() => encodeNpy(npy), /data has 4 elements, expected 5/);
    throwsArgument(
      () => npyFromTypedArray(new Int16Array(4), { shape: [3] }),
      /shape \[3\] does not hold the 4 elements/,
    );
    throwsArgument(() => npyFromTypedArray(new Int16Array(4), { shape: [2, -2] }), /shape \[2,-2\]/);
  });

  test("descr that contradicts dtype", () => {
    const npy = { ...npyFromTypedArray(new Int16Array(1)), descr: "<i4" } as NpyArray;
    throwsArgument(() => encodeNpy(npy), /descr "<i4".*does not match dtype int16/);
    throwsArgument(
      () => npyFromTypedArray(new Int16Array(1) as unknown as Float32Array, { dtype: "float32" }),
      /Int16Array cannot be stored as dtype "float32"/,
    );
  });

  test("strings wider than their field or outside Latin-1 for |S", () => {
    throwsArgument(
      () => encodeNpy(npyFromStrings(["abc"], { width: 2 })),
      /string "abc" is longer than 2 characters/,
    );
    throwsArgument(
      () => encodeNpy(npyFromStrings(["€"], { encoding: "bytes" })),
      /string "€" has a character beyond Latin-1/,
    );
    throwsArgument(() => npyFromStrings(["a", 3 as unknown as string]), /3 is not a string/);
  });

  test("structured columns: missing, wrong length, wrong type, mismatched descr", () => {
    const npy = npyFromColumns({ a: new Int32Array(2), b: ["x", "y"] });
    throwsArgument(() => encodeNpy({ ...npy, data: { a: new Int32Array(2) } }), /column "b" is missing/);
    throwsArgument(
      () => encodeNpy({ ...npy, data: { a: new Int32Array(3), b: ["x", "y"] } }),
      /column "a" has 3 elements, expected 2/,
    );
    throwsArgument(() => encodeNpy({ ...npy, descr: "[('a', '<i8')]" }), /descr does not match the fields/);
    throwsArgument(
      () => npyFromColumns({ a: new Int32Array(2), b: ["x"] }),
      /column "b" has 1 elements, which is not 2 × 1/,
    );
    throwsArgument(() => npyFromColumns({}), /at least one column/);
    throwsArgument(
      () => npyFromColumns({ a: { data: new Int32Array(2), descr: "<f8" } }),
      /column "a": a Int32Array cannot be stored as "<f8"/,
    );
    throwsArgument(
      () => npyFromColumns({ a: { data: ["x"], descr: "<i4" } }),
      /column "a": strings cannot be stored as "<i4"/,
    );
  });

  test("column accessors name the missing field and the file", () => {
    const npy = npyFromColumns({ time: new Float64Array(1), label: ["x"] });
    throwsFormat(
      () => numericColumn(npy, "duration", "ev.npz"),
      /^ev\.npz: no field "duration" \(fields: time, label\)/,
    );
    throwsFormat(
      () => numericColumn(npy, "label", "ev.npz"),
      /field "label" has dtype <U1, expected a number/,
    );
    throwsFormat(() => stringColumn(npy, "time", "ev.npz"), /field "time" has dtype <f8, expected text/);
    throwsFormat(
      () => stringColumn(npyFromStrings(["a"]), "time", "p.npy"),
      /expected a structured array with field "time", got <U1/,
    );
  });
});
