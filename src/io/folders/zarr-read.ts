/**
 * `readZarr` (SpikeInterface's `read_zarr`), Node side: loading this module makes folder paths
 * work and registers the zarr classes; the reader is `./zarr-read-store.ts`.
 */
import "./zarr-recording.js";
import "./zarr-sorting.js";

export { readZarr } from "./zarr-read-store.js";
