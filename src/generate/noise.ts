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
import { createRng } from "./rng.js";
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

/** Unit-variance noise of one block into `out` (blockSize × numChannels values). */
function fillStandardBlock(
  out: Float32Array,
  seed: number,
  segmentIndex: number,
  blockIndex: number,
  distribution: NoiseDistribution,
): void {
  const rng = createRng(deriveSeed(seed, "noise", segmentIndex, blockIndex));
  if (distribution === "gaussian") rng.fillNormal(out, 0, 1);
  // Uniform on [−√3, √3) has variance 1, so noise levels mean the same std for both distributions.
  else rng.fillUniform(out, -SQRT3, SQRT3);
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
  const getBlock = (blockIndex: number): Float32Array => {
    const key = `${distribution}|${seed}|${segmentIndex}|${blockIndex}|${blockSize}|${numChannels}`;
    let block = cache.get(key);
    if (block === undefined) {
      block = cache.allocate(blockSize * numChannels);
      fillStandardBlock(block, seed, segmentIndex, blockIndex, distribution);
      cache.set(key, block);
    }
    return block;
  };

  let pos = start;
  while (pos < end) {
    const blockIndex = Math.floor(pos / blockSize);
    const rowInBlock = pos - blockIndex * blockSize;
    const rows = Math.min(blockSize - rowInBlock, end - pos);
    const outOffset = (pos - start) * k;
    if (strategy === "on_the_fly" && rows === blockSize && identity && out instanceof Float32Array) {
      // A whole block wanted as is (block-aligned chunked reads): generate it straight into the
      // output. No other read can need it from the cache, except a re-read of the same block.
      const target = out.subarray(outOffset, outOffset + rows * k);
      fillStandardBlock(target, seed, segmentIndex, blockIndex, distribution);
      scaleRows(target, levels);
      pos += rows;
      continue;
    }
    const block = getBlock(strategy === "tile_pregenerated" ? 0 : blockIndex);
    if (!(out instanceof Int16Array)) {
      copyFloat(block, rowInBlock, rows, numChannels, channels, levels, identity, out, outOffset);
    } else {
      copyInt16(block, rowInBlock, rows, numChannels, channels, levels, out, outOffset);
    }
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

/** Multiply each row of a C-order block by the per-channel levels (skipped when all are 1). */
function scaleRows(data: Float32Array | Float64Array, levels: Float64Array): void {
  const k = levels.length;
  let uniform = true;
  for (let j = 1; j < k; j++) if (levels[j] !== levels[0]) uniform = false;
  if (uniform && levels[0] === 1) return;
  if (uniform) {
    const level = levels[0];
    for (let i = 0; i < data.length; i++) data[i] *= level;
  } else {
    for (let i = 0; i < data.length; i += k) for (let j = 0; j < k; j++) data[i + j] *= levels[j];
  }
}

function copyFloat(
  block: Float32Array,
  row0: number,
  rows: number,
  numChannels: number,
  channels: Int32Array,
  levels: Float64Array,
  identity: boolean,
  out: Float32Array | Float64Array,
  outOffset: number,
): void {
  const k = channels.length;
  if (identity) {
    out.set(block.subarray(row0 * numChannels, (row0 + rows) * numChannels), outOffset);
    scaleRows(out.subarray(outOffset, outOffset + rows * k), levels);
    return;
  }
  for (let r = 0, src = row0 * numChannels, dst = outOffset; r < rows; r++, src += numChannels, dst += k) {
    for (let j = 0; j < k; j++) out[dst + j] = block[src + channels[j]] * levels[j];
  }
}

/** Adding then subtracting 1.5·2^52 rounds a double to an integer half-to-even (IEEE default). */
const ROUNDER = 6755399441055744;

function copyInt16(
  block: Float32Array,
  row0: number,
  rows: number,
  numChannels: number,
  channels: Int32Array,
  levels: Float64Array,
  out: Int16Array,
  outOffset: number,
): void {
  const k = channels.length;
  for (let r = 0, src = row0 * numChannels, dst = outOffset; r < rows; r++, src += numChannels, dst += k) {
    for (let j = 0; j < k; j++) {
      // |v| stays far below 2^51 once clamped, where the ROUNDER trick is exact.
      const v = Math.min(32767, Math.max(-32768, block[src + channels[j]] * levels[j]));
      out[dst + j] = v + ROUNDER - ROUNDER;
    }
  }
}
