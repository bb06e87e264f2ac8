/**
 * Worker-side wrapper used by runRecordingChunks when nJobs > 1: rebuilds the recording from its
 * transferable form once per worker, then hands it to the user's task module, whose `init`
 * receives `{ ...initArgs, recording }` exactly as in-process.
 */
// Importing the node entry registers every extractor class (file-backed ones included), so the
// provenance dict can be rebuilt here. Custom classes must be registered by the user's task module.
import "../node.js";
import { fromTransferable, type TransferableExtractor } from "../base/transfer.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { Chunk } from "./chunks.js";
import { loadTaskModule } from "./load-task-module.js";
import type { ChunkTaskModule } from "./task.js";

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
  const recording = (await fromTransferable(args.recording)) as BaseRecording;
  const mod = await loadTaskModule(args.task);
  return { mod, ctx: await mod.init({ ...args.initArgs, recording }) };
}

export function processChunk(wrapped: Wrapped, chunk: Chunk): Promise<unknown> | unknown {
  return wrapped.mod.processChunk(wrapped.ctx, chunk);
}

export async function close(wrapped: Wrapped): Promise<void> {
  await wrapped.mod.close?.(wrapped.ctx);
}
