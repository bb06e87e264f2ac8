/**
 * Main channels estimated straight from a recording and a sorting (spec api.md §9
 * `estimate_main_channel_from_recording`): average raw templates of a few random spikes per unit,
 * accumulated chunk by chunk with the analyzer's (parallel) accumulator, then the main-channel rule.
 */
import type { Id } from "../base/ids.js";
import { formatList, InvalidArgumentError } from "../errors.js";
import type { JobKwargs } from "../jobs/job-kwargs.js";
import type { BaseRecording } from "../recording/base-recording.js";
import { msToSamples } from "../recording/time.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import { randomSpikesSelection } from "../sorting/sorting-tools.js";
import { type SpikeVector, takeSpikes } from "../sorting/spike-vector.js";
import { mainChannelsFromTemplatesArray, type PeakMode, type PeakSign } from "../tools/template-arrays.js";
import { planAnalyzerChunks } from "./chunk-runner.js";
import { chunkWindows, prepareWindowContext } from "./tasks/chunk-spikes.js";
import { warnAnalyzer } from "./warnings.js";
import { createInt16SumAccumulator } from "./wasm-int16-sums.js";
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
    // As SpikeInterface: their templates stay zero, so their main channel is the first one.
    warnAnalyzer(
      `units ${formatList(empty)} have no spike away from the segment borders: their main channel is set to ` +
        `${JSON.stringify(recording.channelIds[0])} (give mainChannelIndices or a "main_channel_id" property to choose)`,
    );
  }
  const fast = await int16AverageTemplates(recording, spikes, counts, nbefore, nafter, options.jobKwargs);
  if (fast !== null)
    return { data: fast, shape: [counts.length, nbefore + nafter, recording.getNumChannels()], nbefore };
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

/**
 * The same averages for int16 recordings, summed exactly in int32 with WebAssembly SIMD. While every
 * unit has at most 512 spikes, each float32 partial sum of the accumulator is an integer below 2^24,
 * so float32 and int32 sums agree bit for bit. Null when this path does not apply.
 */
async function int16AverageTemplates(
  recording: BaseRecording,
  spikes: SpikeVector,
  counts: Float64Array,
  nbefore: number,
  nafter: number,
  jobKwargs: JobKwargs | undefined,
): Promise<Float32Array | null> {
  if (recording.getDtype() !== "int16") return null;
  for (const c of counts) if (c > 512) return null;
  const U = counts.length;
  const C = recording.getNumChannels();
  const ns = nbefore + nafter;
  const per = ns * C;
  const acc = createInt16SumAccumulator(U * per);
  if (acc === null || ns === 0) return null;
  const ctx = prepareWindowContext({
    recording,
    spikes,
    numSamples: numSamplesOf(recording),
    nbefore,
    nafter,
    numUnits: U,
    numChannels: C,
    scaling: null,
    sparsityMask: null,
  });
  const plan = planAnalyzerChunks(recording, jobKwargs ?? {});
  const samples = spikes.sampleIndex;
  const units = spikes.unitIndex;
  for (const chunk of plan.chunks) {
    for await (const w of chunkWindows(ctx, chunk)) {
      if (!(w.raw instanceof Int16Array)) return null;
      acc.stage(w.raw);
      for (let i = w.i0; i < w.i1; i++) acc.add((samples[i] - nbefore - w.start) * C, units[i] * per, per);
    }
  }
  const sums = acc.sums();
  const average = new Float32Array(U * per);
  for (let u = 0; u < U; u++) {
    const count = counts[u];
    if (count === 0) continue;
    for (let k = u * per; k < (u + 1) * per; k++) average[k] = sums[k] / count;
  }
  return average;
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
