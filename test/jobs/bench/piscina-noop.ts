/** Benchmark task for piscina (default export = the task), same no-op work as noop-task.ts. */
import type { Chunk } from "../../../src/jobs/chunks.js";

export default async function processChunk(chunk: Chunk): Promise<number> {
  return chunk.start;
}
