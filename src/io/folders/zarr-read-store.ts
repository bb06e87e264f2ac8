/**
 * `readZarr` (SpikeInterface's `read_zarr`): a recording or a sorting from a zarr folder, a store,
 * or an http(s) URL (opened lazily over HTTP, as `readRemoteZarr`; `options` configure its
 * HttpStore). Browser-safe for stores and URLs; folder paths once `./zarr-read.ts` is loaded.
 */
import type { BaseExtractor } from "../../base/extractor.js";
import { type HttpStoreOptions, isHttpUrl } from "../../remote/http-store.js";
import { readRemoteZarr } from "../../remote/open-remote.js";
import type { ZarrStore } from "../zarr/store.js";
import { readZarrExtractor } from "./zarr-read-kind.js";

export function readZarr(source: string | ZarrStore, options: HttpStoreOptions = {}): Promise<BaseExtractor> {
  if (typeof source === "string" && isHttpUrl(source)) return readRemoteZarr(source, options);
  return readZarrExtractor(source);
}
