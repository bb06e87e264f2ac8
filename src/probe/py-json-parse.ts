/**
 * A JSON reader for files written by Python that also reports which arrays held float literals
 * (`1000.0`, `1e-05`, `NaN`). `JSON.parse` turns `1000.0` into the integer 1000, losing the numpy
 * dtype that decides how a value is written back and typed in a contact table; the probe reader
 * uses the marks to keep float contact annotations float. Accepts Python's NaN/Infinity tokens.
 */
import { FileFormatError } from "../errors.js";

export interface ParsedWithFloats {
  readonly value: unknown;
  /** Arrays (by identity) that directly contain at least one float literal. */
  readonly floatArrays: WeakSet<unknown[]>;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

export function parseJsonWithFloatMarks(text: string, path = "<json>"): ParsedWithFloats {
  const floatArrays = new WeakSet<unknown[]>();
  let pos = 0;

  const fail = (what: string): never => {
    const line = text.slice(0, pos).split("\n").length;
    throw new FileFormatError(path, `not valid JSON (${what} at line ${line}, offset ${pos})`);
  };
  const skip = (): void => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.test(text);
    pos = WHITESPACE.lastIndex;
  };
  const expect = (c: string): void => {
    skip();
    if (text[pos] !== c) fail(`expected ${JSON.stringify(c)}`);
    pos++;
  };

  // returns [value, isFloatLiteral]
  const parseValue = (): [unknown, boolean] => {
    skip();
    const c = text[pos];
    if (c === "{") return [parseObject(), false];
    if (c === "[") return [parseArray(), false];
    if (c === '"') return [parseString(), false];
    for (const [word, value, isFloat] of WORDS) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return [value, isFloat];
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m === null) return fail(c === undefined ? "unexpected end" : `unexpected ${JSON.stringify(c)}`);
    pos += m[0].length;
    return [Number(m[0]), /[.eE]/.test(m[0])];
  };

  const parseString = (): string => {
    const start = pos;
    pos++;
    for (;;) {
      const c = text[pos];
      if (c === undefined) fail("unterminated string");
      if (c === "\\") pos += 2;
      else if (c === '"') break;
      else pos++;
    }
    pos++;
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      return fail("bad string");
    }
  };

  const parseArray = (): unknown[] => {
    pos++;
    const out: unknown[] = [];
    skip();
    if (text[pos] === "]") {
      pos++;
      return out;
    }
    for (;;) {
      const [v, isFloat] = parseValue();
      out.push(v);
      if (isFloat) floatArrays.add(out);
      skip();
      if (text[pos] === ",") pos++;
      else if (text[pos] === "]") {
        pos++;
        return out;
      } else fail('expected "," or "]"');
    }
  };

  const parseObject = (): Record<string, unknown> => {
    pos++;
    const out: Record<string, unknown> = {};
    skip();
    if (text[pos] === "}") {
      pos++;
      return out;
    }
    for (;;) {
      skip();
      if (text[pos] !== '"') fail("expected a key");
      const key = parseString();
      expect(":");
      const [v] = parseValue();
      // an own "__proto__" key, as JSON.parse makes it, not a prototype change
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      skip();
      if (text[pos] === ",") pos++;
      else if (text[pos] === "}") {
        pos++;
        return out;
      } else fail('expected "," or "}"');
    }
  };

  const [value] = parseValue();
  skip();
  if (pos !== text.length) fail("trailing characters");
  return { value, floatArrays };
}

const WORDS: [string, unknown, boolean][] = [
  ["true", true, false],
  ["false", false, false],
  ["null", null, false],
  ["NaN", Number.NaN, true],
  ["Infinity", Number.POSITIVE_INFINITY, true],
  ["-Infinity", Number.NEGATIVE_INFINITY, true],
];
