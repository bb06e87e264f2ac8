/** Node-only job tools: the chunk executors (worker threads) and the terminal progress bar. */
import "./cpu-count-node.js";

export {
  createProgressSink,
  noopProgressSink,
  type ProgressSink,
  type ProgressSinkOptions,
  type ProgressStream,
} from "./progress.js";
export {
  ChunkRecordingExecutor,
  type RecordingTaskInit,
  type RunRecordingChunksOptions,
  recordingChunks,
  runRecordingChunks,
} from "./recording-executor.js";
export { type OnChunkResult, type RunChunksOptions, runChunks } from "./run-chunks.js";
export { liveWorkerCount } from "./worker-pool.js";
