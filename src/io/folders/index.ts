/**
 * Node-only SpikeInterface folder formats: binary folders, numpy/npz/zarr sortings, zarr
 * recordings, npy snippets, and `loadExtractor`. Importing this module registers the classes (for
 * provenance dicts) and the savers (for `save({ format })`).
 */
export {
  BINARY_FOLDER_CLASS,
  BinaryFolderRecording,
  type BinaryKwargs,
  parseBinaryKwargs,
  readBinaryFolder,
} from "./binary-folder.js";
export { type LoadOptions, load, loadExtractor } from "./load.js";
export {
  NPZ_FOLDER_SORTING_CLASS,
  NPZ_SORTING_CLASS,
  NpzFolderSorting,
  NpzSortingExtractor,
  npzSortingArrays,
  readNpzSorting,
  saveNpzFolderSorting,
  writeNpzSorting,
} from "./npz-sorting.js";
export {
  NUMPY_FOLDER_SORTING_CLASS,
  NumpyFolderSorting,
  readNumpySortingFolder,
  saveNumpyFolderSorting,
  writeNumpySortingFiles,
} from "./numpy-folder-sorting.js";
export { npyToProperty, propertyToNpy, readPropertyFiles, writePropertyFiles } from "./property-files.js";
export { binaryJsonDict, saveBinaryFolder } from "./save-binary.js";
export { siJsonDumps } from "./si-json.js";
export {
  NPY_FOLDER_SNIPPETS_CLASS,
  NPY_SNIPPETS_CLASS,
  NpyFolderSnippets,
  NpySnippetsExtractor,
  type NpySnippetsOptions,
  saveNpyFolderSnippets,
  writeNpySnippets,
} from "./snippets-folder.js";
export { type WriteBinaryOptions, withRawExtension, writeBinaryRecording } from "./write-binary.js";
export { readZarr } from "./zarr-read.js";
export {
  readZarrRecording,
  ZARR_RECORDING_CLASS,
  ZarrRecordingExtractor,
  ZarrRecordingSegment,
} from "./zarr-recording.js";
export {
  readZarrSorting,
  saveZarrSorting,
  type WriteSortingZarrOptions,
  writeSortingZarrGroup,
  ZARR_SORTING_CLASS,
  ZarrSortingExtractor,
} from "./zarr-sorting.js";
export { saveZarrRecording, writeZarrRecording, type ZarrRecordingWriteOptions } from "./zarr-write.js";
