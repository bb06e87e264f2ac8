/**
 * createSortingAnalyzer (spec api.md §10.1, SpikeInterface HEAD): check that the sorting fits the
 * recording, find each unit's main channel (given, the sorting's "main_channel_id" property, or
 * estimated from a few spikes), estimate the sparsity (radius around the main channel by default),
 * then build the analyzer in memory or in a folder. The sorting is copied in (NumpySorting).
 */
import type { Id } from "../base/ids.js";
import { isIntegerDType } from "../dtype.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import { JOB_KEYS, type JobKwargs } from "../jobs/job-kwargs.js";
import { BaseRecording } from "../recording/base-recording.js";
import { BaseSorting } from "../sorting/base-sorting.js";
import { NumpySorting } from "../sorting/numpy-sorting.js";
import { takeSpikes } from "../sorting/spike-vector.js";
import { ChannelSparsity } from "../sparsity/channel-sparsity.js";
import { type EstimateSparsityOptions, estimateSparsity } from "../sparsity/estimate-sparsity.js";
import { checkPeakMode, checkPeakSign, type PeakMode, type PeakSign } from "../tools/template-arrays.js";
import { assembleAnalyzer, copySorting, prepareTarget } from "./assemble.js";
import { type AnalyzerFormat, checkAnalyzerFormat } from "./backend.js";
import { estimateMainChannelFromRecording } from "./estimate-main-channels.js";
import { recAttributesFromRecording } from "./rec-attributes.js";
import type { SortingAnalyzer } from "./sorting-analyzer.js";
import { warnAnalyzer } from "./warnings.js";

export interface CreateSortingAnalyzerOptions extends JobKwargs {
  sorting: BaseSorting;
  recording: BaseRecording;
  format?: AnalyzerFormat;
  folder?: string | null;
  /** One channel index per unit; otherwise the "main_channel_id" property, otherwise estimated. */
  mainChannelIndices?: ArrayLike<number> | null;
  peakSign?: PeakSign;
  peakMode?: PeakMode;
  numSpikesForMainChannel?: number;
  /** Seed of the spike subset used to estimate main channels. */
  seed?: number | null;
  /** Estimate a sparsity (default true); ignored when `sparsity` is given. */
  sparse?: boolean;
  sparsity?: ChannelSparsity | null;
  /** Deprecated name of returnInUV (wins when given). */
  returnScaled?: boolean | null;
  returnInUV?: boolean;
  overwrite?: boolean;
  /** Options of estimateSparsity (default: radius 100 µm around the main channel). */
  sparsityKwargs?: Omit<EstimateSparsityOptions, "mainChannelIndices" | "peakSign" | "amplitudeMode">;
  jobKwargs?: JobKwargs;
}

function jobKwargsOf(options: CreateSortingAnalyzerOptions): JobKwargs {
  const top = Object.fromEntries(
    Object.entries(options).filter(
      ([k, v]) => (JOB_KEYS as readonly string[]).includes(k) && v !== undefined,
    ),
  );
  return { ...top, ...(options.jobKwargs ?? {}) };
}

/** Sampling frequencies that differ only by float rounding (math.isclose, abs 0.01, rel 1e-5). */
function closeFrequencies(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1e-5 * Math.max(Math.abs(a), Math.abs(b)), 1e-2);
}

/** The sorting to pair with `recording`: same segments, fs reconciled, spikes inside. */
export function checkSortingFitsRecording(sorting: BaseSorting, recording: BaseRecording): BaseSorting {
  if (sorting.getNumSegments() !== recording.getNumSegments()) {
    throw new SpikeInterfaceError(
      "incompatible",
      `the sorting has ${sorting.getNumSegments()} segments but the recording has ${recording.getNumSegments()}`,
    );
  }
  let out = sorting;
  if (sorting.samplingFrequency !== recording.samplingFrequency) {
    if (!closeFrequencies(sorting.samplingFrequency, recording.samplingFrequency)) {
      throw new SpikeInterfaceError(
        "incompatible",
        `sorting and recording sampling frequencies are too different: recording ${recording.samplingFrequency} Hz, ` +
          `sorting ${sorting.samplingFrequency} Hz; check that they belong together`,
      );
    }
    warnAnalyzer(
      `sorting (${sorting.samplingFrequency} Hz) and recording (${recording.samplingFrequency} Hz) differ by rounding: using the recording's`,
    );
    out = copySorting(sorting, recording.samplingFrequency);
  }
  return withoutExcessSpikes(out, recording);
}

/**
 * As SpikeInterface (spec §10.1 step 7): spikes outside their segment of the recording (a sorter's
 * last spikes past the end, typically) are removed with a warning saying how many and from which
 * units. Returns `sorting` itself when every spike fits.
 */
function withoutExcessSpikes(sorting: BaseSorting, recording: BaseRecording): BaseSorting {
  const v = sorting.toSpikeVector();
  const numSamples = Array.from({ length: recording.getNumSegments() }, (_, segmentIndex) =>
    recording.getNumSamples({ segmentIndex }),
  );
  const kept = new Uint32Array(v.sampleIndex.length);
  let n = 0;
  const units = new Set<Id>();
  for (let i = 0; i < kept.length; i++) {
    const s = v.sampleIndex[i];
    if (s >= 0 && s < numSamples[v.segmentIndex[i]]) kept[n++] = i;
    else units.add(sorting.unitIds[v.unitIndex[i]]);
  }
  if (n === kept.length) return sorting;
  warnAnalyzer(
    `the sorting has ${kept.length - n} spikes outside the recording (units ${formatList([...units])}): they are removed`,
  );
  const spikes = takeSpikes(v, kept.subarray(0, n));
  const out = new NumpySorting({
    spikes,
    samplingFrequency: sorting.samplingFrequency,
    unitIds: sorting.unitIds,
    numSegments: sorting.getNumSegments(),
  });
  sorting.copyMetadata(out);
  return out;
}

async function mainChannelsFor(
  sorting: BaseSorting,
  recording: BaseRecording,
  options: CreateSortingAnalyzerOptions,
  peakSign: PeakSign,
  peakMode: PeakMode,
  jobKwargs: JobKwargs,
): Promise<Int32Array> {
  const given = options.mainChannelIndices;
  if (given !== undefined && given !== null) {
    if (given.length !== sorting.getNumUnits()) {
      throw new InvalidArgumentError(
        `${given.length} main channel indices for ${sorting.getNumUnits()} units`,
      );
    }
    const c = recording.getNumChannels();
    const bad = Array.from(given).filter((i) => !Number.isInteger(i) || i < 0 || i >= c);
    if (bad.length > 0)
      throw new InvalidArgumentError(`main channel indices ${formatList(bad)} are outside [0, ${c})`);
    const method = options.sparsityKwargs?.method ?? "radius";
    if ((options.sparsity ?? null) === null && (options.sparse ?? true) && method !== "radius") {
      throw new InvalidArgumentError(
        `with mainChannelIndices the sparsity method must be "radius", got ${JSON.stringify(method)}`,
      );
    }
    return Int32Array.from(given);
  }
  const prop = sorting.getProperty("main_channel_id");
  if (prop !== null) return recording.idsToIndices(Array.from(prop as ArrayLike<Id>));
  return estimateMainChannelFromRecording(recording, sorting, {
    peakSign,
    peakMode,
    numSpikesForMainChannel: options.numSpikesForMainChannel ?? 100,
    seed: options.seed ?? null,
    jobKwargs,
  });
}

function checkGivenSparsity(
  sparsity: unknown,
  sorting: BaseSorting,
  recording: BaseRecording,
  main: Int32Array,
): ChannelSparsity {
  if (!(sparsity instanceof ChannelSparsity))
    throw new InvalidArgumentError("sparsity must be a ChannelSparsity");
  const same = (a: readonly Id[], b: readonly Id[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  if (!same(sparsity.unitIds, sorting.unitIds)) {
    throw new InvalidArgumentError("the given sparsity's unit ids differ from the sorting's");
  }
  if (!same(sparsity.channelIds, recording.channelIds)) {
    throw new InvalidArgumentError("the given sparsity's channel ids differ from the recording's");
  }
  const c = sparsity.numChannels;
  const off = sorting.unitIds.filter((_, u) => !sparsity.mask[u * c + main[u]]);
  if (off.length > 0) {
    throw new InvalidArgumentError(
      `the given sparsity leaves out the main channel of units ${formatList(off)}`,
    );
  }
  return sparsity;
}

export async function createSortingAnalyzer(options: CreateSortingAnalyzerOptions): Promise<SortingAnalyzer> {
  const { recording } = options;
  if (!(options.sorting instanceof BaseSorting))
    throw new InvalidArgumentError("createSortingAnalyzer needs a sorting");
  if (!(recording instanceof BaseRecording))
    throw new InvalidArgumentError("createSortingAnalyzer needs a recording");
  const format = checkAnalyzerFormat(options.format ?? "memory");
  const folder = prepareTarget(format, options.folder, options.overwrite ?? false);
  const peakSign = checkPeakSign(options.peakSign ?? "both");
  const peakMode = checkPeakMode(options.peakMode ?? "extremum");
  const jobKwargs = jobKwargsOf(options);
  const sorting = checkSortingFitsRecording(options.sorting, recording);
  const main = await mainChannelsFor(sorting, recording, options, peakSign, peakMode, jobKwargs);
  let sparsity: ChannelSparsity | null = null;
  if (options.sparsity !== undefined && options.sparsity !== null) {
    sparsity = checkGivenSparsity(options.sparsity, sorting, recording, main);
  } else if (options.sparse ?? true) {
    sparsity = await estimateSparsity(sorting, recording, {
      ...(options.sparsityKwargs ?? {}),
      mainChannelIndices: main,
      peakSign,
      amplitudeMode: peakMode,
    });
  }
  let returnInUV = options.returnScaled ?? options.returnInUV ?? true;
  if (returnInUV && !recording.hasScaleableTraces() && isIntegerDType(recording.getDtype())) {
    warnAnalyzer("createSortingAnalyzer: the recording has no scaling to µV: returnInUV is forced to false");
    returnInUV = false;
  }
  const copy = copySorting(sorting);
  const analyzer = await assembleAnalyzer({
    format,
    folder,
    sorting: copy,
    recording,
    recAttributes: recAttributesFromRecording(recording),
    sparsity,
    settings: { returnInUV, peakSign, peakMode },
    // A sorting copied with the recording's sampling frequency or without its excess spikes is no
    // longer the user's object.
    sortingProvenance: sorting === options.sorting ? options.sorting : null,
  });
  await analyzer.setSortingProperty(
    "main_channel_id",
    Array.from(main, (i) => recording.channelIds[i]),
  );
  return analyzer;
}
