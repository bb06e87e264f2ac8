/**
 * Chunk task: copy each selected spike's window into row `i` of one waveform buffer of shape
 * (numSpikes, nbefore + nafter, width), width = all channels (dense) or the widest unit's active
 * channel count (sparse: each unit's channels first, ascending, zero padded). Rows of skipped
 * border spikes are left as zeros. Workers write disjoint rows of the shared buffer.
 * Task-module shape of src/jobs (init once per worker, processChunk per chunk). No top-level await.
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

export interface WaveformsTaskArgs extends WindowTaskArgs {
  /** (numSpikes × samples × width) C order; a view over a SharedArrayBuffer when parallel. */
  output: NumberArray;
  width: number;
}

export interface WaveformsTaskContext extends WindowTaskContext {
  output: NumberArray;
  width: number;
}

export async function init(
  args: WaveformsTaskArgs & { recording: BaseRecording },
): Promise<WaveformsTaskContext> {
  return { ...prepareWindowContext(args), output: args.output, width: args.width };
}

export async function processChunk(ctx: WaveformsTaskContext, chunk: Chunk): Promise<number> {
  let count = 0;
  for await (const w of chunkWindows(ctx, chunk)) {
    processRun(ctx, w);
    count += w.i1 - w.i0;
  }
  return count;
}

/**
 * One spike, µV, int16 traces into float32 waveforms: the common case, kept monomorphic so the
 * JIT compiles tight code. Channel-outer order walks each channel's samples with a fixed stride.
 */
function scaleInt16ToFloat32(
  out: Float32Array,
  raw: Int16Array,
  src0: number,
  dst0: number,
  ns: number,
  C: number,
  width: number,
  chans: Int32Array,
  g: Float32Array,
  o: Float32Array,
): void {
  for (let j = 0; j < chans.length; j++) {
    const gj = g[j];
    const oj = o[j];
    let src = src0 + chans[j];
    let dst = dst0 + j;
    // float32 (x * gain) then float32 (+ offset), as numpy computes the µV traces.
    for (let t = 0; t < ns; t++, src += C, dst += width) out[dst] = Math.fround(raw[src] * gj) + oj;
  }
}

function processRun(ctx: WaveformsTaskContext, w: ChunkWindows): void {
  const { raw, start } = w;
  const { output: out, width, numChannels: C, nbefore, nafter, unitChannels, unitGains, unitOffsets } = ctx;
  const ns = nbefore + nafter;
  const samples = ctx.spikes.sampleIndex;
  const units = ctx.spikes.unitIndex;
  const fast = out instanceof Float32Array && raw instanceof Int16Array;
  for (let i = w.i0; i < w.i1; i++) {
    const u = units[i];
    const chans = unitChannels[u];
    const k = chans.length;
    const rowBase = i * ns * width;
    let src = (samples[i] - nbefore - start) * C;
    if (unitGains === null || unitOffsets === null) {
      if (k === C) {
        for (let t = 0; t < ns; t++, src += C) out.set(raw.subarray(src, src + C), rowBase + t * width);
      } else {
        for (let t = 0; t < ns; t++, src += C) {
          const dst = rowBase + t * width;
          for (let j = 0; j < k; j++) out[dst + j] = raw[src + chans[j]];
        }
      }
      continue;
    }
    const g = unitGains[u];
    const o = unitOffsets[u];
    if (fast) {
      scaleInt16ToFloat32(out as Float32Array, raw as Int16Array, src, rowBase, ns, C, width, chans, g, o);
      continue;
    }
    for (let t = 0; t < ns; t++, src += C) {
      const dst = rowBase + t * width;
      for (let j = 0; j < k; j++) out[dst + j] = Math.fround(Math.fround(raw[src + chans[j]] * g[j]) + o[j]);
    }
  }
}
