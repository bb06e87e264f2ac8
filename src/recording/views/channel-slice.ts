/**
 * ChannelSliceRecording (spec api.md §3.5): a subset and/or reordering of a parent's channels,
 * optionally renamed. Copies nothing: reads map channel indices onto the parent's.
 */

import { mapChannelIndices, planChannelSlice } from "../../base/channel-slice.js";
import type { Id } from "../../base/ids.js";
import { registerExtractorClass } from "../../base/registry.js";
import type { NumberArray } from "../../dtype.js";
import { BaseRecording, recordingViews } from "../base-recording.js";
import { probeHooks } from "../probe-hooks.js";
import "../probe-slice.js";
import { BaseRecordingSegment } from "../segment.js";

class ChannelSliceRecordingSegment extends BaseRecordingSegment {
  constructor(
    private readonly parent: BaseRecordingSegment,
    private readonly parentIndices: Int32Array | null,
  ) {
    super(parent.samplingFrequency);
    parent.copyTimesTo(this);
  }

  getNumSamples(): number {
    return this.parent.getNumSamples();
  }

  getTraces(
    start: number,
    end: number,
    channelIndices: Int32Array | null,
    signal?: AbortSignal,
  ): Promise<NumberArray> {
    const mapped = mapChannelIndices(this.parentIndices, channelIndices);
    return this.parent.getTraces(start, end, mapped, signal);
  }
}

export class ChannelSliceRecording extends BaseRecording {
  readonly className = "spikeinterface.core.channelslice.ChannelSliceRecording";
  readonly parentRecording: BaseRecording;

  constructor(
    parent: BaseRecording,
    channelIds: readonly Id[] | null = null,
    renamedChannelIds: readonly Id[] | null = null,
  ) {
    const { ids, newIds, parentIndices, segmentIndices } = planChannelSlice(
      parent,
      channelIds,
      renamedChannelIds,
    );
    super(parent.samplingFrequency, newIds, parent.dtype);
    this.parentRecording = parent;
    for (let s = 0; s < parent.getNumSegments(); s++) {
      this.addRecordingSegment(new ChannelSliceRecordingSegment(parent.getSegment(s), segmentIndices));
    }
    parent.copyMetadata(this, { ids });
    probeHooks.afterChannelSlice?.(parent, this, parentIndices);
    this.kwargs = {
      parent_recording: parent,
      channel_ids: channelIds,
      renamed_channel_ids: renamedChannelIds,
    };
  }
}

recordingViews.channelSlice = (parent, channelIds, renamed) =>
  new ChannelSliceRecording(parent, channelIds, renamed);

registerExtractorClass(
  "spikeinterface.core.channelslice.ChannelSliceRecording",
  (k) =>
    new ChannelSliceRecording(
      k.parent_recording as BaseRecording,
      (k.channel_ids as Id[] | null) ?? null,
      (k.renamed_channel_ids as Id[] | null) ?? null,
    ),
);
