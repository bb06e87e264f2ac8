/**
 * spikeinterface-ts: the browser-safe core. Node-only parts (files, worker threads) are in
 * "spikeinterface-ts/node".
 */
export * from "./errors.js";
export * from "./dtype.js";
export * from "./traces.js";
export { type Id, IdIndex } from "./base/ids.js";
export type { Property, PropertyDType, PropertyValues, PropertyInput } from "./base/properties.js";
export { BaseExtractor, SI_FORMAT_VERSION, type ExtractorDict, type ToDictOptions, type JsonValue } from "./base/extractor.js";
export { BaseRecordingSnippets, type ProbeGroupLike } from "./base/recording-snippets.js";
export { registerExtractorClass, resolveExtractorClass, registeredClassNames } from "./base/registry.js";
export { extractorFromDict, isExtractorDict } from "./base/provenance.js";
export { toTransferable, fromTransferable, type TransferableExtractor } from "./base/transfer.js";

export { BaseRecording, type GetTracesOptions, NOISE_LEVEL_PROPERTIES } from "./recording/base-recording.js";
export { BaseRecordingSegment } from "./recording/segment.js";
export { type TimeInfo, roundHalfEven } from "./recording/time.js";
export { NumpyRecording, SharedMemoryRecording, type NumpyRecordingOptions, type TracesArray } from "./recording/numpy-recording.js";
export { ChannelSliceRecording } from "./recording/views/channel-slice.js";
export { FrameSliceRecording } from "./recording/views/frame-slice.js";
export {
  AppendSegmentRecording,
  ConcatenateSegmentRecording,
  SelectSegmentRecording,
  appendRecordings,
  concatenateRecordings,
  selectSegmentRecording,
  splitRecording,
} from "./recording/views/segments.js";

export { BaseSorting, type SpikeTrainOptions } from "./sorting/base-sorting.js";
export { type SpikeVector, spikeCount } from "./sorting/spike-vector.js";
export { NumpySorting, SharedMemorySorting, type NumpySortingOptions } from "./sorting/numpy-sorting.js";
export { UnitsSelectionSorting } from "./sorting/views/units-selection.js";
export { FrameSliceSorting } from "./sorting/views/frame-slice.js";
export {
  AppendSegmentSorting,
  ConcatenateSegmentSorting,
  SelectSegmentSorting,
  SplitSegmentSorting,
  appendSortings,
  concatenateSortings,
  selectSegmentSorting,
  splitSorting,
} from "./sorting/views/segments.js";
