/**
 * `getChunkWithMargin` (spec api.md §3.9): read [start, end) of a segment plus `margin` samples on
 * each side, for filters that need context. Without padding the margins shrink at the segment
 * edges; with zero or reflect padding the output always has end − start + 2·margin rows.
 */
import { allocate, castNumbers, dtypeOf, isFloatDType, type NumberArray, type TraceDType } from "../dtype.js";
import { FrameRangeError, InvalidArgumentError } from "../errors.js";
import type { BaseRecordingSegment } from "../recording/segment.js";
import { makeTraces, type Traces } from "../traces.js";

export interface ChunkWithMarginOptions {
  /** Channel count of the segment's recording (used when channelIndices is null). */
  numChannels: number;
  /** Default 0. */
  startFrame?: number | null;
  /** Default: segment end. With padding it may exceed the segment (the excess is padded). */
  endFrame?: number | null;
  /** Channels to read, null for all. */
  channelIndices?: Int32Array | null;
  margin: number;
  addZeros?: boolean;
  /** numpy "reflect" padding (mirror without repeating the edge sample). */
  addReflectPadding?: boolean;
  /** With addZeros: multiply the first/last `margin` rows by the taper (1 − cos(πk/margin))/2. */
  windowOnMargin?: boolean;
  /**
   * Output dtype (a cast, as numpy's astype). Also applied without padding, where SpikeInterface
   * silently ignores it.
   */
  dtype?: TraceDType | null;
  signal?: AbortSignal;
}

export interface ChunkWithMargin {
  traces: Traces;
  leftMargin: number;
  rightMargin: number;
}

export async function getChunkWithMargin(
  segment: BaseRecordingSegment,
  options: ChunkWithMarginOptions,
): Promise<ChunkWithMargin> {
  const length = segment.getNumSamples();
  const { margin, addZeros = false, addReflectPadding = false, windowOnMargin = false } = options;
  if (!Number.isInteger(margin) || margin < 0) {
    throw new InvalidArgumentError(`margin must be a non-negative integer, got ${margin}`, { margin });
  }
  const channels = options.channelIndices ?? null;
  const width = channels === null ? options.numChannels : channels.length;
  const read = async (s: number, e: number) => segment.getTraces(s, e, channels, options.signal);

  if (!(addZeros || addReflectPadding)) {
    if (windowOnMargin) throw new InvalidArgumentError("windowOnMargin requires addZeros");
    let start = options.startFrame ?? null;
    let end = options.endFrame ?? null;
    checkRange(start ?? 0, end ?? length, length, false);
    let left: number;
    let right: number;
    if (start === null) {
      left = 0;
      start = 0;
    } else left = Math.min(start, margin);
    if (end === null) {
      right = 0;
      end = length;
    } else right = end > length - margin ? length - end : margin;
    let data = await read(start - left, end + right);
    if (options.dtype) data = castNumbers(data, options.dtype);
    return {
      traces: makeTraces(data as Traces["data"], end + right - start + left, width),
      leftMargin: left,
      rightMargin: right,
    };
  }

  const start = options.startFrame ?? 0;
  const end = options.endFrame ?? length;
  checkRange(start, end, length, true);
  const leftPad = start < margin ? margin - start : 0;
  const start2 = start < margin ? 0 : start - margin;
  const rightPad = end > length - margin ? end + margin - length : 0;
  const end2 = end > length - margin ? length : end + margin;
  const data = await read(start2, Math.max(start2, end2));
  const rows = Math.max(0, end2 - start2);
  const needCopy = Boolean(options.dtype) || windowOnMargin || leftPad > 0 || rightPad > 0;
  if (!needCopy) {
    return {
      traces: makeTraces(data as Traces["data"], rows, width),
      leftMargin: margin,
      rightMargin: margin,
    };
  }
  const dtype: TraceDType = options.dtype ?? (dtypeOf(data) as TraceDType);
  // SpikeInterface's quirk: the right margin grows past `margin` when end reaches length + margin.
  const rightMargin = end < length + margin ? margin : end + margin - length;
  const fullRows = end - start + 2 * margin;
  let out: NumberArray;
  if (addZeros) {
    out = allocate(dtype, fullRows * width) as NumberArray;
    out.set(dtype === dtypeOf(data) ? data : castNumbers(data, dtype), leftPad * width);
    if (windowOnMargin) applyTaper(out, fullRows, width, margin);
  } else {
    out = reflectPad(
      dtype === dtypeOf(data) ? data : castNumbers(data, dtype),
      rows,
      width,
      leftPad,
      rightPad,
    );
  }
  return {
    traces: makeTraces(out as Traces["data"], out.length / Math.max(width, 1), width),
    leftMargin: margin,
    rightMargin,
  };
}

function checkRange(start: number, end: number, length: number, allowPastEnd: boolean): void {
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end < start ||
    (!allowPastEnd && end > length)
  ) {
    throw new FrameRangeError(
      `invalid chunk [${start}, ${end}) for a segment of ${length} samples${allowPastEnd ? "" : " (pad to read past the end)"}`,
      { startFrame: start, endFrame: end },
    );
  }
}

/** In place: rows k < margin × taper[k], last rows × taper reversed (numpy's float64 taper, cast back). */
function applyTaper(out: NumberArray, rows: number, width: number, margin: number): void {
  if (!isFloatDType(dtypeOf(out))) {
    throw new InvalidArgumentError(
      `windowOnMargin needs a float dtype (numpy cannot multiply ${dtypeOf(out)} in place by a float taper): pass dtype "float32"`,
    );
  }
  for (let k = 0; k < margin; k++) {
    const taper = (1 - Math.cos((k / margin) * Math.PI)) / 2;
    const head = k * width;
    const tail = (rows - 1 - k) * width;
    for (let j = 0; j < width; j++) {
      out[head + j] *= taper;
      out[tail + j] *= taper;
    }
  }
}

/** numpy.pad(mode="reflect") along rows: periodic mirror of period 2(n − 1), edges not repeated. */
function reflectPad(
  data: NumberArray,
  rows: number,
  width: number,
  leftPad: number,
  rightPad: number,
): NumberArray {
  if (rows === 0 && leftPad + rightPad > 0) {
    throw new InvalidArgumentError("cannot reflect-pad an empty chunk");
  }
  const total = rows + leftPad + rightPad;
  const out = allocate(dtypeOf(data) as TraceDType, total * width) as NumberArray;
  const period = 2 * (rows - 1);
  for (let r = 0; r < total; r++) {
    let src = r - leftPad;
    if (rows === 1) src = 0;
    else {
      src = ((src % period) + period) % period;
      if (src >= rows) src = period - src;
    }
    out.set(data.subarray(src * width, (src + 1) * width), r * width);
  }
  return out;
}
