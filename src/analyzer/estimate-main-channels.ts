/**
 * Main channels estimated straight from a recording and a sorting (spec api.md §9
 * `estimate_main_channel_from_recording`): average raw templates of a few random spikes per unit,
 * accumulated chunk by chunk with the analyzer's (parallel) accumulator, then the main-channel rule.
 */
import type { Id } from "../base/ids.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import type { JobKwargs } from "../jobs/job-kwargs.js";
import type { BaseRecording } from "../recording/base-recording.js";
import { msToSamples } from "../recording/time.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import { randomSpikesSelection } from "../sorting/sorting-tools.js";
import { takeSpikes } from "../sorting/spike-vector.js";
import { mainChannelsFromTemplatesArray, type PeakMode, type PeakSign } from "../tools/template-arrays.js";
import { estimateTemplatesWithAccumulator } from "./waveform-tools.js";

function numSamplesOf(recording: BaseRecording): number[] {
  return Array.from({ length: recording.getNumSegments() }, (_, s) =>
    recording.getNumSamples({ segmentIndex: s }),
  );
}

/** Dense raw average templates of at most `maxSpikesPerUnit` random spikes per unit. */
export async function templatesArrayFromRecordingAndSorting(
  recording: BaseRecording,
  sorting: BaseSorting,
  options: {
    msBefore: number;
    msAfter: number;
    maxSpikesPerUnit: number;
    seed: number | null;
    jobKwargs?: JobKwargs;
  },
): Promise<{ data: Float32Array; shape: [number, number, number]; nbefore: number }> {
  const fs = recording.samplingFrequency;
  const nbefore = msToSamples(options.msBefore, fs);
  const nafter = msToSamples(options.msAfter, fs);
  const indices = randomSpikesSelection(sorting, {
    numSamples: numSamplesOf(recording),
    method: "uniform",
    maxSpikesPerUnit: options.maxSpikesPerUnit,
    marginSize: Math.max(nbefore, nafter),
    seed: options.seed,
  });
  const spikes = takeSpikes(sorting.toSpikeVector(), indices);
  const counts = new Float64Array(sorting.getNumUnits());
  for (const u of spikes.unitIndex) counts[u]++;
  const empty: Id[] = sorting.unitIds.filter((_, u) => counts[u] === 0);
  if (empty.length > 0) {
    throw new SpikeInterfaceError(
      "invalid_argument",
      `cannot estimate templates for units ${formatList(empty)}: they have no spike away from the segment borders ` +
        `(remove them with sorting.removeEmptyUnits(), or give mainChannelIndices / a "main_channel_id" property)`,
      { unitIds: empty },
    );
  }
  const t = await estimateTemplatesWithAccumulator({
    recording,
    spikes,
    numUnits: sorting.getNumUnits(),
    nbefore,
    nafter,
    returnInUV: false,
    jobKwargs: options.jobKwargs,
    jobName: "estimate_templates",
  });
  return { data: t.average, shape: t.shape, nbefore };
}

export interface EstimateMainChannelOptions {
  peakSign: PeakSign;
  peakMode: PeakMode;
  numSpikesForMainChannel?: number;
  msBefore?: number;
  msAfter?: number;
  seed?: number | null;
  jobKwargs?: JobKwargs;
}

export async function estimateMainChannelFromRecording(
  recording: BaseRecording,
  sorting: BaseSorting,
  options: EstimateMainChannelOptions,
): Promise<Int32Array> {
  if (options.peakSign === undefined || options.peakMode === undefined) {
    throw new InvalidArgumentError("estimateMainChannelFromRecording needs peakSign and peakMode");
  }
  const t = await templatesArrayFromRecordingAndSorting(recording, sorting, {
    msBefore: options.msBefore ?? 1.0,
    msAfter: options.msAfter ?? 2.5,
    maxSpikesPerUnit: options.numSpikesForMainChannel ?? 100,
    seed: options.seed ?? null,
    jobKwargs: options.jobKwargs,
  });
  return mainChannelsFromTemplatesArray(
    { data: t.data, shape: t.shape },
    { peakSign: options.peakSign, peakMode: options.peakMode, nbefore: t.nbefore },
  );
}
