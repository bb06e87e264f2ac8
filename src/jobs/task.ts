/**
 * The shape of a chunk task module, shared by the in-process runner and the worker threads. A task
 * is named by its module URL (or file path) rather than passed as a function, because functions
 * cannot cross to a worker thread; each worker imports the module itself.
 */
import type { Chunk } from "./chunks.js";

/**
 * Exports expected from a task module. `init` runs once per worker (once in total in-process);
 * `close`, if exported, runs once per worker after the last chunk (close files there: worker threads
 * share the process, so a descriptor left open by a terminated thread leaks).
 */
export interface ChunkTaskModule<I = unknown, C = unknown, R = unknown> {
  init(initArgs: I): Promise<C> | C;
  processChunk(ctx: C, chunk: Chunk): Promise<R> | R;
  close?(ctx: C): Promise<void> | void;
}

/** A module URL (`new URL("./my-task.js", import.meta.url)`), a file: URL string or a file path. */
export type TaskRef = string | URL;
