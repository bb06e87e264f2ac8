/** The browser-safe SortingAnalyzer API (file formats and worker threads: ./node.ts). */
export {
  type AnalyzerArray,
  type AnalyzerJson,
  type ExtensionDataValue,
  isAnalyzerArray,
  makeArray,
} from "./analyzer-array.js";
export type { SaveAsOptions } from "./assemble.js";
export {
  type AnalyzerBackend,
  type AnalyzerFormat,
  type AnalyzerFormatImplementation,
  type AnalyzerSettings,
  registerAnalyzerFormat,
} from "./backend.js";
export { type CreateSortingAnalyzerOptions, createSortingAnalyzer } from "./create-sorting-analyzer.js";
export {
  type EstimateMainChannelOptions,
  estimateMainChannelFromRecording,
} from "./estimate-main-channels.js";
export {
  AnalyzerExtension,
  type AnalyzerExtensionTypes,
  type ExtensionClass,
  type ExtensionParams,
  type RunInfo,
} from "./extension.js";
export {
  getAvailableAnalyzerExtensions,
  getDefaultAnalyzerExtensionParams,
  getExtensionClass,
  registerAnalyzerExtension,
} from "./extension-registry.js";
export * from "./extensions/index.js";
export { computeNoiseLevels, computeRandomSpikes, computeTemplates, computeWaveforms } from "./functional.js";
export { type ExtractWaveformsOptions, extractWaveforms } from "./legacy/extract-waveforms.js";
export {
  MockWaveformExtractor,
  type SampledIndices,
  type TemplateRequest,
} from "./legacy/mock-waveform-extractor.js";
// generate/ has its own SplitUnitsOptions (injectSomeSplitUnits), hence the alias.
export type { MergeUnitsOptions, SplitUnitsOptions as AnalyzerSplitUnitsOptions } from "./merge-units.js";
export { type ComputeOptions, SortingAnalyzer } from "./sorting-analyzer.js";
export { extractWaveformsToSingleBuffer, hasExceedingSpikes } from "./waveform-tools.js";
