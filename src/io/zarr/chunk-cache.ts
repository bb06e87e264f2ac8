/**
 * A least-recently-used cache of decoded chunks, bounded in bytes. Reading traces in many small
 * windows (getTraces in a loop, a worker's margin reads) would otherwise decompress the same
 * chunk again for every window. Concurrent loads of one key share a single decode.
 *
 * One process-wide default cache (256 MB) is shared by all arrays; pass `cache: null` to bypass
 * it or your own `ChunkCache` to isolate a workload.
 */
import { InvalidArgumentError } from "../../errors.js";

export type CachedValue = Uint8Array | unknown[];

export interface ChunkCacheStats {
  hits: number;
  misses: number;
  /** Number of loader calls (i.e. chunk or block decodes). */
  loads: number;
  bytes: number;
  entries: number;
}

interface Entry {
  value: CachedValue;
  bytes: number;
}

export class ChunkCache {
  private maxBytes: number;
  private readonly map = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<CachedValue>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private loads = 0;

  constructor(maxBytes = 256 * 1024 * 1024) {
    this.maxBytes = checkSize(maxBytes);
  }

  get capacity(): number {
    return this.maxBytes;
  }

  set capacity(bytes: number) {
    this.maxBytes = checkSize(bytes);
    this.evict();
  }

  get stats(): ChunkCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      loads: this.loads,
      bytes: this.bytes,
      entries: this.map.size,
    };
  }

  resetStats(): void {
    this.hits = 0;
    this.misses = 0;
    this.loads = 0;
  }

  get(key: string): CachedValue | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  set(key: string, value: CachedValue, bytes: number): void {
    const old = this.map.get(key);
    if (old !== undefined) {
      this.bytes -= old.bytes;
      this.map.delete(key);
    }
    if (bytes > this.maxBytes) return;
    this.map.set(key, { value, bytes });
    this.bytes += bytes;
    this.evict();
  }

  /** The cached value, or the loader's result (stored, and shared with concurrent callers). */
  async getOrLoad(
    key: string,
    load: () => Promise<CachedValue>,
    sizeOf: (v: CachedValue) => number,
  ): Promise<CachedValue> {
    const hit = this.get(key);
    if (hit !== undefined) {
      this.hits++;
      return hit;
    }
    const pending = this.inflight.get(key);
    if (pending !== undefined) {
      this.hits++;
      return pending;
    }
    this.misses++;
    this.loads++;
    const p = load().then(
      (v) => {
        this.inflight.delete(key);
        this.set(key, v, sizeOf(v));
        return v;
      },
      (err: unknown) => {
        this.inflight.delete(key);
        throw err;
      },
    );
    this.inflight.set(key, p);
    return p;
  }

  delete(key: string): void {
    const e = this.map.get(key);
    if (e !== undefined) {
      this.bytes -= e.bytes;
      this.map.delete(key);
    }
  }

  /** Drop every entry whose key starts with `prefix` (a rewritten chunk and its partial reads). */
  deletePrefix(prefix: string): void {
    for (const k of [...this.map.keys()]) if (k.startsWith(prefix)) this.delete(k);
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  private evict(): void {
    for (const [k, e] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= e.bytes;
    }
  }
}

function checkSize(bytes: number): number {
  if (typeof bytes !== "number" || !(bytes >= 0) || !Number.isFinite(bytes)) {
    throw new InvalidArgumentError(
      `chunk cache size must be a non-negative number of bytes, got ${String(bytes)}`,
    );
  }
  return bytes;
}

let defaultCache: ChunkCache | undefined;

/** The process-wide cache used when an array is opened without a `cache` option. */
export function getDefaultChunkCache(): ChunkCache {
  defaultCache ??= new ChunkCache();
  return defaultCache;
}

export function setDefaultChunkCacheSize(bytes: number): void {
  getDefaultChunkCache().capacity = bytes;
}

const storeIds = new WeakMap<object, number>();
let nextStoreId = 1;

/** A small stable number per store object, to keep cache keys of different stores apart. */
export function storeIdentity(store: object): number {
  let id = storeIds.get(store);
  if (id === undefined) {
    id = nextStoreId++;
    storeIds.set(store, id);
  }
  return id;
}
