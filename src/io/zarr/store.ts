/**
 * The byte store under a zarr hierarchy: a map from keys ("/traces_seg0/0.0") to bytes.
 *
 * The read half has the same shape as zarrita's `AsyncReadable` (absolute keys starting with "/",
 * `get`/`getRange` with an AbortSignal, `undefined` for a missing key), so zarrita's `FetchStore`
 * can be passed where a `ZarrStore` is expected. The write and listing methods are optional: a
 * read-only HTTP store simply does not have them.
 */
import { InvalidArgumentError, SpikeInterfaceError, throwIfAborted } from "../../errors.js";

export type StoreKey = `/${string}`;

export type RangeQuery = { offset: number; length: number } | { suffixLength: number };

export interface StoreGetOptions {
  signal?: AbortSignal;
}

/** One level of a store "directory": the names of the keys and of the sub-prefixes under it. */
export interface StoreListing {
  keys: string[];
  prefixes: string[];
}

export interface ZarrStore {
  get(key: StoreKey, opts?: StoreGetOptions): Promise<Uint8Array | undefined>;
  getRange?(key: StoreKey, range: RangeQuery, opts?: StoreGetOptions): Promise<Uint8Array | undefined>;
  set?(key: StoreKey, value: Uint8Array): Promise<void>;
  delete?(key: StoreKey): Promise<void>;
  /** Direct children of `prefix` (a key prefix such as "/" or "/properties/"). */
  listDir?(prefix: StoreKey): Promise<StoreListing>;
}

export type WritableZarrStore = ZarrStore & Required<Pick<ZarrStore, "set">>;

/** Normalise a node path ("", "/", "a/b/", "/a/b") to "a/b" (no leading or trailing slash). */
export function normalizePath(path: string): string {
  if (typeof path !== "string")
    throw new InvalidArgumentError(`zarr path must be a string, got ${String(path)}`);
  const parts = path.split("/").filter((p) => p.length > 0);
  for (const p of parts) {
    if (p === "." || p === "..") {
      throw new InvalidArgumentError(
        `zarr path ${JSON.stringify(path)} may not contain "." or ".." segments`,
      );
    }
  }
  return parts.join("/");
}

/** The store key of `name` inside node `path`: storeKey("a/b", ".zarray") = "/a/b/.zarray". */
export function storeKey(path: string, name: string): StoreKey {
  const p = normalizePath(path);
  return (p === "" ? `/${name}` : `/${p}/${name}`) as StoreKey;
}

/** The key prefix of a node: "/" for the root, "/a/b/" otherwise. */
export function storePrefix(path: string): StoreKey {
  const p = normalizePath(path);
  return (p === "" ? "/" : `/${p}/`) as StoreKey;
}

export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter((p) => p.length > 0).join("/"));
}

export function assertWritable(store: ZarrStore, what: string): asserts store is WritableZarrStore {
  if (typeof store.set !== "function") {
    throw new SpikeInterfaceError("incompatible", `cannot write ${what}: the zarr store is read-only`, {
      what,
    });
  }
}

/** Slice a full value as a range query would (used by stores without native ranged reads). */
export function sliceRange(value: Uint8Array, range: RangeQuery): Uint8Array {
  if ("suffixLength" in range) {
    return value.subarray(Math.max(0, value.length - range.suffixLength));
  }
  return value.subarray(range.offset, Math.min(value.length, range.offset + range.length));
}

/** Bytes in memory, for tests, temporary results and browser use. Values are stored as given. */
export class MemoryStore implements ZarrStore {
  readonly map = new Map<string, Uint8Array>();

  async get(key: StoreKey, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    throwIfAborted(opts?.signal);
    return this.map.get(key);
  }

  async getRange(key: StoreKey, range: RangeQuery, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    throwIfAborted(opts?.signal);
    const v = this.map.get(key);
    return v === undefined ? undefined : sliceRange(v, range);
  }

  async set(key: StoreKey, value: Uint8Array): Promise<void> {
    this.map.set(key, value);
  }

  async delete(key: StoreKey): Promise<void> {
    this.map.delete(key);
  }

  async listDir(prefix: StoreKey): Promise<StoreListing> {
    const base = prefix.endsWith("/") ? prefix : `${prefix}/`;
    const keys = new Set<string>();
    const prefixes = new Set<string>();
    for (const k of this.map.keys()) {
      if (!k.startsWith(base)) continue;
      const rest = k.slice(base.length);
      const slash = rest.indexOf("/");
      if (slash < 0) keys.add(rest);
      else prefixes.add(rest.slice(0, slash));
    }
    return { keys: [...keys].sort(), prefixes: [...prefixes].sort() };
  }
}
