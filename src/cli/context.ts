/**
 * What every command gets: output streams, the abort signal raised by Ctrl-C, a place to register
 * output folders to remove if the command does not finish, and the job-option parsers.
 */
import { existsSync, rmSync } from "node:fs";
import { type JobKwargs, resolveNJobs } from "../jobs/job-kwargs.js";
import { checkChunkDuration } from "../jobs/units.js";
import { UsageError } from "./errors.js";

export interface CliContext {
  out(line: string): void;
  err(line: string): void;
  readonly signal: AbortSignal;
  /** Remove `path` if the command fails or is interrupted (only paths the command creates). */
  removeOnFailure(path: string): void;
}

export class Cleanup {
  private readonly paths = new Set<string>();

  add(path: string): void {
    if (!existsSync(path)) this.paths.add(path);
  }

  run(): void {
    for (const p of this.paths) rmSync(p, { recursive: true, force: true });
    this.paths.clear();
  }

  clear(): void {
    this.paths.clear();
  }
}

/** --n-jobs: an integer (negative counts back from all cores), a fraction in (0, 1), or "all". */
export function parseNJobs(text: string): number | "all" {
  if (text === "all") return "all";
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n === 0) {
    throw new UsageError(`--n-jobs must be a non-zero number or "all", got ${JSON.stringify(text)}`);
  }
  try {
    resolveNJobs(n, 1);
  } catch (err) {
    throw new UsageError(`--n-jobs ${text}: ${(err as Error).message}`);
  }
  return n;
}

/** --chunk-duration: "1s", "500ms" or a number of seconds. */
export function parseChunkDuration(text: string): string | number {
  const value: string | number = /^[\d.]+$/.test(text) ? Number(text) : text;
  try {
    checkChunkDuration(value);
  } catch (err) {
    throw new UsageError(`--chunk-duration ${JSON.stringify(text)}: ${(err as Error).message}`);
  }
  return value;
}

export interface JobOptionValues {
  nJobs?: string;
  chunkDuration?: string;
  progress?: boolean;
}

export function jobKwargsFrom(o: JobOptionValues): JobKwargs {
  const kw: JobKwargs = { progressBar: o.progress !== false };
  if (o.nJobs !== undefined) kw.nJobs = parseNJobs(o.nJobs);
  if (o.chunkDuration !== undefined) kw.chunkDuration = parseChunkDuration(o.chunkDuration);
  return kw;
}
