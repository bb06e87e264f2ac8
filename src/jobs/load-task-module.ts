/**
 * Node-only: turn a task reference into a URL and load the module it names, in the main thread or
 * in a worker. import() is the normal path; require() is the fallback for a .ts task in a worker
 * where only tsx's CommonJS hook is active (then the task must not use top-level await).
 */
import { createRequire } from "node:module";
import { basename, extname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatValue, InvalidArgumentError } from "../errors.js";
import type { ChunkTaskModule, TaskRef } from "./task.js";

export const TS_EXTENSIONS: ReadonlySet<string> = new Set([".ts", ".mts", ".cts", ".tsx"]);

export function taskUrlOf(task: TaskRef): string {
  if (task instanceof URL) return task.href;
  if (typeof task !== "string" || task.length === 0) {
    throw new InvalidArgumentError(`task must be a module URL or file path, got ${formatValue(task)}`, {
      task,
    });
  }
  // A scheme of two or more letters is a URL; "C:\..." is a Windows path.
  if (/^[a-z][a-z0-9+.-]+:/i.test(task)) return task;
  return pathToFileURL(resolve(task)).href;
}

/** The task's file name: the job name when none is given. */
export function defaultJobName(taskUrl: string): string {
  return basename(taskUrl.startsWith("file:") ? fileURLToPath(taskUrl) : taskUrl);
}

export async function loadTaskModule(url: string): Promise<ChunkTaskModule> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (err) {
    // A worker thread where only tsx's CommonJS hook is active (see worker-pool.ts).
    const unknownExtension = (err as { code?: unknown }).code === "ERR_UNKNOWN_FILE_EXTENSION";
    if (!unknownExtension || !url.startsWith("file:") || !TS_EXTENSIONS.has(extname(fileURLToPath(url))))
      throw err;
    mod = createRequire(import.meta.url)(fileURLToPath(url)) as Record<string, unknown>;
  }
  for (const name of ["init", "processChunk"]) {
    if (typeof mod[name] !== "function") {
      throw new InvalidArgumentError(`task module ${url} does not export a function ${formatValue(name)}`, {
        task: url,
      });
    }
  }
  if (mod.close !== undefined && typeof mod.close !== "function") {
    throw new InvalidArgumentError(`task module ${url} exports "close" but it is not a function`, {
      task: url,
    });
  }
  return mod as unknown as ChunkTaskModule;
}
