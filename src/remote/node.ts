/** Remote data, Node-only part: `downloadDataset` and its cache folder. */
export { DATASETS_ENV_VAR, globalDatasetFolder, userCacheDir } from "./cache-dir.node.js";
export { type DownloadDatasetOptions, downloadDataset } from "./download-dataset.node.js";
