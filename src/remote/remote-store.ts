/**
 * The store remote readers use (browser-safe): an HttpStore (directory index pages listed, as
 * fsspec does for zarr-python) with metadata reads memoised. Apart from `./open-remote.ts` so that
 * the zarr readers can open URLs themselves without an import cycle.
 */
import type { ZarrStore } from "../io/zarr/store.js";
import { HttpStore, type HttpStoreOptions } from "./http-store.js";
import { MetadataMemoStore } from "./metadata-memo-store.js";

export type RemoteZarrSource = string | URL | HttpStore;

/** The store a remote reader uses: the given HttpStore (or a new one for a URL), metadata memoised. */
export function remoteZarrStore(source: RemoteZarrSource, options: HttpStoreOptions = {}): ZarrStore {
  const http = source instanceof HttpStore ? source : new HttpStore(source, { listing: "html", ...options });
  return new MetadataMemoStore(http);
}

/** The URL a source names (for messages and backends). */
export function urlOf(source: RemoteZarrSource): string {
  return source instanceof HttpStore ? source.url : String(source);
}

/** The URL behind a store when it is (or wraps) an HttpStore, else null: errors name it. */
export function storeUrl(store: ZarrStore): string | null {
  if (store instanceof HttpStore) return store.url;
  const inner = (store as { inner?: unknown }).inner;
  return inner !== undefined && inner !== store ? storeUrl(inner as ZarrStore) : null;
}
