/**
 * Consolidated metadata for a hierarchy we just wrote. The generic consolidateMetadata re-reads and
 * re-parses every metadata file; a recording's root `.zattrs` (probe group and provenance, hundreds
 * of kB for a 384-channel probe) is then parsed again character by character. Here the store
 * remembers the metadata written through it, and objects we still hold are used as they are.
 */
import { parseJsonKeepFloats, zarrJsonBytes } from "../zarr/json.js";
import type { RangeQuery, StoreGetOptions, StoreKey, StoreListing, ZarrStore } from "../zarr/store.js";

const META_NAMES = [".zarray", ".zgroup", ".zattrs"];

/** A pass-through store that records every metadata file written through it. */
export class MetadataRecordingStore implements ZarrStore {
  readonly written = new Map<string, Uint8Array>();

  constructor(readonly inner: ZarrStore & Required<Pick<ZarrStore, "set">>) {}

  get(key: StoreKey, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    return this.inner.get(key, opts);
  }

  async getRange(key: StoreKey, range: RangeQuery, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    return this.inner.getRange?.(key, range, opts);
  }

  async set(key: StoreKey, value: Uint8Array): Promise<void> {
    if (META_NAMES.includes(key.slice(key.lastIndexOf("/") + 1))) this.written.set(key.slice(1), value);
    await this.inner.set(key, value);
  }

  async delete(key: StoreKey): Promise<void> {
    this.written.delete(key.slice(1));
    await this.inner.delete?.(key);
  }

  async listDir(prefix: StoreKey): Promise<StoreListing> {
    return this.inner.listDir?.(prefix) ?? { keys: [], prefixes: [] };
  }

  /**
   * Write `.zmetadata` of everything written so far; `known` maps keys (".zattrs") to the objects
   * that were serialised there, which are reused instead of re-parsed.
   */
  async consolidate(known: ReadonlyMap<string, unknown> = new Map()): Promise<void> {
    const metadata: Record<string, unknown> = {};
    for (const [key, bytes] of this.written) {
      metadata[key] = known.has(key)
        ? known.get(key)
        : parseJsonKeepFloats(new TextDecoder().decode(bytes), `/${key}`);
    }
    await this.inner.set("/.zmetadata", zarrJsonBytes({ metadata, zarr_consolidated_format: 1 }));
  }
}
