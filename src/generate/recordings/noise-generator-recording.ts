/**
 * Lazy white-noise recordings: NoiseGeneratorRecording (SpikeInterface's
 * spikeinterface.generation.noise_tools class, per-channel noise levels, float32/float64/int16)
 * and MockRecording (spikeinterface.core.generate: std 1, float32/float64 only).
 *
 * Nothing is generated up front: `getTraces` asks readNoise (../noise.ts) for the requested range,
 * which generates only the noise blocks that range overlaps. A block depends only on
 * (seed, segment, block), so any chunking of the reads returns the same samples, and a
 * 384-channel hour of noise costs one block of memory (blockSize × channels × 4 bytes).
 * The seed is drawn when absent and stored in kwargs, so a rebuilt object gives the same noise.
 */
import { registerExtractorClass } from "../../base/registry.js";
import type { NumberArray } from "../../dtype.js";
import { InvalidArgumentError } from "../../errors.js";
import { BaseRecording } from "../../recording/base-recording.js";
import { BaseRecordingSegment } from "../../recording/segment.js";
import {
  NoiseBlockCache,
  type NoiseDistribution,
  type NoiseDType,
  type NoiseLevels,
  type NoiseStrategy,
  readNoise,
  resolveNoiseLevels,
} from "../noise.js";
import { ensureSeed } from "../seeds.js";
import { checkDurations, checkPositiveInteger, checkSamplingFrequency, stringIds } from "./checks.js";

export interface NoiseGeneratorRecordingOptions {
  numChannels: number;
  samplingFrequency: number;
  /** Seconds per segment; segment i has ⌊durations[i] · fs⌋ samples. */
  durations: readonly number[];
  /** Standard deviation per channel (or one for all). Default 1. */
  noiseLevels?: NoiseLevels;
  /** Correlated noise is not supported: only null/undefined is accepted. */
  covMatrix?: null;
  /** Default "float32". int16 rounds the scaled noise half-to-even and saturates. */
  dtype?: NoiseDType;
  /** Undefined/null draws a fresh seed (stored in kwargs). */
  seed?: number | null;
  /** Default "tile_pregenerated" (SpikeInterface's default). */
  strategy?: NoiseStrategy;
  /** Samples per noise block. Default 30000. */
  noiseBlockSize?: number;
  /** Default "gaussian"; "uniform" has the same std. Not a SpikeInterface argument. */
  distribution?: NoiseDistribution;
}

/** One segment: reads go straight to readNoise with this segment's own block cache. */
export class NoiseGeneratorRecordingSegment extends BaseRecordingSegment {
  // One cached block per segment: sequential chunked reads hit it, and segments read in
  // parallel do not evict each other's block.
  private readonly cache = new NoiseBlockCache(1);

  constructor(
    samplingFrequency: number,
    private readonly numSamples: number,
    private readonly numChannels: number,
    private readonly segmentIndex: number,
    private readonly seed: number,
    private readonly noiseLevels: Float64Array,
    private readonly dtype: NoiseDType,
    private readonly strategy: NoiseStrategy,
    private readonly blockSize: number,
    private readonly distribution: NoiseDistribution,
  ) {
    super(samplingFrequency, null);
  }

  getNumSamples(): number {
    return this.numSamples;
  }

  /** Always a freshly allocated array: callers may write into it (InjectTemplatesRecording does). */
  async getTraces(
    start: number,
    end: number,
    channelIndices: Int32Array | null,
    signal?: AbortSignal,
  ): Promise<NumberArray> {
    signal?.throwIfAborted();
    return readNoise({
      start,
      end,
      channelIndices,
      numChannels: this.numChannels,
      blockSize: this.blockSize,
      seed: this.seed,
      segmentIndex: this.segmentIndex,
      noiseLevels: this.noiseLevels,
      distribution: this.distribution,
      dtype: this.dtype,
      strategy: this.strategy,
      cache: this.cache,
    });
  }

  /** Free the cached noise block (up to blockSize × channels × 4 bytes). */
  clearCache(): void {
    this.cache.clear();
  }
}

/** Checked, defaulted constructor arguments shared by both classes. */
interface Resolved {
  numChannels: number;
  samplingFrequency: number;
  durations: number[];
  levels: Float64Array;
  dtype: NoiseDType;
  seed: number;
  strategy: NoiseStrategy;
  blockSize: number;
  distribution: NoiseDistribution;
}

function resolve(options: NoiseGeneratorRecordingOptions, what: string): Resolved {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError(`${what} needs an options object`);
  }
  const numChannels = checkPositiveInteger(options.numChannels, "numChannels");
  const samplingFrequency = checkSamplingFrequency(options.samplingFrequency);
  const durations = checkDurations(options.durations);
  const dtype = options.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64" && dtype !== "int16") {
    throw new InvalidArgumentError(
      `${what} dtype must be "float32", "float64" or "int16", got ${JSON.stringify(dtype)}`,
      { dtype },
    );
  }
  const strategy = options.strategy ?? "tile_pregenerated";
  if (strategy !== "tile_pregenerated" && strategy !== "on_the_fly") {
    throw new InvalidArgumentError(
      `strategy must be "tile_pregenerated" or "on_the_fly", got ${JSON.stringify(strategy)}`,
      { strategy },
    );
  }
  const distribution = options.distribution ?? "gaussian";
  if (distribution !== "gaussian" && distribution !== "uniform") {
    throw new InvalidArgumentError(
      `distribution must be "gaussian" or "uniform", got ${JSON.stringify(distribution)}`,
      { distribution },
    );
  }
  if (options.covMatrix !== undefined && options.covMatrix !== null) {
    throw new InvalidArgumentError(`${what}: covMatrix (correlated noise) is not supported; pass null`);
  }
  const blockSize = checkPositiveInteger(options.noiseBlockSize ?? 30000, "noiseBlockSize");
  const levels = resolveNoiseLevels(options.noiseLevels ?? 1, numChannels);
  const seed = ensureSeed(options.seed);
  return {
    numChannels,
    samplingFrequency,
    durations,
    levels,
    dtype,
    seed,
    strategy,
    blockSize,
    distribution,
  };
}

function addNoiseSegments(recording: BaseRecording, r: Resolved): void {
  r.durations.forEach((duration, segmentIndex) => {
    const numSamples = Math.floor(duration * r.samplingFrequency);
    recording.addRecordingSegment(
      new NoiseGeneratorRecordingSegment(
        r.samplingFrequency,
        numSamples,
        r.numChannels,
        segmentIndex,
        r.seed,
        r.levels,
        r.dtype,
        r.strategy,
        r.blockSize,
        r.distribution,
      ),
    );
  });
}

/** Lazy Gaussian (or uniform) noise, deterministic per block, of any length and channel count. */
export class NoiseGeneratorRecording extends BaseRecording {
  readonly className: string = "spikeinterface.generation.noise_tools.NoiseGeneratorRecording";
  /** The seed actually used (drawn when none was given). */
  readonly seed: number;

  constructor(options: NoiseGeneratorRecordingOptions) {
    const r = resolve(options, "NoiseGeneratorRecording");
    super(r.samplingFrequency, stringIds(r.numChannels), r.dtype);
    this.seed = r.seed;
    addNoiseSegments(this, r);
    const levels = options.noiseLevels ?? 1;
    this.kwargs = {
      num_channels: r.numChannels,
      durations: r.durations,
      sampling_frequency: r.samplingFrequency,
      noise_levels: typeof levels === "number" ? levels : Array.from(levels),
      cov_matrix: null,
      dtype: r.dtype,
      seed: r.seed,
      strategy: r.strategy,
      noise_block_size: r.blockSize,
      // Only written when it differs from SpikeInterface's (Gaussian) behaviour.
      ...(r.distribution === "gaussian" ? {} : { distribution: r.distribution }),
    };
  }

  /** Free every segment's cached noise block. */
  clearCache(): void {
    for (const s of this.segments) (s as NoiseGeneratorRecordingSegment).clearCache();
  }
}

export interface MockRecordingOptions {
  numChannels: number;
  samplingFrequency: number;
  durations: readonly number[];
  /** "float32" (default) or "float64". */
  dtype?: "float32" | "float64";
  seed?: number | null;
  /** Default "tile_pregenerated". */
  strategy?: NoiseStrategy;
  /** Default 30000. */
  noiseBlockSize?: number;
}

/** Standard normal noise (std 1), float32 or float64: the recording of generateRecording. */
export class MockRecording extends BaseRecording {
  readonly className: string = "spikeinterface.core.generate.MockRecording";
  readonly seed: number;

  constructor(options: MockRecordingOptions) {
    const dtype = options?.dtype ?? "float32";
    if (dtype !== "float32" && dtype !== "float64") {
      throw new InvalidArgumentError(
        `MockRecording dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`,
        { dtype },
      );
    }
    const r = resolve({ ...options, dtype }, "MockRecording");
    super(r.samplingFrequency, stringIds(r.numChannels), r.dtype);
    this.seed = r.seed;
    addNoiseSegments(this, r);
    this.kwargs = {
      num_channels: r.numChannels,
      durations: r.durations,
      sampling_frequency: r.samplingFrequency,
      dtype: r.dtype,
      seed: r.seed,
      strategy: r.strategy,
      noise_block_size: r.blockSize,
    };
  }
}

function loadNoiseGenerator(k: Record<string, unknown>): NoiseGeneratorRecording {
  return new NoiseGeneratorRecording({
    numChannels: k.num_channels as number,
    samplingFrequency: k.sampling_frequency as number,
    durations: k.durations as number[],
    // Older SpikeInterface versions wrote a single "noise_level".
    noiseLevels: (k.noise_levels ?? k.noise_level ?? 1) as NoiseLevels,
    covMatrix: (k.cov_matrix ?? null) as null,
    dtype: normalizeDtype(k.dtype),
    seed: k.seed as number,
    strategy: (k.strategy ?? "tile_pregenerated") as NoiseStrategy,
    noiseBlockSize: (k.noise_block_size ?? 30000) as number,
    distribution: (k.distribution ?? "gaussian") as NoiseDistribution,
  });
}

/** numpy spellings ("<f4", "float32", "int16") of the dtypes these classes accept. */
function normalizeDtype(value: unknown): NoiseDType {
  const map: Record<string, NoiseDType> = {
    float32: "float32",
    "<f4": "float32",
    f4: "float32",
    float64: "float64",
    "<f8": "float64",
    f8: "float64",
    int16: "int16",
    "<i2": "int16",
    i2: "int16",
  };
  return map[String(value ?? "float32")] ?? (value as NoiseDType);
}

registerExtractorClass("spikeinterface.generation.noise_tools.NoiseGeneratorRecording", loadNoiseGenerator);
registerExtractorClass("spikeinterface.core.generate.NoiseGeneratorRecording", loadNoiseGenerator);
registerExtractorClass(
  "spikeinterface.core.generate.MockRecording",
  (k) =>
    new MockRecording({
      numChannels: k.num_channels as number,
      samplingFrequency: k.sampling_frequency as number,
      durations: k.durations as number[],
      dtype: normalizeDtype(k.dtype) as "float32" | "float64",
      seed: k.seed as number,
      strategy: (k.strategy ?? "tile_pregenerated") as NoiseStrategy,
      noiseBlockSize: (k.noise_block_size ?? 30000) as number,
    }),
);
