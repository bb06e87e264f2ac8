/**
 * A JSON writer that produces the same text as Python's `json.dump(obj, f, indent=4)`, which is
 * how probeinterface writes its files. Two details matter for interoperability:
 * - numpy float arrays are written as Python floats (`0.0`, `1e-05`), while JS would write `0` and
 *   `0.00001`. Python reading `0` back gets an int64 array, on which in-place float maths fails,
 *   so float-valued arrays must keep their `.0`. Values wrapped in `PyFloats` are written that way.
 * - `ensure_ascii=True`: every character outside printable ASCII is escaped as `\uXXXX`.
 */

import { pythonFloatRepr, pythonStringRepr } from "../io/python-repr.js";

// Re-exported: both were first written here, and tests and users import them from this module.
export { pythonFloatRepr, pythonStringRepr };

/** Marks a value whose numbers are floats in Python (written with a decimal point or exponent). */
export class PyFloats {
  constructor(readonly value: unknown) {}
}

function pythonIntRepr(x: number): string {
  if (!Number.isFinite(x)) return pythonFloatRepr(x);
  return Math.abs(x) >= 1e21 ? BigInt(x).toString() : String(x);
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
