/**
 * Chunk task of the template accumulator (SpikeInterface's estimate_templates_with_accumulator):
 * add each selected spike's window (and its square) into float32 per-unit sums, one slot of sums
 * per worker so workers never add into the same memory. The caller sums the slots and divides.
 * Task-module shape of src/jobs. No top-level await.
 */
import type { NumberArray } from "../../dtype.js";
import type { Chunk } from "../../jobs/chunks.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import {
  type ChunkWindows,
  chunkWindows,
  prepareWindowContext,
  type WindowTaskArgs,
  type WindowTaskContext,
} from "./chunk-spikes.js";

export interface AccumulatorTaskArgs extends WindowTaskArgs {
  /** (slots × units × samples × width) float32 sums. */
  sums: Float32Array;
  /** Same shape, sums of squares; null when the std is not wanted. */
  squares: Float32Array | null;
  width: number;
  /** Hands out slot numbers: each worker takes the next one in init. */
  slotCounter: Int32Array;
  slots: number;
}

export interface AccumulatorTaskContext extends WindowTaskContext {
  sums: Float32Array;
  squares: Float32Array | null;
  width: number;
  /** Offset of this worker's slot in `sums` / `squares`. */
  slotOffset: number;
}

export async function init(
  args: AccumulatorTaskArgs & { recording: BaseRecording },
): Promise<AccumulatorTaskContext> {
  const slot = Atomics.add(args.slotCounter, 0, 1);
  if (slot >= args.slots) throw new Error(`accumulator: ${slot + 1} workers for ${args.slots} slots`);
  const slotSize = args.sums.length / args.slots;
  return {
    ...prepareWindowContext(args),
    sums: args.sums,
    squares: args.squares,
    width: args.width,
    slotOffset: slot * slotSize,
  };
}

/** Dense raw windows: the whole (samples × channels) block is contiguous in both arrays. */
function addDenseRaw(
  sums: Float32Array,
  squares: Float32Array | null,
  raw: NumberArray,
  src: number,
  dst: number,
  n: number,
): void {
  // Float32Array stores round each sum to float32, as numpy's float32 `+=` does.
  for (let k = 0; k < n; k++) sums[dst + k] += raw[src + k];
  if (squares === null) return;
  for (let k = 0; k < n; k++) {
    const x = raw[src + k];
    squares[dst + k] += Math.fround(x * x);
  }
}

export async function processChunk(ctx: AccumulatorTaskContext, chunk: Chunk): Promise<number> {
  let count = 0;
  for await (const w of chunkWindows(ctx, chunk)) {
    processRun(ctx, w);
    count += w.i1 - w.i0;
  }
  return count;
}

function processRun(ctx: AccumulatorTaskContext, w: ChunkWindows): void {
  const { raw, start } = w;
  const { sums, squares, width, numChannels: C, nbefore, nafter, unitChannels, unitGains, unitOffsets } = ctx;
  const ns = nbefore + nafter;
  const unitSize = ns * width;
  const samples = ctx.spikes.sampleIndex;
  const units = ctx.spikes.unitIndex;
  const dense = ctx.sparsityMask === null;
  for (let i = w.i0; i < w.i1; i++) {
    const u = units[i];
    let src = (samples[i] - nbefore - start) * C;
    let dst = ctx.slotOffset + u * unitSize;
    if (dense && unitGains === null) {
      addDenseRaw(sums, squares, raw, src, dst, ns * C);
      continue;
    }
    const chans = unitChannels[u];
    const k = chans.length;
    const g = unitGains?.[u];
    const o = unitOffsets?.[u];
    for (let t = 0; t < ns; t++, src += C, dst += width) {
      for (let j = 0; j < k; j++) {
        const x = raw[src + chans[j]];
        // µV values are float32 (x * gain + offset); raw values are exact integers.
        const v = g === undefined || o === undefined ? x : Math.fround(Math.fround(x * g[j]) + o[j]);
        sums[dst + j] += v;
        if (squares !== null) squares[dst + j] += Math.fround(v * v);
      }
    }
  }
}
