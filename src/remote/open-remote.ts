/**
 * Opening SpikeInterface zarr objects at http(s) URLs: the formats module's store-accepting
 * readers over an `HttpStore` (ranged chunk reads, consolidated metadata when present, the shared
 * decoded-chunk cache) with metadata reads memoised. Browser-safe: it reads through the store-only
 * readers (`zarr-*-store.ts`), never the Node-only folder-path and save modules.
 *
 * A zarr saved by Python SpikeInterface has no consolidated metadata, and its `properties/` group
 * can only be enumerated by listing; URLs are therefore opened with `listing: "html"` (directory
 * index pages, as fsspec reads them for zarr-python) unless told otherwise, and a warning says so
 * when the properties cannot be found at all (e.g. an object store without index pages).
 */
import type { BaseExtractor } from "../base/extractor.js";
import { FileFormatError } from "../errors.js";
import { readZarrExtractor } from "../io/folders/zarr-read-kind.js";
import { ZarrRecordingExtractor } from "../io/folders/zarr-recording-store.js";
import { ZarrSortingExtractor } from "../io/folders/zarr-sorting-store.js";
import type { ZarrStore } from "../io/zarr/store.js";
import { warnSpikeInterface as warn } from "../warnings.js";
import type { HttpStoreOptions } from "./http-store.js";
import { type RemoteZarrSource, remoteZarrStore, urlOf } from "./remote-store.js";

export { type RemoteZarrSource, remoteZarrStore, urlOf } from "./remote-store.js";

/** A zarr recording over HTTP: metadata now, traces chunk by chunk (ranged) on demand. */
export async function openRemoteRecording(
  source: RemoteZarrSource,
  options: HttpStoreOptions = {},
): Promise<ZarrRecordingExtractor> {
  const store = remoteZarrStore(source, options);
  await warnIfPropertiesUnlisted(store, source);
  return ZarrRecordingExtractor.open(store);
}

/** A zarr sorting over HTTP. */
export async function openRemoteSorting(
  source: RemoteZarrSource,
  options: HttpStoreOptions = {},
): Promise<ZarrSortingExtractor> {
  const store = remoteZarrStore(source, options);
  await warnIfPropertiesUnlisted(store, source);
  return ZarrSortingExtractor.open(store);
}

/** `readZarr` for a URL: a recording or a sorting, as the root's attributes say. */
export async function readRemoteZarr(
  source: RemoteZarrSource,
  options: HttpStoreOptions = {},
): Promise<BaseExtractor> {
  const store = remoteZarrStore(source, options);
  await warnIfPropertiesUnlisted(store, source);
  return readZarrExtractor(store);
}

/**
 * `loadExtractor` for a URL. Only zarr objects can be opened over HTTP (SpikeInterface's other
 * folder formats are memory-mapped files); anything else is a FileFormatError naming the URL.
 */
export async function loadRemoteExtractor(
  source: RemoteZarrSource,
  options: HttpStoreOptions = {},
): Promise<BaseExtractor> {
  const store = remoteZarrStore(source, options);
  const isZarr =
    (await store.get("/.zmetadata")) !== undefined || (await store.get("/.zgroup")) !== undefined;
  if (!isZarr) {
    throw new FileFormatError(
      urlOf(source),
      "not a zarr group (no .zgroup or .zmetadata): only zarr recordings and sortings open over HTTP",
    );
  }
  await warnIfPropertiesUnlisted(store, source);
  return readZarrExtractor(store);
}

/** Requests made here are memoised, so the reader that follows does not repeat them. */
async function warnIfPropertiesUnlisted(store: ZarrStore, source: RemoteZarrSource): Promise<void> {
  if ((await store.get("/.zmetadata")) !== undefined) return;
  if ((await store.get("/properties/.zgroup")) === undefined) return;
  const listing = store.listDir === undefined ? null : await store.listDir("/properties/");
  if (listing !== null && listing.prefixes.length > 0) return;
  warn(
    `${urlOf(source)}: properties (gains, offsets, groups...) not loaded: the zarr has no consolidated ` +
      "metadata (.zmetadata) and the server lists no directory index; consolidate it or serve index pages",
  );
}
