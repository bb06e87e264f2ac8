/**
 * What the waveform and accumulator tasks share: finding the spikes of a chunk whose whole window
 * `[s - nbefore, s + nafter)` fits in the segment, reading the traces they need once (raw, from
 * the first window start to the last window end), and turning raw values into µV exactly as
 * SpikeInterface's float32 `traces * gain + offset` does — but only for the values kept, not for
 * the whole chunk.
 */
import type { NumberArray } from "../../dtype.js";
import type { Chunk } from "../../jobs/chunks.js";
import { RowReader } from "../../jobs/row-reader.js";
import type { BaseRecording } from "../../recording/base-recording.js";

export interface SpikeColumns {
  readonly sampleIndex: Float64Array;
  readonly unitIndex: Int32Array;
  readonly segmentIndex: Int32Array;
}

export interface ChannelScaling {
  readonly gains: Float32Array;
  readonly offsets: Float32Array;
}

/** The init arguments both tasks take (structured-cloneable; buffers shared when parallel). */
export interface WindowTaskArgs {
  spikes: SpikeColumns;
  /** Samples per segment. */
  numSamples: readonly number[];
  nbefore: number;
  nafter: number;
  numUnits: number;
  numChannels: number;
  /** float32 gains/offsets to µV, or null to keep raw values. */
  scaling: ChannelScaling | null;
  /** units × channels (1 = active), or null for dense windows. */
  sparsityMask: Uint8Array | null;
}

export interface WindowTaskContext extends WindowTaskArgs {
  recording: BaseRecording;
  /** One reused read buffer per context (each worker has its own context). */
  reader: RowReader;
  /** [start, end) of each segment in the spike columns. */
  segmentBounds: Int32Array;
  /** Channel indices kept for each unit (all channels when dense). */
  unitChannels: Int32Array[];
  /** Gains/offsets gathered per unit in the same order as unitChannels. */
  unitGains: Float32Array[] | null;
  unitOffsets: Float32Array[] | null;
}

export function prepareWindowContext(args: WindowTaskArgs & { recording: BaseRecording }): WindowTaskContext {
  const { spikes, numSamples, numUnits, numChannels, sparsityMask, scaling } = args;
  const numSegments = numSamples.length;
  const segmentBounds = new Int32Array(numSegments * 2);
  const seg = spikes.segmentIndex;
  let i = 0;
  for (let s = 0; s < numSegments; s++) {
    segmentBounds[2 * s] = i;
    while (i < seg.length && seg[i] === s) i++;
    segmentBounds[2 * s + 1] = i;
  }
  const all = Int32Array.from({ length: numChannels }, (_, c) => c);
  const unitChannels: Int32Array[] = [];
  for (let u = 0; u < numUnits; u++) {
    if (sparsityMask === null) {
      unitChannels.push(all);
      continue;
    }
    const list: number[] = [];
    for (let c = 0; c < numChannels; c++) if (sparsityMask[u * numChannels + c]) list.push(c);
    unitChannels.push(Int32Array.from(list));
  }
  const gather = (values: Float32Array) =>
    unitChannels.map((chs) => Float32Array.from(chs, (c) => values[c]));
  return {
    ...args,
    reader: new RowReader(),
    segmentBounds,
    unitChannels,
    unitGains: scaling === null ? null : gather(scaling.gains),
    unitOffsets: scaling === null ? null : gather(scaling.offsets),
  };
}

function lowerBound(a: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ChunkWindows {
  /** Spikes [i0, i1) of the spike columns, all with their whole window inside the segment. */
  i0: number;
  i1: number;
  /** Frame of row 0 of `raw`. */
  start: number;
  /** Raw traces under these spikes' windows, all channels, C order; valid until the next run. */
  raw: NumberArray;
}

/**
 * The chunk's spikes with `max(start, nbefore) <= s < min(end, numSamples - nafter)` (border
 * spikes are skipped and stay zero, as in SpikeInterface), in runs whose windows are close
 * together, each with the raw traces under its windows. Splitting at gaps longer than a window
 * means sparse spike subsets do not read the traces between them. Runs are read one at a time into
 * the context's reused buffer: use each run's `raw` before asking for the next.
 */
export async function* chunkWindows(ctx: WindowTaskContext, chunk: Chunk): AsyncGenerator<ChunkWindows> {
  const seg = chunk.segmentIndex;
  const a = ctx.segmentBounds[2 * seg];
  const b = ctx.segmentBounds[2 * seg + 1];
  const lo = Math.max(chunk.start, ctx.nbefore);
  const hi = Math.min(chunk.end, ctx.numSamples[seg] - ctx.nafter);
  if (hi <= lo || a === b) return;
  const samples = ctx.spikes.sampleIndex;
  const i0 = lowerBound(samples, lo, a, b);
  const i1 = lowerBound(samples, hi, i0, b);
  const gap = ctx.nbefore + ctx.nafter;
  let first = i0;
  for (let i = i0 + 1; i <= i1; i++) {
    if (i < i1 && samples[i] - samples[i - 1] <= 2 * gap) continue;
    const start = samples[first] - ctx.nbefore;
    const end = samples[i - 1] + ctx.nafter;
    yield { i0: first, i1: i, start, raw: await ctx.reader.read(ctx.recording, seg, start, end) };
    first = i;
  }
}
