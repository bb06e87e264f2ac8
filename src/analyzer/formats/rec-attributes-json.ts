/**
 * recording_attributes JSON with Python's float/int spelling: the sampling frequency and float
 * properties are written as floats ("30000.0", "0.0"), so Python reads them back as float arrays.
 */
import { type RecAttributes, recAttributesToJson } from "../rec-attributes.js";
import { type FloatMark, jsonFloat } from "./py-params.js";

export function recAttributesForPython(
  attrs: RecAttributes,
  mark: FloatMark = jsonFloat,
): Record<string, unknown> {
  const json = recAttributesToJson(attrs) as unknown as Record<string, unknown>;
  const properties: Record<string, unknown> = {};
  const markAll = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(markAll) : typeof v === "number" ? mark(v) : v;
  for (const [key, values] of Object.entries(json.properties as Record<string, unknown[]>)) {
    const dtype = attrs.properties.get(key)?.dtype;
    properties[key] = dtype === "float32" || dtype === "float64" ? markAll(values) : values;
  }
  return { ...json, sampling_frequency: mark(attrs.samplingFrequency), properties };
}
