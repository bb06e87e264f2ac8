/**
 * Noise levels of a recording (spec api.md §3.10): the mean over random chunks of each chunk's
 * per-channel MAD/σ, std or RMS (./noise-chunk.ts), cached on the recording as a property.
 * Job kwargs as SpikeInterface's `get_noise_levels(..., **job_kwargs)`: the random chunks are the
 * executor's chunks (so chunkSize/chunkDuration do not apply), spread over nJobs worker threads by
 * the runner the Node entry installs (./noise-levels-node.ts), in this thread otherwise. The
 * per-chunk arithmetic and the chunk order are the same either way, so the result is identical
 * for every nJobs.
 */
import { type JobKwargs, splitJobKwargs } from "../jobs/job-kwargs.js";
import { RowReader } from "../jobs/row-reader.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { Traces } from "../traces.js";
import { madOfIntegerChunk, type SmallIntArray } from "./integer-mad.js";
import type { FloatArray } from "./median.js";
import { checkNoiseMethod, meanOverChunks, type NoiseMethod, noiseLevelsOfChunk } from "./noise-chunk.js";
import { type ChunkSlice, getRandomSampleSlices, type RandomSlicesOptions } from "./random-chunks.js";

export interface NoiseLevelsOptions extends JobKwargs {
  /** Noise in µV (default true); the recording then needs gains and offsets unless float. */
  returnInUV?: boolean;
  /** Deprecated name of returnInUV; wins when given. */
  returnScaled?: boolean;
  method?: NoiseMethod;
  /** Recompute even if the recording holds a cached value. */
  forceRecompute?: boolean;
  /** How to draw the random chunks (default 20 chunks of 500 ms per segment). */
  randomSlicesKwargs?: RandomSlicesOptions;
  /** Explicit chunks instead of random ones (reproduces Python's values from its slices). */
  slices?: readonly ChunkSlice[];
  signal?: AbortSignal;
}

/** The recording property that caches a noise estimate. */
export function noiseLevelPropertyKey(method: NoiseMethod, returnInUV: boolean): string {
  return `noise_level_${method}_${returnInUV ? "scaled" : "raw"}`;
}

/** float32 gains/offsets when µV traces of this recording are scaled small integers, else null. */
function integerScaling(recording: BaseRecording): { gains: Float32Array; offsets: Float32Array } | null {
  const small = ["int8", "uint8", "int16", "uint16"];
  if (!small.includes(recording.dtype) || !recording.hasScaleableTraces()) return null;
  return {
    gains: Float32Array.from(recording.getChannelGains() as ArrayLike<number>),
    offsets: Float32Array.from(recording.getChannelOffsets() as ArrayLike<number>),
  };
}

/**
 * Noise level per channel of one chunk of the recording. `reader` (one per job and thread, so that
 * successive chunks reuse its buffer; see RowReader) reads the raw chunks of the counting path.
 */
export async function noiseLevelsOfSlice(
  recording: BaseRecording,
  slice: ChunkSlice,
  options: { method: NoiseMethod; returnInUV: boolean; signal?: AbortSignal; reader?: RowReader },
): Promise<FloatArray> {
  const [segmentIndex, startFrame, endFrame] = slice;
  const { method, returnInUV, signal, reader = new RowReader() } = options;
  const scale = method === "mad" && returnInUV ? integerScaling(recording) : null;
  if (scale !== null) {
    // Small-integer recording in µV: count the raw values and scale only the distinct ones.
    const raw = await reader.read(recording, segmentIndex, startFrame, endFrame, signal);
    const C = recording.getNumChannels();
    const out = new Float32Array(C);
    if (madOfIntegerChunk(raw as SmallIntArray, raw.length / C, C, scale, out)) return out;
  }
  const traces: Traces = await recording.getTraces({
    segmentIndex,
    startFrame,
    endFrame,
    returnInUV,
    signal,
  });
  return noiseLevelsOfChunk(traces, method);
}

/** What getNoiseLevels would do: the cached value, or the chunks to compute and where to cache. */
export function planNoiseLevels(
  recording: BaseRecording,
  options: NoiseLevelsOptions,
): {
  method: NoiseMethod;
  returnInUV: boolean;
  key: string;
  cached: FloatArray | null;
  slices: readonly ChunkSlice[];
} {
  const method = checkNoiseMethod(options.method ?? "mad");
  const returnInUV = options.returnScaled ?? options.returnInUV ?? true;
  const key = noiseLevelPropertyKey(method, returnInUV);
  const stored = recording.getProperty(key);
  if (stored !== null && !options.forceRecompute) {
    const cached =
      stored instanceof Float32Array ? stored.slice() : Float64Array.from(stored as ArrayLike<number>);
    return { method, returnInUV, key, cached, slices: [] };
  }
  const slices = options.slices ?? getRandomSampleSlices(recording, options.randomSlicesKwargs ?? {});
  return { method, returnInUV, key, cached: null, slices };
}

/** Runs the chunks of a plan on worker threads; results in chunk order. */
export type NoiseLevelsParallelRunner = (job: {
  recording: BaseRecording;
  method: NoiseMethod;
  returnInUV: boolean;
  slices: readonly ChunkSlice[];
  jobKwargs: JobKwargs;
  signal?: AbortSignal;
}) => Promise<FloatArray[]>;

let parallelRunner: NoiseLevelsParallelRunner | null = null;

/** Installed by the Node entry (./noise-levels-node.ts); without it every nJobs runs in this thread. */
export function setNoiseLevelsParallelRunner(runner: NoiseLevelsParallelRunner | null): void {
  parallelRunner = runner;
}

/** Mean over chunks, stored as the recording's cache property. */
export function finishNoiseLevels(
  recording: BaseRecording,
  key: string,
  perChunk: readonly FloatArray[],
): FloatArray {
  const levels = meanOverChunks(perChunk, recording.getNumChannels());
  recording.setProperty(key, levels.slice());
  return levels;
}

/**
 * Noise level per channel: mean over random chunks of each chunk's MAD/σ ("mad"), std or RMS.
 * The result is cached on the recording as property `noise_level_{method}_{scaled|raw}` and that
 * cache is returned on later calls (whatever the slicing options) unless `forceRecompute`.
 * Job kwargs (`nJobs`, `progressBar`...) are merged over the global ones.
 */
export async function getNoiseLevels(
  recording: BaseRecording,
  options: NoiseLevelsOptions = {},
): Promise<FloatArray> {
  const { specificKwargs, jobKwargs } = splitJobKwargs(options);
  const plan = planNoiseLevels(recording, specificKwargs);
  if (plan.cached !== null) return plan.cached;
  const { signal } = options;
  if (parallelRunner !== null && jobKwargs.nJobs > 1 && plan.slices.length > 1) {
    const { method, returnInUV, slices } = plan;
    const perChunk = await parallelRunner({ recording, method, returnInUV, slices, jobKwargs, signal });
    return finishNoiseLevels(recording, plan.key, perChunk);
  }
  const perChunk: FloatArray[] = [];
  const reader = new RowReader();
  for (const slice of plan.slices) {
    perChunk.push(await noiseLevelsOfSlice(recording, slice, { ...plan, signal, reader }));
  }
  return finishNoiseLevels(recording, plan.key, perChunk);
}
