/**
 * Extension params and run info with Python's float spelling for the values that are floats in
 * SpikeInterface (ms_before, ms_after, non-integral percentiles, runtime_s), so a file we write
 * reads back in Python exactly as one Python wrote.
 */
import { pyFloat } from "../../io/zarr/json.js";
import { PyFloats } from "../../probe/py-json.js";

const FLOAT_KEYS = new Set(["ms_before", "ms_after", "runtime_s"]);

/** Marks a float for the JSON writer in use (PyFloats for .json files, pyFloat for zarr attributes). */
export type FloatMark = (value: number) => unknown;
export const jsonFloat: FloatMark = (v) => new PyFloats(v);
export const zarrFloat: FloatMark = (v) => pyFloat(v);

export function paramsForPython(
  params: Record<string, unknown>,
  mark: FloatMark = jsonFloat,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (FLOAT_KEYS.has(k) && typeof v === "number") out[k] = mark(v);
    else if (k === "operators" && Array.isArray(v)) {
      // An integral percentile stays an int, as its data key "percentile_90" (see percentileKey).
      out[k] = v.map((op) =>
        Array.isArray(op) && typeof op[1] === "number" && !Number.isInteger(op[1])
          ? [op[0], mark(op[1])]
          : op,
      );
    } else out[k] = v;
  }
  return out;
}

/** `json.dumps(value)` with Python's default separators (", " and ": "), no indent. */
export function pythonCompactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonCompactJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonCompactJson(v)}`).join(", ")}}`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }
  return JSON.stringify(value) ?? "null";
}
