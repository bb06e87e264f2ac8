/**
 * The per-chunk arithmetic of the noise levels (spec api.md §3.10, examples.md §9): a MAD, std or
 * RMS per channel of one chunk, and the mean over chunks — numpy's operations reproduced step by
 * step (float32 for float32 traces, float64 otherwise), so Python's stored values come out exactly.
 * Pure functions, so the chunk executor can run them in workers.
 */
import type { NumberArray, TraceDType } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import type { Traces } from "../traces.js";
import { isSmallIntArray, MAD_TO_STD, madOfIntegerChunk } from "./integer-mad.js";
import { type FloatArray, medianInPlace } from "./median.js";
import { columnSums, pairwiseSum } from "./numpy-sums.js";

export type NoiseMethod = "mad" | "std" | "rms";

export { MAD_TO_STD };

const MAD_TO_STD_F32 = Math.fround(MAD_TO_STD);

const METHODS: readonly string[] = ["mad", "std", "rms"];

export function checkNoiseMethod(method: string): NoiseMethod {
  if (!METHODS.includes(method)) {
    throw new InvalidArgumentError(
      `noise method must be "mad", "std" or "rms", got ${JSON.stringify(method)}`,
      {
        method,
      },
    );
  }
  return method as NoiseMethod;
}

/** Channels transposed per block: a block's columns stay in cache while their medians are taken. */
const BLOCK = 16;

/**
 * Noise level of every channel of one chunk (shape [T, C]). Float32 traces give float32 results;
 * integer and float64 traces give float64 (numpy's promotion). For raw integer traces, "rms"
 * squares in the traces' integer type and wraps around as numpy does (a Python bug kept so that
 * stored `rms` raw values match).
 */
export function noiseLevelsOfChunk(traces: Traces, method: NoiseMethod): FloatArray {
  checkNoiseMethod(method);
  const [T, C] = traces.shape;
  const f32 = traces.dtype === "float32";
  const out: FloatArray = f32 ? new Float32Array(C) : new Float64Array(C);
  const data = traces.data as NumberArray;
  if (method === "mad") {
    if (!(isSmallIntArray(data) && madOfIntegerChunk(data, T, C, null, out)))
      madOfChunk(data, T, C, f32, out);
  } else if (method === "std") stdOfChunk(data, T, C, out);
  else rmsOfChunk(data, T, C, traces.dtype, out);
  return out;
}

function madOfChunk(data: NumberArray, T: number, C: number, f32: boolean, out: FloatArray): void {
  const width = Math.min(BLOCK, C);
  const block: FloatArray = f32 ? new Float32Array(width * T) : new Float64Array(width * T);
  for (let c0 = 0; c0 < C; c0 += BLOCK) {
    const w = Math.min(BLOCK, C - c0);
    // Transpose channels c0..c0+w into contiguous columns.
    for (let t = 0, row = c0; t < T; t++, row += C) {
      for (let j = 0; j < w; j++) block[j * T + t] = data[row + j];
    }
    for (let j = 0; j < w; j++) {
      const col = block.subarray(j * T, (j + 1) * T);
      const med = medianInPlace(col, f32);
      if (f32) for (let t = 0; t < T; t++) col[t] = Math.abs(Math.fround(col[t] - med));
      else for (let t = 0; t < T; t++) col[t] = Math.abs(col[t] - med);
      const mad = medianInPlace(col, f32);
      // numpy casts the constant to float32 first (NEP 50), then the float32 store rounds the quotient.
      out[c0 + j] = mad / (f32 ? MAD_TO_STD_F32 : MAD_TO_STD);
    }
  }
}

function stdOfChunk(data: NumberArray, T: number, C: number, out: FloatArray): void {
  const f32 = out instanceof Float32Array;
  const mean: FloatArray = f32 ? new Float32Array(C) : new Float64Array(C);
  columnSums(data, T, C, mean);
  for (let c = 0; c < C; c++) mean[c] /= T;
  const sq: FloatArray = f32 ? new Float32Array(C) : new Float64Array(C);
  if (f32) {
    columnSums(data, T, C, sq, (v, c) => {
      const d = Math.fround(v - mean[c]);
      return Math.fround(d * d);
    });
  } else {
    columnSums(data, T, C, sq, (v, c) => (v - mean[c]) * (v - mean[c]));
  }
  for (let c = 0; c < C; c++) out[c] = Math.sqrt(f32 ? Math.fround(sq[c] / T) : sq[c] / T);
}

/** x² in the traces' own type, wrapping like numpy's integer square. */
function wrappedSquare(dtype: TraceDType): (v: number) => number {
  switch (dtype) {
    case "int8":
      return (v) => ((v * v) << 24) >> 24;
    case "uint8":
      return (v) => (v * v) & 0xff;
    case "int16":
      return (v) => ((v * v) << 16) >> 16;
    case "uint16":
      return (v) => (v * v) & 0xffff;
    case "int32":
      return (v) => Math.imul(v, v);
    case "uint32":
      return (v) => Math.imul(v, v) >>> 0;
    case "float32":
      return (v) => Math.fround(v * v);
    default:
      return (v) => v * v;
  }
}

function rmsOfChunk(data: NumberArray, T: number, C: number, dtype: TraceDType, out: FloatArray): void {
  const square = wrappedSquare(dtype);
  const f32 = out instanceof Float32Array;
  // Integer squares are summed in int64 by numpy: exact in float64 for any realistic chunk.
  const sums: FloatArray = f32 ? new Float32Array(C) : new Float64Array(C);
  columnSums(data, T, C, sums, square);
  for (let c = 0; c < C; c++) out[c] = Math.sqrt(f32 ? Math.fround(sums[c] / T) : sums[c] / T);
}

/** numpy's mean over axis 0 of stacked per-chunk results (float32 stays float32). */
export function meanOverChunks(chunks: readonly FloatArray[], numChannels: number): FloatArray {
  if (chunks.length === 0) throw new InvalidArgumentError("no chunks to average");
  const f32 = chunks[0] instanceof Float32Array;
  const out: FloatArray = f32 ? new Float32Array(numChannels) : new Float64Array(numChannels);
  if (numChannels === 1) {
    const column = Float64Array.from(chunks, (c) => c[0]);
    out[0] = pairwiseSum(column, 0, column.length, 1, f32);
  } else {
    for (const chunk of chunks) for (let c = 0; c < numChannels; c++) out[c] += chunk[c];
  }
  for (let c = 0; c < numChannels; c++) out[c] /= chunks.length;
  return out;
}
