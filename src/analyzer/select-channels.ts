/**
 * SortingAnalyzer.selectChannels (SpikeInterface's `select_channels`): a new analyzer on some of
 * the channels, in the order given. The recording (or, recordingless, the stored attributes:
 * ids, per-channel properties, probe group) is sliced, sparsity masks keep those columns, and each
 * extension slices its data (templates and noise levels by channel, waveforms repacked per unit;
 * random spikes unchanged).
 *
 * Unlike SpikeInterface, the given order is used everywhere (SpikeInterface orders the sparsity
 * and templates by the analyzer's channel order but the recording and noise levels by the given
 * one), and dense waveforms are sliced too (SpikeInterface leaves them unchanged, with the old
 * channel count). The unit property main_channel_id is kept as is: a unit whose main channel is
 * dropped then has an unknown main channel (getMainChannels names it).
 */
import type { Id } from "../base/ids.js";
import { type Property, selectRows } from "../base/properties.js";
import { formatList, SpikeInterfaceError } from "../errors.js";
import { sliceProbeGroupForChannels } from "../probe/attach-views.js";
import { ChannelSparsity } from "../sparsity/channel-sparsity.js";
import { copySorting, type SaveAsOptions } from "./assemble.js";
import { carryOver, newAnalyzer } from "./derive-analyzer.js";
import { type RecAttributes, recAttributesFromRecording } from "./rec-attributes.js";
import type { SortingAnalyzer } from "./sorting-analyzer.js";

function sliceAttributes(
  attrs: RecAttributes,
  channelIds: readonly Id[],
  indices: Int32Array,
): RecAttributes {
  const properties = new Map<string, Property>();
  for (const [key, p] of attrs.properties) {
    // Only per-channel values are sliced (as SpikeInterface).
    properties.set(key, p.shape[0] === attrs.numChannels ? selectRows(p, indices) : p);
  }
  return {
    ...attrs,
    channelIds: [...channelIds],
    numChannels: channelIds.length,
    properties,
    probegroup: attrs.probegroup === null ? null : sliceProbeGroupForChannels(attrs.probegroup, indices),
  };
}

export async function selectAnalyzerChannels(
  source: SortingAnalyzer,
  channelIds: readonly Id[],
  options: SaveAsOptions = {},
): Promise<SortingAnalyzer> {
  const indices = source.channelIdsToIndices(channelIds);
  if (new Set(channelIds).size !== channelIds.length) {
    throw new SpikeInterfaceError(
      "duplicate_id",
      `selectChannels: channel ids ${formatList(channelIds)} repeat`,
    );
  }
  const recording = source.recording === null ? null : source.recording.selectChannels(channelIds);
  const recAttributes =
    recording === null
      ? sliceAttributes(source.recAttributes, channelIds, indices)
      : recAttributesFromRecording(recording);
  let sparsity: ChannelSparsity | null = null;
  if (source.sparsity !== null) {
    const old = source.sparsity;
    const k = indices.length;
    const mask = new Uint8Array(old.numUnits * k);
    for (let u = 0; u < old.numUnits; u++) {
      for (let j = 0; j < k; j++) mask[u * k + j] = old.mask[u * old.numChannels + indices[j]];
    }
    sparsity = new ChannelSparsity({ mask, unitIds: source.unitIds, channelIds });
  }
  const target = await newAnalyzer(
    source,
    {
      sorting: copySorting(source.sorting),
      sparsity,
      recording,
      recAttributes,
      sortingProvenance: (await source.backend?.loadSortingProvenance()) ?? null,
    },
    options,
  );
  await carryOver(source, target, (ext) => ext.selectChannelsData(indices, target));
  return target;
}
