/**
 * SpikeInterface ≤ 0.104 kept the probe as recording properties and annotations (spec
 * probeinterface.md §8): `contact_vector` (the group's complete contact table, connected contacts
 * ordered by device index, device indices rewritten 0..n-1), `location`, `probes_info` and
 * `probe_{i}_planar_contour`. These functions write that form and rebuild a probe group from it.
 */
import { InvalidArgumentError } from "../errors.js";
import { createDummyProbeFromLocations } from "./attach-views.js";
import { type ContactTable, type ContactTableInput, getColumn } from "./contact-table.js";
import { selectValues } from "./contact-values.js";
import { toRows } from "./geometry.js";
import { ProbeGroup } from "./probegroup.js";
import type { JsonValue, PositionsInput } from "./types.js";

/** The legacy `contact_vector` property of a wired probe group. */
export function contactVectorFromProbeGroup(probegroup: ProbeGroup): ContactTable {
  const table = probegroup.toTable({ complete: true });
  const dci = getColumn(table, "device_channel_indices")!.values as Float64Array;
  const rows = Array.from(dci.keys())
    .filter((i) => dci[i] >= 0)
    .sort((a, b) => dci[a] - dci[b]);
  const columns = table.columns.map((c) =>
    c.name === "device_channel_indices"
      ? { ...c, values: Float64Array.from(rows, (_, i) => i) }
      : { ...c, values: selectValues(c.values, rows) },
  );
  return { numContacts: rows.length, columns };
}

/** The legacy annotations: `probes_info` and one `probe_{i}_planar_contour` per probe with a contour. */
export function legacyProbeAnnotations(probegroup: ProbeGroup): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  probegroup.probes.forEach((p, i) => {
    const contour = p.probePlanarContour;
    if (contour !== null) out[`probe_${i}_planar_contour`] = toRows(contour, p.ndim);
  });
  out.probes_info = probegroup.probes.map((p) => structuredClone(p.annotations));
  return out;
}

export interface LegacyProbeGroup {
  readonly probegroup: ProbeGroup;
  /** Annotation keys used up (SpikeInterface deletes them from the recording after loading). */
  readonly consumedAnnotations: string[];
}

/**
 * Rebuild the probe group of a ≤ 0.104 object from its `contact_vector` property, then copy
 * `probes_info[i]` into probe i's annotations and `probe_{i}_planar_contour` into its contour.
 */
export function probeGroupFromLegacyContactVector(
  contactVector: ContactTableInput | ContactTable,
  annotations: Readonly<Record<string, unknown>> = {},
): LegacyProbeGroup {
  if (!contactVector.columns.some((c) => c.name === "probe_index")) {
    throw new InvalidArgumentError('a legacy contact_vector needs a "probe_index" field');
  }
  return applyLegacyProbeAnnotations(ProbeGroup.fromTable(contactVector), annotations);
}

/** Objects saved to JSON by ≤ 0.104 kept only `location`: a dummy probe (circles of radius 1). */
export function probeGroupFromLegacyLocations(
  locations: PositionsInput,
  annotations: Readonly<Record<string, unknown>> = {},
  options: { ndim?: 2 | 3 } = {},
): LegacyProbeGroup {
  const probe = createDummyProbeFromLocations(locations, { ndim: options.ndim });
  return applyLegacyProbeAnnotations(new ProbeGroup([probe]), annotations);
}

/**
 * Copy `probes_info[i]` into probe i's annotations and `probe_{i}_planar_contour` into its contour
 * (also for ≤ 0.104 folders whose probe is in `probe.json`).
 */
export function applyLegacyProbeAnnotations(
  probegroup: ProbeGroup,
  annotations: Readonly<Record<string, unknown>>,
): LegacyProbeGroup {
  const consumed: string[] = [];
  const info = annotations.probes_info;
  if (info !== undefined) {
    if (!Array.isArray(info)) {
      throw new InvalidArgumentError(
        `annotation probes_info must be a list of dicts, got ${JSON.stringify(info)}`,
      );
    }
    consumed.push("probes_info");
  }
  probegroup.probes.forEach((probe, i) => {
    const entry = Array.isArray(info) ? info[i] : undefined;
    if (entry !== undefined && entry !== null) {
      if (typeof entry !== "object" || Array.isArray(entry)) {
        throw new InvalidArgumentError(`probes_info[${i}] must be a dict, got ${JSON.stringify(entry)}`);
      }
      probe.annotate(structuredClone(entry) as Record<string, JsonValue>);
    }
    const key = `probe_${i}_planar_contour`;
    if (key in annotations) {
      const contour = annotations[key];
      if (contour !== null && contour !== undefined) probe.setPlanarContour(contour as PositionsInput);
      consumed.push(key);
    }
  });
  return { probegroup, consumedAnnotations: consumed };
}
