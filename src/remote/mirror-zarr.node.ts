/**
 * A local copy of a remote zarr hierarchy, for those who want one (offline work, a writable
 * analyzer); reading remote zarrs needs none (`readZarr(url)`, `loadSortingAnalyzer(url)` are
 * lazy). Metadata keys come from `.zmetadata` (SpikeInterface consolidates analyzers) or
 * from directory index pages; chunk keys are not listed anywhere, so they are computed from each
 * array's shape and chunk grid (a missing chunk is a fill-value chunk and stays missing).
 * The copy is written to a temporary folder and renamed, so a folder at the target is complete;
 * a second call finds it and sends no request.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { FileFormatError } from "../errors.js";
import { writeFolderAtomic } from "../io/atomic.js";
import { FileSystemStore } from "../io/zarr/fs-store.node.js";
import { parseJsonKeepFloats, zarrJsonBytes } from "../io/zarr/json.js";
import type { StoreKey } from "../io/zarr/store.js";
import { globalDatasetFolder } from "./cache-dir.node.js";
import { HttpStore, type HttpStoreOptions } from "./http-store.js";

export interface MirrorZarrOptions extends HttpStoreOptions {
  /** Target folder (default: <dataset cache>/remote/<host>/<path>). */
  localFolder?: string;
  /** Fetch again even when a complete copy exists. */
  overwrite?: boolean;
  /** Chunk requests in flight (default 8). */
  parallel?: number;
}

const META = [".zgroup", ".zarray", ".zattrs"];

/** Copy the zarr at `url` to a local folder (once) and return the folder. */
export async function mirrorRemoteZarr(url: string, options: MirrorZarrOptions = {}): Promise<string> {
  const http = new HttpStore(url, { listing: "html", ...options });
  const target = resolve(options.localFolder ?? defaultFolder(http.url));
  if (existsSync(target) && options.overwrite !== true) return target;
  const { keys, consolidated } = await metadataKeys(http);
  if (!keys.some((k) => k === ".zgroup" || k === ".zarray")) {
    throw new FileFormatError(http.url, "not a zarr hierarchy (no .zgroup or .zarray)");
  }
  await writeFolderAtomic(target, { overwrite: true }, async (tmp) => {
    const out = new FileSystemStore(tmp);
    const copy = async (key: string): Promise<void> => {
      const v = await http.get(`/${key}` as StoreKey);
      if (v !== undefined) await out.set(`/${key}` as StoreKey, v);
    };
    if (consolidated === null)
      await runLimited(
        keys.map((k) => () => copy(k)),
        8,
      );
    else {
      // Metadata files written from .zmetadata (floats kept as written): one request for all.
      await out.set("/.zmetadata", consolidated.bytes);
      for (const k of keys) await out.set(`/${k}` as StoreKey, zarrJsonBytes(consolidated.metadata[k]));
    }
    const chunkKeys: string[] = [];
    for (const k of keys.filter((k) => k.endsWith(".zarray"))) {
      const meta = JSON.parse(new TextDecoder().decode((await out.get(`/${k}` as StoreKey))!)) as ZarrayJson;
      chunkKeys.push(...chunksOf(k.slice(0, -".zarray".length), meta, http.url));
    }
    await runLimited(
      chunkKeys.map((k) => () => copy(k)),
      options.parallel ?? 8,
    );
  });
  return target;
}

function defaultFolder(url: string): string {
  const u = new URL(url);
  const parts = u.pathname.split("/").filter((p) => p !== "" && p !== "..");
  const host = u.port === "" ? u.hostname : `${u.hostname}_${u.port}`;
  return join(globalDatasetFolder(), "remote", host, ...parts.map(decodeURIComponent));
}

interface Consolidated {
  bytes: Uint8Array;
  metadata: Record<string, unknown>;
}

/** Relative metadata keys of the hierarchy: from .zmetadata, else by walking index pages. */
async function metadataKeys(
  store: HttpStore,
): Promise<{ keys: string[]; consolidated: Consolidated | null }> {
  const bytes = await store.get("/.zmetadata");
  if (bytes !== undefined) {
    const json = parseJsonKeepFloats(new TextDecoder().decode(bytes), `${store.url}/.zmetadata`) as {
      metadata?: unknown;
    };
    const md = json?.metadata;
    if (md === null || typeof md !== "object" || Array.isArray(md)) {
      throw new FileFormatError(`${store.url}/.zmetadata`, 'consolidated metadata has no "metadata" object');
    }
    const metadata = md as Record<string, unknown>;
    const keys = Object.keys(metadata).filter((k) => !k.split("/").some((p) => p === ".." || p === ""));
    return { keys, consolidated: { bytes, metadata } };
  }
  const keys: string[] = [];
  const walk = async (prefix: string): Promise<void> => {
    const { keys: names, prefixes } = await store.listDir!(`/${prefix}` as StoreKey);
    for (const n of names) if (META.includes(n)) keys.push(`${prefix}${n}`);
    if (names.includes(".zarray")) return; // an array's sub-folders hold chunks
    for (const p of prefixes) await walk(`${prefix}${p}/`);
  };
  await walk("");
  if (keys.length === 0) {
    for (const k of META) if ((await store.get(`/${k}` as StoreKey)) !== undefined) keys.push(k);
  }
  return { keys, consolidated: null };
}

interface ZarrayJson {
  shape?: number[];
  chunks?: number[];
  dimension_separator?: string;
}

function chunksOf(prefix: string, meta: ZarrayJson, where: string): string[] {
  const { shape, chunks } = meta;
  if (!Array.isArray(shape) || !Array.isArray(chunks) || shape.length !== chunks.length) {
    throw new FileFormatError(`${where}/${prefix}.zarray`, "bad shape or chunks");
  }
  if (shape.length === 0) return [`${prefix}0`];
  const grid = shape.map((s, d) => Math.ceil(s / chunks[d]));
  if (grid.some((g) => g === 0)) return [];
  const sep = meta.dimension_separator ?? ".";
  const out: string[] = [];
  const idx = grid.map(() => 0);
  for (;;) {
    out.push(`${prefix}${idx.join(sep)}`);
    let d = grid.length - 1;
    while (d >= 0 && ++idx[d] === grid[d]) idx[d--] = 0;
    if (d < 0) return out;
  }
}

async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
