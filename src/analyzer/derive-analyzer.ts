/**
 * What mergeUnits, splitUnits and selectChannels share: a new analyzer in the requested format from
 * the source's settings with some parts replaced, and the source's extensions carried over with
 * data each extension derives for it.
 */
import type { BaseRecording } from "../recording/base-recording.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import type { ChannelSparsity } from "../sparsity/channel-sparsity.js";
import type { ExtensionDataValue } from "./analyzer-array.js";
import { assembleAnalyzer, prepareTarget, type SaveAsOptions } from "./assemble.js";
import type { AnalyzerExtension } from "./extension.js";
import { sortByDependency } from "./extension-registry.js";
import type { RecAttributes } from "./rec-attributes.js";
import type { SortingAnalyzer } from "./sorting-analyzer.js";

export interface DerivedParts {
  sorting: BaseSorting;
  sparsity: ChannelSparsity | null;
  /** Default: the source's. */
  recording?: BaseRecording | null;
  recAttributes?: RecAttributes;
  /** Default null: a merged/split sorting has no file to point to, as in SpikeInterface. */
  sortingProvenance?: BaseSorting | null;
}

export function newAnalyzer(
  source: SortingAnalyzer,
  parts: DerivedParts,
  options: SaveAsOptions,
): Promise<SortingAnalyzer> {
  const format = options.format ?? "memory";
  return assembleAnalyzer({
    format,
    folder: prepareTarget(format, options.folder, options.overwrite ?? false),
    sorting: parts.sorting,
    recording: parts.recording === undefined ? source.recording : parts.recording,
    recAttributes: parts.recAttributes ?? source.recAttributes,
    sparsity: parts.sparsity,
    settings: { returnInUV: source.returnInUV, peakSign: source.peakSign, peakMode: source.peakMode },
    sortingProvenance: parts.sortingProvenance ?? null,
  });
}

/** Carry every loaded extension over, parents first (children read their parents on `target`). */
export async function carryOver(
  source: SortingAnalyzer,
  target: SortingAnalyzer,
  dataOf: (ext: AnalyzerExtension) => Map<string, ExtensionDataValue>,
): Promise<void> {
  for (const name of sortByDependency(source.getLoadedExtensionNames())) {
    const ext = source.extensions.get(name) as AnalyzerExtension;
    target.extensions.set(name, await ext.copyWithData(target, dataOf(ext)));
  }
}
