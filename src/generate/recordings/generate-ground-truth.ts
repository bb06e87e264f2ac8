/**
 * generateGroundTruthRecording (SpikeInterface's generate_ground_truth_recording): a multi-column
 * probe, unit positions near it, synthetic templates, Poisson spike trains and Gaussian noise,
 * combined lazily as InjectTemplatesRecording(noise + templates at the spikes). Returns the
 * recording and the sorting that is its ground truth.
 *
 * One seed drives everything; each part draws from its own derived seed (deriveSeed(seed,
 * "sorting"), …) so, e.g., changing the noise level does not move the spikes.
 */
import { InvalidArgumentError } from "../../errors.js";
import { generateMultiColumnsProbe, type MultiColumnsProbeOptions } from "../../probe/generators.js";
import type { Probe } from "../../probe/probe.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import { generateUnitLocations, type UnitLocationsOptions } from "../locations.js";
import { createRng } from "../rng.js";
import { deriveSeed, ensureSeed } from "../seeds.js";
import { type GenerateSortingOptions, generateSorting } from "../sortings/generate-sorting.js";
import { type GenerateTemplatesOptions, generateTemplates } from "../templates.js";
import { msToSamples } from "../waveform.js";
import { checkDurations, checkPositiveInteger, checkSamplingFrequency } from "./checks.js";
import { InjectTemplatesRecording } from "./inject-templates-recording.js";
import { NoiseGeneratorRecording, type NoiseGeneratorRecordingOptions } from "./noise-generator-recording.js";
import { resolveTemplates, type TemplatesInput } from "./templates-input.js";

export interface GenerateGroundTruthOptions {
  /** Seconds per segment, default [10]. */
  durations?: readonly number[];
  /** Hz, default 25000. */
  samplingFrequency?: number;
  /** Default 4 (ignored when a probe is given). */
  numChannels?: number;
  /** Default 10 (ignored when a sorting is given). */
  numUnits?: number;
  /** Use this sorting instead of generating one (same sampling frequency and segment count). */
  sorting?: BaseSorting | null;
  /** Use this probe instead of a multi-column one. */
  probe?: Probe | null;
  /** Options of the generated probe; default 2 columns, 20 µm pitches, circles of radius 6. */
  generateProbeKwargs?: MultiColumnsProbeOptions;
  /** (units, samples, channels[, upsample]) templates instead of generated ones. */
  templates?: TemplatesInput | null;
  /** Default 1 ms. */
  msBefore?: number;
  /** Default 3 ms. */
  msAfter?: number;
  /** Generate upsampled (4-D) templates and inject a random slot per spike. */
  upsampleFactor?: number | null;
  /** Upsample slot of each spike (4-D templates). */
  upsampleVector?: ArrayLike<number> | null;
  /** Default {firingRates: 15, refractoryPeriodMs: 4}. */
  generateSortingKwargs?: Omit<
    GenerateSortingOptions,
    "numUnits" | "samplingFrequency" | "durations" | "seed"
  >;
  /** Default {noiseLevels: 5, strategy: "on_the_fly"}. */
  noiseKwargs?: Omit<
    NoiseGeneratorRecordingOptions,
    "numChannels" | "samplingFrequency" | "durations" | "seed" | "dtype"
  >;
  /** Default {marginUm: 10, minimumZ: 5, maximumZ: 50, minimumDistance: 20}. */
  generateUnitLocationsKwargs?: Omit<UnitLocationsOptions, "seed">;
  generateTemplatesKwargs?: Omit<GenerateTemplatesOptions, "seed" | "dtype" | "upsampleFactor">;
  /** Default "float32". */
  dtype?: "float32" | "float64";
  seed?: number | null;
}

export interface GroundTruth {
  recording: InjectTemplatesRecording;
  sorting: BaseSorting;
}

/** SpikeInterface's layout: channels split evenly over the columns, the remainder in the middle one. */
function defaultProbe(numChannels: number, kwargs: MultiColumnsProbeOptions): Probe {
  const options: MultiColumnsProbeOptions = {
    numColumns: 2,
    xpitch: 20,
    ypitch: 20,
    contactShapes: "circle",
    contactShapeParams: { radius: 6 },
    ...kwargs,
  };
  const numColumns = options.numColumns ?? 2;
  checkPositiveInteger(numColumns, "generateProbeKwargs.numColumns");
  if (options.numContactPerColumn === undefined) {
    const counts = new Array<number>(numColumns).fill(Math.floor(numChannels / numColumns));
    counts[Math.floor(numColumns / 2)] += numChannels % numColumns;
    options.numContactPerColumn = counts;
  }
  return generateMultiColumnsProbe(options);
}

export function generateGroundTruthRecording(options: GenerateGroundTruthOptions = {}): GroundTruth {
  const {
    durations = [10],
    samplingFrequency = 25000,
    msBefore = 1,
    msAfter = 3,
    dtype = "float32",
    upsampleFactor = null,
  } = options;
  const segs = checkDurations(durations);
  checkSamplingFrequency(samplingFrequency);
  if (dtype !== "float32" && dtype !== "float64") {
    throw new InvalidArgumentError(`dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`, {
      dtype,
    });
  }
  const seed = ensureSeed(options.seed);

  let probe: Probe;
  if (options.probe) {
    probe = options.probe.copy();
    const wiring = options.probe.deviceChannelIndices;
    probe.setDeviceChannelIndices(
      wiring ?? Int32Array.from({ length: probe.getContactCount() }, (_, i) => i),
    );
  } else {
    const numChannels = checkPositiveInteger(options.numChannels ?? 4, "numChannels");
    probe = defaultProbe(numChannels, options.generateProbeKwargs ?? {});
    probe.setDeviceChannelIndices(Int32Array.from({ length: numChannels }, (_, i) => i));
  }
  const numChannels = probe.getContactCount();

  const sorting =
    options.sorting ??
    generateSorting({
      numUnits: checkPositiveInteger(options.numUnits ?? 10, "numUnits"),
      samplingFrequency,
      durations: segs,
      firingRates: 15,
      refractoryPeriodMs: 4,
      ...options.generateSortingKwargs,
      seed: deriveSeed(seed, "sorting"),
    });
  if (Math.abs(sorting.samplingFrequency - samplingFrequency) > 1e-6) {
    throw new InvalidArgumentError(
      `the sorting samples at ${sorting.samplingFrequency} Hz, samplingFrequency is ${samplingFrequency}`,
    );
  }
  if (sorting.getNumSegments() !== segs.length) {
    throw new InvalidArgumentError(
      `the sorting has ${sorting.getNumSegments()} segments for ${segs.length} durations`,
    );
  }
  const numUnits = sorting.getNumUnits();

  const noise = new NoiseGeneratorRecording({
    numChannels,
    samplingFrequency,
    durations: segs,
    noiseLevels: 5,
    strategy: "on_the_fly",
    noiseBlockSize: Math.max(1, Math.floor(samplingFrequency)),
    ...options.noiseKwargs,
    dtype,
    seed: deriveSeed(seed, "noise"),
  });
  // Attached now so channel locations come in channel order (the probe's wiring applied).
  noise.setProbe(probe);
  const channelLocations = { data: noise.getChannelLocations(), shape: [numChannels, 2] };
  const unitLocations = generateUnitLocations(numUnits, channelLocations, {
    marginUm: 10,
    minimumZ: 5,
    maximumZ: 50,
    minimumDistance: 20,
    ...options.generateUnitLocationsKwargs,
    seed: deriveSeed(seed, "unit_locations"),
  });

  const nbefore = msToSamples(msBefore, samplingFrequency);
  let templates: TemplatesInput;
  if (options.templates) {
    const t = resolveTemplates(options.templates);
    if (t.shape[0] !== numUnits || t.shape[2] !== numChannels) {
      throw new InvalidArgumentError(
        `templates of shape [${t.shape.join(", ")}] do not match ${numUnits} units and ${numChannels} channels`,
      );
    }
    templates = t;
  } else {
    const data = generateTemplates(channelLocations, unitLocations, samplingFrequency, msBefore, msAfter, {
      ...options.generateTemplatesKwargs,
      seed: deriveSeed(seed, "templates"),
      dtype,
      upsampleFactor,
    });
    const width = data.length / (numUnits * numChannels * (upsampleFactor ?? 1));
    const shape = upsampleFactor
      ? [numUnits, width, numChannels, upsampleFactor]
      : [numUnits, width, numChannels];
    templates = { data, shape };
  }
  const shape = resolveTemplates(templates).shape;
  let upsampleVector = options.upsampleVector ?? null;
  if (shape.length === 4 && upsampleVector === null) {
    const rng = createRng(deriveSeed(seed, "upsample_vector"));
    const total = sorting.toSpikeVector().sampleIndex.length;
    upsampleVector = Int32Array.from({ length: total }, () => rng.integers(0, shape[3]));
  }

  const recording = new InjectTemplatesRecording({
    sorting,
    templates,
    nbefore,
    parentRecording: noise,
    upsampleVector,
  });
  recording.annotate({ is_filtered: true });
  recording.setChannelGains(1);
  recording.setChannelOffsets(0);
  recording.name = "GroundTruthRecording";

  sorting.setProperty("gt_unit_locations", unitLocations.data, { shape: [numUnits, 3] });
  sorting.setProperty(
    "main_channel_id",
    nearestChannels(unitLocations.data, channelLocations.data, recording),
  );
  sorting.name = "GroundTruthSorting";
  return { recording, sorting };
}

/** Id of the channel nearest (in x–y) to each unit. */
function nearestChannels(
  units: Float32Array | Float64Array,
  channels: Float64Array,
  recording: InjectTemplatesRecording,
): (string | number)[] {
  const numUnits = units.length / 3;
  const numChannels = channels.length / 2;
  const ids = recording.channelIds;
  return Array.from({ length: numUnits }, (_, u) => {
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < numChannels; c++) {
      const d = (units[3 * u] - channels[2 * c]) ** 2 + (units[3 * u + 1] - channels[2 * c + 1]) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return ids[best];
  });
}
