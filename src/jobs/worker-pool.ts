/**
 * Node-only: a fixed set of worker threads running one chunk task (see chunk-worker.ts). Each
 * worker gets the task URL and init args once, at start; then only chunks travel. The pool knows
 * which chunks each worker holds, so a crashed thread fails exactly those chunks, and `shutdown`
 * always ends with every thread terminated (a job never leaves threads behind).
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Chunk } from "./chunks.js";
import { TS_EXTENSIONS } from "./load-task-module.js";
import { deserializeError } from "./thread-errors.js";
import type { ChunkWorkerData, FromWorker, ToWorker } from "./worker-protocol.js";

/** Where a chunk failed: loading/initialising the task, processing the chunk, or the thread itself. */
export type FailurePhase = "init" | "chunk" | "thread";

export class WorkerTaskError extends Error {
  constructor(
    readonly phase: FailurePhase,
    readonly original: Error,
  ) {
    super(original.message);
    this.name = "WorkerTaskError";
  }
}

interface Pending {
  resolve(result: unknown): void;
  reject(err: WorkerTaskError): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  alive: boolean;
  /** Task loaded and initialised (the worker said `ready`). */
  ready: boolean;
  exited: Promise<void>;
  onClosed: ((error: Error | null) => void) | null;
}

// The worker file sits next to this one with the same extension: .ts under tsx, .js once compiled.
const OWN_EXTENSION = extname(fileURLToPath(import.meta.url));
const WORKER_URL = new URL(`./chunk-worker${OWN_EXTENSION}`, import.meta.url);

let liveWorkers = 0;

/** Worker threads of all pools that have started and not yet exited (for tests and diagnostics). */
export function liveWorkerCount(): number {
  return liveWorkers;
}

/**
 * tsx's ES-module hooks (`--import tsx`) do not reach worker threads on Node 20, only its CommonJS
 * hook does. When running from .ts sources, a small ES-module entry therefore registers tsx's ESM
 * hooks inside the worker first (so ESM-only dependencies such as zarrita load), falling back to
 * require() through the CommonJS hook if tsx cannot be found.
 */
function tsxEsmApiUrl(): string | null {
  try {
    return import.meta.resolve("tsx/esm/api");
  } catch {
    return null;
  }
}

function spawnWorker(workerData: ChunkWorkerData): Worker {
  if (!TS_EXTENSIONS.has(OWN_EXTENSION)) return new Worker(WORKER_URL, { workerData });
  const api = tsxEsmApiUrl();
  const source = [
    `import { createRequire } from "node:module";`,
    `let hooks = false;`,
    api === null ? "" : `try { (await import(${JSON.stringify(api)})).register(); hooks = true; } catch {}`,
    `if (hooks) await import(${JSON.stringify(WORKER_URL.href)});`,
    `else createRequire(${JSON.stringify(WORKER_URL.href)})(${JSON.stringify(fileURLToPath(WORKER_URL))});`,
  ].join("\n");
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), { workerData });
}

export interface ChunkWorkerPoolOptions {
  /** Called when a worker has loaded and initialised the task (error: its load or init failed). */
  onReady?: (error: Error | null) => void;
}

export class ChunkWorkerPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private readonly onReady: (error: Error | null) => void;

  constructor(size: number, workerData: ChunkWorkerData, options: ChunkWorkerPoolOptions = {}) {
    this.onReady = options.onReady ?? (() => {});
    for (let i = 0; i < size; i++) this.slots.push(this.startSlot(workerData));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Live workers that have said `ready`. */
  get readyCount(): number {
    return this.slots.filter((s) => s.alive && s.ready).length;
  }

  /**
   * Whether some live worker (a ready one, if `readyOnly`) holds fewer than `depth` chunks, i.e.
   * whether `run` with the same arguments would queue at most `depth` chunks on it.
   */
  hasRoom(depth: number, readyOnly: boolean): boolean {
    return this.slots.some((s) => s.alive && (s.ready || !readyOnly) && s.pending.size < depth);
  }

  /**
   * Runs a chunk on the live worker holding the fewest chunks (among ready ones if `readyOnly` and
   * any is ready; chunks sent to a starting worker wait in its queue).
   */
  run(chunk: Chunk, readyOnly = false): Promise<unknown> {
    const live = this.slots.filter((s) => s.alive);
    if (live.length === 0) {
      return Promise.reject(
        new WorkerTaskError("thread", new Error("no live worker thread left in the pool")),
      );
    }
    const ready = live.filter((s) => s.ready);
    const candidates = readyOnly && ready.length > 0 ? ready : live;
    const slot = candidates.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      const message: ToWorker = { type: "chunk", id, chunk };
      slot.worker.postMessage(message);
    });
  }

  /**
   * Asks every worker to run the task's `close` (after its current chunk; queued chunks are
   * dropped), waits up to `graceMs`, then terminates all threads. Returns the close errors, and a
   * timeout error for workers that did not answer in time.
   */
  async shutdown(graceMs: number): Promise<Error[]> {
    const errors: Error[] = [];
    const closes = this.slots
      .filter((s) => s.alive)
      .map(
        (slot) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              errors.push(new Error(`worker thread did not close within ${graceMs} ms`));
              resolve();
            }, graceMs);
            slot.onClosed = (error) => {
              clearTimeout(timer);
              if (error !== null) errors.push(error);
              resolve();
            };
            const message: ToWorker = { type: "close" };
            slot.worker.postMessage(message);
          }),
      );
    await Promise.all(closes);
    await this.destroy();
    return errors;
  }

  /** Terminates every thread now and waits until all have exited. */
  async destroy(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot) => {
        slot.alive = false;
        await slot.worker.terminate();
        await slot.exited;
      }),
    );
  }

  private startSlot(workerData: ChunkWorkerData): Slot {
    const worker = spawnWorker(workerData);
    liveWorkers++;
    let markExited: () => void = () => {};
    const slot: Slot = {
      worker,
      pending: new Map(),
      alive: true,
      ready: false,
      exited: new Promise<void>((resolve) => (markExited = resolve)),
      onClosed: null,
    };
    const failAll = (error: Error) => {
      slot.alive = false;
      for (const p of slot.pending.values()) p.reject(new WorkerTaskError("thread", error));
      slot.pending.clear();
      slot.onClosed?.(error);
      slot.onClosed = null;
    };
    worker.on("message", (message: FromWorker) => this.onMessage(slot, message));
    worker.on("error", (err) => failAll(err instanceof Error ? err : new Error(String(err))));
    worker.on("messageerror", (err) => failAll(err));
    worker.on("exit", (code) => {
      liveWorkers--;
      failAll(new Error(`worker thread exited with code ${code}`));
      markExited();
    });
    return slot;
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === "ready") {
      const error = message.error === undefined ? null : deserializeError(message.error);
      slot.ready = error === null;
      this.onReady(error);
      return;
    }
    if (message.type === "closed") {
      slot.onClosed?.(message.error === undefined ? null : deserializeError(message.error));
      slot.onClosed = null;
      return;
    }
    const pending = slot.pending.get(message.id);
    if (pending === undefined) return;
    slot.pending.delete(message.id);
    if (message.type === "result") pending.resolve(message.result);
    else pending.reject(new WorkerTaskError(message.phase, deserializeError(message.error)));
  }
}
