/** Benchmark task: no work, so the measured time is the executor's own per-chunk cost. */
import type { Chunk } from "../../../src/jobs/chunks.js";

export async function init(): Promise<null> {
  return null;
}

export async function processChunk(_ctx: null, chunk: Chunk): Promise<number> {
  return chunk.start;
}
