/** Browser-safe job tools: job kwargs, chunk sizes and chunk division (no threads, no files). */
export { type ChunkSizeInfo, type ChunkSizeKwargs, ensureChunkSize } from "./chunk-size.js";
export { type Chunk, divideIntoChunks, divideSegmentIntoChunks, type FrameRange } from "./chunks.js";
export { type CpuCountProvider, getCpuCount, setCpuCountProvider } from "./cpu-count.js";
export {
  CHUNK_KEYS,
  type FixedJobKwargs,
  type FixJobKwargsOptions,
  fixJobKwargs,
  getGlobalJobKwargs,
  isSetGlobalJobKwargsSet,
  JOB_KEYS,
  type JobKey,
  type JobKwargs,
  type MpContext,
  type PoolEngine,
  resetGlobalJobKwargs,
  resolveNJobs,
  setGlobalJobKwargs,
  splitJobKwargs,
} from "./job-kwargs.js";
export type { ChunkTaskModule, TaskRef } from "./task.js";
export { chunkDurationToChunkSize, convertStringToBytes } from "./units.js";
