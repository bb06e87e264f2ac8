/**
 * Block-deterministic white noise: the numeric core of NoiseGeneratorRecording / MockRecording.
 *
 * A segment's noise is cut into blocks of `blockSize` samples × all channels. Block b of segment s
 * is drawn from its own generator seeded with deriveSeed(seed, "noise", s, b), so it depends only
 * on (seed, s, b): any request [start, end) is served by generating the blocks it overlaps and
 * copying the range, and chunked reads agree with one big read whatever the chunking.
 *
 * Strategies (SpikeInterface's names):
 *  - "on_the_fly": sample i comes from block ⌊i / B⌋;
 *  - "tile_pregenerated": one block per segment (block 0, so it equals the first block of
 *    "on_the_fly"), tiled periodically: sample i = block[i mod B].
 *
 * Blocks are kept unscaled (standard normal, or uniform with unit variance) in a small cache; the
 * per-channel noise levels are applied while copying, so the cache never depends on them.
 */
import { InvalidArgumentError } from "../errors.js";
import { copyScaledRows, type NoiseTarget } from "./noise-copy.js";
import { createRng, type Rng } from "./rng.js";
import { checkSeed, deriveSeed } from "./seeds.js";

export type NoiseDistribution = "gaussian" | "uniform";
export type NoiseStrategy = "on_the_fly" | "tile_pregenerated";
export type NoiseDType = "float32" | "float64" | "int16";
/** Standard deviation of the noise: one value for every channel or one per channel. */
export type NoiseLevels = number | ArrayLike<number>;

export interface NoiseOutput {
  float32: Float32Array;
  float64: Float64Array;
  int16: Int16Array;
}

const SQRT3 = Math.sqrt(3);

/** Remembers the last generated (unscaled) blocks; one per segment is what sequential reads need. */
export class NoiseBlockCache {
  private readonly keys: string[] = [];
  private readonly blocks: Float32Array[] = [];
  // The last evicted block, reused for the next one of the same size: a fresh 46 MB buffer (1 s of
  // 384 channels) costs page faults on first touch that are comparable to generating it.
  private spare: Float32Array | null = null;
  constructor(readonly capacity = 1) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new InvalidArgumentError(`NoiseBlockCache capacity must be a positive integer, got ${capacity}`);
    }
  }
  get(key: string): Float32Array | undefined {
    const i = this.keys.indexOf(key);
    return i < 0 ? undefined : this.blocks[i];
  }
  set(key: string, block: Float32Array): void {
    this.keys.unshift(key);
    this.blocks.unshift(block);
    if (this.keys.length > this.capacity) {
      this.keys.pop();
      this.spare = this.blocks.pop() ?? null;
    }
  }
  /** A buffer of `length` values to generate into: the evicted block when it fits, else a new one. */
  allocate(length: number): Float32Array {
    const spare = this.spare;
    this.spare = null;
    return spare !== null && spare.length === length ? spare : new Float32Array(length);
  }
  /** Drop every cached block (they can be large: blockSize × channels × 4 bytes). */
  clear(): void {
    this.keys.length = 0;
    this.blocks.length = 0;
    this.spare = null;
  }
}

/** Used by `readNoise` when no cache is passed: holds only the last block generated. */
export const defaultNoiseCache = new NoiseBlockCache(1);

function checkCount(value: number, what: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(`${what} must be an integer >= ${min}, got ${String(value)}`, {
      [what]: value,
    });
  }
}

function checkDistribution(distribution: string): void {
  if (distribution !== "gaussian" && distribution !== "uniform") {
    throw new InvalidArgumentError(
      `noise distribution must be "gaussian" or "uniform", got ${JSON.stringify(distribution)}`,
    );
  }
}

/** Noise levels as one value per channel, checked (finite, >= 0). */
export function resolveNoiseLevels(levels: NoiseLevels, numChannels: number): Float64Array {
  const out = new Float64Array(numChannels);
  if (typeof levels === "number") out.fill(levels);
  else {
    if (levels.length !== numChannels) {
      throw new InvalidArgumentError(`noiseLevels has ${levels.length} values for ${numChannels} channels`, {
        length: levels.length,
        numChannels,
      });
    }
    for (let c = 0; c < numChannels; c++) out[c] = levels[c];
  }
  for (let c = 0; c < numChannels; c++) {
    const v = out[c];
    if (!Number.isFinite(v) || v < 0) {
      throw new InvalidArgumentError(`noise level of channel ${c} must be finite and >= 0, got ${v}`, {
        channel: c,
        level: v,
      });
    }
  }
  return out;
}

/** Unit-variance noise into `out`, continuing `rng`'s stream (so filling in pieces = one fill). */
function fillStandard(rng: Rng, out: Float32Array, distribution: NoiseDistribution): void {
  if (distribution === "gaussian") rng.fillNormal(out, 0, 1);
  // Uniform on [−√3, √3) has variance 1, so noise levels mean the same std for both distributions.
  else rng.fillUniform(out, -SQRT3, SQRT3);
}

/** Unit-variance noise of one block into `out` (blockSize × numChannels values). */
function fillStandardBlock(
  out: Float32Array,
  seed: number,
  segmentIndex: number,
  blockIndex: number,
  distribution: NoiseDistribution,
): void {
  fillStandard(createRng(deriveSeed(seed, "noise", segmentIndex, blockIndex)), out, distribution);
}

/**
 * Values per scratch piece of a streamed block: small enough to stay in L2 between generation and
 * the scaled copy, so a block costs one pass over the output memory instead of writing and
 * re-reading a blockSize × channels float32 block.
 */
const SCRATCH_VALUES = 16384;
let scratch = new Float32Array(SCRATCH_VALUES);

/** Generate a whole block piece by piece and copy each piece's rows, scaled, into `out`. */
function streamBlock(
  rng: Rng,
  distribution: NoiseDistribution,
  blockSize: number,
  numChannels: number,
  channels: Int32Array | null,
  levels: Float64Array,
  out: NoiseTarget,
  outOffset: number,
): void {
  const rowsPerPiece = Math.max(1, Math.floor(SCRATCH_VALUES / numChannels));
  if (scratch.length < rowsPerPiece * numChannels) scratch = new Float32Array(rowsPerPiece * numChannels);
  const k = levels.length;
  for (let row = 0; row < blockSize; row += rowsPerPiece) {
    const rows = Math.min(rowsPerPiece, blockSize - row);
    const block = scratch.subarray(0, rows * numChannels);
    fillStandard(rng, block, distribution);
    copyScaledRows({
      block,
      row0: 0,
      rows,
      numChannels,
      channels,
      levels,
      out,
      outOffset: outOffset + row * k,
    });
  }
}

export interface FillNoiseBlockOptions {
  /** Destination (numSamples × numChannels, C order); allocated when omitted. */
  out?: Float32Array;
  /** Rows of the block: the block size. */
  numSamples: number;
  numChannels: number;
  seed: number;
  segmentIndex: number;
  blockIndex: number;
  /** Std per channel (or one for all). Default 1. */
  noiseLevels?: NoiseLevels;
  /** Default "gaussian". */
  distribution?: NoiseDistribution;
}

/** One noise block, scaled by the noise levels. Depends only on (seed, segmentIndex, blockIndex). */
export function fillNoiseBlock(options: FillNoiseBlockOptions): Float32Array {
  const { numSamples, numChannels, seed, segmentIndex, blockIndex } = options;
  const distribution = options.distribution ?? "gaussian";
  checkCount(numSamples, "numSamples", 0);
  checkCount(numChannels, "numChannels", 1);
  checkCount(segmentIndex, "segmentIndex", 0);
  checkCount(blockIndex, "blockIndex", 0);
  checkSeed(seed);
  checkDistribution(distribution);
  const levels = resolveNoiseLevels(options.noiseLevels ?? 1, numChannels);
  const size = numSamples * numChannels;
  const out = options.out ?? new Float32Array(size);
  if (out.length !== size) {
    throw new InvalidArgumentError(`out has ${out.length} values, expected ${numSamples} × ${numChannels}`);
  }
  fillStandardBlock(out, seed, segmentIndex, blockIndex, distribution);
  for (let i = 0; i < size; i += numChannels) {
    for (let c = 0; c < numChannels; c++) out[i + c] *= levels[c];
  }
  return out;
}

export interface ReadNoiseOptions<D extends NoiseDType = NoiseDType> {
  start: number;
  end: number;
  /** Channels to return, in this order; null for all. */
  channelIndices: ArrayLike<number> | null;
  numChannels: number;
  blockSize: number;
  seed: number;
  segmentIndex: number;
  /** Default 1. */
  noiseLevels?: NoiseLevels;
  /** Default "gaussian". */
  distribution?: NoiseDistribution;
  /**
   * Default "float32". "float64" holds the same float32 draws times the levels, unrounded; "int16"
   * rounds the scaled noise half-to-even and saturates at the int16 range.
   */
  dtype?: D;
  /** Default "tile_pregenerated" (MockRecording's default). */
  strategy?: NoiseStrategy;
  /** Where generated blocks are remembered; default `defaultNoiseCache`. */
  cache?: NoiseBlockCache;
}

/** Samples [start, end) of the selected channels, C order ((end − start) × channels). */
export function readNoise<D extends NoiseDType = "float32">(options: ReadNoiseOptions<D>): NoiseOutput[D] {
  const { start, end, numChannels, blockSize, seed, segmentIndex } = options;
  const distribution = options.distribution ?? "gaussian";
  const strategy = options.strategy ?? "tile_pregenerated";
  const dtype: NoiseDType = options.dtype ?? "float32";
  const cache = options.cache ?? defaultNoiseCache;
  checkCount(numChannels, "numChannels", 1);
  checkCount(blockSize, "blockSize", 1);
  checkCount(segmentIndex, "segmentIndex", 0);
  checkSeed(seed);
  checkDistribution(distribution);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new InvalidArgumentError(`readNoise needs 0 <= start <= end, got [${start}, ${end})`, {
      start,
      end,
    });
  }
  if (strategy !== "on_the_fly" && strategy !== "tile_pregenerated") {
    throw new InvalidArgumentError(
      `noise strategy must be "on_the_fly" or "tile_pregenerated", got ${JSON.stringify(strategy)}`,
    );
  }
  if (dtype !== "float32" && dtype !== "float64" && dtype !== "int16") {
    throw new InvalidArgumentError(
      `noise dtype must be "float32", "float64" or "int16", got ${JSON.stringify(dtype)}`,
    );
  }
  const allLevels = resolveNoiseLevels(options.noiseLevels ?? 1, numChannels);
  const channels = selectChannels(options.channelIndices, numChannels);
  const k = channels.length;
  const levels = new Float64Array(k);
  for (let j = 0; j < k; j++) levels[j] = allLevels[channels[j]];
  const identity = options.channelIndices === null && k === numChannels;

  const numRows = end - start;
  const size = numRows * k;
  const out =
    dtype === "int16"
      ? new Int16Array(size)
      : dtype === "float64"
        ? new Float64Array(size)
        : new Float32Array(size);
  const keyOf = (blockIndex: number) =>
    `${distribution}|${seed}|${segmentIndex}|${blockIndex}|${blockSize}|${numChannels}`;
  const getBlock = (blockIndex: number): Float32Array => {
    const key = keyOf(blockIndex);
    let block = cache.get(key);
    if (block === undefined) {
      block = cache.allocate(blockSize * numChannels);
      fillStandardBlock(block, seed, segmentIndex, blockIndex, distribution);
      cache.set(key, block);
    }
    return block;
  };
  const selected = identity ? null : channels;

  let pos = start;
  while (pos < end) {
    const blockIndex = Math.floor(pos / blockSize);
    const rowInBlock = pos - blockIndex * blockSize;
    const rows = Math.min(blockSize - rowInBlock, end - pos);
    const outOffset = (pos - start) * k;
    if (strategy === "on_the_fly" && rows === blockSize && cache.get(keyOf(blockIndex)) === undefined) {
      // A whole block (block-aligned chunked reads): no later read needs it from the cache, except a
      // re-read of the same block, so stream it through a small scratch instead of a cached block.
      const rng = createRng(deriveSeed(seed, "noise", segmentIndex, blockIndex));
      streamBlock(rng, distribution, blockSize, numChannels, selected, levels, out, outOffset);
      pos += rows;
      continue;
    }
    const block = getBlock(strategy === "tile_pregenerated" ? 0 : blockIndex);
    copyScaledRows({
      block,
      row0: rowInBlock,
      rows,
      numChannels,
      channels: selected,
      levels,
      out,
      outOffset,
    });
    pos += rows;
  }
  return out as NoiseOutput[D];
}

function selectChannels(channelIndices: ArrayLike<number> | null, numChannels: number): Int32Array {
  if (channelIndices === null) {
    const all = new Int32Array(numChannels);
    for (let c = 0; c < numChannels; c++) all[c] = c;
    return all;
  }
  const out = new Int32Array(channelIndices.length);
  for (let j = 0; j < channelIndices.length; j++) {
    const c = channelIndices[j];
    if (!Number.isInteger(c) || c < 0 || c >= numChannels) {
      throw new InvalidArgumentError(`channel index ${c} is outside [0, ${numChannels})`, {
        channelIndex: c,
      });
    }
    out[j] = c;
  }
  return out;
}
