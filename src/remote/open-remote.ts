/**
 * Opening SpikeInterface zarr objects at http(s) URLs: the formats module's store-accepting
 * readers over an `HttpStore` (ranged chunk reads, consolidated metadata when present, the shared
 * decoded-chunk cache) with metadata reads memoised. No node: imports here; the formats module
 * still imports node:fs for its folder path (see the report of issue 9 for the hook it needs).
 */
import type { BaseExtractor } from "../base/extractor.js";
import { FileFormatError } from "../errors.js";
import { readZarr } from "../io/folders/zarr-read.js";
import { ZarrRecordingExtractor } from "../io/folders/zarr-recording.js";
import { ZarrSortingExtractor } from "../io/folders/zarr-sorting.js";
import type { ZarrStore } from "../io/zarr/store.js";
import { HttpStore, type HttpStoreOptions } from "./http-store.js";
import { MetadataMemoStore } from "./metadata-memo-store.js";

export type RemoteZarrSource = string | URL | HttpStore;

/** The store a remote reader uses: the given HttpStore (or a new one for a URL), metadata memoised. */
export function remoteZarrStore(source: RemoteZarrSource, options: HttpStoreOptions = {}): ZarrStore {
  const http = source instanceof HttpStore ? source : new HttpStore(source, options);
  return new MetadataMemoStore(http);
}

/** A zarr recording over HTTP: metadata now, traces chunk by chunk (ranged) on demand. */
export function openRemoteRecording(
  source: RemoteZarrSource,
  options: HttpStoreOptions = {},
): Promise<ZarrRecordingExtractor> {
  return ZarrRecordingExtractor.open(remoteZarrStore(source, options));
}

/** A zarr sorting over HTTP. */
export function openRemoteSorting(
  source: RemoteZarrSource,
  options: HttpStoreOptions = {},
): Promise<ZarrSortingExtractor> {
  return ZarrSortingExtractor.open(remoteZarrStore(source, options));
}

/** `readZarr` for a URL: a recording or a sorting, as the root's attributes say. */
export function readRemoteZarr(
  source: RemoteZarrSource,
  options: HttpStoreOptions = {},
): Promise<BaseExtractor> {
  return readZarr(remoteZarrStore(source, options));
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
  const url = source instanceof HttpStore ? source.url : String(source);
  const isZarr =
    (await store.get("/.zmetadata")) !== undefined || (await store.get("/.zgroup")) !== undefined;
  if (!isZarr) {
    throw new FileFormatError(
      url,
      "not a zarr group (no .zgroup or .zmetadata): only zarr recordings and sortings open over HTTP",
    );
  }
  return readZarr(store);
}
