/**
 * Probe groups of derived recordings: channel slices (spec api.md §3.5), channel aggregation
 * (§3.8) and the dummy probe built from channel locations. In each result contact i is channel i.
 */
import { InvalidArgumentError } from "../errors.js";
import { selectAxes, toMatrix } from "./geometry.js";
import { Probe } from "./probe.js";
import { ProbeGroup } from "./probegroup.js";
import type { ContactShape, PositionsInput, ShapeParams } from "./types.js";

/**
 * The probe group of a channel slice: the attached group (contact i = parent channel i) restricted
 * to `channelIndices` in that order, device indices reset to 0..k-1.
 *
 * Deliberate difference from SpikeInterface: `ProbeGroup.get_slice` cannot reorder probes, so
 * Python silently gives new channel i the location of the wrong contact when a multi-probe slice
 * lists a later probe's channels first. Here probes are taken in the order the slice first uses
 * them, so locations stay right; a slice that interleaves probes (probe A, B, then A again) cannot
 * be represented with contact i = channel i and is refused.
 */
export function sliceProbeGroupForChannels(
  probegroup: ProbeGroup,
  channelIndices: ArrayLike<number>,
): ProbeGroup {
  const total = probegroup.getContactCount();
  const { probeIndex } = probegroup.getGlobalDeviceChannelIndices();
  const starts: number[] = [];
  let at = 0;
  for (const p of probegroup.probes) {
    starts.push(at);
    at += p.getContactCount();
  }
  const runs: { probe: number; local: number[] }[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < channelIndices.length; k++) {
    const c = Number(channelIndices[k]);
    if (!Number.isInteger(c) || c < 0 || c >= total) {
      throw new InvalidArgumentError(
        `channel index ${c} is out of range for ${total} channels with contacts`,
        {
          index: c,
        },
      );
    }
    if (seen.has(c)) throw new InvalidArgumentError(`channel index ${c} is selected twice`, { index: c });
    seen.add(c);
    const p = probeIndex[c];
    const last = runs[runs.length - 1];
    if (last !== undefined && last.probe === p) {
      last.local.push(c - starts[p]);
    } else if (runs.some((r) => r.probe === p)) {
      throw new InvalidArgumentError(
        `channel index ${c} (position ${k} of the slice) returns to probe ${p} after channels of another probe: ` +
          "a channel slice must keep each probe's channels together",
        { index: c, probe: p },
      );
    } else {
      runs.push({ probe: p, local: [c - starts[p]] });
    }
  }
  const sliced = new ProbeGroup(runs.map((r) => probegroup.probes[r.probe].getSlice(r.local)));
  sliced.setGlobalDeviceChannelIndices(Int32Array.from({ length: channelIndices.length }, (_, i) => i));
  return sliced;
}

/** Channel aggregation: copies of every probe of every group, device indices 0..N-1 in order. */
export function aggregateProbeGroups(groups: readonly ProbeGroup[]): ProbeGroup {
  const aggregated = new ProbeGroup();
  for (const g of groups) for (const p of g.probes) aggregated.addProbe(p.copy());
  const n = aggregated.getContactCount();
  aggregated.setGlobalDeviceChannelIndices(Int32Array.from({ length: n }, (_, i) => i));
  return aggregated;
}

export interface DummyProbeOptions {
  /** Columns per location when `locations` is flat (default 2). */
  ndim?: 2 | 3;
  shape?: ContactShape;
  shapeParams?: ShapeParams;
  /** For 3-D locations: the plane of the contacts. */
  axes?: string;
}

/** `create_dummy_probe_from_locations`: a probe at the channel locations, wired 0..n-1. */
export function createDummyProbeFromLocations(
  locations: PositionsInput,
  options: DummyProbeOptions = {},
): Probe {
  const { shape = "circle", shapeParams = { radius: 1 }, axes = "xy" } = options;
  const ndim =
    options.ndim ??
    (locations instanceof Float64Array ? 2 : ((locations[0]?.length as 2 | 3 | undefined) ?? 2));
  if (ndim !== 2 && ndim !== 3) {
    throw new InvalidArgumentError(`channel locations must have 2 or 3 columns, got ${ndim}`);
  }
  const matrix = toMatrix(locations, ndim, "channel locations");
  const n = matrix.length / ndim;
  const probe = new Probe({ ndim: 2 });
  probe.setContacts({
    positions: ndim === 3 ? selectAxes(matrix, 3, axes) : matrix,
    shapes: shape,
    shapeParams,
  });
  probe.setDeviceChannelIndices(Int32Array.from({ length: n }, (_, i) => i));
  return ndim === 3 ? probe.to3d(axes) : probe;
}
