/**
 * Atomic folder and file writes: everything is written under a temporary sibling name and renamed
 * into place at the end, so a failure midway never leaves a half-written folder at the target, and
 * an existing target is only replaced when the caller said `overwrite: true` — and only after the
 * new content is complete.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { SpikeInterfaceError } from "../errors.js";

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

function tempSibling(target: string): string {
  const stamp = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return join(dirname(target), `.${basename(target)}.tmp-${stamp}`);
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
  const tmp = tempSibling(abs);
  mkdirSync(tmp);
  try {
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
    rmSync(tmp, { recursive: true, force: true });
    throw err;
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
  const tmp = tempSibling(abs);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, abs);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
