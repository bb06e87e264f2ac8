/**
 * Main channels and sparsity estimated straight from a recording and a sorting (spec api.md §7.3
 * and §9 `estimate_main_channel_from_recording`): average raw templates of a few random spikes per
 * unit, computed with the accumulator, then the main-channel rule or a sparsity builder.
 */
import type { Id } from "../base/ids.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import type { JobKwargs } from "../jobs/job-kwargs.js";
import type { BaseRecording } from "../recording/base-recording.js";
import { roundHalfEven } from "../recording/time.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import { takeSpikes } from "../sorting/spike-vector.js";
import { ChannelSparsity } from "../sparsity/channel-sparsity.js";
import { Templates } from "../templates/templates.js";
import { mainChannelsFromTemplatesArray, type PeakMode, type PeakSign } from "../tools/template-arrays.js";
import { randomSpikesSelection } from "./random-spikes-selection.js";
import { estimateTemplatesWithAccumulator } from "./waveform-tools.js";

/** SpikeInterface's ms_to_samples: Python's round (half to even). */
export function msToSamples(ms: number, samplingFrequency: number): number {
  return roundHalfEven((ms * samplingFrequency) / 1000);
}

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

export type EstimateSparsityMethod =
  | "radius"
  | "best_channels"
  | "closest_channels"
  | "snr"
  | "amplitude"
  | "by_property";

export interface EstimateSparsityOptions {
  numSpikesForSparsity?: number;
  msBefore?: number;
  msAfter?: number;
  method?: EstimateSparsityMethod;
  peakSign?: PeakSign;
  radiusUm?: number;
  numChannels?: number;
  threshold?: number;
  amplitudeMode?: PeakMode;
  byProperty?: string | null;
  noiseLevels?: ArrayLike<number> | null;
  mainChannelIndices?: ArrayLike<number> | null;
  jobKwargs?: JobKwargs;
}

const METHODS: readonly string[] = [
  "radius",
  "best_channels",
  "closest_channels",
  "snr",
  "amplitude",
  "by_property",
];

/** Channel locations, with each probe shifted by 300 µm in x and y when probes overlap. */
function sparsityLocations(recording: BaseRecording): Float64Array {
  const all = recording.getChannelLocations();
  const probes = recording.getProbes();
  if (probes.length <= 1) return all;
  const seen = new Set<string>();
  let duplicated = false;
  for (let i = 0; i < all.length; i += 2) {
    const key = `${all[i]},${all[i + 1]}`;
    if (seen.has(key)) duplicated = true;
    seen.add(key);
  }
  if (!duplicated) return all;
  const out = new Float64Array(all.length);
  let row = 0;
  probes.forEach((probe, p) => {
    const pos = probe.contactPositions;
    const nd = probe.ndim;
    for (let c = 0; c < probe.getContactCount(); c++, row++) {
      out[row * 2] = pos[c * nd] + 300 * p;
      out[row * 2 + 1] = pos[c * nd + 1] + 300 * p;
    }
  });
  return out;
}

export async function estimateSparsity(
  sorting: BaseSorting,
  recording: BaseRecording,
  options: EstimateSparsityOptions = {},
): Promise<ChannelSparsity> {
  const method = options.method ?? "radius";
  if (!METHODS.includes(method)) {
    throw new InvalidArgumentError(
      `estimateSparsity method ${JSON.stringify(method)} is not available; use one of ${METHODS.join(", ")}`,
      { method },
    );
  }
  const radiusUm = options.radiusUm ?? 100;
  if (method === "by_property") {
    if (!options.byProperty) throw new InvalidArgumentError('method "by_property" needs byProperty');
    return ChannelSparsity.fromProperty({ sorting, recording, byProperty: options.byProperty });
  }
  if (method === "radius" && options.mainChannelIndices) {
    if (options.mainChannelIndices.length !== sorting.getNumUnits()) {
      throw new InvalidArgumentError(
        `${options.mainChannelIndices.length} main channel indices for ${sorting.getNumUnits()} units`,
      );
    }
    return ChannelSparsity.fromRadiusAndMainChannel({
      unitIds: sorting.unitIds,
      channelIds: recording.channelIds,
      mainChannelIndices: options.mainChannelIndices,
      channelLocations: recording.getChannelLocations({ axes: "xy" }),
      radiusUm,
    });
  }
  const locations = sparsityLocations(recording);
  const msBefore = options.msBefore ?? 1.0;
  const t = await templatesArrayFromRecordingAndSorting(recording, sorting, {
    msBefore,
    msAfter: options.msAfter ?? 2.5,
    maxSpikesPerUnit: options.numSpikesForSparsity ?? 100,
    seed: 2205,
    jobKwargs: options.jobKwargs,
  });
  // Quirk kept from SpikeInterface: raw-unit templates labelled as µV.
  const templates = new Templates({
    templatesArray: t.data,
    shape: t.shape,
    samplingFrequency: recording.samplingFrequency,
    nbefore: t.nbefore,
    channelIds: recording.channelIds,
    unitIds: sorting.unitIds,
    probe: { ndim: 2, contactPositions: locations, toDict: () => null },
  });
  const peakSign = options.peakSign ?? "both";
  const amplitudeMode = options.amplitudeMode ?? "extremum";
  switch (method) {
    case "best_channels":
      return ChannelSparsity.fromBestChannels(templates, {
        numChannels: options.numChannels ?? 5,
        peakSign,
        amplitudeMode,
      });
    case "closest_channels":
      return ChannelSparsity.fromClosestChannels(templates, {
        numChannels: options.numChannels ?? 5,
        peakSign,
        peakMode: amplitudeMode,
      });
    case "radius":
      return ChannelSparsity.fromRadius(templates, { radiusUm, peakSign, peakMode: amplitudeMode });
    case "snr":
      if (!options.noiseLevels) throw new InvalidArgumentError('method "snr" needs noiseLevels');
      return ChannelSparsity.fromSnr(templates, {
        threshold: options.threshold ?? 5,
        noiseLevels: options.noiseLevels,
        peakSign,
        amplitudeMode,
      });
    default:
      return ChannelSparsity.fromAmplitude(templates, {
        threshold: options.threshold ?? 5,
        amplitudeMode,
        peakSign,
      });
  }
}
