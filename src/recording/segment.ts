/**
 * A recording segment only reads data: its contract is `getNumSamples()` and
 * `getTraces(start, end, channelIndices)`. Argument checking, id lookup and scaling happen once, in
 * `BaseRecording.getTraces`, so segments stay small and fast.
 */
import type { NumberArray } from "../dtype.js";
import type { TimeInfo } from "./time.js";

export abstract class BaseRecordingSegment implements TimeInfo {
  tStart: number | null;
  timeVector: Float64Array | null = null;

  constructor(
    public samplingFrequency: number,
    tStart: number | null = null,
  ) {
    this.tStart = tStart;
  }

  abstract getNumSamples(): number;

  /**
   * Rows [start, end) of the channels at `channelIndices` (all channels, in order, when null), as a
   * C-order typed array of the recording's dtype. Bounds are already checked by the caller.
   * May return a view of internal memory: callers must not write into it.
   */
  abstract getTraces(
    start: number,
    end: number,
    channelIndices: Int32Array | null,
    signal?: AbortSignal,
  ): Promise<NumberArray>;

  /**
   * Optional fast path: rows [start, end) of all channels written into `out` (exactly
   * (end - start) × numChannels values of the recording's dtype; bounds already checked). Lets a
   * caller reuse one buffer over many reads: a fresh large typed array per chunk costs page faults
   * (~1 ms of CPU per MB, more with several threads), often more than the read itself.
   */
  readRowsInto?(start: number, end: number, out: NumberArray): void;

  /** Copy this segment's time description onto another (views share their parent's times). */
  copyTimesTo(other: BaseRecordingSegment): void {
    other.samplingFrequency = this.samplingFrequency;
    other.tStart = this.tStart;
    other.timeVector = this.timeVector;
  }
}
