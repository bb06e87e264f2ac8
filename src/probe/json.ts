/**
 * The probeinterface JSON format (`write_probeinterface` / `read_probeinterface`), pure: text in,
 * objects out and back. The text written is byte-identical to probeinterface's for the same
 * probes (indent 4, same key order, floats as Python writes them).
 */
import { FileFormatError, SpikeInterfaceError } from "../errors.js";
import { isFloatDType } from "./contact-values.js";
import { Probe } from "./probe.js";
import { ProbeGroup } from "./probegroup.js";
import { PyFloats, toPythonJsonText } from "./py-json.js";
import { parseJsonWithFloatMarks } from "./py-json-parse.js";
import { type JsonValue, PROBEINTERFACE_VERSION, type ProbeDict } from "./types.js";

/** Keys whose arrays are float64 in probeinterface (written with a decimal point). */
const FLOAT_KEYS = new Set(["contact_positions", "contact_plane_axes", "probe_planar_contour"]);

function probeForJson(probe: Probe): Record<string, unknown> {
  const d = probe.toDict() as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) {
    if (FLOAT_KEYS.has(k)) {
      out[k] = new PyFloats(v);
    } else if (k === "contact_annotations") {
      const ann: Record<string, unknown> = {};
      for (const [name, values] of Object.entries(v as Record<string, JsonValue[]>)) {
        ann[name] = isFloatDType(probe.contactAnnotations[name].dtype) ? new PyFloats(values) : values;
      }
      out[k] = ann;
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** The text of a probeinterface JSON file holding this probe or probe group. */
export function probeGroupToJson(probeOrGroup: Probe | ProbeGroup): string {
  const probes = probeOrGroup instanceof Probe ? [probeOrGroup] : probeOrGroup.probes;
  return toPythonJsonText({
    specification: "probeinterface",
    version: PROBEINTERFACE_VERSION,
    probes: probes.map(probeForJson),
  });
}

export interface ParseProbeinterfaceOptions {
  /** Named in error messages (default "<probeinterface json>"). */
  path?: string;
}

/** Read a probeinterface JSON document (text or already-parsed object) into a ProbeGroup. */
export function parseProbeinterfaceJson(
  input: string | unknown,
  options: ParseProbeinterfaceOptions = {},
): ProbeGroup {
  const path = options.path ?? "<probeinterface json>";
  const parsed = typeof input === "string" ? parseJsonWithFloatMarks(input, path) : null;
  const doc = parsed === null ? input : parsed.value;
  if (!isObject(doc)) throw new FileFormatError(path, "a probeinterface file must hold a JSON object");
  if ("specification" in doc && doc.specification !== "probeinterface") {
    throw new FileFormatError(
      path,
      `"specification" is ${JSON.stringify(doc.specification)}, expected "probeinterface"`,
    );
  }
  if (!Array.isArray(doc.probes)) {
    throw new FileFormatError(path, 'a probeinterface file needs a "probes" list');
  }
  const group = new ProbeGroup();
  doc.probes.forEach((raw: unknown, i: number) => {
    const where = `probes[${i}]`;
    const d = checkProbeDict(raw, path, where);
    try {
      const probe = Probe.fromDict(d);
      // `1000.0` parses as 1000: the float marks restore numpy's float64 dtype
      for (const [name, values] of Object.entries(d.contact_annotations)) {
        if (parsed?.floatArrays.has(values) && probe.contactAnnotations[name].dtype === "int64") {
          probe.contactAnnotations[name] = {
            dtype: "float64",
            values: Float64Array.from(values as number[]),
          };
        }
      }
      group.addProbe(probe);
    } catch (err) {
      if (err instanceof SpikeInterfaceError && !(err instanceof FileFormatError)) {
        throw new FileFormatError(path, `${where}: ${err.message}`, { cause: err });
      }
      throw err;
    }
  });
  return group;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isNumberRows(v: unknown, depth: number): boolean {
  if (depth === 0) return typeof v === "number";
  return Array.isArray(v) && v.every((x) => isNumberRows(x, depth - 1));
}

/** Check the JSON types of a probe entry so that bad files fail with the key named. */
function checkProbeDict(raw: unknown, path: string, where: string): ProbeDict {
  if (!isObject(raw)) throw new FileFormatError(path, `${where} must be an object`);
  const fail = (key: string, what: string): never => {
    throw new FileFormatError(
      path,
      `${where}.${key} ${key in raw ? `must be ${what}` : `is missing (${what} expected)`}`,
    );
  };
  if (raw.ndim !== 2 && raw.ndim !== 3) fail("ndim", "2 or 3");
  if (typeof raw.si_units !== "string") fail("si_units", "a string");
  if (!isNumberRows(raw.contact_positions, 2)) fail("contact_positions", "a list of coordinate lists");
  if (!isNumberRows(raw.contact_plane_axes, 3)) fail("contact_plane_axes", "a list of pairs of axis vectors");
  const strings = (key: string, required: boolean): void => {
    const v = raw[key];
    if (v === undefined && !required) return;
    if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) fail(key, "a list of strings");
  };
  strings("contact_shapes", true);
  if (
    !Array.isArray(raw.contact_shape_params) ||
    !raw.contact_shape_params.every(
      (p) => isObject(p) && Object.values(p).every((x) => typeof x === "number"),
    )
  ) {
    fail("contact_shape_params", "a list of objects of numbers");
  }
  for (const key of ["contact_ids", "shank_ids", "contact_sides"]) strings(key, false);
  if (raw.probe_planar_contour != null && !isNumberRows(raw.probe_planar_contour, 2)) {
    fail("probe_planar_contour", "a list of coordinate lists");
  }
  if (raw.device_channel_indices != null && !isNumberRows(raw.device_channel_indices, 1)) {
    fail("device_channel_indices", "a list of integers");
  }
  if (raw.annotations !== undefined && !isObject(raw.annotations)) fail("annotations", "an object");
  if (
    raw.contact_annotations !== undefined &&
    !(isObject(raw.contact_annotations) && Object.values(raw.contact_annotations).every(Array.isArray))
  ) {
    fail("contact_annotations", "an object of lists");
  }
  return {
    ...(raw as ProbeDict),
    annotations: (raw.annotations ?? {}) as ProbeDict["annotations"],
    contact_annotations: (raw.contact_annotations ?? {}) as ProbeDict["contact_annotations"],
  };
}
