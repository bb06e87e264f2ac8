/**
 * BaseRecording (spec api.md §3.3): multi-segment traces, time handling, µV scaling and the lazy
 * views (slices, renames, splits). The views live in ./views and register themselves in
 * `recordingViews`, which breaks the import cycle between a base class and its subclasses.
 */

import { checkFrameBounds } from "../base/frame-bounds.js";
import { type Id, sortedUniqueIds } from "../base/ids.js";
import { BaseRecordingSnippets } from "../base/recording-snippets.js";
import { getSaver, type SaveOptions } from "../base/savers.js";
import type { TraceDType } from "../dtype.js";
import { FrameRangeError, InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import { makeTraces, scaleToUV, type Traces } from "../traces.js";
import type { BaseRecordingSegment } from "./segment.js";
import * as time from "./time.js";

export interface GetTracesOptions {
  segmentIndex?: number;
  startFrame?: number;
  endFrame?: number;
  channelIds?: readonly Id[] | null;
  /** Scale to µV (float32) with gain_to_uV / offset_to_uV. The seed's name. */
  returnScaled?: boolean;
  /** SpikeInterface's current name for returnScaled; returnScaled wins when both are given. */
  returnInUV?: boolean;
  signal?: AbortSignal;
}

export interface SegmentOption {
  segmentIndex?: number;
}

/** Constructors of the lazy views, filled in by ./views/*.ts when they are imported. */
export const recordingViews: {
  channelSlice?: (
    parent: BaseRecording,
    channelIds: readonly Id[] | null,
    renamed: readonly Id[] | null,
  ) => BaseRecording;
  frameSlice?: (parent: BaseRecording, startFrame: number | null, endFrame: number | null) => BaseRecording;
  selectSegments?: (parent: BaseRecording, segmentIndices: readonly number[]) => BaseRecording;
} = {};

function view<K extends keyof typeof recordingViews>(name: K): NonNullable<(typeof recordingViews)[K]> {
  const fn = recordingViews[name];
  if (fn === undefined) {
    throw new SpikeInterfaceError(
      "invalid_argument",
      `recording view ${name} is not loaded: import "spikeinterface-ts"`,
    );
  }
  return fn as NonNullable<(typeof recordingViews)[K]>;
}

/** Noise-level caches are derived from the data: they must never follow the data into a new object. */
export const NOISE_LEVEL_PROPERTIES = [
  "noise_level_std_raw",
  "noise_level_std_scaled",
  "noise_level_mad_raw",
  "noise_level_mad_scaled",
  "noise_level_rms_raw",
  "noise_level_rms_scaled",
] as const;

export abstract class BaseRecording extends BaseRecordingSnippets<BaseRecording> {
  protected readonly segments: BaseRecordingSegment[] = [];
  protected override mainAnnotations: readonly string[] = ["name", "is_filtered"];
  protected override mainProperties: readonly string[] = [
    "group",
    "gain_to_uV",
    "offset_to_uV",
    "gain_to_physical_unit",
    "offset_to_physical_unit",
    "physical_unit",
  ];
  protected override skipProperties: readonly string[] = NOISE_LEVEL_PROPERTIES;

  constructor(samplingFrequency: number, channelIds: readonly Id[], dtype: TraceDType) {
    super(samplingFrequency, channelIds, dtype);
    this.annotations.is_filtered = false;
  }

  addRecordingSegment(segment: BaseRecordingSegment): void {
    this.segments.push(segment);
  }

  /** The segment objects (for views and writers; users read through getTraces). */
  getSegment(segmentIndex: number): BaseRecordingSegment {
    return this.segments[this.segmentIndexOf(segmentIndex)];
  }

  getNumSegments(): number {
    return this.segments.length;
  }

  getNumSamples(options: SegmentOption = {}): number {
    return this.segments[this.segmentIndexOf(options.segmentIndex)].getNumSamples();
  }

  /** Alias of getNumSamples. */
  getNumFrames(options: SegmentOption = {}): number {
    return this.getNumSamples(options);
  }

  getTotalSamples(): number {
    return this.segments.reduce((a, s) => a + s.getNumSamples(), 0);
  }

  getShape(options: SegmentOption = {}): [number, number] {
    return [this.getNumSamples(options), this.getNumChannels()];
  }

  getSampleSizeInBytes(): number {
    return this.getNumChannels() * bytesPer(this.dtype);
  }

  getMemorySize(options: SegmentOption = {}): number {
    return this.getNumSamples(options) * this.getSampleSizeInBytes();
  }

  getTotalMemorySize(): number {
    return this.getTotalSamples() * this.getSampleSizeInBytes();
  }

  /**
   * Traces [startFrame, endFrame) of one segment, C order, shape [samples, channels].
   * endFrame is clamped to the segment; a negative or reversed range is an error. The returned array
   * may be a view of in-memory data: copy it before writing into it.
   */
  async getTraces(options: GetTracesOptions = {}): Promise<Traces> {
    const seg = this.segmentIndexOf(options.segmentIndex);
    const segment = this.segments[seg];
    const n = segment.getNumSamples();
    const { start, end } = resolveFrameRange(options.startFrame, options.endFrame, n, seg);
    const channelIndices = this.channelIndicesOrNull(options.channelIds, "getTraces");
    const numChannels = channelIndices?.length ?? this.getNumChannels();
    const data = await segment.getTraces(start, end, channelIndices, options.signal);
    const inUV = options.returnScaled ?? options.returnInUV ?? false;
    if (!inUV) return makeTraces(data, end - start, numChannels);
    if (this.hasScaleableTraces()) {
      const gains = this.getProperty("gain_to_uV", options.channelIds ?? undefined) as ArrayLike<number>;
      const offsets = this.getProperty("offset_to_uV", options.channelIds ?? undefined) as ArrayLike<number>;
      return makeTraces(scaleToUV(data, numChannels, gains, offsets), end - start, numChannels);
    }
    if (this.dtype === "float32" || this.dtype === "float64")
      return makeTraces(data, end - start, numChannels);
    throw new SpikeInterfaceError(
      "missing_property",
      `${this.name} (${this.dtype}) cannot return traces in µV: it needs both gain_to_uV and offset_to_uV properties`,
    );
  }

  /** Alias of getTraces, as SpikeInterface's get_data. */
  getData(options: GetTracesOptions = {}): Promise<Traces> {
    return this.getTraces(options);
  }

  /**
   * Save to a folder ("binary", the default, or "zarr") or to memory, and return the saved copy
   * (metadata included, noise-level caches excluded). Job kwargs (nJobs, chunkDuration...) apply.
   */
  async save(options: SaveOptions = {}): Promise<BaseRecording> {
    return (await getSaver("recording", options.format ?? "binary")(this, options)) as BaseRecording;
  }

  // ----- views -----
  protected channelSliceView(channelIds: readonly Id[] | null, renamed: readonly Id[] | null): BaseRecording {
    return view("channelSlice")(this, channelIds, renamed);
  }

  frameSlice(startFrame: number | null, endFrame: number | null): BaseRecording {
    return view("frameSlice")(this, startFrame, endFrame);
  }

  /** Slice by times in seconds (single segment); each bound must lie within the recording's times. */
  timeSlice(startTime: number | null, endTime: number | null): BaseRecording {
    if (this.getNumSegments() !== 1) {
      throw new InvalidArgumentError("timeSlice needs a single-segment recording");
    }
    const t0 = this.getStartTime();
    const t1 = this.getEndTime();
    const check = (t: number, what: string) => {
      if (t < t0 || t > t1) {
        throw new FrameRangeError(`${what} ${t} s is outside the recording's times [${t0}, ${t1}]`, {
          time: t,
        });
      }
    };
    let start: number | null = null;
    let end: number | null = null;
    if (startTime !== null) {
      check(startTime, "startTime");
      start = this.timeToSampleIndex(startTime);
    }
    if (endTime !== null) {
      check(endTime, "endTime");
      end = this.timeToSampleIndex(endTime);
    }
    return this.frameSlice(start, end);
  }

  selectSegments(segmentIndices: number | readonly number[]): BaseRecording {
    return view("selectSegments")(
      this,
      typeof segmentIndices === "number" ? [segmentIndices] : segmentIndices,
    );
  }

  /** One sliced recording per sorted unique value of a property (default "group"). */
  splitBy(property = "group"): Map<Id, BaseRecording> {
    const values = this.getProperty(property);
    if (values === null) {
      throw new SpikeInterfaceError("missing_property", `splitBy: no property ${JSON.stringify(property)}`);
    }
    const keys = sortedUniqueIds(Array.from(values as ArrayLike<Id>));
    const out = new Map<Id, BaseRecording>();
    for (const key of keys) {
      const ids = this.channelIds.filter((_, i) => (values as ArrayLike<Id>)[i] === key);
      const sub = this.selectChannels(ids);
      sub.annotate({ split_by_property: property });
      out.set(key, sub);
    }
    return out;
  }

  // ----- time -----
  getTimes(options: SegmentOption & { startFrame?: number; endFrame?: number } = {}): Float64Array {
    const s = this.segments[this.segmentIndexOf(options.segmentIndex)];
    const n = s.getNumSamples();
    return time.getTimes(s, options.startFrame ?? 0, Math.min(options.endFrame ?? n, n));
  }

  hasTimeVector(options: SegmentOption = {}): boolean {
    return this.segments[this.segmentIndexOf(options.segmentIndex)].timeVector !== null;
  }

  getStartTime(options: SegmentOption = {}): number {
    return time.getStartTime(this.segments[this.segmentIndexOf(options.segmentIndex)]);
  }

  getEndTime(options: SegmentOption = {}): number {
    const s = this.segments[this.segmentIndexOf(options.segmentIndex)];
    return time.getEndTime(s, s.getNumSamples());
  }

  /** end − start + 1/fs, in that order, as SpikeInterface computes it. */
  getDuration(options: SegmentOption = {}): number {
    return this.getEndTime(options) - this.getStartTime(options) + 1 / this.samplingFrequency;
  }

  getTotalDuration(): number {
    let total = 0;
    for (let i = 0; i < this.segments.length; i++) total += this.getDuration({ segmentIndex: i });
    return total;
  }

  sampleIndexToTime(sampleIndex: number, options: SegmentOption = {}): number {
    return time.sampleIndexToTime(this.segments[this.segmentIndexOf(options.segmentIndex)], sampleIndex);
  }

  timeToSampleIndex(timeSeconds: number, options: SegmentOption = {}): number {
    return time.timeToSampleIndex(this.segments[this.segmentIndexOf(options.segmentIndex)], timeSeconds);
  }

  getTimeInfo(options: SegmentOption = {}): time.TimeInfo {
    const s = this.segments[this.segmentIndexOf(options.segmentIndex)];
    return { samplingFrequency: s.samplingFrequency, tStart: s.tStart, timeVector: s.timeVector };
  }

  setTimes(times: ArrayLike<number>, options: SegmentOption = {}): void {
    const s = this.segments[this.segmentIndexOf(options.segmentIndex)];
    if (times.length !== s.getNumSamples()) {
      throw new InvalidArgumentError(
        `setTimes: ${times.length} times for a segment of ${s.getNumSamples()} samples`,
      );
    }
    s.timeVector = Float64Array.from(times);
    s.tStart = null;
  }

  resetTimes(): void {
    for (const s of this.segments) {
      s.timeVector = null;
      s.tStart = null;
      s.samplingFrequency = this.samplingFrequency;
    }
  }

  shiftTimes(shift: number, options: { segmentIndex?: number | null } = {}): void {
    const targets =
      options.segmentIndex === undefined || options.segmentIndex === null
        ? this.segments
        : [this.segments[this.segmentIndexOf(options.segmentIndex)]];
    for (const s of targets) {
      if (s.timeVector !== null) s.timeVector = s.timeVector.map((t) => t + shift);
      else s.tStart = (s.tStart ?? 0) + shift;
    }
  }
}

function bytesPer(dtype: TraceDType): number {
  return dtype.endsWith("8") ? 1 : dtype.endsWith("16") ? 2 : dtype === "float64" ? 8 : 4;
}

/** Resolve [startFrame, endFrame) against a segment of n samples (end clamped, start checked). */
export function resolveFrameRange(
  startFrame: number | undefined,
  endFrame: number | undefined,
  n: number,
  segmentIndex: number,
): { start: number; end: number } {
  const start = startFrame ?? 0;
  const end = endFrame === undefined ? n : Math.min(endFrame, n);
  checkFrameBounds(start, end, segmentIndex, n);
  return { start, end };
}
