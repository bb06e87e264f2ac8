/**
 * spikeinterface-ts/node: everything in the core plus the parts that need Node (files, worker
 * threads, progress bars).
 */

export * from "./analyzer/node.js";
export * from "./extractors/index.js";
export * from "./index.js";
export {
  BinaryRecordingExtractor,
  BinaryRecordingSegment,
  type ReadBinaryOptions,
  readBinary,
} from "./io/binary/binary-recording.js";
export * from "./io/folders/index.js";
export { FileSystemStore } from "./io/zarr/fs-store.node.js";
export * from "./jobs/node.js";
export {
  defaultProbeLibraryFolder,
  type GetProbeOptions,
  getProbe,
  PROBE_LIBRARY_ENV,
  probeLibraryFolders,
  readProbeinterface,
  writeProbeinterface,
} from "./probe/node.js";
export * from "./remote/node.js";
export { getNoiseLevelsParallel } from "./tools/noise-levels-node.js";
