/**
 * BaseSnippets (spec api.md §6): per segment, `n` short multichannel windows (snippets) cut around
 * frames, as one C-order array of shape (n, snippetLen, channels). Reads are async, like recordings'
 * getTraces, because file-backed snippets read from disk.
 *
 * Differences from SpikeInterface, on purpose:
 * - `getFrames({indices})` returns those frames (Python raises instead of returning);
 * - `getSnippets` with both `indices` and `channelIds` returns that block (numpy's paired fancy
 *   indexing fails or pairs them up);
 * - indices out of range are an error naming them.
 */

import { checkFrameBounds } from "../base/frame-bounds.js";
import type { Id } from "../base/ids.js";
import { BaseRecordingSnippets } from "../base/recording-snippets.js";
import { getSaver, type SaveOptions } from "../base/savers.js";
import type { NumberArray, TraceDType } from "../dtype.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import { lowerBound } from "../sorting/spike-vector.js";
import { scaleToUV } from "../traces.js";

/** Snippets as returned by getSnippets: C order, shape (numSnippets, snippetLen, numChannels). */
export interface SnippetsArray {
  readonly data: NumberArray;
  readonly shape: readonly [numSnippets: number, snippetLen: number, numChannels: number];
  readonly dtype: TraceDType;
}

export interface GetSnippetsOptions {
  segmentIndex?: number;
  /** Positions of the snippets to read (all when omitted), in the order wanted. */
  indices?: ArrayLike<number> | null;
  /** Only the snippets whose frame is >= startFrame (not with `indices`). */
  startFrame?: number | null;
  /** Only the snippets whose frame is < endFrame (not with `indices`). */
  endFrame?: number | null;
  channelIds?: readonly Id[] | null;
  /** Scale to µV (float32); needs both gain_to_uV and offset_to_uV, even for float data. */
  returnScaled?: boolean;
  /** SpikeInterface's current name for returnScaled; returnScaled wins when both are given. */
  returnInUV?: boolean;
  signal?: AbortSignal;
}

export type GetSnippetsFromFramesOptions = Omit<GetSnippetsOptions, "indices">;

/** A snippets segment only reads data; checks and scaling happen once, in BaseSnippets. */
export abstract class BaseSnippetsSegment {
  abstract getNumSnippets(): number;

  /** Frames of all snippets, ascending (a view: do not modify). */
  abstract getFrames(): Float64Array;

  /**
   * Snippets at `indices` (all when null) for the channels at `channelIndices` (all, in order, when
   * null), C order (m, snippetLen, k). Arguments are already checked. May return a view.
   */
  abstract getSnippets(
    indices: Int32Array | null,
    channelIndices: Int32Array | null,
    signal?: AbortSignal,
  ): Promise<NumberArray>;

  /** [first, last) positions of the snippets with startFrame <= frame < endFrame. */
  framesToIndices(startFrame: number | null, endFrame: number | null): [number, number] {
    const frames = this.getFrames();
    const a = startFrame === null ? 0 : lowerBound(frames, startFrame);
    const b = endFrame === null ? frames.length : lowerBound(frames, endFrame);
    return [a, Math.max(a, b)];
  }
}

/** Constructors of the lazy views, filled in by ./*.ts when imported (breaks the import cycle). */
export const snippetsViews: {
  channelSlice?: (
    parent: BaseSnippets,
    channelIds: readonly Id[] | null,
    renamed: readonly Id[] | null,
  ) => BaseSnippets;
  selectSegments?: (parent: BaseSnippets, segmentIndices: readonly number[]) => BaseSnippets;
  frameSlice?: (parent: BaseSnippets, startFrame: number | null, endFrame: number | null) => BaseSnippets;
} = {};

function view<K extends keyof typeof snippetsViews>(name: K): NonNullable<(typeof snippetsViews)[K]> {
  const fn = snippetsViews[name];
  if (fn === undefined) {
    throw new SpikeInterfaceError(
      "invalid_argument",
      `snippets view ${name} is not loaded: import "spikeinterface-ts"`,
    );
  }
  return fn as NonNullable<(typeof snippetsViews)[K]>;
}

export abstract class BaseSnippets extends BaseRecordingSnippets<BaseSnippets> {
  protected readonly snippetsSegments: BaseSnippetsSegment[] = [];
  protected override mainProperties: readonly string[] = ["group", "gain_to_uV", "offset_to_uV"];
  /** Samples before the peak, or null for snippets that are not aligned on a peak. */
  readonly nbefore: number | null;
  readonly snippetLen: number;

  constructor(
    samplingFrequency: number,
    nbefore: number | null,
    snippetLen: number,
    channelIds: readonly Id[],
    dtype: TraceDType,
  ) {
    super(samplingFrequency, channelIds, dtype);
    if (!Number.isInteger(snippetLen) || snippetLen < 0) {
      throw new InvalidArgumentError(`snippetLen must be a non-negative integer, got ${snippetLen}`);
    }
    if (nbefore !== null && (!Number.isInteger(nbefore) || nbefore < 0 || nbefore > snippetLen)) {
      throw new InvalidArgumentError(
        `nbefore ${nbefore} must be an integer in [0, snippetLen ${snippetLen}]`,
      );
    }
    this.nbefore = nbefore;
    this.snippetLen = snippetLen;
  }

  /** snippetLen − nbefore, or null when not aligned. */
  get nafter(): number | null {
    return this.nbefore === null ? null : this.snippetLen - this.nbefore;
  }

  isAligned(): boolean {
    return this.nbefore !== null;
  }

  addSnippetsSegment(segment: BaseSnippetsSegment): void {
    this.snippetsSegments.push(segment);
  }

  /** The segment object (for views; users read through getSnippets). */
  getSnippetsSegment(segmentIndex: number): BaseSnippetsSegment {
    return this.snippetsSegments[this.segmentIndexOf(segmentIndex)];
  }

  getNumSegments(): number {
    return this.snippetsSegments.length;
  }

  getNumSnippets(options: { segmentIndex?: number } = {}): number {
    return this.snippetsSegments[this.segmentIndexOf(options.segmentIndex)].getNumSnippets();
  }

  getTotalSnippets(): number {
    return this.snippetsSegments.reduce((a, s) => a + s.getNumSnippets(), 0);
  }

  /** Frames of the snippets (all, or those at `indices`, in that order). */
  getFrames(options: { segmentIndex?: number; indices?: ArrayLike<number> | null } = {}): Float64Array {
    const segment = this.snippetsSegments[this.segmentIndexOf(options.segmentIndex)];
    const frames = segment.getFrames();
    if (options.indices === undefined || options.indices === null) return frames;
    const idx = checkIndices(options.indices, segment.getNumSnippets());
    return Float64Array.from(idx, (i) => frames[i]);
  }

  /** Times in seconds: frames / samplingFrequency (snippets carry no start time). */
  getTimes(options: { segmentIndex?: number } = {}): Float64Array {
    return this.getFrames(options).map((f) => f / this.samplingFrequency);
  }

  /**
   * Snippets at `indices` (all when omitted), or those whose frame lies in [startFrame, endFrame);
   * `indices` and frame bounds together are refused (which would win is not obvious).
   */
  async getSnippets(options: GetSnippetsOptions = {}): Promise<SnippetsArray> {
    const seg = this.segmentIndexOf(options.segmentIndex);
    const segment = this.snippetsSegments[seg];
    const hasFrames = isGiven(options.startFrame) || isGiven(options.endFrame);
    if (!isGiven(options.indices)) {
      return hasFrames ? this.getSnippetsFromFrames(options) : this.readSnippets(segment, null, options);
    }
    if (hasFrames) {
      throw new InvalidArgumentError(
        `getSnippets: give either indices or startFrame/endFrame, not both (startFrame ${options.startFrame}, endFrame ${options.endFrame})`,
      );
    }
    return this.readSnippets(segment, checkIndices(options.indices, segment.getNumSnippets()), options);
  }

  /** The snippets whose frame lies in [startFrame, endFrame). */
  async getSnippetsFromFrames(options: GetSnippetsFromFramesOptions = {}): Promise<SnippetsArray> {
    const seg = this.segmentIndexOf(options.segmentIndex);
    const segment = this.snippetsSegments[seg];
    checkFrameBounds(options.startFrame, options.endFrame, seg);
    const [a, b] = segment.framesToIndices(options.startFrame ?? null, options.endFrame ?? null);
    const indices =
      a === 0 && b === segment.getNumSnippets() ? null : Int32Array.from({ length: b - a }, (_, i) => a + i);
    return this.readSnippets(segment, indices, options);
  }

  private async readSnippets(
    segment: BaseSnippetsSegment,
    indices: Int32Array | null,
    options: GetSnippetsOptions,
  ): Promise<SnippetsArray> {
    const channelIndices = this.channelIndicesOrNull(options.channelIds, "getSnippets");
    const numChannels = channelIndices?.length ?? this.getNumChannels();
    const n = indices?.length ?? segment.getNumSnippets();
    const inUV = options.returnScaled ?? options.returnInUV ?? false;
    if (inUV && !this.hasScaleableTraces()) {
      // Unlike recordings, float snippets without gains are refused too (SpikeInterface's rule).
      throw new SpikeInterfaceError(
        "missing_property",
        `${this.name} (${this.dtype}) cannot return snippets in µV: it needs both gain_to_uV and offset_to_uV properties`,
      );
    }
    const data = await segment.getSnippets(indices, channelIndices, options.signal);
    const shape = [n, this.snippetLen, numChannels] as const;
    if (!inUV) return { data, shape, dtype: this.dtype };
    const gains = this.getProperty("gain_to_uV", options.channelIds ?? undefined) as ArrayLike<number>;
    const offsets = this.getProperty("offset_to_uV", options.channelIds ?? undefined) as ArrayLike<number>;
    return { data: scaleToUV(data, numChannels, gains, offsets), shape, dtype: "float32" };
  }

  /** Save to a folder ("npy", the default, as SpikeInterface's NpyFolderSnippets) or to memory; returns the copy. */
  async save(options: SaveOptions = {}): Promise<BaseSnippets> {
    return (await getSaver("snippets", options.format ?? "npy")(this, options)) as BaseSnippets;
  }

  // ----- views -----
  /** The snippets with startFrame <= frame < endFrame, frames re-referenced to startFrame (single segment). */
  frameSlice(startFrame: number | null, endFrame: number | null): BaseSnippets {
    return view("frameSlice")(this, startFrame, endFrame);
  }

  protected channelSliceView(channelIds: readonly Id[] | null, renamed: readonly Id[] | null): BaseSnippets {
    return view("channelSlice")(this, channelIds, renamed);
  }

  selectSegments(segmentIndices: number | readonly number[]): BaseSnippets {
    return view("selectSegments")(
      this,
      typeof segmentIndices === "number" ? [segmentIndices] : segmentIndices,
    );
  }
}

function checkIndices(indices: ArrayLike<number>, n: number): Int32Array {
  const bad: number[] = [];
  const out = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= n) bad.push(i);
    else out[k] = i;
  }
  if (bad.length > 0) {
    throw new InvalidArgumentError(`snippet indices ${formatList(bad)} are not in [0, ${n})`, {
      indices: bad,
    });
  }
  return out;
}

function isGiven<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
