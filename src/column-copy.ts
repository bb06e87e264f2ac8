/**
 * The kernel behind `selectColumns`: copy a subset of the columns (channels) of a C-order block.
 *
 * Why it is shaped like this (measured on 1 s × 384 channels int16, see bench/workloads/core-get-traces.ts):
 *  - Every dtype is copied as 16-bit words through Uint16Array views (a 4-byte value is 2 words, an
 *    8-byte one 4). One element type keeps the hot loops monomorphic: the same loop fed Int16Array,
 *    Float32Array… sees several maps and runs about half as fast. Moving bits, not numbers, also
 *    keeps NaN payloads intact.
 *  - Runs of consecutive channels of at least SET_MIN_WORDS words are copied per row with
 *    `TypedArray.set` (a memmove, ~6 GB/s); `set` costs ~40 ns per call for the subarray it needs,
 *    so shorter runs are gathered word by word in an unrolled loop (~1.8 GB/s).
 *  - 1-byte dtypes cannot be expressed in 16-bit words and take a plain per-value loop.
 */
import type { NumberArray } from "./dtype.js";
import { InvalidArgumentError } from "./errors.js";

/** Runs shorter than this (in 16-bit words) are cheaper to gather than to `set` (crossover ~40). */
const SET_MIN_WORDS = 48;

/** What to copy from each row, in 16-bit words, planned once per call. */
interface CopyPlan {
  /** Long runs as (source word, destination word, length) triples. */
  readonly runs: Int32Array;
  /** Source word of each gathered word. */
  readonly gatherSrc: Int32Array;
  /** Destination word of each gathered word, or null when they are 0, 1, 2… (no long runs). */
  readonly gatherDst: Int32Array | null;
}

function checkIndices(numChannels: number, channelIndices: ArrayLike<number>): void {
  for (let j = 0; j < channelIndices.length; j++) {
    const c = channelIndices[j];
    if (!(Number.isInteger(c) && c >= 0 && c < numChannels)) {
      throw new InvalidArgumentError(`channel index ${c} is outside [0, ${numChannels})`, {
        channelIndex: c,
        numChannels,
      });
    }
  }
}

function planCopy(channelIndices: ArrayLike<number>, wordsPerValue: number): CopyPlan {
  const k = channelIndices.length;
  const runs: number[] = [];
  const gatherSrc: number[] = [];
  const gatherDst: number[] = [];
  for (let j = 0; j < k; ) {
    let e = j + 1;
    while (e < k && channelIndices[e] === channelIndices[e - 1] + 1) e++;
    const srcWord = channelIndices[j] * wordsPerValue;
    const dstWord = j * wordsPerValue;
    const length = (e - j) * wordsPerValue;
    if (length >= SET_MIN_WORDS) runs.push(srcWord, dstWord, length);
    else {
      for (let w = 0; w < length; w++) {
        gatherSrc.push(srcWord + w);
        gatherDst.push(dstWord + w);
      }
    }
    j = e;
  }
  return {
    runs: Int32Array.from(runs),
    gatherSrc: Int32Array.from(gatherSrc),
    gatherDst: runs.length === 0 ? null : Int32Array.from(gatherDst),
  };
}

/** Gather `idx` words of each source row into consecutive destination words (unrolled by 4). */
function gatherRows(
  src: Uint16Array,
  dst: Uint16Array,
  numRows: number,
  srcStride: number,
  idx: Int32Array,
): void {
  const k = idx.length;
  const k4 = k - (k % 4);
  for (let i = 0, s = 0, d = 0; i < numRows; i++, s += srcStride, d += k) {
    let j = 0;
    for (; j < k4; j += 4) {
      dst[d + j] = src[s + idx[j]];
      dst[d + j + 1] = src[s + idx[j + 1]];
      dst[d + j + 2] = src[s + idx[j + 2]];
      dst[d + j + 3] = src[s + idx[j + 3]];
    }
    for (; j < k; j++) dst[d + j] = src[s + idx[j]];
  }
}

/** Long runs with `set`, the remaining words gathered to their own destinations. */
function copyRunsAndGather(
  src: Uint16Array,
  dst: Uint16Array,
  numRows: number,
  srcStride: number,
  dstStride: number,
  plan: CopyPlan,
): void {
  const { runs, gatherSrc } = plan;
  const gatherDst = plan.gatherDst as Int32Array;
  const g = gatherSrc.length;
  for (let i = 0, s = 0, d = 0; i < numRows; i++, s += srcStride, d += dstStride) {
    for (let r = 0; r < runs.length; r += 3) {
      const a = s + runs[r];
      dst.set(src.subarray(a, a + runs[r + 2]), d + runs[r + 1]);
    }
    for (let j = 0; j < g; j++) dst[d + gatherDst[j]] = src[s + gatherSrc[j]];
  }
}

/** 1-byte dtypes: one value at a time. */
function copyBytes(
  data: NumberArray,
  out: NumberArray,
  numRows: number,
  numChannels: number,
  channelIndices: ArrayLike<number>,
): void {
  const k = channelIndices.length;
  for (let i = 0, s = 0, d = 0; i < numRows; i++, s += numChannels, d += k) {
    for (let j = 0; j < k; j++) out[d + j] = data[s + channelIndices[j]];
  }
}

/** Columns `channelIndices` (each in [0, numChannels), any order, repeats allowed) of `data`, a new array. */
export function copyColumns(
  data: NumberArray,
  numChannels: number,
  channelIndices: ArrayLike<number>,
): NumberArray {
  checkIndices(numChannels, channelIndices);
  const numRows = numChannels === 0 ? 0 : data.length / numChannels;
  const k = channelIndices.length;
  const ctor = data.constructor as new (length: number) => NumberArray;
  const out = new ctor(numRows * k);
  if (out.length === 0) return out;
  const wordsPerValue = data.BYTES_PER_ELEMENT >> 1;
  if (wordsPerValue === 0) {
    copyBytes(data, out, numRows, numChannels, channelIndices);
    return out;
  }
  const src = new Uint16Array(data.buffer, data.byteOffset, data.length * wordsPerValue);
  const dst = new Uint16Array(out.buffer, out.byteOffset, out.length * wordsPerValue);
  const plan = planCopy(channelIndices, wordsPerValue);
  const srcStride = numChannels * wordsPerValue;
  const dstStride = k * wordsPerValue;
  if (plan.gatherDst === null) gatherRows(src, dst, numRows, srcStride, plan.gatherSrc);
  else if (plan.runs.length === 3 && plan.gatherSrc.length === 0 && dstStride === srcStride) {
    // Every channel in order: the rows are already laid out as wanted.
    dst.set(src);
  } else copyRunsAndGather(src, dst, numRows, srcStride, dstStride, plan);
  return out;
}
