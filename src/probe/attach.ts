/**
 * The pure logic SpikeInterface (HEAD, 0.105) uses to attach a probe group to a recording or
 * snippets object (spec probeinterface.md §7): keep connected contacts, order them by device
 * channel, check them against the channel count, and derive the `group` property and locations.
 * The recording classes call these functions and store the result; contact i is channel i.
 */
import { InvalidArgumentError } from "../errors.js";
import { compareCodePoints, selectAxes } from "./geometry.js";
import type { Probe } from "./probe.js";
import { ProbeGroup } from "./probegroup.js";

export const GROUP_MODES = ["auto", "by_probe", "by_shank", "by_side"] as const;
export type GroupMode = (typeof GROUP_MODES)[number];

export interface ConnectedContacts {
  /** Connected contacts only, sliced and ordered as SpikeInterface does (device indices kept). */
  readonly probegroup: ProbeGroup;
  /** For each contact of `probegroup`, its global index in the input group. */
  readonly order: Int32Array;
  /** For each contact of `probegroup`, its device channel index. */
  readonly deviceChannelIndices: Int32Array;
}

/** Global indices, in the order `ProbeGroup.getSlice(selection)` holds the selected contacts. */
function sliceOrder(counts: readonly number[], selection: ArrayLike<number>): Int32Array {
  const out: number[] = [];
  let start = 0;
  for (const count of counts) {
    for (let k = 0; k < selection.length; k++) {
      if (selection[k] >= start && selection[k] < start + count) out.push(selection[k]);
    }
    start += count;
  }
  return Int32Array.from(out);
}

/** `_get_probegroup_based_on_device_channel_indices`: drop unconnected contacts, sort by device index. */
export function connectedContacts(probegroup: ProbeGroup, numChannels: number): ConnectedContacts {
  if (!(probegroup instanceof ProbeGroup)) {
    throw new InvalidArgumentError(
      "a ProbeGroup is needed (wrap a single Probe with new ProbeGroup([probe]))",
    );
  }
  const unwired = probegroup.probes.findIndex((p) => p.deviceChannelIndices === null);
  if (unwired >= 0) {
    throw new InvalidArgumentError(
      `probe ${unwired} (${probegroup.probes[unwired].getTitle()}) has no device channel indices: wire it with setDeviceChannelIndices() or wiringToDevice()`,
    );
  }
  const all = probegroup.getGlobalDeviceChannelIndices().deviceChannelIndices;
  const keep = Int32Array.from(Array.from(all.keys()).filter((i) => all[i] >= 0));
  if (keep.length === 0) {
    return {
      probegroup: new ProbeGroup(),
      order: new Int32Array(0),
      deviceChannelIndices: new Int32Array(0),
    };
  }
  const maxIndex = keep.reduce((m, i) => Math.max(m, all[i]), 0);
  if (maxIndex >= numChannels) {
    throw new InvalidArgumentError(
      `device channel index ${maxIndex} is out of range for a recording with ${numChannels} channels ` +
        `(indices are 0-based, so the largest allowed is ${numChannels - 1}); ${keep.length} contacts are connected`,
      { maxIndex, numChannels },
    );
  }
  // two slices, exactly as SpikeInterface: connected contacts, then argsort of their device indices
  const connected = probegroup.getSlice(keep);
  const connectedCounts = connected.probes.map((p) => p.getContactCount());
  const byDevice = Int32Array.from(keep.keys()).sort((a, b) => all[keep[a]] - all[keep[b]]);
  const sliced = connected.getSlice(byDevice);
  const order = Int32Array.from(sliceOrder(connectedCounts, byDevice), (j) => keep[j]);
  return { probegroup: sliced, order, deviceChannelIndices: Int32Array.from(order, (i) => all[i]) };
}

export interface PrepareOptions {
  numChannels: number;
  groupMode?: GroupMode;
  /** Refuse probes whose bounding boxes overlap (default true, as `set_probegroup`). */
  checkOverlap?: boolean;
}

export interface PreparedProbeGroup {
  /** The probe group to store: contact i is channel i. */
  readonly probegroup: ProbeGroup;
  /** Global index in the input group of the contact on channel i. */
  readonly order: Int32Array;
  /** The `group` property (int64 in SpikeInterface). */
  readonly groups: Int32Array;
  /** Channel locations, numChannels × ndim (C order). */
  readonly locations: Float64Array;
}

/** `set_probegroup` (HEAD): every channel must receive exactly one contact, in device order. */
export function prepareProbeGroupForChannels(
  probegroup: ProbeGroup,
  options: PrepareOptions,
): PreparedProbeGroup {
  const { numChannels, groupMode = "auto", checkOverlap = true } = options;
  checkGroupMode(groupMode);
  if (checkOverlap && probegroup.probes.length > 0) checkProbesDoNotOverlap(probegroup.probes);
  const connected = connectedContacts(probegroup, numChannels);
  const count = connected.probegroup.getContactCount();
  if (count !== numChannels) {
    throw new InvalidArgumentError(
      `the probe group has ${count} connected contacts but the recording has ${numChannels} channels; ` +
        "use selectChannelsWithProbegroup() to keep only the wired channels",
      { connected: count, numChannels },
    );
  }
  const dci = connected.deviceChannelIndices;
  const wrong = dci.findIndex((v, i) => v !== i);
  if (wrong >= 0) {
    throw new InvalidArgumentError(
      `device channel indices must be 0..${numChannels - 1} after ordering by probe, but contact ${wrong} is wired to ` +
        `channel ${dci[wrong]} (the probes are wired to interleaved channels: [${Array.from(dci.slice(0, 20)).join(", ")}${dci.length > 20 ? ", …" : ""}]); ` +
        "use selectChannelsWithProbegroup() instead",
    );
  }
  return {
    probegroup: connected.probegroup,
    order: connected.order,
    groups: computeChannelGroups(connected.probegroup, groupMode),
    locations: connected.probegroup.getGlobalContactPositions(),
  };
}

export interface PreparedChannelSelection extends PreparedProbeGroup {
  /** Parent channel indices to keep, in the new channel order. */
  readonly channelIndices: Int32Array;
}

/** `select_channels_with_probegroup`: keep the wired channels, ordered like the contacts. */
export function prepareChannelSelectionWithProbeGroup(
  probegroup: ProbeGroup,
  options: { numChannels: number; groupMode?: GroupMode },
): PreparedChannelSelection {
  const { numChannels, groupMode = "auto" } = options;
  checkGroupMode(groupMode);
  const connected = connectedContacts(probegroup, numChannels);
  const pg = connected.probegroup;
  const n = pg.getContactCount();
  if (n > 0) pg.setGlobalDeviceChannelIndices(Int32Array.from({ length: n }, (_, i) => i));
  return {
    probegroup: pg,
    order: connected.order,
    channelIndices: connected.deviceChannelIndices,
    groups: n > 0 ? computeChannelGroups(pg, groupMode) : new Int32Array(0),
    locations: pg.getGlobalContactPositions(),
  };
}

function checkGroupMode(groupMode: string): void {
  if (!(GROUP_MODES as readonly string[]).includes(groupMode)) {
    throw new InvalidArgumentError(
      `groupMode ${JSON.stringify(groupMode)} must be one of ${GROUP_MODES.join(", ")}`,
    );
  }
}

/**
 * `_set_group_property_based_on_probegroup`: each contact's key (probe index [, shank id]
 * [, side]) ranked among the sorted unique keys; shank ids compare as strings ("10" < "2").
 */
export function computeChannelGroups(probegroup: ProbeGroup, groupMode: GroupMode = "auto"): Int32Array {
  checkGroupMode(groupMode);
  const probes = probegroup.probes;
  const hasShanks = probes.some((p) => p.shankIds !== null);
  const hasSides = probes.some((p) => p.contactSides !== null);
  if (groupMode === "by_shank" && !hasShanks) {
    throw new InvalidArgumentError('groupMode "by_shank" needs shank ids, but no probe of the group has any');
  }
  if (groupMode === "by_side" && !hasSides) {
    throw new InvalidArgumentError(
      'groupMode "by_side" needs contact sides, but no probe of the group has any',
    );
  }
  const useShank =
    groupMode === "by_shank" || ((groupMode === "auto" || groupMode === "by_side") && hasShanks);
  const useSide = groupMode === "by_side" || (groupMode === "auto" && hasSides);
  const keys: [number, string, string][] = [];
  probes.forEach((p, probeIndex) => {
    for (let i = 0; i < p.getContactCount(); i++) {
      keys.push([
        probeIndex,
        useShank ? (p.shankIds?.[i] ?? "") : "",
        useSide ? (p.contactSides?.[i] ?? "") : "",
      ]);
    }
  });
  const compare = (a: [number, string, string], b: [number, string, string]): number =>
    a[0] - b[0] || compareCodePoints(a[1], b[1]) || compareCodePoints(a[2], b[2]);
  const unique = [...keys].sort(compare).filter((k, i, arr) => i === 0 || compare(arr[i - 1], k) !== 0);
  const rank = new Map(unique.map((k, i) => [JSON.stringify(k), i]));
  return Int32Array.from(keys, (k) => rank.get(JSON.stringify(k))!);
}

/** `check_probe_do_not_overlap`: no contact of a later probe inside an earlier probe's x/y box. */
export function checkProbesDoNotOverlap(probes: readonly Probe[]): void {
  probes.forEach((pi, i) => {
    const pos = pi.contactPositions;
    const nd = pi.ndim;
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let k = 0; k < pos.length; k += nd) {
      [x0, x1] = [Math.min(x0, pos[k]), Math.max(x1, pos[k])];
      [y0, y1] = [Math.min(y0, pos[k + 1]), Math.max(y1, pos[k + 1])];
    }
    for (let j = i + 1; j < probes.length; j++) {
      const pj = probes[j].contactPositions;
      const ndj = probes[j].ndim;
      for (let k = 0; k < pj.length; k += ndj) {
        if (pj[k] >= x0 && pj[k] <= x1 && pj[k + 1] >= y0 && pj[k + 1] <= y1) {
          throw new InvalidArgumentError(
            `probes ${i} and ${j} overlap: contact ${k / ndj} of probe ${j} at (${pj[k]}, ${pj[k + 1]}) lies inside ` +
              `probe ${i}'s box x [${x0}, ${x1}], y [${y0}, ${y1}]; move a probe or pass checkOverlap: false`,
          );
        }
      }
    }
  });
}

/** Channel locations (contact i = channel i) projected on `axes` ("xy", "xz", "yz", "xyz"). */
export function channelLocations(probegroup: ProbeGroup, axes = "xy"): Float64Array {
  return selectAxes(probegroup.getGlobalContactPositions(), probegroup.ndim, axes);
}
