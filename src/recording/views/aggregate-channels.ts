/**
 * ChannelsAggregationRecording / aggregateChannels (spec api.md §3.8): the channels of several
 * recordings side by side, as one recording. Lazy: reads go to the sources.
 *
 * Kept from SpikeInterface: the checks (sampling frequency, segments, dtype, samples per segment),
 * the id rules, properties concatenated only for keys every input has, and the side effect of
 * writing property `aggregation_key` onto the input recordings.
 *
 * Deliberate differences:
 * - a read of a channel subset returns the columns in the requested order (Python groups them per
 *   source recording, so `[2, 0, 3, 1]` came back as `[2, 3, 0, 1]`: a silent wrong answer);
 * - the checks run before the inputs are mutated, so a failed aggregation leaves them untouched;
 * - properties of mixed numeric kinds (int + float) are promoted like numpy does instead of dropped.
 */

import type { Id } from "../../base/ids.js";
import { concatProperties, dtypeKind, type Property } from "../../base/properties.js";
import { registerExtractorClass } from "../../base/registry.js";
import { allocate, type NumberArray, type TraceDType } from "../../dtype.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError } from "../../errors.js";
import { aggregateProbeGroups } from "../../probe/attach-views.js";
import { concatColumns } from "../../traces.js";
import { BaseRecording } from "../base-recording.js";
import { BaseRecordingSegment } from "../segment.js";

export type RecordingListOrDict =
  | readonly BaseRecording[]
  | ReadonlyMap<Id, BaseRecording>
  | Readonly<Record<string, BaseRecording>>;

export interface AggregateChannelsOptions {
  /** New ids for all channels, in aggregated order (unique, one per channel). */
  renamedChannelIds?: readonly Id[] | null;
}

class ChannelsAggregationRecordingSegment extends BaseRecordingSegment {
  constructor(
    private readonly parents: readonly BaseRecordingSegment[],
    private readonly sourceOf: Int32Array,
    private readonly localIndexOf: Int32Array,
    private readonly widths: readonly number[],
    private readonly dtype: TraceDType,
  ) {
    super(parents[0].samplingFrequency);
    parents[0].copyTimesTo(this);
  }

  getNumSamples(): number {
    return this.parents[0].getNumSamples();
  }

  async getTraces(
    start: number,
    end: number,
    channelIndices: Int32Array | null,
    signal?: AbortSignal,
  ): Promise<NumberArray> {
    const n = end - start;
    if (channelIndices === null) {
      const blocks = await Promise.all(this.parents.map((p) => p.getTraces(start, end, null, signal)));
      return blocks.length === 1 ? blocks[0] : concatColumns(blocks, this.widths, n, this.dtype);
    }
    // Group the request per source (one read each), then place every column where it was asked for.
    const k = channelIndices.length;
    const positions: number[][] = this.parents.map(() => []);
    const locals: number[][] = this.parents.map(() => []);
    for (let p = 0; p < k; p++) {
      const c = channelIndices[p];
      positions[this.sourceOf[c]].push(p);
      locals[this.sourceOf[c]].push(this.localIndexOf[c]);
    }
    const out = allocate(this.dtype, n * k) as NumberArray;
    for (let s = 0; s < this.parents.length; s++) {
      const w = locals[s].length;
      if (w === 0) continue;
      const identity = w === this.widths[s] && locals[s].every((v, i) => v === i);
      const block = await this.parents[s].getTraces(
        start,
        end,
        identity ? null : Int32Array.from(locals[s]),
        signal,
      );
      if (w === k) return block; // every requested column comes from this source, in order
      const pos = positions[s];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < w; j++) out[i * k + pos[j]] = block[i * w + j];
      }
    }
    return out;
  }
}

export class ChannelsAggregationRecording extends BaseRecording {
  readonly className = "spikeinterface.core.channelsaggregationrecording.ChannelsAggregationRecording";
  readonly recordings: readonly BaseRecording[];

  constructor(
    recordingListOrDict: RecordingListOrDict,
    { renamedChannelIds = null }: AggregateChannelsOptions = {},
  ) {
    const { recordings, keys, isDict } = splitInput(recordingListOrDict);
    checkConsistency(recordings);
    const total = recordings.reduce((a, r) => a + r.getNumChannels(), 0);
    const channelIds = aggregatedChannelIds(recordings, total, renamedChannelIds);
    const first = recordings[0];
    super(first.samplingFrequency, channelIds, first.dtype);
    this.recordings = recordings;
    // SpikeInterface's side effect, kept because users read it back from the inputs.
    recordings.forEach((r, i) => {
      r.setProperty("aggregation_key", new Array(r.getNumChannels()).fill(keys[i]));
    });
    for (const [key, prop] of concatenatedProperties(recordings)) {
      this.setProperty(key, prop.values, { dtype: prop.dtype, shape: prop.shape });
    }
    this.aggregateProbes(recordings);
    const sourceOf = new Int32Array(total);
    const localIndexOf = new Int32Array(total);
    let c = 0;
    recordings.forEach((r, s) => {
      for (let j = 0; j < r.getNumChannels(); j++, c++) {
        sourceOf[c] = s;
        localIndexOf[c] = j;
      }
    });
    const widths = recordings.map((r) => r.getNumChannels());
    for (let seg = 0; seg < first.getNumSegments(); seg++) {
      const parents = recordings.map((r) => r.getSegment(seg));
      checkTimes(parents, seg);
      this.addRecordingSegment(
        new ChannelsAggregationRecordingSegment(parents, sourceOf, localIndexOf, widths, first.dtype),
      );
    }
    // A dict keeps its keys (SpikeInterface's first parameter accepts a dict); a list is written as Python does.
    this.kwargs = isDict
      ? {
          recording_list_or_dict: Object.fromEntries(keys.map((k, i) => [String(k), recordings[i]])),
          renamed_channel_ids: renamedChannelIds,
        }
      : { recording_list: [...recordings], renamed_channel_ids: renamedChannelIds };
  }

  private aggregateProbes(recordings: readonly BaseRecording[]): void {
    const withProbe = recordings.filter((r) => r.hasProbe());
    if (withProbe.length === 0) return;
    if (withProbe.length < recordings.length) {
      const without = recordings.map((r, i) => (r.hasProbe() ? -1 : i)).filter((i) => i >= 0);
      throw new SpikeInterfaceError(
        "incompatible",
        `aggregateChannels: recordings ${formatList(without)} have no probe while the others do`,
      );
    }
    // Copies of every probe, device indices 0..N-1; bounding boxes may overlap when the inputs were
    // split from one probe, hence no overlap check. `group` is recomputed from probes and shanks.
    this.setProbegroup(aggregateProbeGroups(recordings.map((r) => r.getProbegroup())), {
      checkOverlap: false,
    });
  }
}

/** Aggregate the channels of several recordings (a list, or a dict/Map whose keys label the inputs). */
export function aggregateChannels(
  recordingListOrDict: RecordingListOrDict,
  options: AggregateChannelsOptions = {},
): ChannelsAggregationRecording {
  return new ChannelsAggregationRecording(recordingListOrDict, options);
}

function splitInput(input: RecordingListOrDict): {
  recordings: BaseRecording[];
  keys: Id[];
  isDict: boolean;
} {
  let recordings: BaseRecording[];
  let keys: Id[];
  let isDict = true;
  if (Array.isArray(input)) {
    recordings = [...(input as BaseRecording[])];
    keys = recordings.map((_, i) => i);
    isDict = false;
  } else if (input instanceof Map) {
    keys = [...input.keys()];
    recordings = [...input.values()];
  } else if (input !== null && typeof input === "object") {
    keys = Object.keys(input);
    recordings = Object.values(input as Record<string, BaseRecording>);
  } else {
    throw new InvalidArgumentError(
      `aggregateChannels needs a list or a dict of recordings, got ${String(input)}`,
    );
  }
  if (recordings.length === 0) throw new InvalidArgumentError("aggregateChannels: no recordings given");
  const bad = recordings.map((r, i) => (r instanceof BaseRecording ? -1 : i)).filter((i) => i >= 0);
  if (bad.length > 0) {
    throw new InvalidArgumentError(
      `aggregateChannels: inputs ${formatList(bad.map((i) => keys[i]))} are not recordings`,
    );
  }
  return { recordings, keys, isDict };
}

function checkConsistency(recordings: readonly BaseRecording[]): void {
  const first = recordings[0];
  const fail = (what: string, values: readonly unknown[]) => {
    throw new SpikeInterfaceError(
      "incompatible",
      `aggregateChannels: inconsistent ${what} among recordings: ${formatList(values)}`,
    );
  };
  const fs = recordings.map((r) => r.samplingFrequency);
  if (fs.some((f) => f !== fs[0])) fail("sampling frequency", fs);
  const segs = recordings.map((r) => r.getNumSegments());
  if (segs.some((s) => s !== segs[0])) fail("number of segments", segs);
  const dtypes = recordings.map((r) => r.dtype);
  if (dtypes.some((d) => d !== dtypes[0])) fail("dtype", dtypes);
  for (let seg = 0; seg < first.getNumSegments(); seg++) {
    const n = recordings.map((r) => r.getNumSamples({ segmentIndex: seg }));
    if (n.some((x) => x !== n[0])) fail(`number of samples in segment ${seg}`, n);
  }
}

/** Renamed ids, else the concatenation when all are numbers or all strings and unique, else "0".."N-1". */
function aggregatedChannelIds(
  recordings: readonly BaseRecording[],
  total: number,
  renamed: readonly Id[] | null,
): Id[] {
  if (renamed !== null) {
    if (renamed.length !== total) {
      throw new InvalidArgumentError(`renamedChannelIds has ${renamed.length} ids for ${total} channels`);
    }
    const dup = renamed.filter((id, i) => renamed.indexOf(id) !== i);
    if (dup.length > 0) {
      throw new SpikeInterfaceError("duplicate_id", `renamedChannelIds are not unique: ${formatList(dup)}`, {
        ids: dup,
      });
    }
    return [...renamed];
  }
  const all: Id[] = recordings.flatMap((r) => [...r.channelIds]);
  const sameKind = all.every((id) => typeof id === "number") || all.every((id) => typeof id === "string");
  if (sameKind && new Set<Id>(all).size === total) return all;
  return Array.from({ length: total }, (_, i) => String(i));
}

/** Properties every input has, concatenated in input order; incompatible shapes or kinds are skipped. */
function concatenatedProperties(recordings: readonly BaseRecording[]): Map<string, Property> {
  const out = new Map<string, Property>();
  for (const key of recordings[0].getPropertyKeys()) {
    const parts = recordings.map((r) => r.getPropertyInfo(key));
    if (parts.some((p) => p === null)) continue;
    const merged = concatWithPromotion(parts as Property[]);
    if (merged !== null) out.set(key, merged);
  }
  return out;
}

/** concatProperties, plus numpy's promotion of mixed numeric kinds (bool < int < float). */
export function concatWithPromotion(parts: readonly Property[]): Property | null {
  const same = concatProperties(parts);
  if (same !== null) return same;
  const kinds = parts.map((p) => dtypeKind(p.dtype));
  if (!kinds.every((k) => k === "b" || k === "i" || k === "u" || k === "f")) return null;
  const tail = JSON.stringify(parts[0].shape.slice(1));
  if (!parts.every((p) => JSON.stringify(p.shape.slice(1)) === tail)) return null;
  const values = Float64Array.from(
    parts.flatMap((p) => Array.from(p.values as ArrayLike<number | boolean>, (v) => Number(v))),
  );
  const dtype = kinds.includes("f") ? "float64" : "int64";
  return { dtype, values, shape: [parts.reduce((a, p) => a + p.shape[0], 0), ...parts[0].shape.slice(1)] };
}

/** SpikeInterface's time rule: without a time vector in the first, none may have one. */
function checkTimes(parents: readonly BaseRecordingSegment[], seg: number): void {
  const withVector = parents.map((p, i) => (p.timeVector !== null ? i : -1)).filter((i) => i >= 0);
  if (parents[0].timeVector === null && withVector.length > 0) {
    throw new SpikeInterfaceError(
      "incompatible",
      `aggregateChannels: in segment ${seg}, recordings ${formatList(withVector)} have a time vector and recording 0 does not`,
    );
  }
}

registerExtractorClass(
  "spikeinterface.core.channelsaggregationrecording.ChannelsAggregationRecording",
  (k) =>
    new ChannelsAggregationRecording((k.recording_list_or_dict ?? k.recording_list) as RecordingListOrDict, {
      renamedChannelIds: (k.renamed_channel_ids as Id[] | null | undefined) ?? null,
    }),
);
