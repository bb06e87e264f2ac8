/** The core extensions, registered on import (spec api.md §10.4). */
export { ComputeNoiseLevels, type NoiseLevelsExtensionOptions } from "./noise-levels.js";
export { ComputeRandomSpikes, type RandomSpikesOptions } from "./random-spikes.js";
export { ComputeTemplates, operatorKey, type TemplateOperator, type TemplatesOptions } from "./templates.js";
export { ComputeWaveforms, type WaveformsOptions, waveformsOneUnit } from "./waveforms.js";
