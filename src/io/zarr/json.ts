/**
 * The JSON text zarr-python 2.x writes for `.zarray`, `.zattrs`, `.zgroup` and `.zmetadata`:
 * `json.dumps(obj, indent=4, sort_keys=True, ensure_ascii=True, separators=(",", ": "))`.
 *
 * JS has one number type, so a float that happens to be integral (a fill value 0.0, a sampling
 * frequency 30000.0) would come out as "0" instead of Python's "0.0". Wrap such values in
 * `pyFloat(x)` to get Python's float repr; plain integral numbers are written as ints. Non-finite
 * numbers are written as Python writes them (NaN, Infinity, -Infinity); parsing accepts them too.
 */
import { FileFormatError, InvalidArgumentError } from "../../errors.js";
import { pythonFloatRepr, pythonStringRepr } from "../python-repr.js";

// Re-exported: the zarr index, the analyzer and the SpikeInterface JSON writer import it from here.
export { pythonFloatRepr };

const PY_FLOAT = Symbol.for("spikeinterface.zarr.pyFloat");

/** A number that must be written as a Python float ("30000.0", "1e-05"). */
export interface PyFloat {
  readonly [PY_FLOAT]: true;
  readonly value: number;
  toJSON(): number;
}

export function pyFloat(value: number): PyFloat {
  return { [PY_FLOAT]: true, value, toJSON: () => value };
}

export function isPyFloat(v: unknown): v is PyFloat {
  return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[PY_FLOAT] === true;
}

function pyNumber(x: number): string {
  if (!Number.isFinite(x)) return pythonFloatRepr(x);
  return Number.isInteger(x) && !Object.is(x, -0) ? String(x) : pythonFloatRepr(x);
}

/** indent === null: Python's compact form with separators (",", ":"). */
function dump(value: unknown, indent: string | null, level: number, where: string): string {
  if (value === null) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return pythonStringRepr(value);
  if (isPyFloat(value)) return pythonFloatRepr(value.value);
  const open = indent === null ? "" : `\n${indent.repeat(level + 1)}`;
  const close = indent === null ? "" : `\n${indent.repeat(level)}`;
  const sep = indent === null ? "," : `,${open}`;
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const items = Array.from(value as ArrayLike<unknown>);
    if (items.length === 0) return "[]";
    const parts = items.map((v, i) => dump(v, indent, level + 1, `${where}[${i}]`));
    return `[${open}${parts.join(sep)}${close}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const colon = indent === null ? ":" : ": ";
    const parts = entries.map(
      ([k, v]) => `${pythonStringRepr(k)}${colon}${dump(v, indent, level + 1, `${where}.${k}`)}`,
    );
    return `{${open}${parts.join(sep)}${close}}`;
  }
  throw new InvalidArgumentError(`cannot write ${typeof value} at ${where} as zarr JSON`);
}

/** Serialise as zarr-python does (indent 4, sorted keys, ASCII only). */
export function zarrJsonDumps(value: unknown): string {
  return dump(value, "    ", 0, "$");
}

/** `json.dumps(obj, sort_keys=True, ensure_ascii=True, separators=(",", ":"))` (numcodecs JSON). */
export function compactPythonJsonDumps(value: unknown): string {
  return dump(value, null, 0, "$");
}

export function zarrJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(zarrJsonDumps(value));
}

/** Parse zarr JSON bytes (Python may write bare NaN / Infinity). */
export function parseZarrJson(bytes: Uint8Array, path: string): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (err) {
    throw new FileFormatError(path, "metadata is not valid UTF-8", { cause: err });
  }
  return parsePythonJsonText(text, path);
}

/**
 * Parse JSON text keeping Python's float/int distinction: numbers written with a fraction or an
 * exponent (and NaN/Infinity) come back as `PyFloat`, so re-serialising (consolidation) writes
 * "1.0" where Python wrote "1.0". Strings, objects, arrays, true/false/null as JSON.parse.
 */
export function parseJsonKeepFloats(text: string, path: string): unknown {
  return parseJson(text, path, pyFloat);
}

/** Python-flavoured JSON (bare NaN/Infinity allowed) to plain JS values; strings are never touched. */
export function parsePythonJsonText(text: string, path: string): unknown {
  return parseJson(text, path, (x) => x);
}

function parseJson(text: string, path: string, float: (x: number) => unknown): unknown {
  let i = 0;
  const fail = (msg: string): never => {
    throw new FileFormatError(path, `not valid JSON at offset ${i}: ${msg}`);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a key");
        const k = str();
        ws();
        if (text[i++] !== ":") fail('expected ":"');
        // An own "__proto__" key, as JSON.parse makes it (assignment would set the prototype).
        Object.defineProperty(obj, k, {
          value: value(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        const d = text[i++];
        if (d === "}") return obj;
        if (d !== ",") fail('expected "," or "}"');
      }
    }
    if (c === "[") {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        const d = text[i++];
        if (d === "]") return arr;
        if (d !== ",") fail('expected "," or "]"');
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
      ["NaN", float(Number.NaN)],
      ["Infinity", float(Number.POSITIVE_INFINITY)],
      ["-Infinity", float(Number.NEGATIVE_INFINITY)],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!m) return fail(`unexpected ${JSON.stringify(text.slice(i, i + 10))}`);
    i += m[0].length;
    const n = Number(m[0]);
    return m[1] !== undefined || m[2] !== undefined ? float(n) : n;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail("unterminated string");
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail(`bad string ${text.slice(start, Math.min(i, start + 40))}`);
    }
  };
  const v = value();
  ws();
  if (i !== text.length) fail("trailing characters");
  return v;
}

/** Parse and check that the result is a JSON object. */
export function parseZarrJsonObject(bytes: Uint8Array, path: string): Record<string, unknown> {
  const v = parseZarrJson(bytes, path);
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new FileFormatError(path, "metadata must be a JSON object");
  }
  return v as Record<string, unknown>;
}
