/**
 * Consolidated metadata (`.zmetadata`): every `.zgroup`/`.zarray`/`.zattrs` of a hierarchy in one
 * JSON file, `{"metadata": {"<relative key>": <json>, ...}, "zarr_consolidated_format": 1}`.
 * SpikeInterface consolidates analyzer folders; it saves one request per node over HTTP.
 */
import { FileFormatError } from "../../errors.js";
import { parseJsonKeepFloats, parseZarrJsonObject, zarrJsonBytes } from "./json.js";
import {
  assertWritable,
  type RangeQuery,
  type StoreGetOptions,
  type StoreKey,
  type StoreListing,
  storeKey,
  storePrefix,
  type ZarrStore,
} from "./store.js";

const META_NAMES = [".zarray", ".zgroup", ".zattrs"];

function isMetaKey(key: string): boolean {
  const name = key.slice(key.lastIndexOf("/") + 1);
  return META_NAMES.includes(name);
}

/** Collect the metadata of the hierarchy under `path` and write `<path>/.zmetadata`. */
export async function consolidateMetadata(store: ZarrStore, path = ""): Promise<void> {
  assertWritable(store, ".zmetadata");
  if (typeof store.listDir !== "function") {
    throw new FileFormatError(
      storeKey(path, ".zmetadata"),
      "cannot consolidate: the store cannot list its keys",
    );
  }
  const root = storePrefix(path);
  const metadata: Record<string, unknown> = {};
  const walk = async (prefix: string): Promise<void> => {
    const { keys, prefixes } = await store.listDir!(prefix as StoreKey);
    for (const name of keys) {
      if (!META_NAMES.includes(name)) continue;
      const key = `${prefix}${name}` as StoreKey;
      const bytes = await store.get(key);
      // Keep Python's floats as floats ("1.0"), so the file matches what zarr-python writes.
      if (bytes !== undefined)
        metadata[key.slice(root.length)] = parseJsonKeepFloats(new TextDecoder().decode(bytes), key);
    }
    // An array's sub-folders hold chunks ("/" separator), never metadata.
    if (keys.includes(".zarray")) return;
    for (const p of prefixes) await walk(`${prefix}${p}/`);
  };
  await walk(root);
  const out = { metadata, zarr_consolidated_format: 1 };
  await store.set(storeKey(path, ".zmetadata"), zarrJsonBytes(out));
}

/**
 * A store view that answers metadata reads of the hierarchy under `root` from `.zmetadata`
 * (falling back to the store for keys it lacks, e.g. nodes added after consolidation) and lists
 * children from it; chunk reads and all writes go to the underlying store.
 */
export class ConsolidatedStore implements ZarrStore {
  readonly inner: ZarrStore;
  readonly root: StoreKey;
  readonly metadata: Map<string, unknown>;

  constructor(inner: ZarrStore, root: StoreKey, metadata: Record<string, unknown>) {
    this.inner = inner;
    this.root = root;
    this.metadata = new Map(Object.entries(metadata));
  }

  private rel(key: StoreKey): string | undefined {
    return key.startsWith(this.root) ? key.slice(this.root.length) : undefined;
  }

  async get(key: StoreKey, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    const rel = this.rel(key);
    if (rel !== undefined && isMetaKey(key) && this.metadata.has(rel))
      return zarrJsonBytes(this.metadata.get(rel));
    return this.inner.get(key, opts);
  }

  get getRange():
    | ((key: StoreKey, range: RangeQuery, opts?: StoreGetOptions) => Promise<Uint8Array | undefined>)
    | undefined {
    const inner = this.inner;
    return inner.getRange === undefined ? undefined : (key, range, opts) => inner.getRange!(key, range, opts);
  }

  get set(): ((key: StoreKey, value: Uint8Array) => Promise<void>) | undefined {
    const inner = this.inner;
    if (inner.set === undefined) return undefined;
    return async (key, value) => {
      await inner.set!(key, value);
      const rel = this.rel(key);
      if (rel !== undefined && isMetaKey(key))
        this.metadata.set(rel, parseJsonKeepFloats(new TextDecoder().decode(value), key));
    };
  }

  get delete(): ((key: StoreKey) => Promise<void>) | undefined {
    const inner = this.inner;
    if (inner.delete === undefined) return undefined;
    return async (key) => {
      await inner.delete!(key);
      const rel = this.rel(key);
      if (rel !== undefined) this.metadata.delete(rel);
    };
  }

  async listDir(prefix: StoreKey): Promise<StoreListing> {
    const base = prefix.endsWith("/") ? prefix : `${prefix}/`;
    const rel = this.rel(base as StoreKey);
    if (rel === undefined)
      return this.inner.listDir ? this.inner.listDir(prefix) : { keys: [], prefixes: [] };
    const keys = new Set<string>();
    const prefixes = new Set<string>();
    for (const k of this.metadata.keys()) {
      if (!k.startsWith(rel)) continue;
      const rest = k.slice(rel.length);
      const slash = rest.indexOf("/");
      if (slash < 0) keys.add(rest);
      else prefixes.add(rest.slice(0, slash));
    }
    return { keys: [...keys].sort(), prefixes: [...prefixes].sort() };
  }
}

/**
 * Open the hierarchy at `path` through its `.zmetadata` when there is one; otherwise return the
 * store unchanged (zarr-python's `open_consolidated` would fail; SpikeInterface falls back too).
 */
export async function openConsolidated(
  store: ZarrStore,
  path = "",
  opts?: StoreGetOptions,
): Promise<ZarrStore> {
  const key = storeKey(path, ".zmetadata");
  const bytes = await store.get(key, opts);
  if (bytes === undefined) return store;
  parseZarrJsonObject(bytes, key); // validates (UTF-8, object)
  const json = parseJsonKeepFloats(new TextDecoder().decode(bytes), key) as Record<string, unknown>;
  const md = json.metadata;
  if (md === null || typeof md !== "object" || Array.isArray(md)) {
    throw new FileFormatError(key, 'consolidated metadata has no "metadata" object');
  }
  if (json.zarr_consolidated_format !== 1) {
    throw new FileFormatError(
      key,
      `unknown zarr_consolidated_format ${JSON.stringify(json.zarr_consolidated_format)}`,
    );
  }
  return new ConsolidatedStore(store, storePrefix(path), md as Record<string, unknown>);
}

export interface NodeChildren {
  arrays: string[];
  groups: string[];
}

/** Names of the arrays and groups directly inside group `path` (needs listing or .zmetadata). */
export async function listChildren(
  store: ZarrStore,
  path: string,
  opts?: StoreGetOptions,
): Promise<NodeChildren> {
  const arrays: string[] = [];
  const groups: string[] = [];
  if (typeof store.listDir !== "function") return { arrays, groups };
  const prefix = storePrefix(path);
  const { prefixes } = await store.listDir(prefix);
  for (const name of prefixes) {
    const child = `${prefix}${name}/`;
    if ((await store.get(`${child}.zarray` as StoreKey, opts)) !== undefined) arrays.push(name);
    else if ((await store.get(`${child}.zgroup` as StoreKey, opts)) !== undefined) groups.push(name);
  }
  return { arrays, groups };
}
