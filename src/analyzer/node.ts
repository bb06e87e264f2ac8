/**
 * Node-only part of the analyzer: the "binary_folder" and "zarr" formats, worker-thread chunk
 * execution and loadSortingAnalyzer. Importing this module registers them (src/node.ts does).
 */
// The recording/sorting classes an analyzer's provenance files name (binary folders, zarr...).
import "../io/folders/index.js";
import { registerAnalyzerFormat } from "./backend.js";
import { setParallelChunkRunner } from "./chunk-runner.js";
import { binaryFolderFormat } from "./formats/binary-folder.js";
import { zarrFormat } from "./formats/zarr-format.js";
import { workerChunkRunner } from "./parallel-runner.js";

registerAnalyzerFormat("binary_folder", binaryFolderFormat);
registerAnalyzerFormat("zarr", zarrFormat);
setParallelChunkRunner(workerChunkRunner);

export { type LoadSortingAnalyzerOptions, loadSortingAnalyzer } from "./formats/load.js";
export { type LoadWaveformsOptions, loadWaveforms } from "./legacy/load-waveforms.js";
