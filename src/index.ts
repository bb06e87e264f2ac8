/**
 * spikeinterface-ts: the browser-safe core. Node-only parts (files, worker threads) are in
 * "spikeinterface-ts/node".
 */

export {
  BaseExtractor,
  type ExtractorDict,
  type JsonValue,
  SI_FORMAT_VERSION,
  type ToDictOptions,
} from "./base/extractor.js";
export { type Id, IdIndex } from "./base/ids.js";
export type { Property, PropertyDType, PropertyInput, PropertyValues } from "./base/properties.js";
export { extractorFromDict, isExtractorDict, provenanceHooks } from "./base/provenance.js";
export { BaseRecordingSnippets, type SetProbeOptions } from "./base/recording-snippets.js";
export { registerExtractorClass, registeredClassNames, resolveExtractorClass } from "./base/registry.js";
export { getSaver, registerSaver, type SaveOptions, type Saver } from "./base/savers.js";
export { fromTransferable, type TransferableExtractor, toTransferable } from "./base/transfer.js";
export * from "./dtype.js";
export * from "./errors.js";
export * from "./probe/index.js";
export { BaseRecording, type GetTracesOptions, NOISE_LEVEL_PROPERTIES } from "./recording/base-recording.js";
export {
  NumpyRecording,
  type NumpyRecordingOptions,
  SharedMemoryRecording,
  type TracesArray,
} from "./recording/numpy-recording.js";
export { BaseRecordingSegment } from "./recording/segment.js";
export { roundHalfEven, type TimeInfo } from "./recording/time.js";
export { ChannelSliceRecording } from "./recording/views/channel-slice.js";
export { FrameSliceRecording } from "./recording/views/frame-slice.js";
export {
  AppendSegmentRecording,
  appendRecordings,
  ConcatenateSegmentRecording,
  concatenateRecordings,
  SelectSegmentRecording,
  selectSegmentRecording,
  splitRecording,
} from "./recording/views/segments.js";
export { BaseSorting, type SpikeTrainOptions } from "./sorting/base-sorting.js";
export { NumpySorting, type NumpySortingOptions, SharedMemorySorting } from "./sorting/numpy-sorting.js";
export { type SpikeVector, spikeCount } from "./sorting/spike-vector.js";
export { FrameSliceSorting } from "./sorting/views/frame-slice.js";
export {
  AppendSegmentSorting,
  appendSortings,
  ConcatenateSegmentSorting,
  concatenateSortings,
  SelectSegmentSorting,
  SplitSegmentSorting,
  selectSegmentSorting,
  splitSorting,
} from "./sorting/views/segments.js";
export { UnitsSelectionSorting } from "./sorting/views/units-selection.js";
export * from "./traces.js";

import "./recording/probe-slice.js";
import { provenanceHooks } from "./base/provenance.js";
import { BaseRecordingSnippets } from "./base/recording-snippets.js";
import { ProbeGroup } from "./probe/probegroup.js";
import type { ProbeGroupDict } from "./probe/types.js";

// Provenance dicts carry the probe group already ordered (contact i = channel i) and the `group`
// property as saved, so it is attached as is rather than re-derived.
provenanceHooks.applyProbegroup = (extractor, dict) => {
  if (extractor instanceof BaseRecordingSnippets) {
    extractor.setProbegroupUnchecked(ProbeGroup.fromDict(dict as ProbeGroupDict));
  }
};
export * from "./io/npy/index.js";
