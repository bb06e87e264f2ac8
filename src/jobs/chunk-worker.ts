/**
 * Worker-thread entry of the chunk executor. Loads the task module and runs its `init` once, right
 * at start, and says `ready` (so the executor sends chunks only to workers that can take them), then processes chunks one at a time in arrival order, so a worker never holds more
 * than one chunk's data. Results go back with their whole-buffer typed arrays transferred.
 * No top-level await: if tsx cannot be found this file is loaded with require() (see worker-pool.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadTaskModule } from "./load-task-module.js";
import type { ChunkTaskModule } from "./task.js";
import { serializeError } from "./thread-errors.js";
import { collectTransferables } from "./transferables.js";
import type { ChunkWorkerData, FromWorker, ToWorker } from "./worker-protocol.js";

interface Loaded {
  mod: ChunkTaskModule;
  ctx: unknown;
}

const port = parentPort;
const data = workerData as ChunkWorkerData;
let loaded: Promise<Loaded> | null = null;
let closing = false;
let queue: Promise<void> = Promise.resolve();

function context(): Promise<Loaded> {
  loaded ??= (async () => {
    const mod = await loadTaskModule(data.taskUrl);
    return { mod, ctx: await mod.init(data.initArgs) };
  })();
  return loaded;
}

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

async function processChunk(message: Extract<ToWorker, { type: "chunk" }>): Promise<void> {
  // Chunks queued behind a close request are dropped: the job is over (failed or aborted).
  if (closing) return;
  let phase: "init" | "chunk" = "init";
  try {
    const { mod, ctx } = await context();
    phase = "chunk";
    const result = await mod.processChunk(ctx, message.chunk);
    send({ type: "result", id: message.id, result }, collectTransferables(result));
  } catch (err) {
    send({ type: "error", id: message.id, phase, error: serializeError(err) });
  }
}

async function close(): Promise<void> {
  try {
    if (loaded !== null) {
      const { mod, ctx } = await loaded;
      await mod.close?.(ctx);
    }
    send({ type: "closed" });
  } catch (err) {
    send({ type: "closed", error: serializeError(err) });
  }
}

context().then(
  () => send({ type: "ready" }),
  (err: unknown) => send({ type: "ready", error: serializeError(err) }),
);

port?.on("message", (message: ToWorker) => {
  if (message.type === "close") closing = true;
  queue = queue.then(() => (message.type === "chunk" ? processChunk(message) : close()));
});
