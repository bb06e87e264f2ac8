/**
 * A read-through memo of the small metadata keys (.zmetadata, .zgroup, .zarray, .zattrs), absent
 * ones included (browser-safe). Opening a SpikeInterface zarr asks for the same metadata several
 * times (readZarr peeks at the root, then the recording opens it again; nodeKind probes .zarray
 * then .zgroup); on disk that is free, over HTTP each is a round trip. Chunks are not memoised
 * here: the zarr layer's ChunkCache holds decoded chunks. Metadata changed on the server after
 * opening is not seen, as with consolidated metadata.
 */
import type { RangeQuery, StoreGetOptions, StoreKey, StoreListing, ZarrStore } from "../io/zarr/store.js";

const META_NAMES = new Set([".zmetadata", ".zgroup", ".zarray", ".zattrs"]);

export class MetadataMemoStore implements ZarrStore {
  private readonly memo = new Map<string, Promise<Uint8Array | undefined>>();

  constructor(readonly inner: ZarrStore) {}

  get(key: StoreKey, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    if (!META_NAMES.has(key.slice(key.lastIndexOf("/") + 1))) return this.inner.get(key, opts);
    let p = this.memo.get(key);
    if (p === undefined) {
      p = this.inner.get(key, opts);
      this.memo.set(key, p);
      // A failed or aborted read is not remembered: the next caller tries again.
      p.catch(() => this.memo.delete(key));
    }
    return p;
  }

  get getRange():
    | ((key: StoreKey, range: RangeQuery, opts?: StoreGetOptions) => Promise<Uint8Array | undefined>)
    | undefined {
    const inner = this.inner;
    // Read through each time: HttpStore withdraws getRange when the server ignores ranges.
    return inner.getRange === undefined ? undefined : (key, range, opts) => inner.getRange!(key, range, opts);
  }

  get listDir(): ((prefix: StoreKey) => Promise<StoreListing>) | undefined {
    const inner = this.inner;
    return inner.listDir === undefined ? undefined : (prefix) => inner.listDir!(prefix);
  }
}
