/**
 * A read-through memo of the small metadata keys (.zmetadata, .zgroup, .zarray, .zattrs), absent
 * ones included, and of directory listings (browser-safe). Opening a SpikeInterface zarr asks for
 * the same metadata several times (readZarr peeks at the root, then the recording opens it again;
 * nodeKind probes .zarray then .zgroup); on disk that is free, over HTTP each is a round trip.
 *
 * When the root has consolidated metadata it is authoritative, as in zarr-python: a metadata key
 * it does not list is absent, with no request (the zarr layer's ConsolidatedStore asks the store
 * for such keys, which locally costs nothing and over HTTP one 404 each).
 *
 * Chunks are not memoised here: the zarr layer's ChunkCache holds decoded chunks. Metadata changed
 * on the server after opening is not seen, as with consolidated metadata.
 */
import { parseJsonKeepFloats, zarrJsonBytes } from "../io/zarr/json.js";
import {
  type RangeQuery,
  type StoreGetOptions,
  type StoreKey,
  type StoreListing,
  sliceRange,
  type ZarrStore,
} from "../io/zarr/store.js";

const META_NAMES = new Set([".zmetadata", ".zgroup", ".zarray", ".zattrs"]);
const ROOT_CONSOLIDATED = "/.zmetadata";

export class MetadataMemoStore implements ZarrStore {
  private readonly memo = new Map<string, Promise<Uint8Array | undefined>>();
  private readonly listings = new Map<string, Promise<StoreListing>>();
  private consolidated: Promise<Map<string, unknown> | null> | undefined;

  constructor(readonly inner: ZarrStore) {}

  async get(key: StoreKey, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    if (!META_NAMES.has(key.slice(key.lastIndexOf("/") + 1))) return this.inner.get(key, opts);
    if (key !== ROOT_CONSOLIDATED) {
      const md = await this.consolidatedMetadata(opts);
      if (md !== null) return md.has(key.slice(1)) ? zarrJsonBytes(md.get(key.slice(1))) : undefined;
    }
    return this.memoised(key, opts);
  }

  getRange(key: StoreKey, range: RangeQuery, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    if (this.inner.getRange !== undefined) return this.inner.getRange(key, range, opts);
    return this.inner.get(key, opts).then((v) => (v === undefined ? undefined : sliceRange(v, range)));
  }

  /** Listings are memoised too: over HTTP each is a page to fetch and parse. */
  get listDir(): ((prefix: StoreKey) => Promise<StoreListing>) | undefined {
    const inner = this.inner;
    if (inner.listDir === undefined) return undefined;
    return (prefix) => {
      let p = this.listings.get(prefix);
      if (p === undefined) {
        p = inner.listDir!(prefix);
        this.listings.set(prefix, p);
        p.catch(() => this.listings.delete(prefix));
      }
      return p;
    };
  }

  private memoised(key: StoreKey, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    let p = this.memo.get(key);
    if (p === undefined) {
      p = this.inner.get(key, opts);
      this.memo.set(key, p);
      // A failed or aborted read is not remembered: the next caller tries again.
      p.catch(() => this.memo.delete(key));
    }
    return p;
  }

  /** The root's consolidated metadata by relative key, or null when there is none (or it is bad). */
  private consolidatedMetadata(opts?: StoreGetOptions): Promise<Map<string, unknown> | null> {
    if (this.consolidated === undefined) {
      const p = this.memoised(ROOT_CONSOLIDATED, opts).then((bytes) => {
        if (bytes === undefined) return null;
        try {
          const json = parseJsonKeepFloats(new TextDecoder().decode(bytes), ROOT_CONSOLIDATED) as {
            metadata?: unknown;
          };
          const md = json?.metadata;
          if (md === null || typeof md !== "object" || Array.isArray(md)) return null;
          return new Map(Object.entries(md));
        } catch {
          return null; // openConsolidated reports a bad .zmetadata with its own error
        }
      });
      this.consolidated = p;
      p.catch(() => {
        this.consolidated = undefined;
      });
    }
    return this.consolidated;
  }
}
