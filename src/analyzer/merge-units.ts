/**
 * SortingAnalyzer.mergeUnits / splitUnits (SpikeInterface's `merge_units`, `split_units` and
 * `_save_or_select_or_merge_or_split`): a new analyzer on the merged (split) sorting, its sparsity
 * derived from the old one, and the extensions carried over, each merging (splitting) its own data
 * ("soft"), or recomputed with the same params on the new analyzer ("hard").
 *
 * Sparsity of a merged unit: the intersection of its group's channels in soft mode (the waveforms
 * can only be realigned there; groups whose intersection / union is below `sparsityOverlap` are
 * refused, or skipped with a warning), the union in hard mode. New units of a split keep their
 * parent's channels.
 */
import { type Id, idKind } from "../base/ids.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import type { JobKwargs } from "../jobs/job-kwargs.js";
import {
  applySplitsToSorting,
  normalizeUnitSplits,
  parentOfNewUnits,
  type SplitIdStrategy,
  type UnitSplitsInput,
} from "../sorting/apply-splits.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import { applyMergesToSorting, type MergeIdStrategy } from "../sorting/sorting-tools.js";
import { ChannelSparsity } from "../sparsity/channel-sparsity.js";
import type { SaveAsOptions } from "./assemble.js";
import { carryOver, newAnalyzer } from "./derive-analyzer.js";
import type { AnalyzerExtension, ExtensionClass, MergeContext, SplitContext } from "./extension.js";
import { runtimeJobKwargs } from "./extension-ops.js";
import { sortByDependency } from "./extension-registry.js";
import type { SortingAnalyzer } from "./sorting-analyzer.js";
import { warnAnalyzer } from "./warnings.js";

/** Job kwargs (nJobs, chunkDuration...) are used by hard-mode recomputation. */
export interface MergeUnitsOptions extends SaveAsOptions, JobKwargs {
  /** Groups of at least two unit ids; a unit may be in one group only. */
  mergeUnitGroups: readonly (readonly Id[])[];
  /** One id per group (default: from newIdStrategy); may be an id of its own group. */
  newUnitIds?: readonly Id[] | null;
  /** Drop spikes of a merged unit closer than this (ms) to the previous one. */
  censorMs?: number | null;
  /** "soft" (default): extensions merge their data; "hard": they are recomputed. */
  mergingMode?: "soft" | "hard";
  /** Minimum intersection / union of a group's channels for a soft merge (default 0.75). */
  sparsityOverlap?: number;
  /** Refuse groups below sparsityOverlap (default true), else skip them with a warning. */
  raiseErrorIfOverlapFails?: boolean;
  newIdStrategy?: MergeIdStrategy;
}

export interface SplitUnitsOptions extends SaveAsOptions {
  /** unit id → spike positions (in its train over all segments) of each new unit. */
  splitUnits: UnitSplitsInput;
  /** One list of ids per split unit (default: from newIdStrategy). */
  newUnitIds?: readonly (readonly Id[])[] | null;
  newIdStrategy?: SplitIdStrategy;
}

export interface NewUnitsResult<T> {
  analyzer: SortingAnalyzer;
  newUnitIds: T;
}

function groupMasks(
  source: SortingAnalyzer,
  groups: readonly (readonly Id[])[],
): { union: Uint8Array; intersection: Uint8Array; overlap: number }[] {
  const sparsity = source.sparsity as ChannelSparsity;
  const c = sparsity.numChannels;
  return groups.map((group) => {
    const union = new Uint8Array(c);
    const intersection = new Uint8Array(c).fill(1);
    for (const u of source.sorting.idsToIndices(group)) {
      const row = sparsity.mask.subarray(u * c, (u + 1) * c);
      for (let ch = 0; ch < c; ch++) {
        union[ch] |= row[ch];
        intersection[ch] &= row[ch];
      }
    }
    const nu = union.reduce((a, b) => a + b, 0);
    const ni = intersection.reduce((a, b) => a + b, 0);
    return { union, intersection, overlap: nu === 0 ? 0 : ni / nu };
  });
}

/** Sparsity rows of the new units: `rowOf(id)` gives a mask row, or null to copy the old unit's row. */
function deriveSparsity(
  source: SortingAnalyzer,
  sorting: BaseSorting,
  rowOf: (id: Id) => Uint8Array | null,
): ChannelSparsity | null {
  const old = source.sparsity;
  if (old === null) return null;
  const c = old.numChannels;
  const mask = new Uint8Array(sorting.getNumUnits() * c);
  sorting.unitIds.forEach((id, u) => {
    const u0 = source.sorting.hasId(id) ? source.sorting.idToIndex(id) : -1;
    const row = rowOf(id) ?? old.mask.subarray(u0 * c, (u0 + 1) * c);
    mask.set(row, u * c);
  });
  return new ChannelSparsity({ mask, unitIds: sorting.unitIds, channelIds: source.channelIds });
}

/** Hard mode: each extension recomputed on `target` with its stored params. */
async function recomputeAll(
  source: SortingAnalyzer,
  target: SortingAnalyzer,
  jobKwargs: JobKwargs,
): Promise<void> {
  for (const name of sortByDependency(source.getLoadedExtensionNames())) {
    const old = source.extensions.get(name) as AnalyzerExtension;
    const cls = old.constructor as ExtensionClass;
    const ext = new cls(target);
    ext.params = structuredClone(old.params);
    await ext.run(cls.needJobKwargs ? jobKwargs : {}, false);
    target.extensions.set(name, ext);
    await ext.save();
  }
}

export async function mergeAnalyzerUnits(
  source: SortingAnalyzer,
  options: MergeUnitsOptions,
): Promise<NewUnitsResult<Id[]>> {
  const mode = options.mergingMode ?? "soft";
  if (mode !== "soft" && mode !== "hard") {
    throw new InvalidArgumentError(`mergingMode must be "soft" or "hard", got ${JSON.stringify(mode)}`);
  }
  let groups = options.mergeUnitGroups;
  if (!Array.isArray(groups) || groups.length === 0) {
    throw new InvalidArgumentError("merging needs at least one group of units to merge");
  }
  groups.forEach((g, i) => {
    if (g.length < 2)
      throw new InvalidArgumentError(`merge group ${i} ${formatList(g)} needs at least two units`);
  });
  let newUnitIds = options.newUnitIds ?? null;
  if (newUnitIds !== null && new Set(newUnitIds).size !== newUnitIds.length) {
    throw new SpikeInterfaceError("duplicate_id", `new unit ids ${formatList(newUnitIds)} are not unique`);
  }
  let masks = source.sparsity === null ? null : groupMasks(source, groups);
  if (masks !== null && mode === "soft") {
    const overlap = options.sparsityOverlap ?? 0.75;
    const bad = groups.filter((_, i) => (masks as { overlap: number }[])[i].overlap < overlap);
    if (bad.length > 0) {
      const text = `the channels of merge groups ${JSON.stringify(bad)} overlap less than sparsityOverlap ${overlap} (intersection / union)`;
      if (options.raiseErrorIfOverlapFails ?? true) {
        throw new SpikeInterfaceError(
          "invalid_argument",
          `${text}: lower sparsityOverlap or use mergingMode "hard"`,
        );
      }
      warnAnalyzer(`${text}: they are not merged`);
      const keep = groups.map((_, i) => (masks as { overlap: number }[])[i].overlap >= overlap);
      groups = groups.filter((_, i) => keep[i]);
      if (newUnitIds !== null) newUnitIds = newUnitIds.filter((_, i) => keep[i]);
      masks = masks.filter((_, i) => keep[i]);
    }
  }
  const censorMs = options.censorMs ?? null;
  const merged = applyMergesToSorting(source.sorting, groups, {
    newUnitIds,
    censorMs,
    newIdStrategy: options.newIdStrategy ?? "append",
  });
  const groupIndex = new Map(merged.newUnitIds.map((id, g) => [id, g]));
  const sparsity = deriveSparsity(source, merged.sorting, (id) => {
    const g = groupIndex.get(id);
    if (g === undefined || masks === null) return null;
    return mode === "soft" ? masks[g].intersection : masks[g].union;
  });
  const target = await newAnalyzer(source, { sorting: merged.sorting, sparsity }, options);
  if (mode === "hard") {
    await recomputeAll(source, target, runtimeJobKwargs(options));
  } else {
    const ctx: MergeContext = {
      mergeUnitGroups: groups,
      newUnitIds: merged.newUnitIds,
      target,
      keepMask: censorMs === null ? null : merged.keepMask,
    };
    await carryOver(source, target, (ext) => ext.mergeUnitsData(ctx));
  }
  return { analyzer: target, newUnitIds: merged.newUnitIds };
}

export async function splitAnalyzerUnits(
  source: SortingAnalyzer,
  options: SplitUnitsOptions,
): Promise<NewUnitsResult<Id[][]>> {
  const splits = normalizeUnitSplits(source.sorting, options.splitUnits);
  const strategy = options.newIdStrategy ?? "append";
  if (strategy === "split" && idKind(source.unitIds) === "int" && options.newUnitIds == null) {
    warnAnalyzer('newIdStrategy "split" needs string unit ids: using "append"');
  }
  const split = applySplitsToSorting(source.sorting, splits, {
    newUnitIds: options.newUnitIds ?? null,
    newIdStrategy: strategy,
  });
  const parentOf = parentOfNewUnits(splits, split.newUnitIds);
  const sparsity = deriveSparsity(source, split.sorting, (id) => {
    const parent = parentOf.get(id);
    if (parent === undefined || source.sparsity === null) return null;
    const u = source.sorting.idToIndex(parent);
    const c = source.sparsity.numChannels;
    return source.sparsity.mask.subarray(u * c, (u + 1) * c);
  });
  const target = await newAnalyzer(source, { sorting: split.sorting, sparsity }, options);
  const ctx: SplitContext = { splitUnits: splits, newUnitIds: split.newUnitIds, target };
  await carryOver(source, target, (ext) => ext.splitUnitsData(ctx));
  return { analyzer: target, newUnitIds: split.newUnitIds };
}
