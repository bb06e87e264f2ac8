/**
 * The CPU count used to resolve `nJobs`, behind an injectable provider so this file stays
 * browser-safe: the default reads `navigator.hardwareConcurrency` (browsers, Node >= 21) and falls
 * back to 1; the Node entry installs `os.availableParallelism()` (see cpu-count-node.ts).
 */
import { InvalidArgumentError } from "../errors.js";

export type CpuCountProvider = () => number;

function navigatorCpuCount(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: unknown } }).navigator;
  const n = nav?.hardwareConcurrency;
  return typeof n === "number" && Number.isInteger(n) && n >= 1 ? n : 1;
}

let provider: CpuCountProvider = navigatorCpuCount;

/** Replace the CPU count source (tests, Node entry); `null` restores the navigator-based default. */
export function setCpuCountProvider(fn: CpuCountProvider | null): void {
  provider = fn ?? navigatorCpuCount;
}

export function getCpuCount(): number {
  const n = provider();
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`the CPU count provider returned ${n}; it must return an integer >= 1`, {
      value: n,
    });
  }
  return n;
}
