/**
 * Node-only: removes the temporary folders of writes still in progress when the process ends, so
 * a Ctrl-C during a long save does not leave hundreds of MB in a hidden `.x.tmp-…` folder.
 *
 * - `exit` (normal end, `process.exit()` — e.g. from a user's own SIGINT handler): removed.
 * - SIGINT / SIGTERM with no other listener: Node's default is to die by the signal, so we remove
 *   the folders, take our listener off and send the same signal again: the process ends exactly as
 *   it would have (killed by that signal, exit status 128 + n), only without the leftovers.
 * - SIGINT / SIGTERM with another listener (the CLI's, a user's): that listener decides whether the
 *   process ends; deleting a folder a save still writes to would break a process that goes on. An
 *   aborted save removes its folder itself, and `process.exit` reaches the `exit` case.
 * The listeners are installed only while a write is in progress.
 */
import { rmSync } from "node:fs";

const inProgress = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM"] as const;

function removeAll(): void {
  for (const path of inProgress) {
    try {
      // Worker threads may still be adding files: retry rather than fail on ENOTEMPTY.
      rmSync(path, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Best effort while the process ends; the next write to the target removes what is left.
    }
  }
  inProgress.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  removeAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on("exit", removeAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.off("exit", removeAll);
  for (const s of SIGNALS) process.off(s, onSignal);
}

export function trackTemp(path: string): void {
  if (inProgress.size === 0) install();
  inProgress.add(path);
}

export function untrackTemp(path: string): void {
  if (!inProgress.delete(path)) return;
  if (inProgress.size === 0) uninstall();
}
