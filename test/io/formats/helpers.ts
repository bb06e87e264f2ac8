/** Shared helpers of the format tests: fixture paths, temp folders, file listings, comparisons. */
import "../../../src/node.js";
import "../../../src/io/folders/index.js";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

export const FIX = "test/fixtures/python-si";
export const REC_BINARY = `${FIX}/recording/recording_binary`;
export const REC_ZARR = `${FIX}/recording/recording.zarr`;
export const SORTING_FOLDER = `${FIX}/sorting/sorting_numpy_folder`;
export const SORTING_NPZ = `${FIX}/sorting/sorting.npz`;
export const SNIPPETS_FOLDER = `${FIX}/snippets/snippets_npy`;

// biome-ignore lint/suspicious/noExplicitAny: expected.json is free-form JSON read by the tests
export type Json = any;

export function expected(kind: "recording" | "sorting" | "snippets"): Json {
  return JSON.parse(readFileSync(`${FIX}/${kind}/expected.json`, "utf8"));
}

/** A fresh temp folder; removed by the returned cleanup. */
export function tempDir(prefix = "si-formats-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Relative paths of every file under `root`, sorted. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

export function sameBytes(a: string, b: string): boolean {
  return Buffer.compare(readFileSync(a), readFileSync(b)) === 0;
}

/** Recursively the key structure of a JSON value (objects: sorted keys; arrays: first element). */
export function keyShape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? [] : [keyShape(v[0])];
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, keyShape((v as Record<string, unknown>)[k])]),
    );
  }
  return typeof v;
}

export function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, "utf8").replace(/\bNaN\b/g, "null"));
}

export function assertClose(
  actual: ArrayLike<number>,
  wanted: readonly number[],
  tol = 1e-6,
  what = "",
): void {
  assert.equal(actual.length, wanted.length, `${what}: length`);
  for (let i = 0; i < wanted.length; i++) {
    assert.ok(Math.abs(actual[i] - wanted[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${wanted[i]}`);
  }
}

/** Pick columns (channel indices) from a C-order [n, c] block. */
export function rows(data: ArrayLike<number>, c: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < data.length; i += c) out.push(Array.from({ length: c }, (_, j) => Number(data[i + j])));
  return out;
}

export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
