/**
 * A JSON writer that produces the same text as Python's `json.dump(obj, f, indent=4)`, which is
 * how probeinterface writes its files. Two details matter for interoperability:
 * - numpy float arrays are written as Python floats (`0.0`, `1e-05`), while JS would write `0` and
 *   `0.00001`. Python reading `0` back gets an int64 array, on which in-place float maths fails,
 *   so float-valued arrays must keep their `.0`. Values wrapped in `PyFloats` are written that way.
 * - `ensure_ascii=True`: every character outside printable ASCII is escaped as `\uXXXX`.
 */

/** Marks a value whose numbers are floats in Python (written with a decimal point or exponent). */
export class PyFloats {
  constructor(readonly value: unknown) {}
}

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest digits that round-trip, like repr.
  const [mantissa, expText] = Math.abs(x).toExponential().split("e");
  const exponent = Number(expText);
  const digits = mantissa.replace(".", "");
  if (exponent < -4 || exponent >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = `${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
    return `${sign}${m}e${e}`;
  }
  if (exponent >= 0) {
    const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    const frac = digits.slice(exponent + 1);
    return `${sign}${intPart}.${frac === "" ? "0" : frac}`;
  }
  return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
}

function pythonIntRepr(x: number): string {
  if (!Number.isFinite(x)) return pythonFloatRepr(x);
  return Math.abs(x) >= 1e21 ? BigInt(x).toString() : String(x);
}

/** A JSON string literal with Python's ensure_ascii escaping (lower-case hex, DEL escaped too). */
export function pythonStringRepr(s: string): string {
  return JSON.stringify(s).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function formatNumber(x: number, asFloat: boolean): string {
  if (asFloat || !Number.isInteger(x)) return pythonFloatRepr(x);
  return pythonIntRepr(x);
}

function write(value: unknown, indent: string, step: string, asFloat: boolean, out: string[]): void {
  if (value instanceof PyFloats) {
    write(value.value, indent, step, true, out);
    return;
  }
  if (value === null || value === undefined) {
    out.push("null");
  } else if (typeof value === "boolean") {
    out.push(value ? "true" : "false");
  } else if (typeof value === "number") {
    out.push(formatNumber(value, asFloat));
  } else if (typeof value === "bigint") {
    out.push(value.toString());
  } else if (typeof value === "string") {
    out.push(pythonStringRepr(value));
  } else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.isArray(value) ? value : Array.from(value as unknown as ArrayLike<unknown>);
    const isFloatArray = value instanceof Float64Array || value instanceof Float32Array;
    if (items.length === 0) {
      out.push("[]");
      return;
    }
    const inner = indent + step;
    out.push("[");
    items.forEach((item, i) => {
      out.push(i === 0 ? "\n" : ",\n", inner);
      write(item, inner, step, asFloat || isFloatArray, out);
    });
    out.push("\n", indent, "]");
  } else if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) {
      out.push("{}");
      return;
    }
    const inner = indent + step;
    out.push("{");
    entries.forEach(([k, v], i) => {
      out.push(i === 0 ? "\n" : ",\n", inner, pythonStringRepr(k), ": ");
      write(v, inner, step, asFloat, out);
    });
    out.push("\n", indent, "}");
  } else {
    out.push(pythonStringRepr(String(value)));
  }
}

/** `json.dumps(value, indent=indent)` as Python writes it (no trailing newline). */
export function toPythonJsonText(value: unknown, indent = 4): string {
  const out: string[] = [];
  write(value, "", " ".repeat(indent), false, out);
  return out.join("");
}
