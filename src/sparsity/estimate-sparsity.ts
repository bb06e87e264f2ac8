/**
 * `estimateSparsity` (spec api.md §7.3): sparsity straight from a sorting and a recording, without
 * an analyzer. Templates are averaged from at most `numSpikesForSparsity` random spikes per unit
 * (fixed seed 2205, as SpikeInterface — but our generator, so not the same spikes), on raw traces,
 * then the chosen builder runs on them. Quirk kept: those raw-unit templates are labelled as µV,
 * so "amplitude" thresholds compare against raw amplitudes.
 */
import { InvalidArgumentError } from "../errors.js";
import { createDummyProbeFromLocations } from "../probe/attach-views.js";
import type { BaseRecording } from "../recording/base-recording.js";
import { msToSamples } from "../recording/time.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import { takeSpikes } from "../sorting/spike-vector.js";
import { estimateTemplatesWithAccumulator } from "../templates/accumulator.js";
import { selectRandomSpikesUniform } from "../templates/random-spikes.js";
import { Templates } from "../templates/templates.js";
import type { PeakMode, PeakSign } from "../tools/template-arrays.js";
import { ChannelSparsity } from "./channel-sparsity.js";

export interface EstimateSparsityOptions {
  /** Default 100. */
  numSpikesForSparsity?: number;
  /** Default 1.0. */
  msBefore?: number;
  /** Default 2.5. */
  msAfter?: number;
  /** radius (default), best_channels, closest_channels, snr, amplitude or by_property. */
  method?: "radius" | "best_channels" | "closest_channels" | "snr" | "amplitude" | "by_property";
  /** Default "both". */
  peakSign?: PeakSign;
  /** Default 100. */
  radiusUm?: number;
  /** Default 5. */
  numChannels?: number;
  /** Default 5. */
  threshold?: number;
  /** Default "extremum". */
  amplitudeMode?: PeakMode;
  byProperty?: string | null;
  /** Required by "snr": raw-unit noise levels (the templates are raw). */
  noiseLevels?: ArrayLike<number> | null;
  /** With "radius": use these main channels and skip the templates (no traces read). */
  mainChannelIndices?: ArrayLike<number> | null;
  /** Seed of the spike subset (default 2205, SpikeInterface's fixed value). */
  seed?: number;
  signal?: AbortSignal;
}

const METHODS: readonly string[] = [
  "radius",
  "best_channels",
  "closest_channels",
  "snr",
  "amplitude",
  "by_property",
];

/**
 * Channel locations for the templates' dummy probe; when several probes repeat the same positions,
 * probe i is shifted by 300·i µm in x and y so that channels of different probes stay apart.
 */
function sparsityLocations(recording: BaseRecording): Float64Array {
  const locations = recording.getChannelLocations();
  const probes = recording.getProbes();
  if (probes.length <= 1) return locations;
  const seen = new Set<string>();
  let duplicated = false;
  for (let i = 0; i < locations.length; i += 2) {
    const key = `${locations[i]},${locations[i + 1]}`;
    if (seen.has(key)) duplicated = true;
    seen.add(key);
  }
  if (!duplicated) return locations;
  const shifted = new Float64Array(locations.length);
  let row = 0;
  probes.forEach((probe, i) => {
    const pos = probe.contactPositions;
    const ndim = probe.ndim;
    for (let c = 0; c < probe.getContactCount(); c++, row++) {
      shifted[2 * row] = pos[c * ndim] + 300 * i;
      shifted[2 * row + 1] = pos[c * ndim + 1] + 300 * i;
    }
  });
  return shifted;
}

export async function estimateSparsity(
  sorting: BaseSorting,
  recording: BaseRecording,
  options: EstimateSparsityOptions = {},
): Promise<ChannelSparsity> {
  const method = options.method ?? "radius";
  if (!METHODS.includes(method)) {
    throw new InvalidArgumentError(
      `estimateSparsity: method ${JSON.stringify(method)} is not one of ${METHODS.join(", ")}`,
    );
  }
  const radiusUm = options.radiusUm ?? 100;
  if (method === "by_property") {
    if (!options.byProperty)
      throw new InvalidArgumentError('estimateSparsity "by_property" needs byProperty');
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
      channelLocations: recording.getChannelLocations(),
      radiusUm,
    });
  }
  if (method === "snr" && !options.noiseLevels) {
    throw new InvalidArgumentError('estimateSparsity "snr" needs noiseLevels (see getNoiseLevels)');
  }
  const fs = recording.samplingFrequency;
  const nbefore = msToSamples(options.msBefore ?? 1.0, fs);
  const nafter = msToSamples(options.msAfter ?? 2.5, fs);
  const probe = createDummyProbeFromLocations(sparsityLocations(recording));
  const numSamples = Array.from({ length: recording.getNumSegments() }, (_, segmentIndex) =>
    recording.getNumSamples({ segmentIndex }),
  );
  const picked = selectRandomSpikesUniform(sorting, {
    maxSpikesPerUnit: options.numSpikesForSparsity ?? 100,
    numSamples,
    marginSize: Math.max(nbefore, nafter),
    seed: options.seed ?? 2205,
  });
  const spikes = takeSpikes(sorting.toSpikeVector(), picked);
  const accumulated = await estimateTemplatesWithAccumulator(
    recording,
    spikes,
    sorting.unitIds,
    nbefore,
    nafter,
    {
      returnInUV: false,
      signal: options.signal,
    },
  );
  const templates = new Templates({
    templatesArray: accumulated.average,
    shape: accumulated.shape,
    samplingFrequency: fs,
    nbefore,
    channelIds: recording.channelIds,
    unitIds: sorting.unitIds,
    probe,
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
