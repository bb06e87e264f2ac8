/**
 * Atomic folder and file writes: everything is written under a temporary sibling name and renamed
 * into place at the end, so a failure midway never leaves a half-written folder at the target, and
 * an existing target is only replaced when the caller said `overwrite: true` — and only after the
 * new content is complete.
 *
 * Temporary siblings are named `.<target name>.tmp-<pid>-…`. A failure removes its own (catch
 * block); so does the end of the process (see temp-cleanup.ts: exit, and SIGINT/SIGTERM when
 * nothing else handles them); and a process killed hard (SIGKILL, power loss) leaves one that the
 * next write to the same target removes, once its pid is no longer alive.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { SpikeInterfaceError } from "../errors.js";
import { trackTemp, untrackTemp } from "./temp-cleanup.js";

export interface AtomicOptions {
  overwrite?: boolean;
}

export function checkTarget(target: string, { overwrite = false }: AtomicOptions): void {
  if (existsSync(target) && !overwrite) {
    throw new SpikeInterfaceError(
      "file_exists",
      `${target} already exists: pass overwrite: true to replace it`,
      {
        path: target,
      },
    );
  }
}

function tempPrefix(target: string): string {
  return `.${basename(target)}.tmp-`;
}

function tempSibling(target: string): string {
  const stamp = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return join(dirname(target), `${tempPrefix(target)}${stamp}`);
}

/** Whether process `pid` exists (EPERM: it does, owned by someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary siblings of `target` left by processes that no longer run. Only names of
 * exactly our pattern are touched; a pid on another machine sharing the folder would be taken for
 * dead, but only a write to the very same target looks, and such concurrent writes would race anyway.
 */
export function removeStaleTemps(target: string): string[] {
  const dir = dirname(target);
  const prefix = tempPrefix(target);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true, maxRetries: 3 });
    removed.push(join(dir, name));
  }
  return removed;
}

/** Build a folder through `fill(tmpFolder)`, then move it to `target`. */
export async function writeFolderAtomic<T>(
  target: string,
  options: AtomicOptions,
  fill: (tmpFolder: string) => Promise<T> | T,
): Promise<T> {
  const abs = resolve(target);
  checkTarget(abs, options);
  mkdirSync(dirname(abs), { recursive: true });
  removeStaleTemps(abs);
  const tmp = tempSibling(abs);
  // Tracked (signal listeners installed) before it exists: a Ctrl-C right after the mkdir would
  // otherwise meet Node's default handler and leave the folder behind.
  trackTemp(tmp);
  try {
    mkdirSync(tmp);
    const result = await fill(tmp);
    if (existsSync(abs)) {
      const old = tempSibling(abs);
      renameSync(abs, old);
      renameSync(tmp, abs);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, abs);
    }
    return result;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    throw err;
  } finally {
    untrackTemp(tmp);
  }
}

export function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicOptions = {},
): void {
  const abs = resolve(target);
  checkTarget(abs, options);
  mkdirSync(dirname(abs), { recursive: true });
  removeStaleTemps(abs);
  const tmp = tempSibling(abs);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, abs);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
