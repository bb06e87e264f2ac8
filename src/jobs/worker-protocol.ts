/** Messages between the executor and its worker threads (see chunk-worker.ts). */
import type { Chunk } from "./chunks.js";
import type { SerializedError } from "./thread-errors.js";

/** Given to every worker at start: which task to load and its (structured-cloneable) init args. */
export interface ChunkWorkerData {
  taskUrl: string;
  initArgs: unknown;
}

export type ToWorker = { type: "chunk"; id: number; chunk: Chunk } | { type: "close" };

/** `ready` is sent once, after the worker has loaded the task and run `init` (error set if that failed). */
export type FromWorker =
  | { type: "ready"; error?: SerializedError }
  | { type: "result"; id: number; result: unknown }
  | { type: "error"; id: number; phase: "init" | "chunk"; error: SerializedError }
  | { type: "closed"; error?: SerializedError };
