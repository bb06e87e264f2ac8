/**
 * ChannelSliceSnippets (spec api.md §6, same rules as ChannelSliceRecording §3.5): a subset and/or
 * reordering of a parent's channels, optionally renamed. Copies nothing.
 */

import { mapChannelIndices, planChannelSlice } from "../base/channel-slice.js";
import type { Id } from "../base/ids.js";
import { registerExtractorClass } from "../base/registry.js";
import type { NumberArray } from "../dtype.js";
import { computeChannelGroups } from "../probe/attach.js";
import { sliceProbeGroupForChannels } from "../probe/attach-views.js";
import { BaseSnippets, BaseSnippetsSegment, snippetsViews } from "./base-snippets.js";

class ChannelSliceSnippetsSegment extends BaseSnippetsSegment {
  constructor(
    private readonly parent: BaseSnippetsSegment,
    private readonly parentIndices: Int32Array | null,
  ) {
    super();
  }

  getNumSnippets(): number {
    return this.parent.getNumSnippets();
  }

  getFrames(): Float64Array {
    return this.parent.getFrames();
  }

  override framesToIndices(startFrame: number | null, endFrame: number | null): [number, number] {
    return this.parent.framesToIndices(startFrame, endFrame);
  }

  getSnippets(
    indices: Int32Array | null,
    channelIndices: Int32Array | null,
    signal?: AbortSignal,
  ): Promise<NumberArray> {
    const mapped = mapChannelIndices(this.parentIndices, channelIndices);
    return this.parent.getSnippets(indices, mapped, signal);
  }
}

export class ChannelSliceSnippets extends BaseSnippets {
  readonly className = "spikeinterface.core.channelslice.ChannelSliceSnippets";
  readonly parentSnippets: BaseSnippets;

  constructor(
    parent: BaseSnippets,
    channelIds: readonly Id[] | null = null,
    renamedChannelIds: readonly Id[] | null = null,
  ) {
    const { ids, newIds, parentIndices, segmentIndices } = planChannelSlice(
      parent,
      channelIds,
      renamedChannelIds,
    );
    super(parent.samplingFrequency, parent.nbefore, parent.snippetLen, newIds, parent.dtype);
    this.parentSnippets = parent;
    for (let s = 0; s < parent.getNumSegments(); s++) {
      this.addSnippetsSegment(new ChannelSliceSnippetsSegment(parent.getSnippetsSegment(s), segmentIndices));
    }
    parent.copyMetadata(this, { ids });
    if (parent.hasProbe()) {
      // As for recordings: the probe follows the kept channels, and `group` is recomputed from it.
      const sliced = sliceProbeGroupForChannels(parent.getProbegroup(), parentIndices);
      this.setProbegroupUnchecked(sliced);
      this.setProperty("group", computeChannelGroups(sliced, "auto"), { dtype: "int64" });
    }
    this.kwargs = {
      parent_snippets: parent,
      channel_ids: channelIds,
      renamed_channel_ids: renamedChannelIds,
    };
  }
}

snippetsViews.channelSlice = (parent, channelIds, renamed) =>
  new ChannelSliceSnippets(parent, channelIds, renamed);

registerExtractorClass(
  "spikeinterface.core.channelslice.ChannelSliceSnippets",
  (k) =>
    new ChannelSliceSnippets(
      k.parent_snippets as BaseSnippets,
      (k.channel_ids as Id[] | null) ?? null,
      (k.renamed_channel_ids as Id[] | null) ?? null,
    ),
);
