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
  prepareWindowContext,
  readChunkWindows,
  type WindowTaskArgs,
  type WindowTaskContext,
} from "./chunk-spikes.js";

export interface WaveformsTaskArgs extends WindowTaskArgs {
  /** (numSpikes × samples × width) C order; a view over a SharedArrayBuffer when parallel. */
  output: NumberArray;
  width: number;
}

interface Context extends WindowTaskContext {
  output: NumberArray;
  width: number;
}

export async function init(args: WaveformsTaskArgs & { recording: BaseRecording }): Promise<Context> {
  return { ...prepareWindowContext(args), output: args.output, width: args.width };
}

export async function processChunk(ctx: Context, chunk: Chunk): Promise<number> {
  const w = await readChunkWindows(ctx, chunk);
  if (w === null) return 0;
  const { raw, start } = w;
  const { output: out, width, numChannels: C, nbefore, nafter, unitChannels, unitGains, unitOffsets } = ctx;
  const ns = nbefore + nafter;
  const samples = ctx.spikes.sampleIndex;
  const units = ctx.spikes.unitIndex;
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
    for (let t = 0; t < ns; t++, src += C) {
      const dst = rowBase + t * width;
      // float32 (x * gain) then float32 (+ offset), as numpy computes the µV traces.
      for (let j = 0; j < k; j++) out[dst + j] = Math.fround(Math.fround(raw[src + chans[j]] * g[j]) + o[j]);
    }
  }
  return w.i1 - w.i0;
}
