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
    const unitBase = unit * width * numChannels * upsample;
    for (let r = r0; r < r1; r++) {
      const src = unitBase + r * numChannels * upsample + slot;
      const dst = (offset + r) * k;
      for (let j = 0; j < k; j++) {
        const v = templates[src + channels[j] * upsample] * scale;
        traces[dst + j] += integer ? Math.trunc(v) : v;
      }
    }
  }
}
