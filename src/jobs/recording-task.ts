/**
 * Worker-side wrapper used by runRecordingChunks when nJobs > 1: rebuilds the recording from its
 * transferable form once per worker, then hands it to the user's task module, whose `init`
 * receives `{ ...initArgs, recording }` exactly as in-process.
 */
// rebuildRecording imports the node entry (every extractor class) only when the dict needs more
// than a raw or in-memory recording, which saves ~300 ms of start-up per worker. Custom classes must
// be registered by the user's task module, which is therefore loaded first.
import type { TransferableExtractor } from "../base/transfer.js";
import type { Chunk } from "./chunks.js";
import { loadTaskModule } from "./load-task-module.js";
import type { ChunkTaskModule } from "./task.js";
import { rebuildRecording } from "./worker-recording.js";

export interface RecordingTaskWorkerInit {
  recording: TransferableExtractor;
  /** URL of the user's task module. */
  task: string;
  initArgs: object | undefined;
}

interface Wrapped {
  mod: ChunkTaskModule;
  ctx: unknown;
}

export async function init(args: RecordingTaskWorkerInit): Promise<Wrapped> {
  const mod = await loadTaskModule(args.task);
  const recording = await rebuildRecording(args.recording);
  return { mod, ctx: await mod.init({ ...args.initArgs, recording }) };
}

export function processChunk(wrapped: Wrapped, chunk: Chunk): Promise<unknown> | unknown {
  return wrapped.mod.processChunk(wrapped.ctx, chunk);
}

export async function close(wrapped: Wrapped): Promise<void> {
  await wrapped.mod.close?.(wrapped.ctx);
}
