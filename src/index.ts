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
export {
  NumpySorting,
  type NumpySortingOptions,
  type Peaks,
  SharedMemorySorting,
} from "./sorting/numpy-sorting.js";
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

// URL- and store-aware loaders (folder paths need spikeinterface-ts/node, which re-exports them).
export { type LoadSortingAnalyzerOptions, loadSortingAnalyzer } from "./analyzer/formats/load.js";
export * from "./analyzer/index.js";
export {
  BaseEvent,
  BaseEventSegment,
  type EventColumn,
  type EventDType,
  type EventField,
  type EventFieldDType,
  type EventTable,
  eventViews,
  type GetEventsOptions,
  timeFieldOf,
} from "./event/base-event.js";
export { type EventDict, type EventInput, NumpyEvent, NumpyEventSegment } from "./event/numpy-event.js";
export { SelectSegmentEvent } from "./event/select-segment-event.js";
export * from "./generate/index.js";
export * from "./generate/wrappers-index.js";
export { readZarr } from "./io/folders/zarr-read-store.js";
export {
  ZARR_RECORDING_CLASS,
  ZarrRecordingExtractor,
  ZarrRecordingSegment,
} from "./io/folders/zarr-recording-store.js";
export { ZARR_SORTING_CLASS, ZarrSortingExtractor } from "./io/folders/zarr-sorting-store.js";
export * from "./io/npy/index.js";
export * from "./io/zarr/index.js";
export * from "./jobs/index.js";
export { msToSamples } from "./recording/time.js";
export {
  type AggregateChannelsOptions,
  aggregateChannels,
  ChannelsAggregationRecording,
  type RecordingListOrDict,
} from "./recording/views/aggregate-channels.js";
export { DEFAULT_GIN_REPO, ginContentsUrl, ginRawUrl, parseGinRepo } from "./remote/gin.js";
export { parseHtmlListing } from "./remote/html-listing.js";
export { DEFAULT_TIMEOUT_MS, type FetchLike } from "./remote/http-request.js";
export {
  type HttpListing,
  HttpStore,
  type HttpStoreOptions,
  type HttpStoreStats,
  isHttpUrl,
} from "./remote/http-store.js";
export { MetadataMemoStore } from "./remote/metadata-memo-store.js";
export {
  loadRemoteExtractor,
  openRemoteRecording,
  openRemoteSorting,
  type RemoteZarrSource,
  readRemoteZarr,
  remoteZarrStore,
} from "./remote/open-remote.js";
export {
  loadRemoteSortingAnalyzer,
  PER_SPIKE_EXTENSIONS,
  type RemoteSortingAnalyzerOptions,
} from "./remote/open-remote-analyzer.js";
export {
  BaseSnippets,
  BaseSnippetsSegment,
  type GetSnippetsFromFramesOptions,
  type GetSnippetsOptions,
  type SnippetsArray,
  snippetsViews,
} from "./snippets/base-snippets.js";
export { ChannelSliceSnippets } from "./snippets/channel-slice-snippets.js";
export { FrameSliceSnippets } from "./snippets/frame-slice-snippets.js";
export {
  NumpySnippets,
  type NumpySnippetsOptions,
  NumpySnippetsSegment,
  type SnippetsInput,
} from "./snippets/numpy-snippets.js";
export { SelectSegmentSnippets } from "./snippets/select-segment-snippets.js";
export {
  applySplitsToSorting,
  checkUnitSplitsConsistency,
  generateUnitIdsForSplit,
  type SplitIdStrategy,
  type SplitResult,
  type UnitSplits,
  type UnitSplitsInput,
} from "./sorting/apply-splits.js";
export {
  type ApplyMergesOptions,
  applyMergesToSorting,
  generateUnitIdsForMergeGroup,
  type MergeIdStrategy,
  type MergeResult,
  type RandomSpikesSelectionOptions,
  randomSpikesSelection,
  spikeVectorToIndices,
  spikeVectorToSpikeTrains,
} from "./sorting/sorting-tools.js";
export {
  type AggregateUnitsOptions,
  aggregateUnits,
  type SortingListOrDict,
  UnitsAggregationSorting,
} from "./sorting/views/aggregate-units.js";
export {
  ChannelSparsity,
  type ChannelSparsityDict,
  type ChannelSparsityOptions,
  type MaskInput,
} from "./sparsity/channel-sparsity.js";
export {
  type ComputeSparsityOptions,
  computeSparsity,
  type SparsityMethod,
} from "./sparsity/compute-sparsity.js";
export { type EstimateSparsityOptions, estimateSparsity } from "./sparsity/estimate-sparsity.js";
export type { ShapedArray } from "./sparsity/shaped-array.js";
export type { SortingAnalyzerLike, TemplatesLike, TemplatesOrAnalyzer } from "./sparsity/sources.js";
export {
  type AccumulatedTemplates,
  type AccumulateTemplatesOptions,
  estimateTemplatesWithAccumulator,
} from "./templates/accumulator.js";
export { type RandomSpikesOptions, selectRandomSpikesUniform } from "./templates/random-spikes.js";
export {
  Templates,
  type TemplatesDict,
  type TemplatesOptions,
  type TemplatesProbe,
} from "./templates/templates.js";
export {
  type ChunkWithMargin,
  type ChunkWithMarginOptions,
  getChunkWithMargin,
} from "./tools/chunk-margin.js";
export { MAD_TO_STD } from "./tools/integer-mad.js";
export { meanOverChunks, type NoiseMethod, noiseLevelsOfChunk } from "./tools/noise-chunk.js";
export {
  getNoiseLevels,
  type NoiseLevelsOptions,
  noiseLevelPropertyKey,
  noiseLevelsOfSlice,
} from "./tools/noise-levels.js";
export {
  type ChunkSlice,
  getRandomDataChunkList,
  getRandomDataChunks,
  getRandomSampleSlices,
  type RandomDataChunksOptions,
  type RandomSlicesOptions,
} from "./tools/random-chunks.js";
export {
  channelLocationsOf,
  doRecordingAttributesMatch,
  getChannelDistances,
  getClosestChannels,
  getRecAttributes,
  orderChannelsByDepth,
  type RecAttributes,
} from "./tools/recording-tools.js";
export {
  type DenseTemplatesArray,
  mainChannelsFromTemplatesArray,
  type PeakMode,
  type PeakSign,
  peakShiftsFromTemplatesArray,
  templateAmplitudesFromArray,
} from "./tools/template-arrays.js";
export {
  type ExtremumChannelOptions,
  getDenseTemplatesArray,
  getMainChannelIndices,
  getTemplateAmplitudeOnMainChannel,
  getTemplateAmplitudes,
  getTemplateExtremumAmplitude,
  getTemplateExtremumChannel,
  getTemplateExtremumChannelPeakShift,
  getTemplatePeakShiftOnMainChannel,
  type MainChannelOptions,
  type TemplateAmplitudesOptions,
} from "./tools/template-tools.js";
