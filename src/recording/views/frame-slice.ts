/**
 * FrameSliceRecording (spec api.md §3.6): frames [start, end) of a single-segment recording. Times
 * stay absolute: the slice's t_start is the parent's time at `start`.
 */

import { registerExtractorClass } from "../../base/registry.js";
import type { NumberArray } from "../../dtype.js";
import { FrameRangeError, InvalidArgumentError } from "../../errors.js";
import { BaseRecording, recordingViews } from "../base-recording.js";
import { BaseRecordingSegment } from "../segment.js";
import { sampleIndexToTime } from "../time.js";

class FrameSliceRecordingSegment extends BaseRecordingSegment {
  constructor(
    private readonly parent: BaseRecordingSegment,
    private readonly startFrame: number,
    private readonly endFrame: number,
  ) {
    super(parent.samplingFrequency);
    if (parent.timeVector !== null) this.timeVector = parent.timeVector.subarray(startFrame, endFrame);
    else this.tStart = sampleIndexToTime(parent, startFrame);
  }

  getNumSamples(): number {
    return this.endFrame - this.startFrame;
  }

  getTraces(
    start: number,
    end: number,
    channelIndices: Int32Array | null,
    signal?: AbortSignal,
  ): Promise<NumberArray> {
    return this.parent.getTraces(start + this.startFrame, end + this.startFrame, channelIndices, signal);
  }
}

export class FrameSliceRecording extends BaseRecording {
  readonly className = "spikeinterface.core.frameslicerecording.FrameSliceRecording";
  readonly parentRecording: BaseRecording;

  constructor(parent: BaseRecording, startFrame: number | null = null, endFrame: number | null = null) {
    if (parent.getNumSegments() !== 1) {
      throw new InvalidArgumentError(
        `frameSlice needs a single-segment recording (this one has ${parent.getNumSegments()}): use selectSegments first`,
      );
    }
    const n = parent.getNumSamples();
    // SpikeInterface treats endFrame 0 like "no bound" (Python truthiness); kept for compatibility.
    const start = startFrame ?? 0;
    const end = endFrame === null || endFrame === 0 ? n : endFrame;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start >= end || end > n) {
      throw new FrameRangeError(
        `frameSlice(${startFrame}, ${endFrame}) is not a valid range of a ${n}-sample recording (need 0 <= start < end <= ${n})`,
        { startFrame, endFrame, numSamples: n },
      );
    }
    super(parent.samplingFrequency, parent.channelIds, parent.dtype);
    this.parentRecording = parent;
    this.addRecordingSegment(new FrameSliceRecordingSegment(parent.getSegment(0), start, end));
    parent.copyMetadata(this);
    this.kwargs = { parent_recording: parent, start_frame: start, end_frame: end };
  }
}

recordingViews.frameSlice = (parent, start, end) => new FrameSliceRecording(parent, start, end);

registerExtractorClass(
  "spikeinterface.core.frameslicerecording.FrameSliceRecording",
  (k) =>
    new FrameSliceRecording(
      k.parent_recording as BaseRecording,
      (k.start_frame as number | null) ?? null,
      (k.end_frame as number | null) ?? null,
    ),
);
