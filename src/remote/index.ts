/**
 * Remote data (browser-safe part): an HTTP(S) zarr store and the readers that open SpikeInterface
 * zarr recordings and sortings at a URL. The dataset download cache is in `./node.ts`.
 */
export { DEFAULT_GIN_REPO, ginContentsUrl, ginRawUrl, parseGinRepo } from "./gin.js";
export { parseHtmlListing } from "./html-listing.js";
export { DEFAULT_TIMEOUT_MS, type FetchLike } from "./http-request.js";
export {
  type HttpListing,
  HttpStore,
  type HttpStoreOptions,
  type HttpStoreStats,
  isHttpUrl,
} from "./http-store.js";
export { MetadataMemoStore } from "./metadata-memo-store.js";
export {
  loadRemoteExtractor,
  openRemoteRecording,
  openRemoteSorting,
  type RemoteZarrSource,
  readRemoteZarr,
  remoteZarrStore,
} from "./open-remote.js";
export {
  loadRemoteSortingAnalyzer,
  PER_SPIKE_EXTENSIONS,
  type RemoteSortingAnalyzerOptions,
} from "./open-remote-analyzer.js";
