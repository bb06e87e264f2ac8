/**
 * Chunk task module of getNoiseLevels with nJobs > 1 (the executor's shape: `init` once per worker, then
 * `processChunk` per chunk). Each chunk is one random slice; the result is its per-channel noise.
 */
import { RowReader } from "../jobs/row-reader.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { FloatArray } from "./median.js";
import type { NoiseMethod } from "./noise-chunk.js";
import { noiseLevelsOfSlice } from "./noise-levels.js";

export interface NoiseLevelsTaskInit {
  recording: BaseRecording;
  method: NoiseMethod;
  returnInUV: boolean;
}

/** One reused read buffer per thread for the whole job. */
export function init(args: NoiseLevelsTaskInit): NoiseLevelsTaskInit & { reader: RowReader } {
  return { ...args, reader: new RowReader() };
}

export function processChunk(
  ctx: NoiseLevelsTaskInit & { reader: RowReader },
  chunk: { segmentIndex: number; start: number; end: number },
): Promise<FloatArray> {
  return noiseLevelsOfSlice(ctx.recording, [chunk.segmentIndex, chunk.start, chunk.end], ctx);
}
