/**
 * Toy-data generators, numeric core: the seeded generator, block-deterministic noise, spike
 * trains, sorting spike vectors, templates and locations. The recording/sorting wrappers
 * (MockRecording, InjectTemplatesRecording, generateSorting…) build on these.
 */
export { FractionalDelay } from "./fft.js";
export { type AddTemplatesOptions, addTemplatesToTraces } from "./inject.js";
export {
  type ChannelLocationsOptions,
  generateChannelLocations,
  generateUnitLocations,
  type LocationArray,
  type LocationColumns,
  locationRows,
  type UnitLocationsOptions,
} from "./locations.js";
export {
  defaultNoiseCache,
  type FillNoiseBlockOptions,
  fillNoiseBlock,
  NoiseBlockCache,
  type NoiseDistribution,
  type NoiseDType,
  type NoiseLevels,
  type NoiseOutput,
  type NoiseStrategy,
  type ReadNoiseOptions,
  readNoise,
  resolveNoiseLevels,
} from "./noise.js";
export { createRng, Rng, type ShuffleTarget } from "./rng.js";
export { checkSeed, deriveSeed, ensureSeed, randomSeed, type SeedKey } from "./seeds.js";
export {
  concatSegments,
  type DuplicateUnitsOptions,
  type DuplicateUnitsResult,
  duplicateUnitsSpikes,
  type GenerateSortingSpikesOptions,
  generateSortingSpikes,
  type SplitUnitsOptions,
  type SplitUnitsResult,
  segmentsOf,
  splitUnitsSpikes,
} from "./sorting-spikes.js";
export {
  emptySegmentSpikes,
  mergeUnitTrains,
  type SegmentSpikes,
  sortSegmentSpikes,
  splitByUnit,
} from "./spike-order.js";
export {
  type BadIsiOptions,
  cleanRefractoryPeriod,
  ensureFiringRates,
  type FiringRateRange,
  type FiringRates,
  type PoissonSpikeVectorOptions,
  type RandomFiringsOptions,
  synthesizePoissonSpikeVector,
  synthesizeRandomFirings,
  synthetizeSpikeTrainBadIsi,
} from "./spike-trains.js";
export {
  DEFAULT_UNIT_PARAMS_RANGE,
  ellipsoidDistances,
  ensureUnitParams,
  type GenerateTemplatesArgs,
  type GenerateTemplatesOptions,
  generateTemplates,
  type ParamRange,
  type ResolvedUnitParams,
  type TemplatesOutput,
  type UnitParamName,
  type UnitParams,
  type UnitParamValue,
} from "./templates.js";
export { nextIntegerIds, type SplitIds, splitUnitIds } from "./unit-ids.js";
export {
  expGrowth,
  type FakeWaveformOptions,
  generateSingleFakeWaveform,
  msToSamples,
  roundHalfEven,
} from "./waveform.js";
