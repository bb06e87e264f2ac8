/**
 * Traces: a C-order typed array of shape [numSamples, numChannels] with its dtype explicit.
 * Time-major, as SpikeInterface's `get_traces` returns them.
 */
import { copyColumns } from "./column-copy.js";
import { allocate, dtypeOf, type NumberArray, type TraceDType, type TypedArrayFor } from "./dtype.js";

export interface Traces<D extends TraceDType = TraceDType> {
  readonly data: TypedArrayFor<D>;
  readonly shape: readonly [numSamples: number, numChannels: number];
  readonly dtype: D;
}

export function makeTraces<D extends TraceDType>(
  data: TypedArrayFor<D>,
  numSamples: number,
  numChannels: number,
): Traces<D> {
  return { data, shape: [numSamples, numChannels], dtype: dtypeOf(data) as D };
}

/**
 * Columns `channelIndices` of a C-order block (a copy, in the requested order). Contiguous runs of
 * channels are block-copied and the rest gathered as 16-bit words (column-copy.ts says why).
 */
export function selectColumns(
  data: NumberArray,
  numChannels: number,
  channelIndices: ArrayLike<number>,
): NumberArray {
  return copyColumns(data, numChannels, channelIndices);
}

/** Stack C-order row blocks that share a column count. */
export function concatRows(blocks: readonly NumberArray[], dtype: TraceDType): NumberArray {
  const total = blocks.reduce((a, b) => a + b.length, 0);
  const out = allocate(dtype, total) as NumberArray;
  let offset = 0;
  for (const b of blocks) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}

/** Place blocks side by side (hstack) — blocks[i] has widths[i] columns and `numSamples` rows. */
export function concatColumns(
  blocks: readonly NumberArray[],
  widths: readonly number[],
  numSamples: number,
  dtype: TraceDType,
): NumberArray {
  const total = widths.reduce((a, b) => a + b, 0);
  const out = allocate(dtype, numSamples * total) as NumberArray;
  let col = 0;
  blocks.forEach((b, bi) => {
    const w = widths[bi];
    for (let i = 0; i < numSamples; i++) out.set(b.subarray(i * w, i * w + w), i * total + col);
    col += w;
  });
  return out;
}

/**
 * Scale to µV in float32 as SpikeInterface does (`astype(float32) * gain + offset`, with the gains and
 * offsets themselves cast to float32 first), so results match Python bit for bit.
 */
export function scaleToUV(
  data: NumberArray,
  numChannels: number,
  gains: ArrayLike<number>,
  offsets: ArrayLike<number>,
): Float32Array {
  const g = Float32Array.from(gains as ArrayLike<number>);
  const o = Float32Array.from(offsets as ArrayLike<number>);
  const out = new Float32Array(data.length);
  out.set(data);
  if (numChannels === 0) return out;
  // Math.fround after each step reproduces float32 arithmetic exactly (multiply, round, add, round).
  for (let i = 0; i < out.length; i += numChannels) {
    for (let j = 0; j < numChannels; j++) out[i + j] = Math.fround(out[i + j] * g[j]) + o[j];
  }
  return out;
}
