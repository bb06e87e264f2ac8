/**
 * The functional forms of the core extensions (SpikeInterface's compute_random_spikes(analyzer,
 * ...) etc.): compute on the analyzer and return the extension's data, not the extension.
 */
import { InvalidArgumentError } from "../errors.js";
import type { JobKwargs } from "../jobs/job-kwargs.js";
import type { AnalyzerArray } from "./analyzer-array.js";
import type { NoiseLevelsExtensionOptions } from "./extensions/noise-levels.js";
import type { RandomSpikesOptions } from "./extensions/random-spikes.js";
import type { TemplatesOptions } from "./extensions/templates.js";
import type { WaveformsOptions } from "./extensions/waveforms.js";
import { SortingAnalyzer } from "./sorting-analyzer.js";

function checkAnalyzer(analyzer: unknown, what: string): SortingAnalyzer {
  if (!(analyzer instanceof SortingAnalyzer)) {
    throw new InvalidArgumentError(`${what}() needs a SortingAnalyzer`);
  }
  return analyzer;
}

export async function computeRandomSpikes(
  analyzer: SortingAnalyzer,
  options: RandomSpikesOptions = {},
): Promise<Float64Array> {
  return (await checkAnalyzer(analyzer, "computeRandomSpikes").compute("random_spikes", options)).getData();
}

export async function computeWaveforms(
  analyzer: SortingAnalyzer,
  options: WaveformsOptions & JobKwargs = {},
): Promise<AnalyzerArray> {
  return (await checkAnalyzer(analyzer, "computeWaveforms").compute("waveforms", options)).getData();
}

/** The average templates (other operators: getExtension("templates").getData({ operator })). */
export async function computeTemplates(
  analyzer: SortingAnalyzer,
  options: TemplatesOptions & JobKwargs = {},
): Promise<AnalyzerArray> {
  return (await checkAnalyzer(analyzer, "computeTemplates").compute("templates", options)).getData();
}

export async function computeNoiseLevels(
  analyzer: SortingAnalyzer,
  options: NoiseLevelsExtensionOptions & JobKwargs = {},
): Promise<Float32Array | Float64Array> {
  return (await checkAnalyzer(analyzer, "computeNoiseLevels").compute("noise_levels", options)).getData();
}
