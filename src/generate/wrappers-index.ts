/**
 * The generator wrappers: recordings, sortings and snippets built on the numeric core of this
 * folder (index.ts). Importing this module registers their classes for provenance rebuilding.
 */
export {
  type GenerateGroundTruthOptions,
  type GroundTruth,
  generateGroundTruthRecording,
} from "./recordings/generate-ground-truth.js";
export {
  type GenerateRecordingOptions,
  generateRecording,
  wiredLinearProbe,
} from "./recordings/generate-recording.js";
export {
  InjectTemplatesRecording,
  type InjectTemplatesRecordingOptions,
  injectTemplates,
} from "./recordings/inject-templates-recording.js";
export {
  MockRecording,
  type MockRecordingOptions,
  NoiseGeneratorRecording,
  type NoiseGeneratorRecordingOptions,
  NoiseGeneratorRecordingSegment,
} from "./recordings/noise-generator-recording.js";
export type { NestedTemplates, TemplatesArray, TemplatesInput } from "./recordings/templates-input.js";
export { type GeneratedSnippets, type GenerateSnippetsOptions, generateSnippets } from "./snippets.js";
export { type GenerateSortingOptions, generateSorting } from "./sortings/generate-sorting.js";
export {
  type DuplicateUnitsOptions as InjectDuplicateUnitsOptions,
  injectSomeDuplicateUnits,
  injectSomeSplitUnits,
  type SplitUnitsOptions as InjectSplitUnitsOptions,
  type SplitUnitsResult as InjectSplitUnitsResult,
  TransformSorting,
  type TransformSortingOptions,
} from "./sortings/transform-sorting.js";
