/**
 * Chunk task of the template accumulator (SpikeInterface's estimate_templates_with_accumulator):
 * add each selected spike's window (and its square) into float32 per-unit sums, one slot of sums
 * per worker so workers never add into the same memory. The caller sums the slots and divides.
 * Task-module shape of src/jobs. No top-level await.
 */
import type { Chunk } from "../../jobs/chunks.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import {
  prepareWindowContext,
  readChunkWindows,
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

interface Context extends WindowTaskContext {
  sums: Float32Array;
  squares: Float32Array | null;
  width: number;
  /** Offset of this worker's slot in `sums` / `squares`. */
  slotOffset: number;
}

export async function init(args: AccumulatorTaskArgs & { recording: BaseRecording }): Promise<Context> {
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

export async function processChunk(ctx: Context, chunk: Chunk): Promise<number> {
  const w = await readChunkWindows(ctx, chunk);
  if (w === null) return 0;
  const { raw, start } = w;
  const { sums, squares, width, numChannels: C, nbefore, nafter, unitChannels, unitGains, unitOffsets } = ctx;
  const ns = nbefore + nafter;
  const unitSize = ns * width;
  const samples = ctx.spikes.sampleIndex;
  const units = ctx.spikes.unitIndex;
  for (let i = w.i0; i < w.i1; i++) {
    const u = units[i];
    const chans = unitChannels[u];
    const k = chans.length;
    const g = unitGains?.[u];
    const o = unitOffsets?.[u];
    let src = (samples[i] - nbefore - start) * C;
    let dst = ctx.slotOffset + u * unitSize;
    for (let t = 0; t < ns; t++, src += C, dst += width) {
      for (let j = 0; j < k; j++) {
        const x = raw[src + chans[j]];
        // µV values are float32 (x * gain + offset); raw values are exact integers.
        const v = g === undefined || o === undefined ? x : Math.fround(Math.fround(x * g[j]) + o[j]);
        // Float32Array stores round each sum to float32, as numpy's float32 `+=` does.
        sums[dst + j] += v;
        if (squares !== null) squares[dst + j] += Math.fround(v * v);
      }
    }
  }
  return w.i1 - w.i0;
}
