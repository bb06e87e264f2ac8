/**
 * The index arithmetic shared by ChannelSliceRecording and ChannelSliceSnippets (spec api.md §3.5,
 * §6): both pick, reorder and optionally rename a parent's channels and read through the parent.
 */
import { InvalidArgumentError } from "../errors.js";
import { assertUniqueIds, type Id, isIdentity } from "./ids.js";
import type { BaseRecordingSnippets } from "./recording-snippets.js";

export interface ChannelSlicePlan {
  /** The parent's ids that are kept, in the new order. */
  readonly ids: readonly Id[];
  /** The ids the view shows (the renamed ones, or `ids`). */
  readonly newIds: readonly Id[];
  /** Position in the parent of each kept channel. */
  readonly parentIndices: Int32Array;
  /** What segments map through: null when the view keeps all channels in order (reads pass through). */
  readonly segmentIndices: Int32Array | null;
}

/** Check a slice request (lengths match, ids unique and known) and resolve it against the parent. */
export function planChannelSlice(
  parent: BaseRecordingSnippets,
  channelIds: readonly Id[] | null,
  renamedChannelIds: readonly Id[] | null,
): ChannelSlicePlan {
  const ids = channelIds ?? parent.channelIds;
  const newIds = renamedChannelIds ?? ids;
  if (newIds.length !== ids.length) {
    throw new InvalidArgumentError(`${newIds.length} renamed channel ids for ${ids.length} channels`);
  }
  assertUniqueIds(ids, "channel id");
  assertUniqueIds(newIds, "renamed channel id");
  const parentIndices = parent.idsToIndices(ids);
  const segmentIndices = isIdentity(parentIndices, parent.getNumChannels()) ? null : parentIndices;
  return { ids, newIds, parentIndices, segmentIndices };
}

/**
 * The parent's channel indices for a read of `channelIndices` (null = all) through a slice whose
 * channels sit at `map` in the parent (null = identity); null again means "all, in order".
 */
export function mapChannelIndices(
  map: Int32Array | null,
  channelIndices: Int32Array | null,
): Int32Array | null {
  if (map === null) return channelIndices;
  if (channelIndices === null) return map;
  return channelIndices.map((i) => map[i]);
}
