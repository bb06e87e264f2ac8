/**
 * Job kwargs: the options every chunked, parallel operation accepts (SpikeInterface's `job_kwargs`,
 * camelCased), the session-wide globals and `fixJobKwargs`, which merges runtime values over the
 * globals and resolves `nJobs`. Browser-safe.
 *
 * JS has one number type, so SpikeInterface's int/float distinction for `n_jobs` cannot be kept:
 * here `1` (or `1.0`, the same value) means one job and `nJobs: "all"` means every core (what Python
 * spells `n_jobs=1.0` or `-1`). Every other row of the spec table (examples.md §8) is kept.
 */
import { checkOptionKey } from "../base/option-keys.js";
import { formatValue, InvalidArgumentError } from "../errors.js";
import { getCpuCount } from "./cpu-count.js";
import { checkChunkDuration, convertStringToBytes } from "./units.js";

/** Both values run worker threads here (JS has no fork); the key is kept for kwargs compatibility. */
export type PoolEngine = "process" | "thread";
/** Accepted for compatibility and ignored: workers are threads, there is no process start method. */
export type MpContext = "fork" | "spawn" | "forkserver";

export interface JobKwargs {
  /** Jobs (worker threads): an integer (-1 = all cores, -2 = all but one), a fraction in (0, 1) of the cores, or "all". */
  nJobs?: number | "all" | null;
  /** Samples per chunk (integer >= 1). Wins over the other chunk keys. */
  chunkSize?: number | null;
  /** Memory per chunk such as "100M", "1G", "500Mi". */
  chunkMemory?: string | null;
  /** Memory for all jobs together, divided by nJobs. */
  totalMemory?: string | null;
  /** "1s", "500ms", or a number of seconds. */
  chunkDuration?: string | number | null;
  progressBar?: boolean | null;
  mpContext?: MpContext | null;
  /** Accepted and validated; a JS worker is single-threaded, so it has no effect yet. */
  maxThreadsPerWorker?: number | null;
  poolEngine?: PoolEngine | null;
}

export type JobKey = keyof JobKwargs;

/** `fixJobKwargs` output: nJobs resolved to an integer in [1, cpus], null entries dropped. */
export interface FixedJobKwargs {
  nJobs: number;
  chunkSize?: number;
  chunkMemory?: string;
  totalMemory?: string;
  chunkDuration?: string | number;
  progressBar: boolean;
  mpContext: MpContext | null;
  maxThreadsPerWorker: number;
  poolEngine: PoolEngine;
}

export const JOB_KEYS: readonly JobKey[] = [
  "poolEngine",
  "nJobs",
  "totalMemory",
  "chunkSize",
  "chunkMemory",
  "chunkDuration",
  "progressBar",
  "mpContext",
  "maxThreadsPerWorker",
];

/** Mutually exclusive ways to choose the chunk size. */
export const CHUNK_KEYS: readonly JobKey[] = ["totalMemory", "chunkSize", "chunkMemory", "chunkDuration"];

const DEFAULT_JOB_KWARGS: Readonly<JobKwargs> = {
  poolEngine: "process",
  nJobs: 1,
  chunkDuration: "1s",
  progressBar: true,
  mpContext: null,
  maxThreadsPerWorker: 1,
};

let globalJobKwargs: JobKwargs = { ...DEFAULT_JOB_KWARGS };
let globalJobKwargsSet = false;

/** A copy of the session-wide job kwargs (values are primitives, so a shallow copy is a deep one). */
export function getGlobalJobKwargs(): JobKwargs {
  return { ...globalJobKwargs };
}

/** Merges into the globals (does not drop other chunk keys, like SpikeInterface); null removes a key. */
export function setGlobalJobKwargs(kwargs: JobKwargs): void {
  const next = { ...globalJobKwargs };
  for (const [key, value] of Object.entries(kwargs)) {
    checkJobKey(key);
    if (value === null || value === undefined) delete next[key as JobKey];
    else {
      checkJobValue(key as JobKey, value);
      (next as Record<string, unknown>)[key] = value;
    }
  }
  globalJobKwargs = next;
  globalJobKwargsSet = true;
}

/** Back to the defaults. As in SpikeInterface, the "was set" flag stays as it was. */
export function resetGlobalJobKwargs(): void {
  globalJobKwargs = { ...DEFAULT_JOB_KWARGS };
}

export function isSetGlobalJobKwargsSet(): boolean {
  return globalJobKwargsSet;
}

export interface FixJobKwargsOptions {
  /** Overrides the CPU count provider (see cpu-count.ts). */
  cpuCount?: number;
}

/**
 * Globals overlaid with runtime kwargs. A chunk key given (non-null) at runtime removes all four chunk
 * keys of the globals first, so `{ chunkSize: 1000 }` is not overridden by a global chunkMemory.
 * Runtime nulls are ignored. Unknown keys and bad values throw, naming them.
 */
export function fixJobKwargs(runtime: JobKwargs = {}, options: FixJobKwargsOptions = {}): FixedJobKwargs {
  const merged: Record<string, unknown> = { ...globalJobKwargs };
  const entries = Object.entries(runtime).filter(([key, value]) => {
    checkJobKey(key);
    return value !== null && value !== undefined;
  });
  if (entries.some(([key]) => CHUNK_KEYS.includes(key as JobKey))) {
    for (const key of CHUNK_KEYS) delete merged[key];
  }
  for (const [key, value] of entries) merged[key] = value;
  for (const [key, value] of Object.entries(merged)) {
    if (value === null || value === undefined) delete merged[key];
    else checkJobValue(key as JobKey, value);
  }
  const cpuCount = options.cpuCount ?? getCpuCount();
  // Nulls were deleted above, so the chunk keys hold only concrete values.
  const fixed: FixedJobKwargs = {
    ...(merged as Omit<FixedJobKwargs, "nJobs">),
    nJobs: resolveNJobs((merged.nJobs as JobKwargs["nJobs"]) ?? 1, cpuCount),
    progressBar: (merged.progressBar as boolean | undefined) ?? true,
    mpContext: (merged.mpContext as MpContext | undefined) ?? null,
    maxThreadsPerWorker: (merged.maxThreadsPerWorker as number | undefined) ?? 1,
    poolEngine: (merged.poolEngine as PoolEngine | undefined) ?? "process",
  };
  return fixed;
}

/**
 * nJobs → an integer in [1, cpuCount]: "all" → cpuCount; a fraction in (0, 1) → that share of the
 * cores (truncated); negative → cpuCount + 1 + nJobs (so -1 = all); other numbers truncated.
 */
export function resolveNJobs(nJobs: number | "all", cpuCount: number): number {
  checkNJobs(nJobs);
  let n: number;
  if (nJobs === "all") n = cpuCount;
  else if (nJobs > 0 && nJobs < 1) n = Math.trunc(nJobs * cpuCount);
  else if (nJobs < 0) n = Math.trunc(cpuCount + 1 + nJobs);
  else n = Math.trunc(nJobs);
  return Math.min(Math.max(n, 1), cpuCount);
}

/** Separates an options object into operation-specific options and fixed job kwargs. */
export function splitJobKwargs<T extends object>(
  mixed: T,
  options: FixJobKwargsOptions = {},
): { specificKwargs: Omit<T, JobKey>; jobKwargs: FixedJobKwargs } {
  const specific: Record<string, unknown> = {};
  const job: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mixed)) {
    if ((JOB_KEYS as readonly string[]).includes(key)) job[key] = value;
    else specific[key] = value;
  }
  return { specificKwargs: specific as Omit<T, JobKey>, jobKwargs: fixJobKwargs(job as JobKwargs, options) };
}

function checkJobKey(key: string): void {
  checkOptionKey(key, JOB_KEYS, "job kwarg");
}

function bad(key: JobKey, value: unknown, expected: string): never {
  throw new InvalidArgumentError(`job kwarg ${key}=${formatValue(value)} is invalid: expected ${expected}`, {
    key,
    value,
  });
}

function checkNJobs(value: unknown): asserts value is number | "all" {
  if (value === "all") return;
  if (typeof value !== "number" || !Number.isFinite(value) || value === 0) {
    bad("nJobs", value, 'a non-zero finite number or "all"');
  }
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}

/** Type and domain of one value; chunk strings are parsed now so mistakes surface before any work. */
function checkJobValue(key: JobKey, value: unknown): void {
  switch (key) {
    case "nJobs":
      checkNJobs(value);
      return;
    case "chunkSize":
    case "maxThreadsPerWorker":
      if (!isPositiveInteger(value)) bad(key, value, "an integer >= 1");
      return;
    case "chunkMemory":
    case "totalMemory":
      if (typeof value !== "string") bad(key, value, 'a string such as "100M" or "1Gi"');
      if (convertStringToBytes(value) <= 0) bad(key, value, "a positive size");
      return;
    case "chunkDuration":
      if (typeof value !== "string" && typeof value !== "number") bad(key, value, '"1s", "500ms" or seconds');
      checkChunkDuration(value);
      return;
    case "progressBar":
      if (typeof value !== "boolean") bad(key, value, "true or false");
      return;
    case "mpContext":
      if (value !== "fork" && value !== "spawn" && value !== "forkserver")
        bad(key, value, '"fork", "spawn" or "forkserver"');
      return;
    case "poolEngine":
      if (value !== "process" && value !== "thread") bad(key, value, '"process" or "thread"');
      return;
  }
}
