/**
 * The kernel of InjectTemplatesRecording: add each spike's template (times its amplitude factor)
 * into a block of traces, starting `nbefore` samples before the spike and clipped at the block's
 * edges. Only spikes whose template can overlap [start, end) are visited (binary search on the
 * sorted sample indices).
 */
import type { NumberArray } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";

export interface AddTemplatesOptions {
  /** (end − start) × channels block, C order, added to in place. */
  traces: NumberArray;
  start: number;
  end: number;
  /** Channels of `traces` as template channel indices; null for all. */
  channelIndices: ArrayLike<number> | null;
  /** The segment's spikes, sorted by sample index. */
  sampleIndex: Float64Array;
  unitIndex: Int32Array;
  /** (units, width, channels) or (units, width, channels, upsample), C order. */
  templates: Float32Array | Float64Array;
  templateShape: readonly number[];
  /** Template sample aligned with the spike. */
  nbefore: number;
  /** Per-spike amplitude factor (same length as sampleIndex), or null for 1. */
  amplitudeFactor?: ArrayLike<number> | null;
  /** Per-spike upsample slot, required with 4-D templates. */
  upsampleIndex?: ArrayLike<number> | null;
  /**
   * `templateChannelPeaks(templates, templateShape)`, when the caller keeps it between calls
   * (InjectTemplatesRecording does); computed per call for the units met otherwise. Used only with
   * integer traces.
   */
  channelPeaks?: Float64Array | null;
}

/**
 * Largest |value| of each (unit, channel) over the template's samples and upsample slots,
 * units × channels. A spike whose |amplitude| × peak < 1 adds trunc(value × amplitude) = 0 on
 * that channel of integer traces, so the channel can be skipped without changing any sample.
 */
export function templateChannelPeaks(
  templates: Float32Array | Float64Array,
  templateShape: readonly number[],
): Float64Array {
  const [numUnits, width, numChannels] = templateShape;
  const upsample = templateShape.length === 4 ? templateShape[3] : 1;
  const peaks = new Float64Array(numUnits * numChannels);
  for (let u = 0; u < numUnits; u++) unitPeaks(templates, u, width, numChannels, upsample, peaks);
  return peaks;
}

function unitPeaks(
  templates: Float32Array | Float64Array,
  unit: number,
  width: number,
  numChannels: number,
  upsample: number,
  peaks: Float64Array,
): void {
  const row = numChannels * upsample;
  const base = unit * width * row;
  const out = unit * numChannels;
  for (let i = base; i < base + width * row; i += row) {
    for (let c = 0; c < numChannels; c++) {
      for (let s = 0; s < upsample; s++) {
        const v = Math.abs(templates[i + c * upsample + s]);
        if (v > peaks[out + c]) peaks[out + c] = v;
      }
    }
  }
}

/** First index i with a[i] >= x (side "left"), or a[i] > x with `right`. */
function searchSorted(a: Float64Array, x: number, right: boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x || (right && a[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Add templates into `traces`. Integer traces receive each spike's contribution truncated toward
 * zero and wrap on overflow, as numpy's `traces += wf.astype(traces.dtype)` does.
 */
export function addTemplatesToTraces(options: AddTemplatesOptions): void {
  const { traces, start, end, sampleIndex, unitIndex, templates, templateShape, nbefore } = options;
  const amplitude = options.amplitudeFactor ?? null;
  const upsampleIndex = options.upsampleIndex ?? null;
  if (templateShape.length !== 3 && templateShape.length !== 4) {
    throw new InvalidArgumentError(`templates must be 3-D or 4-D, got shape [${templateShape.join(", ")}]`);
  }
  const [numUnits, width, numChannels] = templateShape;
  const upsample = templateShape.length === 4 ? templateShape[3] : 1;
  if (numUnits * width * numChannels * upsample !== templates.length) {
    throw new InvalidArgumentError(
      `templates have ${templates.length} values, shape [${templateShape.join(", ")}] needs ${numUnits * width * numChannels * upsample}`,
    );
  }
  if (templateShape.length === 4 && upsampleIndex === null) {
    throw new InvalidArgumentError("4-D (upsampled) templates need upsampleIndex");
  }
  if (unitIndex.length !== sampleIndex.length) {
    throw new InvalidArgumentError(
      `${sampleIndex.length} sample indices but ${unitIndex.length} unit indices`,
    );
  }
  const channels =
    options.channelIndices === null
      ? Int32Array.from({ length: numChannels }, (_, c) => c)
      : options.channelIndices;
  const k = channels.length;
  for (let j = 0; j < k; j++) {
    if (!(channels[j] >= 0 && channels[j] < numChannels)) {
      throw new InvalidArgumentError(`channel index ${channels[j]} is outside [0, ${numChannels})`);
    }
  }
  const numRows = end - start;
  if (traces.length !== numRows * k) {
    throw new InvalidArgumentError(`traces have ${traces.length} values, expected ${numRows} × ${k}`);
  }
  const integer = !(traces instanceof Float32Array || traces instanceof Float64Array);
  const first = searchSorted(sampleIndex, start - width, false);
  const last = searchSorted(sampleIndex, end + width, true);
  // Integer traces: skip the channels where a spike's contribution truncates to 0 (most of a
  // large probe). Peaks come from the caller or are computed here for the units met.
  let peaks = options.channelPeaks ?? null;
  const known = peaks === null ? new Uint8Array(numUnits) : null;
  if (integer && peaks === null) peaks = new Float64Array(numUnits * numChannels);
  const active = new Int32Array(k);
  const columns = new Int32Array(k);
  for (let i = first; i < last; i++) {
    const unit = unitIndex[i];
    if (unit < 0 || unit >= numUnits) throw new InvalidArgumentError(`spike ${i} has unit index ${unit}`);
    const slot = upsampleIndex === null ? 0 : upsampleIndex[i];
    if (!(slot >= 0 && slot < upsample))
      throw new InvalidArgumentError(`spike ${i} has upsample index ${slot}`);
    const scale = amplitude === null ? 1 : amplitude[i];
    // Template row r lands on trace row (sample − nbefore − start) + r.
    const offset = sampleIndex[i] - nbefore - start;
    const r0 = Math.max(0, -offset);
    const r1 = Math.min(width, numRows - offset);
    if (r1 <= r0) continue;
    const rowStride = numChannels * upsample;
    const span = {
      src: unit * width * rowStride + r0 * rowStride,
      srcStride: rowStride,
      dst: (offset + r0) * k,
      dstStride: k,
      rows: r1 - r0,
      scale,
    };
    if (!integer) {
      for (let j = 0; j < k; j++) columns[j] = channels[j] * upsample + slot;
      addFloat(traces as Float32Array | Float64Array, templates, span, columns);
      continue;
    }
    const p = peaks as Float64Array;
    if (known !== null && known[unit] === 0) {
      unitPeaks(templates, unit, width, numChannels, upsample, p);
      known[unit] = 1;
    }
    const magnitude = Math.abs(scale);
    let m = 0;
    for (let j = 0; j < k; j++) {
      if (p[unit * numChannels + channels[j]] * magnitude >= 1) {
        active[m] = j;
        columns[m++] = channels[j] * upsample + slot;
      }
    }
    if (m > 0) addTruncated(traces, templates, span, columns, m, active);
  }
}

/** Where one spike's clipped template lands: first template and trace values, strides, rows. */
interface Span {
  src: number;
  srcStride: number;
  dst: number;
  dstStride: number;
  rows: number;
  scale: number;
}

/** traces[row, j] += template[row, columns[j]] × scale for every trace column j. */
function addFloat(
  traces: Float32Array | Float64Array,
  templates: Float32Array | Float64Array,
  span: Span,
  columns: Int32Array,
): void {
  const { srcStride, dstStride, rows, scale } = span;
  for (let r = 0, src = span.src, dst = span.dst; r < rows; r++, src += srcStride, dst += dstStride) {
    for (let j = 0; j < dstStride; j++) traces[dst + j] += templates[src + columns[j]] * scale;
  }
}

/**
 * Integer traces: traces[row, active[a]] += trunc(template[row, columns[a]] × scale) for a < count,
 * wrapping on overflow as numpy's `traces += wf.astype(traces.dtype)` does.
 */
function addTruncated(
  traces: NumberArray,
  templates: Float32Array | Float64Array,
  span: Span,
  columns: Int32Array,
  count: number,
  active: Int32Array,
): void {
  const { srcStride, dstStride, rows, scale } = span;
  for (let r = 0, src = span.src, dst = span.dst; r < rows; r++, src += srcStride, dst += dstStride) {
    for (let a = 0; a < count; a++)
      traces[dst + active[a]] += Math.trunc(templates[src + columns[a]] * scale);
  }
}
