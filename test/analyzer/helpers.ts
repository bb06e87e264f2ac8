/**
 * Shared set-up of the analyzer tests: the Python fixture recording (int16 binary, 2 segments,
 * gains 0.195 / offsets −3.9, probe) and sorting (numpy folder, main_channel_id property), the
 * expected values, a temporary folder, and a collector of analyzer warnings.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after } from "node:test";
import "../../src/analyzer/node.js";
import { WARNING_NAME } from "../../src/analyzer/warnings.js";
import { NumpyFolderSorting } from "../../src/io/folders/numpy-folder-sorting.js";
import { type BaseRecording, readBinary, readProbeinterface } from "../../src/node.js";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "python-si");
export const ANALYZER_FIXTURES = join(FIXTURES, "analyzer");

// biome-ignore lint/suspicious/noExplicitAny: expected.json is free-form JSON read by the tests
export const expected: any = JSON.parse(readFileSync(join(ANALYZER_FIXTURES, "expected.json"), "utf8"));

export const CHANNEL_IDS = Array.from({ length: 16 }, (_, i) => String(i));

export function fixtureRecording(): BaseRecording {
  const folder = join(FIXTURES, "recording", "recording_binary");
  const rec = readBinary({
    filePaths: [join(folder, "traces_cached_seg0.raw"), join(folder, "traces_cached_seg1.raw")],
    samplingFrequency: 30000,
    dtype: "int16",
    numChannels: 16,
    channelIds: CHANNEL_IDS,
    tStarts: [0, 10],
    gainToUV: 0.195,
    offsetToUV: -3.9,
  });
  rec.setProbegroup(readProbeinterface(join(folder, "probegroup.json")));
  rec.annotate({ is_filtered: true });
  return rec;
}

export function fixtureSorting(): NumpyFolderSorting {
  return new NumpyFolderSorting(join(FIXTURES, "sorting", "sorting_numpy_folder"));
}

export function tempFolder(prefix = "si-analyzer-"): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** Every file under `root`, relative, sorted. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path).split("\\").join("/"));
    }
  };
  walk(root);
  return out.sort();
}

/** Analyzer warnings emitted while `fn` runs. */
export async function collectWarnings<T>(fn: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const warnings: string[] = [];
  const listener = (w: Error) => {
    if (w.name === WARNING_NAME) warnings.push(w.message);
  };
  process.on("warning", listener);
  try {
    const value = await fn();
    // process warnings are emitted on the next tick
    await new Promise((r) => setImmediate(r));
    return { value, warnings };
  } finally {
    process.off("warning", listener);
  }
}

export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

export function summary(values: ArrayLike<number>): { sum: number; min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  return { sum: sum(values), min, max };
}
