/** Shared helpers for the npy tests: fixture paths and bytes. */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const PYTHON_SI = fileURLToPath(new URL("../../fixtures/python-si/", import.meta.url));
export const GENERATED = fileURLToPath(new URL("../../fixtures/generated/npy/", import.meta.url));

export function readBytes(path: string): Uint8Array {
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

/** Every file under `dir` (recursively) whose name ends with `suffix`, as paths relative to `dir`. */
export function listFiles(dir: string, suffix: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(suffix)).sort();
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** First index where two byte arrays differ (for readable failure messages), or -1. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
