/** Remote data, Node-only part: `downloadDataset`, its cache folder, and local mirrors of remote zarrs. */
export { DATASETS_ENV_VAR, globalDatasetFolder, userCacheDir } from "./cache-dir.node.js";
export { type DownloadDatasetOptions, downloadDataset } from "./download-dataset.node.js";
export { type MirrorZarrOptions, mirrorRemoteZarr } from "./mirror-zarr.node.js";
