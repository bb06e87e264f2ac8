/**
 * extractWaveforms (spec api.md §12): the pre-0.101 entry point, kept for old code. Creates an
 * analyzer (in a binary folder with mode "folder", else in memory), computes random_spikes,
 * waveforms, templates and noise_levels, and returns a MockWaveformExtractor.
 */
import { InvalidArgumentError } from "../../errors.js";
import type { JobKwargs } from "../../jobs/job-kwargs.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import type { ChannelSparsity } from "../../sparsity/channel-sparsity.js";
import { createSortingAnalyzer } from "../create-sorting-analyzer.js";
import type { TemplateOperator } from "../extensions/templates.js";
import { warnAnalyzer } from "../warnings.js";
import { MockWaveformExtractor } from "./mock-waveform-extractor.js";

export interface ExtractWaveformsOptions extends JobKwargs {
  recording: BaseRecording;
  sorting: BaseSorting;
  folder?: string | null;
  /** "folder" (default, needs `folder`) or "memory". */
  mode?: "folder" | "memory";
  precomputeTemplate?: readonly TemplateOperator[];
  msBefore?: number;
  msAfter?: number;
  maxSpikesPerUnit?: number;
  returnScaled?: boolean;
  dtype?: string | null;
  sparse?: boolean;
  sparsity?: ChannelSparsity | null;
  numSpikesForSparsity?: number;
  seed?: number | null;
  /** Not supported any more (as in SpikeInterface): must stay undefined. */
  overwrite?: undefined;
  loadIfExists?: undefined;
}

export async function extractWaveforms(options: ExtractWaveformsOptions): Promise<MockWaveformExtractor> {
  for (const key of ["overwrite", "loadIfExists"] as const) {
    if (options[key] !== undefined) {
      throw new InvalidArgumentError(
        `extractWaveforms: ${key} is not supported any more; leave it undefined`,
      );
    }
  }
  warnAnalyzer(
    "extractWaveforms() is the old WaveformExtractor API: use createSortingAnalyzer() and compute()",
  );
  const mode = options.mode ?? "folder";
  if (mode === "folder" && !options.folder) {
    throw new InvalidArgumentError('extractWaveforms with mode "folder" needs a folder');
  }
  const {
    recording,
    sorting,
    folder,
    precomputeTemplate = ["average"],
    msBefore = 1.0,
    msAfter = 2.0,
    maxSpikesPerUnit = 500,
    returnScaled = true,
    dtype = null,
    sparse = true,
    sparsity = null,
    numSpikesForSparsity = 100,
    seed = null,
    mode: _mode,
    overwrite: _o,
    loadIfExists: _l,
    ...jobKwargs
  } = options;
  const analyzer = await createSortingAnalyzer({
    sorting,
    recording,
    format: mode === "folder" ? "binary_folder" : "memory",
    folder: mode === "folder" ? folder : null,
    sparse,
    sparsity,
    returnInUV: returnScaled,
    sparsityKwargs: { numSpikesForSparsity, msBefore, msAfter },
    jobKwargs,
  });
  await analyzer.compute("random_spikes", { maxSpikesPerUnit, seed });
  await analyzer.compute("waveforms", { msBefore, msAfter, dtype, ...jobKwargs });
  await analyzer.compute("templates", { operators: [...precomputeTemplate] });
  await analyzer.compute("noise_levels", {});
  return new MockWaveformExtractor(analyzer);
}
