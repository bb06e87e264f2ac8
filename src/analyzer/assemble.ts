/**
 * Building a SortingAnalyzer from its parts in a given format: used by createSortingAnalyzer and by
 * saveAs / selectUnits / removeUnits, which also carry the extensions over (restricted to the kept
 * units). The analyzer always holds an in-memory NumpySorting copy of its sorting.
 */
import type { Id } from "../base/ids.js";
import { InvalidArgumentError, SpikeInterfaceError, UnknownIdError } from "../errors.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import { NumpySorting } from "../sorting/numpy-sorting.js";
import { ChannelSparsity } from "../sparsity/channel-sparsity.js";
import {
  type AnalyzerFormat,
  type AnalyzerSettings,
  checkAnalyzerFormat,
  getAnalyzerFormat,
} from "./backend.js";
import { sortByDependency } from "./extension-registry.js";
import type { RecAttributes } from "./rec-attributes.js";
import { SortingAnalyzer } from "./sorting-analyzer.js";

/** An in-memory copy of a sorting with its metadata (and, optionally, another sampling frequency). */
export function copySorting(
  sorting: BaseSorting,
  samplingFrequency = sorting.samplingFrequency,
): NumpySorting {
  const out = new NumpySorting({
    spikes: sorting.toSpikeVector(),
    samplingFrequency,
    unitIds: sorting.unitIds,
    numSegments: sorting.getNumSegments(),
  });
  sorting.copyMetadata(out);
  return out;
}

export interface AssembleArgs {
  format: AnalyzerFormat;
  /** Already prepared (see AnalyzerFormatImplementation.prepareFolder) for folder formats. */
  folder: string | null;
  sorting: BaseSorting;
  recording: BaseRecording | null;
  recAttributes: RecAttributes;
  sparsity: ChannelSparsity | null;
  settings: AnalyzerSettings;
  sortingProvenance: BaseSorting | null;
}

export async function assembleAnalyzer(args: AssembleArgs): Promise<SortingAnalyzer> {
  const sorting = args.sorting instanceof NumpySorting ? args.sorting : copySorting(args.sorting);
  if (args.format === "memory") {
    return new SortingAnalyzer({ ...args, sorting, backend: null });
  }
  if (args.folder === null) {
    throw new InvalidArgumentError(`format ${JSON.stringify(args.format)} needs a folder`);
  }
  const backend = await getAnalyzerFormat(args.format).create({
    folder: args.folder,
    sorting,
    recording: args.recording,
    recAttributes: args.recAttributes,
    sparsity: args.sparsity,
    settings: args.settings,
    sortingProvenance: args.sortingProvenance,
  });
  return new SortingAnalyzer({ ...args, sorting, backend });
}

export interface SaveAsOptions {
  format?: AnalyzerFormat;
  folder?: string | null;
  overwrite?: boolean;
}

/** Prepared folder for a folder format, or null for memory. */
export function prepareTarget(
  format: AnalyzerFormat,
  folder: string | null | undefined,
  overwrite: boolean,
): string | null {
  checkAnalyzerFormat(format);
  if (format === "memory") return null;
  if (folder === null || folder === undefined || folder === "") {
    throw new InvalidArgumentError(`format ${JSON.stringify(format)} needs a folder`);
  }
  return getAnalyzerFormat(format).prepareFolder(folder, overwrite);
}

/** saveAs / selectUnits / removeUnits: a new analyzer, extensions carried over. */
export async function copyAnalyzer(
  source: SortingAnalyzer,
  options: SaveAsOptions & { unitIds?: readonly Id[] | null },
): Promise<SortingAnalyzer> {
  const format = options.format ?? "memory";
  const folder = prepareTarget(format, options.folder, options.overwrite ?? false);
  let selection: { keepUnitIndices: Int32Array; unitIds: readonly Id[] } | undefined;
  let sorting: BaseSorting = source.sorting;
  let sparsity = source.sparsity;
  if (options.unitIds !== undefined && options.unitIds !== null) {
    const wanted = new Set(options.unitIds);
    const unknown = options.unitIds.filter((id) => !source.sorting.hasId(id));
    if (unknown.length > 0) throw new UnknownIdError(unknown, "unit id");
    if (wanted.size !== options.unitIds.length) {
      throw new SpikeInterfaceError("duplicate_id", "selectUnits: unit ids are not unique");
    }
    // Units keep the analyzer's order: extension data (spike-ordered) then stays aligned.
    const keep = Int32Array.from(source.unitIds.flatMap((id, i) => (wanted.has(id) ? [i] : [])));
    const unitIds = Array.from(keep, (i) => source.unitIds[i]);
    selection = { keepUnitIndices: keep, unitIds };
    sorting = copySorting(source.sorting.selectUnits(unitIds));
    if (sparsity !== null) {
      const old = sparsity.mask;
      const c = sparsity.numChannels;
      const mask = new Uint8Array(keep.length * c);
      keep.forEach((u, r) => {
        mask.set(old.subarray(u * c, (u + 1) * c), r * c);
      });
      sparsity = new ChannelSparsity({ mask, unitIds, channelIds: source.channelIds });
    }
  } else {
    sorting = copySorting(source.sorting);
  }
  const provenance = await source.backend?.loadSortingProvenance();
  const target = await assembleAnalyzer({
    format,
    folder,
    sorting,
    recording: source.recording,
    recAttributes: source.recAttributes,
    sparsity,
    settings: { returnInUV: source.returnInUV, peakSign: source.peakSign, peakMode: source.peakMode },
    sortingProvenance:
      provenance === null || provenance === undefined
        ? null
        : selection === undefined
          ? provenance
          : provenance.selectUnits(selection.unitIds),
  });
  for (const name of sortByDependency(source.getLoadedExtensionNames())) {
    const ext = source.extensions.get(name);
    if (ext === undefined) continue;
    target.extensions.set(name, await ext.copyTo(target, selection));
  }
  return target;
}
