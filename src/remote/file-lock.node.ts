/**
 * A lock file per download, so that two processes asking for the same dataset at once (parallel
 * test runners do) do not write the same partial file; the second one waits and then finds the
 * file complete. The holder refreshes the lock's mtime every second; a lock untouched for
 * `staleMs` belongs to a process that died and is taken over.
 */
import { closeSync, openSync, rmSync, statSync, utimesSync, writeSync } from "node:fs";
import { SpikeInterfaceError } from "../errors.js";

export interface HeldLock {
  release(): void;
}

const POLL_MS = 100;

export async function acquireFileLock(
  lockPath: string,
  options: { staleMs?: number; signal?: AbortSignal } = {},
): Promise<HeldLock> {
  const staleMs = options.staleMs ?? 10_000;
  for (;;) {
    if (options.signal?.aborted) {
      throw new SpikeInterfaceError("aborted", `aborted while waiting for ${lockPath}`, { path: lockPath });
    }
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return hold(lockPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    let mtime: number;
    try {
      mtime = statSync(lockPath).mtimeMs;
    } catch {
      continue; // released between our open and stat
    }
    if (Date.now() - mtime > staleMs) {
      rmSync(lockPath, { force: true });
      continue;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function hold(lockPath: string): HeldLock {
  const timer = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(lockPath, now, now);
    } catch {
      // the lock vanished (someone judged it stale): nothing useful to do here
    }
  }, 1000);
  // A pending download keeps the process alive by itself; the refresher must not.
  timer.unref();
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      rmSync(lockPath, { force: true });
    },
  };
}
