/**
 * JS has one number type, but Python readers of our JSON care whether a value is `30000` or
 * `30000.0` (a gain list of ints would become an int64 property there). These helpers mark the
 * values SpikeInterface writes as floats — known float kwargs, float-dtype properties, probe
 * geometry (recognised by key name, at any depth) — so that ./si-json.ts writes them with a
 * decimal point, as Python does.
 */
import type { BaseExtractor } from "../../base/extractor.js";
import { type Property, propertyToJson } from "../../base/properties.js";
import { isFloatDType } from "../../dtype.js";
import type { ProbeGroup } from "../../probe/probegroup.js";
import { pyFloat } from "../zarr/json.js";

/** kwargs / annotation / probe keys whose numbers are floats in SpikeInterface and probeinterface. */
const FLOAT_KEYS = new Set([
  "sampling_frequency",
  "t_start",
  "t_starts",
  "gain_to_uV",
  "offset_to_uV",
  "gain_to_physical_unit",
  "offset_to_physical_unit",
  "sampling_frequency_max_diff",
  "ms_before",
  "ms_after",
  "durations",
  "contact_positions",
  "contact_plane_axes",
  "probe_planar_contour",
]);

/** Every number in `value` (nested lists included) marked as a float. */
export function floats(value: unknown): unknown {
  if (typeof value === "number") return pyFloat(value);
  if (Array.isArray(value)) return value.map(floats);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>, (v) => pyFloat(Number(v)));
  return value;
}

/** A property as JSON, floats marked when its dtype is float. */
export function propertyJsonValue(p: Property): unknown {
  const json = propertyToJson(p);
  return p.dtype !== "str" && p.dtype !== "object" && p.dtype !== "bool" && isFloatDType(p.dtype)
    ? floats(json)
    : json;
}

/**
 * A dict ready for si-json: float kwargs and probe geometry marked at every level, and — for the
 * top level when `extractor` is given — properties marked by their real dtypes.
 */
export function markDictFloats(dict: object, extractor?: BaseExtractor): Record<string, unknown> {
  const walk = (value: unknown, key: string): unknown => {
    if (FLOAT_KEYS.has(key)) return floats(value);
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };
  const out = walk(dict, "") as Record<string, unknown>;
  if (extractor !== undefined && out.properties !== null && typeof out.properties === "object") {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(out.properties as Record<string, unknown>)) {
      const p = extractor.getPropertyInfo(k);
      props[k] = v === null || p === null ? v : propertyJsonValue(p);
    }
    out.properties = props;
  }
  return out;
}

/** `ProbeGroup.to_dict()` with probeinterface's float marks (positions "0.0", not "0"). */
export function probegroupJsonValue(probegroup: ProbeGroup): Record<string, unknown> {
  return markDictFloats(probegroup.toDict());
}
