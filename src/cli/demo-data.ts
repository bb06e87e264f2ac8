/**
 * Ground-truth demo data for `spikeinterface-ts demo`, built like SpikeInterface's
 * generate_ground_truth_recording from the generate module's parts: a 2-column probe, unit
 * locations near it, synthetic templates, Poisson spike trains, Gaussian noise, and the templates
 * added at each spike. The traces are computed once, in memory (a few MB for the defaults).
 *
 * This file stands in for `generateGroundTruthRecording` until src/generate provides one; the
 * command only needs `{ recording, sorting }` from it.
 */
import type { Id } from "../base/ids.js";
import { addTemplatesToTraces } from "../generate/inject.js";
import { generateUnitLocations } from "../generate/locations.js";
import { readNoise } from "../generate/noise.js";
import { generateSortingSpikes } from "../generate/sorting-spikes.js";
import { generateTemplates } from "../generate/templates.js";
import { generateMultiColumnsProbe } from "../probe/generators.js";
import { NumpyRecording } from "../recording/numpy-recording.js";
import { msToSamples } from "../recording/time.js";
import { NumpySorting } from "../sorting/numpy-sorting.js";

export interface DemoDataOptions {
  durationS?: number;
  samplingFrequency?: number;
  numChannels?: number;
  numUnits?: number;
  /** Noise standard deviation (µV). */
  noiseLevel?: number;
  firingRate?: number;
  seed?: number;
}

export interface DemoData {
  recording: NumpyRecording;
  sorting: NumpySorting;
}

export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const {
    durationS = 10,
    samplingFrequency: fs = 25000,
    numChannels = 16,
    numUnits = 10,
    noiseLevel = 5,
    firingRate = 15,
    seed = 2205,
  } = options;
  // Channels split over two columns, the remainder going to the first (SpikeInterface's layout).
  const perColumn = [Math.ceil(numChannels / 2), Math.floor(numChannels / 2)];
  const probe = generateMultiColumnsProbe({
    numColumns: 2,
    numContactPerColumn: perColumn,
    xpitch: 20,
    ypitch: 20,
    contactShapes: "circle",
    contactShapeParams: { radius: 6 },
  });
  probe.setDeviceChannelIndices(Int32Array.from({ length: numChannels }, (_, i) => i));
  const channelLocations = { data: Float64Array.from(probe.contactPositions), shape: [numChannels, 2] };
  const unitLocations = generateUnitLocations(numUnits, channelLocations, {
    marginUm: 10,
    minimumZ: 5,
    maximumZ: 50,
    minimumDistance: 20,
    seed,
  });
  const msBefore = 1;
  const msAfter = 3;
  const templates = generateTemplates(channelLocations, unitLocations, fs, msBefore, msAfter, {
    seed: seed + 1,
  });
  const width = msToSamples(msBefore, fs) + msToSamples(msAfter, fs);
  const spikes = generateSortingSpikes({
    numUnits,
    samplingFrequency: fs,
    durations: [durationS],
    firingRates: firingRate,
    refractoryPeriodMs: 4,
    seed: seed + 2,
  });
  const numSamples = Math.floor(durationS * fs);
  const traces = readNoise({
    start: 0,
    end: numSamples,
    channelIndices: null,
    numChannels,
    blockSize: Math.floor(fs),
    seed: seed + 3,
    segmentIndex: 0,
    noiseLevels: noiseLevel,
    strategy: "on_the_fly",
  });
  addTemplatesToTraces({
    traces,
    start: 0,
    end: numSamples,
    channelIndices: null,
    sampleIndex: spikes.sampleIndex,
    unitIndex: spikes.unitIndex,
    templates,
    templateShape: [numUnits, width, numChannels],
    nbefore: msToSamples(msBefore, fs),
  });

  const channelIds: Id[] = Array.from({ length: numChannels }, (_, i) => String(i));
  const recording = new NumpyRecording({
    tracesList: { data: traces, shape: [numSamples, numChannels] },
    samplingFrequency: fs,
    channelIds,
  });
  recording.setProbe(probe);
  recording.setChannelGains(1);
  recording.setChannelOffsets(0);
  recording.annotate({ is_filtered: true, name: "GroundTruthRecording" });

  const unitIds: Id[] = Array.from({ length: numUnits }, (_, i) => String(i));
  const sorting = new NumpySorting({ spikes, samplingFrequency: fs, unitIds, numSegments: 1 });
  sorting.setProperty("gt_unit_locations", Float64Array.from(unitLocations.data), { shape: [numUnits, 3] });
  sorting.setProperty(
    "main_channel_id",
    nearestChannels(probe.contactPositions, unitLocations.data, channelIds),
  );
  sorting.annotate({ name: "GroundTruthSorting" });
  return { recording, sorting };
}

/** The channel nearest to each unit in the probe plane (x, y). */
function nearestChannels(
  positions: Float64Array,
  units: ArrayLike<number>,
  channelIds: readonly Id[],
): string[] {
  const out: string[] = [];
  for (let u = 0; u < units.length / 3; u++) {
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    for (let c = 0; c < channelIds.length; c++) {
      const d = (positions[2 * c] - units[3 * u]) ** 2 + (positions[2 * c + 1] - units[3 * u + 1]) ** 2;
      if (d < bestD) [best, bestD] = [c, d];
    }
    out.push(String(channelIds[best]));
  }
  return out;
}
