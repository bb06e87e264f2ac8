/**
 * ChannelSliceSnippets (spec api.md §6, same rules as ChannelSliceRecording §3.5): a subset and/or
 * reordering of a parent's channels, optionally renamed. Copies nothing.
 */

import { assertUniqueIds, type Id } from "../base/ids.js";
import { registerExtractorClass } from "../base/registry.js";
import type { NumberArray } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
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
    const map = this.parentIndices;
    let mapped: Int32Array | null;
    if (map === null) mapped = channelIndices;
    else if (channelIndices === null) mapped = map;
    else mapped = channelIndices.map((i) => map[i]);
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
    const ids = channelIds ?? parent.channelIds;
    const newIds = renamedChannelIds ?? ids;
    if (newIds.length !== ids.length) {
      throw new InvalidArgumentError(`${newIds.length} renamed channel ids for ${ids.length} channels`);
    }
    assertUniqueIds(ids, "channel id");
    assertUniqueIds(newIds, "renamed channel id");
    const parentIndices = parent.idsToIndices(ids);
    super(parent.samplingFrequency, parent.nbefore, parent.snippetLen, newIds, parent.dtype);
    this.parentSnippets = parent;
    const identity =
      parentIndices.length === parent.getNumChannels() && parentIndices.every((v, i) => v === i);
    for (let s = 0; s < parent.getNumSegments(); s++) {
      this.addSnippetsSegment(
        new ChannelSliceSnippetsSegment(parent.getSnippetsSegment(s), identity ? null : parentIndices),
      );
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
