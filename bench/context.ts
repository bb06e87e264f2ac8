/**
 * Shared set-up of `npm run bench`: the reference data of ../shared/notes/benchmarks.md — 384
 * channels, 30 kHz, int16 Gaussian noise (std 20), `--duration` seconds (default 60) — written once
 * (untimed) to a raw file under the OS temp folder, plus helpers to time and print JSON lines.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface BenchContext {
  work: string;
  durationSeconds: number;
  samplingFrequency: number;
  numChannels: number;
  numSamples: number;
  rawPath: string;
  traceMB: number;
  /** Folders other workloads may leave for later ones (e.g. the zarr copy for W5). */
  artifacts: Map<string, string>;
}

export function emit(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}

/** Deterministic N(0, 20) int16 noise, one second per write (xorshift + Box-Muller: setup only). */
export function createContext(durationSeconds: number, numChannels = 384): BenchContext {
  const work = mkdtempSync(join(tmpdir(), "si-ts-bench-"));
  mkdirSync(work, { recursive: true });
  const fs = 30000;
  const numSamples = Math.floor(durationSeconds * fs);
  const rawPath = join(work, "raw.int16");
  const fd = openSync(rawPath, "w");
  let x = 0x9e3779b9 | 0;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  for (let start = 0; start < numSamples; start += fs) {
    const n = Math.min(fs, numSamples - start) * numChannels;
    const block = new Int16Array(n);
    for (let i = 0; i < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(next() + 1e-12)) * 20;
      const a = 2 * Math.PI * next();
      block[i] = Math.trunc(r * Math.cos(a));
      if (i + 1 < n) block[i + 1] = Math.trunc(r * Math.sin(a));
    }
    writeSync(fd, new Uint8Array(block.buffer));
  }
  closeSync(fd);
  return {
    work,
    durationSeconds,
    samplingFrequency: fs,
    numChannels,
    numSamples,
    rawPath,
    traceMB: (numSamples * numChannels * 2) / 1e6,
    artifacts: new Map(),
  };
}

export function disposeContext(ctx: BenchContext): void {
  rmSync(ctx.work, { recursive: true, force: true });
}
