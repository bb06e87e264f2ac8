/**
 * The copy step of readNoise (noise.ts): rows of an unscaled (unit-variance) float32 noise block,
 * selected channels, times each channel's noise level, written into the output dtype.
 *
 * Values are exactly those of the obvious `out[i] = block[i] * level` in double precision, then
 * stored (float32 rounding, float64 as is, int16 rounded half-to-even and saturated). The loops
 * are split by output kind and by "all channels in order" vs "a selection" so each one stays
 * monomorphic and the common case (all channels) reads the block linearly without an index table.
 */

export type NoiseTarget = Float32Array | Float64Array | Int16Array;

/** Adding then subtracting 1.5·2^52 rounds a double to an integer half-to-even (IEEE default). */
const ROUNDER = 6755399441055744;

/**
 * Round half-to-even, then saturate to the int16 range (the same as saturating first). Ternaries
 * rather than Math.min/max: ~10 % faster in these loops, and a NaN still stores as 0.
 */
function toInt16(x: number): number {
  const v = x + ROUNDER - ROUNDER;
  // biome-ignore lint/complexity/useMathMinMax: measured faster than Math.max here
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

export interface NoiseRows {
  /** Unscaled block, numChannels values per row. */
  block: Float32Array;
  /** First row of `block` to copy, and how many. */
  row0: number;
  rows: number;
  numChannels: number;
  /** Channels of the block to copy, in output order; null for all of them in order. */
  channels: Int32Array | null;
  /** Noise level of each output channel. */
  levels: Float64Array;
  out: NoiseTarget;
  outOffset: number;
}

/** The one level shared by every channel, or NaN when they differ. */
function uniformLevel(levels: Float64Array): number {
  for (let j = 1; j < levels.length; j++) if (levels[j] !== levels[0]) return Number.NaN;
  return levels[0];
}

export function copyScaledRows(p: NoiseRows): void {
  const { block, row0, rows, numChannels, channels, levels, out, outOffset } = p;
  if (channels !== null) {
    selectRows(block, row0, rows, numChannels, channels, levels, out, outOffset);
    return;
  }
  const from = row0 * numChannels;
  const n = rows * numChannels;
  const level = uniformLevel(levels);
  if (out instanceof Int16Array) {
    if (Number.isNaN(level)) perChannelInt16(block, from, n, levels, out, outOffset);
    else uniformInt16(block, from, n, level, out, outOffset);
  } else if (level === 1) out.set(block.subarray(from, from + n), outOffset);
  else if (Number.isNaN(level)) perChannelFloat(block, from, n, levels, out, outOffset);
  else uniformFloat(block, from, n, level, out, outOffset);
}

function uniformFloat(
  block: Float32Array,
  from: number,
  n: number,
  level: number,
  out: Float32Array | Float64Array,
  o: number,
): void {
  for (let i = 0; i < n; i++) out[o + i] = block[from + i] * level;
}

function perChannelFloat(
  block: Float32Array,
  from: number,
  n: number,
  levels: Float64Array,
  out: Float32Array | Float64Array,
  o: number,
): void {
  const k = levels.length;
  for (let i = 0; i < n; i += k) for (let j = 0; j < k; j++) out[o + i + j] = block[from + i + j] * levels[j];
}

function uniformInt16(
  block: Float32Array,
  from: number,
  n: number,
  level: number,
  out: Int16Array,
  o: number,
): void {
  for (let i = 0; i < n; i++) {
    out[o + i] = toInt16(block[from + i] * level);
  }
}

function perChannelInt16(
  block: Float32Array,
  from: number,
  n: number,
  levels: Float64Array,
  out: Int16Array,
  o: number,
): void {
  const k = levels.length;
  for (let i = 0; i < n; i += k) {
    for (let j = 0; j < k; j++) {
      out[o + i + j] = toInt16(block[from + i + j] * levels[j]);
    }
  }
}

/** Selected channels, any output kind (the rarer path: chunk reads of a channel subset). */
function selectRows(
  block: Float32Array,
  row0: number,
  rows: number,
  numChannels: number,
  channels: Int32Array,
  levels: Float64Array,
  out: NoiseTarget,
  outOffset: number,
): void {
  const k = channels.length;
  const round = out instanceof Int16Array;
  for (let r = 0, src = row0 * numChannels, dst = outOffset; r < rows; r++, src += numChannels, dst += k) {
    for (let j = 0; j < k; j++) {
      const v = block[src + channels[j]] * levels[j];
      out[dst + j] = round ? toInt16(v) : v;
    }
  }
}
