/**
 * Node-only generic chunk executor. `nJobs` 1 runs the task module in this thread; more runs it in
 * a pool of worker threads too (by default nJobs - 1 of them, plus this thread, which starts on the
 * first chunks while the workers boot). Either way results reach `onResult` (or the returned array) in chunk
 * order, at most `maxInFlight` chunks (default 2 × nJobs) are dispatched but not yet delivered,
 * so memory stays bounded by a few chunks per worker, and the first failure stops the job.
 */
import { formatValue, InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import type { Chunk } from "./chunks.js";
import "./cpu-count-node.js";
import { getCpuCount } from "./cpu-count.js";
import { resolveNJobs } from "./job-kwargs.js";
import { defaultJobName, loadTaskModule, taskUrlOf } from "./load-task-module.js";
import { createProgressSink, type ProgressSink, type ProgressStream } from "./progress.js";
import type { TaskRef } from "./task.js";
import { wrapChunkError } from "./thread-errors.js";
import { ChunkWorkerPool, WorkerTaskError } from "./worker-pool.js";

export type OnChunkResult<R> = (result: R, chunk: Chunk, chunkIndex: number) => void | Promise<void>;

export interface RunChunksOptions<I, R> {
  chunks: readonly Chunk[];
  /** Module exporting init / processChunk / optional close (see task.ts). */
  task: TaskRef;
  /** Passed to `init`; must be structured-cloneable when nJobs > 1. */
  initArgs?: I;
  /** Integers >= 1 are used as given (fixJobKwargs already clamped them); -1, "all", fractions are resolved. */
  nJobs?: number | "all";
  /** Called in chunk order; when given, results are not kept. */
  onResult?: OnChunkResult<R>;
  signal?: AbortSignal;
  /** Names the job in errors and on the progress bar (default: the task file name). */
  jobName?: string;
  progressBar?: boolean;
  progressStream?: ProgressStream;
  /** A custom sink (e.g. a GUI); overrides progressBar/progressStream. */
  progress?: ProgressSink;
  /** Chunks dispatched but not yet delivered, at most. Default 2 × nJobs. */
  maxInFlight?: number;
  /**
   * nJobs > 1: whether this (calling) thread processes chunks too, alongside nJobs - 1 workers,
   * starting before they are up (default true; results are the same either way). False keeps
   * this thread free (e.g. a UI thread) and runs nJobs workers.
   */
  useCallingThread?: boolean;
  /**
   * What this thread runs when it shares the work, if not `task` with `initArgs` (e.g. the same
   * work from live objects instead of their worker-transferable form). Must give the same results.
   */
  callingThreadTask?: { task: TaskRef; initArgs: unknown };
  /** How long workers get to run the task's `close` before being terminated (default 10000 ms). */
  closeTimeoutMs?: number;
}

/** When a chunk, an init or a close fails, how long workers get to close files before termination. */
const FAILURE_GRACE_MS = 1000;

export function runChunks<I, R>(
  options: RunChunksOptions<I, R> & { onResult: OnChunkResult<R> },
): Promise<undefined>;
export function runChunks<I, R>(options: RunChunksOptions<I, R>): Promise<R[]>;
export async function runChunks<I, R>(options: RunChunksOptions<I, R>): Promise<R[] | undefined> {
  const taskUrl = taskUrlOf(options.task);
  const jobName = options.jobName ?? defaultJobName(taskUrl);
  const nJobs = effectiveNJobs(options.nJobs ?? 1);
  const results: R[] = [];
  const deliver: OnChunkResult<R> = options.onResult ?? ((r) => void results.push(r));
  const sink =
    options.progress ??
    (await createProgressSink({ progressBar: options.progressBar ?? false, stream: options.progressStream }));
  const job: Job<I, R> = { ...options, taskUrl, jobName, deliver, sink };
  abortCheck(job, 0);
  if (options.chunks.length === 0) return options.onResult ? undefined : results;
  sink.start(options.chunks.length, jobName);
  try {
    if (nJobs === 1) await runInProcess(job);
    else await runInPool(job, Math.min(nJobs, options.chunks.length));
  } finally {
    sink.stop();
  }
  return options.onResult ? undefined : results;
}

/** What error messages need to know about a job. */
interface JobInfo {
  taskUrl: string;
  jobName: string;
  chunks: readonly Chunk[];
  signal?: AbortSignal;
}

interface Job<I, R> extends Omit<RunChunksOptions<I, R>, "jobName">, JobInfo {
  deliver: OnChunkResult<R>;
  sink: ProgressSink;
}

function effectiveNJobs(nJobs: number | "all"): number {
  if (typeof nJobs === "number" && Number.isInteger(nJobs) && nJobs >= 1) return nJobs;
  return resolveNJobs(nJobs, getCpuCount());
}

function abortCheck(job: JobInfo, delivered: number): void {
  if (job.signal?.aborted) throw abortedError(job, delivered);
}

function abortedError(job: JobInfo, delivered: number): SpikeInterfaceError {
  return new SpikeInterfaceError(
    "aborted",
    `${job.jobName}: aborted after ${delivered} of ${job.chunks.length} chunks`,
    { jobName: job.jobName, delivered },
    { cause: job.signal?.reason },
  );
}

function initError(job: JobInfo, cause: unknown): SpikeInterfaceError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SpikeInterfaceError(
    "worker",
    `${job.jobName}: task ${job.taskUrl} failed to load or initialise: ${reason}`,
    { jobName: job.jobName, task: job.taskUrl },
    { cause },
  );
}

function closeError(job: JobInfo, cause: unknown): SpikeInterfaceError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SpikeInterfaceError(
    "worker",
    `${job.jobName}: closing the task failed: ${reason}`,
    { jobName: job.jobName },
    { cause },
  );
}

/** Same module, same calls as a worker would make, in this thread; initArgs are not cloned. */
async function runInProcess<I, R>(job: Job<I, R>): Promise<void> {
  let mod: Awaited<ReturnType<typeof loadTaskModule>>;
  let ctx: unknown;
  try {
    mod = await loadTaskModule(job.taskUrl);
    ctx = await mod.init(job.initArgs);
  } catch (err) {
    throw initError(job, err);
  }
  try {
    for (let i = 0; i < job.chunks.length; i++) {
      abortCheck(job, i);
      const chunk = job.chunks[i];
      let result: R;
      try {
        result = (await mod.processChunk(ctx, chunk)) as R;
      } catch (err) {
        throw wrapChunkError(job.jobName, chunk, i, err);
      }
      job.sink.tick(1);
      await job.deliver(result, chunk, i);
    }
  } catch (err) {
    // Close even after a failure (files must not stay open), but report the first error.
    await Promise.resolve(mod.close?.(ctx)).catch(() => {});
    throw err;
  }
  try {
    await mod.close?.(ctx);
  } catch (err) {
    throw closeError(job, err);
  }
}

/**
 * How the calling thread shares the work when nJobs > 1: "share" runs nJobs - 1 workers and this
 * thread processes chunks throughout; "startup" runs nJobs workers and this thread processes chunks
 * only until all of them are ready. SI_JOBS_CALLING_THREAD=startup|off overrides it, for benchmarks
 * ("off": the default of useCallingThread becomes false).
 */
const CALLING_THREAD_ENV = process.env.SI_JOBS_CALLING_THREAD;
const CALLING_THREAD_MODE: "share" | "startup" = CALLING_THREAD_ENV === "startup" ? "startup" : "share";

/** Chunks queued on a ready worker while this thread works too: one running, one waiting. */
const WORKER_DEPTH = 2;

interface LocalTask {
  mod: Awaited<ReturnType<typeof loadTaskModule>>;
  ctx: unknown;
}

async function initLocal<I, R>(job: Job<I, R>): Promise<LocalTask> {
  const own = job.callingThreadTask;
  try {
    const mod = await loadTaskModule(own === undefined ? job.taskUrl : taskUrlOf(own.task));
    return { mod, ctx: await mod.init(own === undefined ? job.initArgs : own.initArgs) };
  } catch (err) {
    throw initError(job, err);
  }
}

/** Lets worker messages (ready, results) in between chunks processed synchronously in this thread. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function runInPool<I, R>(job: Job<I, R>, nJobs: number): Promise<void> {
  const maxInFlight = job.maxInFlight ?? 2 * nJobs;
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
    throw new InvalidArgumentError(`maxInFlight ${formatValue(maxInFlight)} must be an integer >= 1`, {
      value: maxInFlight,
    });
  }
  const share = job.useCallingThread ?? CALLING_THREAD_ENV !== "off";
  const workers = share && CALLING_THREAD_MODE === "share" ? nJobs - 1 : nJobs;
  // With this thread working, chunks go only to ready workers, a few at a time, so none waits
  // behind a starting worker; otherwise the old way: up to maxInFlight, queued on the least busy.
  const depth = share ? WORKER_DEPTH : Number.POSITIVE_INFINITY;
  const ready = new Map<number, R>();
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const pool = new ChunkWorkerPool(
    workers,
    { taskUrl: job.taskUrl, initArgs: job.initArgs },
    {
      onReady: (error) => {
        if (error !== null) failure ??= initError(job, error);
        notify();
      },
    },
  );
  let local: LocalTask | null = null;
  let next = 0;
  let delivered = 0;
  const onAbort = () => {
    failure ??= abortedError(job, delivered);
    notify();
  };
  const localWanted = () => CALLING_THREAD_MODE === "share" || pool.readyCount < workers;
  job.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    // Workers start in their threads meanwhile.
    if (share) local = await initLocal(job);
    while (delivered < job.chunks.length) {
      if (failure !== null) throw failure;
      while (next < job.chunks.length && next - delivered < maxInFlight && pool.hasRoom(depth, share)) {
        const index = next++;
        pool.run(job.chunks[index], share).then(
          (result) => {
            ready.set(index, result as R);
            job.sink.tick(1);
            notify();
          },
          (err: unknown) => {
            failure ??= poolFailure(job, index, err);
            notify();
          },
        );
      }
      if (ready.has(delivered)) {
        const result = ready.get(delivered) as R;
        ready.delete(delivered);
        await job.deliver(result, job.chunks[delivered], delivered);
        delivered++;
        continue;
      }
      if (local !== null && next < job.chunks.length && next - delivered < maxInFlight && localWanted()) {
        const index = next++;
        const chunk = job.chunks[index];
        try {
          ready.set(index, (await local.mod.processChunk(local.ctx, chunk)) as R);
        } catch (err) {
          throw wrapChunkError(job.jobName, chunk, index, err);
        }
        job.sink.tick(1);
        await yieldToEventLoop();
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
    const own = local;
    local = null;
    const closeLocal = async (): Promise<Error[]> => {
      try {
        await own?.mod.close?.(own.ctx);
        return [];
      } catch (err) {
        return [err instanceof Error ? err : new Error(String(err))];
      }
    };
    const [localErrors, closeErrors] = await Promise.all([
      closeLocal(),
      pool.shutdown(job.closeTimeoutMs ?? 10_000),
    ]);
    const errors = [...localErrors, ...closeErrors];
    if (errors.length > 0) throw closeError(job, errors[0]);
  } catch (err) {
    const own = local;
    local = null;
    // Close even after a failure (files must not stay open), but report the first error.
    await Promise.all([
      Promise.resolve()
        .then(() => own?.mod.close?.(own.ctx))
        .catch(() => {}),
      pool.shutdown(FAILURE_GRACE_MS),
    ]);
    throw err;
  } finally {
    job.signal?.removeEventListener("abort", onAbort);
  }
}

function poolFailure(job: JobInfo, index: number, err: unknown): Error {
  if (err instanceof WorkerTaskError && err.phase === "init") return initError(job, err.original);
  const cause = err instanceof WorkerTaskError ? err.original : err;
  return wrapChunkError(job.jobName, job.chunks[index], index, cause);
}
