/**
 * The spike vector: every spike of a sorting as parallel columns (struct of arrays), sorted by
 * segment then sample. It is SpikeInterface's `minimum_spike_dtype` record array, kept column-wise so
 * each column is one typed array.
 *
 * Sample indices are Float64Array: exact for any integer up to 2^53 (far beyond any recording) and
 * much faster than BigInt64Array; they are converted to int64 only on disk.
 */
import { InvalidArgumentError } from "../errors.js";

export interface SpikeVector {
  readonly sampleIndex: Float64Array;
  readonly unitIndex: Int32Array;
  readonly segmentIndex: Int32Array;
  /** Present when built with main channel indices. */
  readonly channelIndex?: Int32Array;
}

export function spikeCount(v: SpikeVector): number {
  return v.sampleIndex.length;
}

export function emptySpikeVector(): SpikeVector {
  return { sampleIndex: new Float64Array(0), unitIndex: new Int32Array(0), segmentIndex: new Int32Array(0) };
}

export function takeSpikes(v: SpikeVector, order: ArrayLike<number>): SpikeVector {
  const n = order.length;
  const out = {
    sampleIndex: new Float64Array(n),
    unitIndex: new Int32Array(n),
    segmentIndex: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const k = order[i];
    out.sampleIndex[i] = v.sampleIndex[k];
    out.unitIndex[i] = v.unitIndex[k];
    out.segmentIndex[i] = v.segmentIndex[k];
  }
  return out;
}

/** [start, end) of each segment's spikes in a vector sorted by segment. */
export function segmentSlices(v: SpikeVector, numSegments: number): Int32Array {
  const slices = new Int32Array(numSegments * 2);
  const seg = v.segmentIndex;
  let i = 0;
  for (let s = 0; s < numSegments; s++) {
    slices[2 * s] = i;
    while (i < seg.length && seg[i] === s) i++;
    slices[2 * s + 1] = i;
  }
  return slices;
}

/** True when sorted by (segment, sample). */
export function isSortedSpikeVector(v: SpikeVector): boolean {
  const { sampleIndex: s, segmentIndex: g } = v;
  for (let i = 1; i < s.length; i++) {
    if (g[i] < g[i - 1] || (g[i] === g[i - 1] && s[i] < s[i - 1])) return false;
  }
  return true;
}

/**
 * Stable order of spikes by (segment, sample, then `tie`): `tie` is the unit index for builders that
 * keep unit order, or omitted to keep input order (SpikeInterface's from_samples_and_labels rule).
 */
export function sortOrder(v: SpikeVector, tie: "unit" | "input"): Uint32Array {
  const n = v.sampleIndex.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const { sampleIndex: s, segmentIndex: g, unitIndex: u } = v;
  if (tie === "unit") {
    order.sort((a, b) => g[a] - g[b] || s[a] - s[b] || u[a] - u[b] || a - b);
  } else {
    order.sort((a, b) => g[a] - g[b] || s[a] - s[b] || a - b);
  }
  return order;
}

/** Sort a vector (returns it unchanged when already sorted). */
export function sortSpikeVector(v: SpikeVector, tie: "unit" | "input"): SpikeVector {
  if (isSortedSpikeVector(v) && (tie === "input" || isUnitTieSorted(v))) return v;
  return takeSpikes(v, sortOrder(v, tie));
}

function isUnitTieSorted(v: SpikeVector): boolean {
  const { sampleIndex: s, segmentIndex: g, unitIndex: u } = v;
  for (let i = 1; i < s.length; i++) {
    if (g[i] === g[i - 1] && s[i] === s[i - 1] && u[i] < u[i - 1]) return false;
  }
  return true;
}

/**
 * Per-(unit, segment) index: spikes regrouped by unit then segment, sample order kept (a stable
 * counting sort, O(n)). `slices[(unit * numSegments + segment) * 2 + {0,1}]` bounds each group in
 * `order`; `samples` holds the frames in that order so a spike train is a zero-copy subarray.
 */
export interface UnitSpikeIndex {
  readonly order: Uint32Array;
  readonly samples: Float64Array;
  readonly slices: Float64Array;
}

export function buildUnitSpikeIndex(v: SpikeVector, numUnits: number, numSegments: number): UnitSpikeIndex {
  const n = v.sampleIndex.length;
  const groups = numUnits * numSegments;
  const counts = new Float64Array(groups + 1);
  for (let i = 0; i < n; i++) {
    const key = v.unitIndex[i] * numSegments + v.segmentIndex[i];
    if (key < 0 || key >= groups) {
      throw new InvalidArgumentError(
        `spike ${i} has unit index ${v.unitIndex[i]} / segment ${v.segmentIndex[i]} outside ${numUnits} units × ${numSegments} segments`,
      );
    }
    counts[key + 1]++;
  }
  for (let k = 0; k < groups; k++) counts[k + 1] += counts[k];
  const slices = new Float64Array(groups * 2);
  for (let k = 0; k < groups; k++) {
    slices[2 * k] = counts[k];
    slices[2 * k + 1] = counts[k + 1];
  }
  const order = new Uint32Array(n);
  const samples = new Float64Array(n);
  const cursor = counts.subarray(0, groups);
  for (let i = 0; i < n; i++) {
    const key = v.unitIndex[i] * numSegments + v.segmentIndex[i];
    const at = cursor[key]++;
    order[at] = i;
    samples[at] = v.sampleIndex[i];
  }
  return { order, samples, slices };
}

/** First position in sorted `a[lo, hi)` whose value is >= x. */
export function lowerBound(a: ArrayLike<number>, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Copy the columns into SharedArrayBuffers so worker threads can read them without a copy. */
export function toSharedSpikeVector(v: SpikeVector): SpikeVector {
  const n = v.sampleIndex.length;
  const s = new Float64Array(new SharedArrayBuffer(n * 8));
  const u = new Int32Array(new SharedArrayBuffer(n * 4));
  const g = new Int32Array(new SharedArrayBuffer(n * 4));
  s.set(v.sampleIndex);
  u.set(v.unitIndex);
  g.set(v.segmentIndex);
  return { sampleIndex: s, unitIndex: u, segmentIndex: g };
}
