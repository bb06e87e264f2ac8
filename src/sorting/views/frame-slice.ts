/**
 * FrameSliceSorting (spec api.md §4.8): spikes in frames [start, end) of a single-segment sorting,
 * re-referenced to start at 0; the segment's start time moves by start / fs so times stay absolute.
 */

import { registerExtractorClass } from "../../base/registry.js";
import { FrameRangeError, InvalidArgumentError } from "../../errors.js";
import { BaseSorting, sortingViews } from "../base-sorting.js";
import { lowerBound, type SpikeVector, sortSpikeVector } from "../spike-vector.js";

export class FrameSliceSorting extends BaseSorting {
  readonly className = "spikeinterface.core.frameslicesorting.FrameSliceSorting";
  private readonly start: number;
  private readonly end: number;

  constructor(
    readonly parentSorting: BaseSorting,
    startFrame: number | null = null,
    endFrame: number | null = null,
    checkSpikeFrames = true,
  ) {
    if (parentSorting.getNumSegments() !== 1) {
      throw new InvalidArgumentError(
        `frameSlice needs a single-segment sorting (this one has ${parentSorting.getNumSegments()})`,
      );
    }
    const rec = parentSorting.getRecording();
    const start = startFrame ?? 0;
    let end: number;
    if (rec !== null) {
      const n = rec.getNumSamples();
      end = endFrame ?? n;
      if (end > n || start > n) {
        throw new FrameRangeError(
          `frameSlice(${startFrame}, ${endFrame}) goes beyond the recording's ${n} samples`,
        );
      }
      if (checkSpikeFrames && parentSorting.getLastSpikeFrame() >= n) {
        throw new FrameRangeError(`the sorting has spikes beyond the recording's ${n} samples`);
      }
    } else {
      end = endFrame ?? parentSorting.getLastSpikeFrame() + 1;
    }
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start >= end) {
      throw new FrameRangeError(
        `frameSlice(${startFrame}, ${endFrame}): need integers with 0 <= start < end`,
        {
          startFrame,
          endFrame,
        },
      );
    }
    super(parentSorting.samplingFrequency, parentSorting.unitIds, 1);
    this.start = start;
    this.end = end;
    this.segmentTStarts[0] = parentSorting.getStartTime() + start / parentSorting.samplingFrequency;
    parentSorting.copyMetadata(this);
    if (rec !== null) this.registerRecording(rec.frameSlice(start, end), { checkSpikeFrames: false });
    this.kwargs = {
      parent_sorting: parentSorting,
      start_frame: start,
      end_frame: end,
      check_spike_frames: checkSpikeFrames,
    };
  }

  protected computeSpikeVector(): SpikeVector {
    const v = this.parentSorting.toSpikeVector();
    const a = lowerBound(v.sampleIndex, this.start);
    const b = lowerBound(v.sampleIndex, this.end, a);
    // SpikeInterface rebuilds this vector from per-unit trains, so equal samples come in unit order.
    return sortSpikeVector(
      {
        sampleIndex: v.sampleIndex.slice(a, b).map((s) => s - this.start),
        unitIndex: v.unitIndex.slice(a, b),
        segmentIndex: v.segmentIndex.slice(a, b),
      },
      "unit",
    );
  }
}

sortingViews.frameSlice = (parent, start, end, check) => new FrameSliceSorting(parent, start, end, check);

registerExtractorClass(
  "spikeinterface.core.frameslicesorting.FrameSliceSorting",
  (k) =>
    new FrameSliceSorting(
      k.parent_sorting as BaseSorting,
      (k.start_frame as number | null) ?? null,
      (k.end_frame as number | null) ?? null,
      (k.check_spike_frames as boolean | undefined) ?? true,
    ),
);
