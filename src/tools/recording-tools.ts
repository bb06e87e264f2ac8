/**
 * Geometry and attribute helpers on recordings (spec api.md §3.10): channel distances, closest
 * channels, depth ordering, and the `rec_attributes` dict a SortingAnalyzer stores to check that a
 * recording matches the one it was built with.
 */
import type { Id } from "../base/ids.js";
import type { Property } from "../base/properties.js";
import { parseDType, type TraceDType } from "../dtype.js";
import { InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import type { BaseRecording } from "../recording/base-recording.js";

/**
 * Channel positions, flat numChannels × ndim, for `channelIds` (all when omitted): from the
 * attached probe, else from a "location" property (n × ndim) such as older files carry.
 */
export function channelLocationsOf(
  recording: BaseRecording,
  channelIds?: readonly Id[] | null,
): { data: Float64Array; ndim: number } {
  const ids = channelIds ?? undefined;
  if (recording.hasProbe()) {
    const data = recording.getChannelLocations({ channelIds: ids });
    const n = ids?.length ?? recording.getNumChannels();
    return { data, ndim: n === 0 ? 2 : data.length / n };
  }
  const prop = recording.getPropertyInfo("location");
  if (prop === null) {
    throw new SpikeInterfaceError(
      "no_probe",
      `${recording.name} has no channel locations: attach a probe first`,
    );
  }
  const ndim = prop.shape.length === 2 ? prop.shape[1] : 2;
  const all = Float64Array.from(prop.values as ArrayLike<number>);
  if (all.length !== ndim * recording.getNumChannels()) {
    throw new InvalidArgumentError(
      `"location" property has ${all.length} values for ${recording.getNumChannels()} channels`,
    );
  }
  if (ids === undefined) return { data: all, ndim };
  const indices = recording.idsToIndices(ids);
  const out = new Float64Array(indices.length * ndim);
  indices.forEach((ch, k) => {
    out.set(all.subarray(ch * ndim, (ch + 1) * ndim), k * ndim);
  });
  return { data: out, ndim };
}

function distance(loc: Float64Array, ndim: number, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < ndim; k++) {
    const d = loc[i * ndim + k] - loc[j * ndim + k];
    s += d * d;
  }
  return Math.sqrt(s);
}

/** n × n Euclidean distances between channels (flat, C order). */
export function getChannelDistances(
  recording: BaseRecording,
  options: { channelLocations?: Float64Array } = {},
): Float64Array {
  const n = recording.getNumChannels();
  const { data, ndim } = options.channelLocations
    ? { data: options.channelLocations, ndim: n === 0 ? 2 : options.channelLocations.length / n }
    : channelLocationsOf(recording);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = distance(data, ndim, i, j);
  return out;
}

/**
 * For each channel of `channelIds` (all by default), the `numChannels` (default n − 1) nearest
 * other channels of that subset: indices into the subset and distances, each n × k (flat).
 * Position 0 of the distance order (the channel itself) is skipped; ties keep channel order.
 */
export function getClosestChannels(
  recording: BaseRecording,
  options: { channelIds?: readonly Id[] | null; numChannels?: number | null } = {},
): { indices: Int32Array; distances: Float64Array; numChannels: number } {
  const ids = options.channelIds ?? recording.channelIds;
  const n = ids.length;
  const k = Math.min(options.numChannels ?? n - 1, Math.max(n - 1, 0));
  if (!Number.isInteger(k) || k < 0) {
    throw new InvalidArgumentError(`numChannels must be a non-negative integer, got ${options.numChannels}`);
  }
  const { data, ndim } = channelLocationsOf(recording, ids);
  const indices = new Int32Array(n * k);
  const distances = new Float64Array(n * k);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) d[j] = distance(data, ndim, i, j);
    const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => d[a] - d[b] || a - b);
    for (let m = 0; m < k; m++) {
      indices[i * k + m] = order[m + 1];
      distances[i * k + m] = d[order[m + 1]];
    }
  }
  return { indices, distances, numChannels: k };
}

const AXES = ["x", "y", "z"];

/**
 * Channel order by position. One dimension: stable sort on it. Several: numpy's lexsort, where
 * the LAST key is the primary one (("x", "y") sorts by y, then x). `flip` reverses. Returns the
 * order and its inverse permutation.
 */
export function orderChannelsByDepth(
  recording: BaseRecording,
  options: {
    channelIds?: readonly Id[] | null;
    dimensions?: string | readonly string[];
    flip?: boolean;
  } = {},
): { orderF: Int32Array; orderR: Int32Array } {
  const { data, ndim } = channelLocationsOf(recording, options.channelIds);
  const n = ndim === 0 ? 0 : data.length / ndim;
  const dims = options.dimensions ?? ["x", "y"];
  const keys = (typeof dims === "string" ? [dims] : [...dims]).map((name) => {
    const axis = AXES.indexOf(name);
    if (axis < 0 || axis >= ndim) {
      throw new InvalidArgumentError(`invalid dimension ${JSON.stringify(name)} for ${ndim}-d locations`);
    }
    return axis;
  });
  // Compare by the last key first, then the previous ones; ties keep the original order (stable).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    for (let k = keys.length - 1; k >= 0; k--) {
      const d = data[a * ndim + keys[k]] - data[b * ndim + keys[k]];
      if (d !== 0) return d;
    }
    return a - b;
  });
  if (options.flip) order.reverse();
  const orderF = Int32Array.from(order);
  const orderR = new Int32Array(n);
  orderF.forEach((ch, pos) => {
    orderR[ch] = pos;
  });
  return { orderF, orderR };
}

/** SpikeInterface's `rec_attributes` dict (snake_case keys, as written in recording_attributes.json). */
export interface RecAttributes {
  channel_ids: Id[];
  sampling_frequency: number;
  num_channels: number;
  num_samples: number[];
  is_filtered: boolean;
  /** Deep copies of every property. */
  properties: Record<string, Property>;
  dtype?: TraceDType | string;
}

export function getRecAttributes(recording: BaseRecording): RecAttributes {
  const properties: Record<string, Property> = {};
  for (const key of recording.getPropertyKeys()) {
    const p = recording.getPropertyInfo(key)!;
    properties[key] = { dtype: p.dtype, shape: [...p.shape], values: p.values.slice() as Property["values"] };
  }
  return {
    channel_ids: [...recording.channelIds],
    sampling_frequency: recording.samplingFrequency,
    num_channels: recording.getNumChannels(),
    num_samples: Array.from({ length: recording.getNumSegments() }, (_, i) =>
      recording.getNumSamples({ segmentIndex: i }),
    ),
    is_filtered: recording.isFiltered(),
    properties,
    dtype: recording.dtype,
  };
}

/**
 * Whether a recording matches stored attributes (channel ids, sampling frequency, channel count,
 * samples per segment, and dtype when both sides have one and `checkDtype`), with SpikeInterface's
 * message naming the attributes that differ.
 */
export function doRecordingAttributesMatch(
  recording: BaseRecording,
  attributes: Omit<RecAttributes, "properties" | "is_filtered"> & Partial<RecAttributes>,
  options: { checkDtype?: boolean } = {},
): { match: boolean; message: string } {
  const mine = getRecAttributes(recording);
  const bad: string[] = [];
  const sameList = (a: readonly unknown[], b: readonly unknown[]) =>
    a.length === b.length && a.every((v, i) => v === b[i]);
  if (!sameList(mine.channel_ids, attributes.channel_ids)) bad.push("channel_ids");
  if (mine.sampling_frequency !== attributes.sampling_frequency) bad.push("sampling_frequency");
  if (mine.num_channels !== attributes.num_channels) bad.push("num_channels");
  if (!sameList(mine.num_samples, attributes.num_samples)) bad.push("num_samples");
  if (
    (options.checkDtype ?? true) &&
    attributes.dtype !== undefined &&
    mine.dtype !== normalizeDType(attributes.dtype)
  ) {
    bad.push("dtype");
  }
  if (bad.length === 0) return { match: true, message: "" };
  const list = `[${bad.map((b) => `'${b}'`).join(", ")}]`;
  return { match: false, message: `Recordings do not match in the following attributes: ${list}` };
}

/** "<i2" and "int16" name the same dtype; unknown spellings are compared as written. */
function normalizeDType(dtype: string): string {
  try {
    return parseDType(dtype);
  } catch {
    return dtype;
  }
}
