/**
 * sorting_tools (spec api.md §4.11): regroup a spike vector per unit, and pick random spikes per unit
 * (the selection the SortingAnalyzer's `random_spikes` extension stores).
 *
 * applyMergesToSorting merges groups of units into one (not lazy: a new NumpySorting).
 *
 * Random draws come from the library's generator (src/generate/rng.ts), not numpy's PCG64: the
 * selection has the same law (uniform, without replacement, per unit), not the same indices as
 * Python. Pass a seed for reproducible runs.
 */

import type { Id } from "../base/ids.js";
import { defaultMissingValue, filledProperty, rowSize, scatterRows, selectRows } from "../base/properties.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError, UnknownIdError } from "../errors.js";
import { createRng } from "../generate/rng.js";
import { ensureSeed } from "../generate/seeds.js";
import type { BaseSorting } from "./base-sorting.js";
import { NumpySorting } from "./numpy-sorting.js";
import { buildUnitSpikeIndex, type SpikeVector } from "./spike-vector.js";

/** Per segment, unit id → frames (a list of per-segment vectors, or one vector split by its segment column). */
export function spikeVectorToSpikeTrains(
  spikes: SpikeVector | readonly SpikeVector[],
  unitIds: readonly Id[],
): Map<Id, Float64Array>[] {
  return perSegment(spikes).map((v) => {
    const idx = groupByUnit(v, unitIds.length);
    return new Map(unitIds.map((id, u) => [id, idx.samples.slice(idx.slices[2 * u], idx.slices[2 * u + 1])]));
  });
}

/**
 * Per segment, unit id → positions of that unit's spikes: relative to the segment, or with
 * `absoluteIndex` counted over all segments (positions in the concatenated vector).
 */
export function spikeVectorToIndices(
  spikes: SpikeVector | readonly SpikeVector[],
  unitIds: readonly Id[],
  { absoluteIndex = false }: { absoluteIndex?: boolean } = {},
): Map<Id, Uint32Array>[] {
  let offset = 0;
  return perSegment(spikes).map((v) => {
    const idx = groupByUnit(v, unitIds.length);
    const shift = absoluteIndex ? offset : 0;
    offset += v.sampleIndex.length;
    return new Map(
      unitIds.map((id, u) => {
        const order = idx.order.slice(idx.slices[2 * u], idx.slices[2 * u + 1]);
        if (shift !== 0) for (let i = 0; i < order.length; i++) order[i] += shift;
        return [id, order];
      }),
    );
  });
}

function perSegment(spikes: SpikeVector | readonly SpikeVector[]): readonly SpikeVector[] {
  if (Array.isArray(spikes)) return spikes as readonly SpikeVector[];
  const v = spikes as SpikeVector;
  const n = v.segmentIndex.length;
  const numSegments = n === 0 ? 1 : v.segmentIndex[n - 1] + 1;
  const out: SpikeVector[] = [];
  let a = 0;
  for (let s = 0; s < numSegments; s++) {
    let b = a;
    while (b < n && v.segmentIndex[b] === s) b++;
    out.push({
      sampleIndex: v.sampleIndex.subarray(a, b),
      unitIndex: v.unitIndex.subarray(a, b),
      segmentIndex: v.segmentIndex.subarray(a, b),
    });
    a = b;
  }
  if (a !== n) throw new InvalidArgumentError("spike vector is not sorted by segment");
  return out;
}

/** One segment's spikes grouped by unit (stable), ignoring the segment column. */
function groupByUnit(v: SpikeVector, numUnits: number) {
  const oneSegment = { ...v, segmentIndex: new Int32Array(v.sampleIndex.length) };
  return buildUnitSpikeIndex(oneSegment, numUnits, 1);
}

export interface RandomSpikesSelectionOptions {
  /** "uniform" (default): up to maxSpikesPerUnit per unit; "all": every spike. */
  method?: "uniform" | "all" | "percentage" | "maximum_rate";
  /** Default 500. */
  maxSpikesPerUnit?: number;
  /** Ignore spikes closer than this many samples to a segment border (needs numSamples). */
  marginSize?: number | null;
  /** Samples per segment (for marginSize). */
  numSamples?: readonly number[] | null;
  seed?: number | null;
  /** Fraction of each unit's spikes, in (0, 1] (method "percentage"). */
  percentage?: number | null;
  /** Spikes per second per unit at most (method "maximum_rate"). */
  maximumRate?: number | null;
}

/** Sorted positions (in the sorting's spike vector) of the selected spikes. */
export function randomSpikesSelection(
  sorting: BaseSorting,
  options: RandomSpikesSelectionOptions = {},
): Uint32Array {
  const { method = "uniform", maxSpikesPerUnit = 500, marginSize = null, numSamples = null } = options;
  const vector = sorting.toSpikeVector();
  const total = vector.sampleIndex.length;
  if (method === "all") return Uint32Array.from({ length: total }, (_, i) => i);
  if (!["uniform", "percentage", "maximum_rate"].includes(method)) {
    throw new InvalidArgumentError(
      `randomSpikesSelection: method must be "all", "uniform", "percentage" or "maximum_rate", got ${JSON.stringify(method)}`,
    );
  }
  if (!Number.isInteger(maxSpikesPerUnit) || maxSpikesPerUnit < 0) {
    throw new InvalidArgumentError(
      `maxSpikesPerUnit must be a non-negative integer, got ${maxSpikesPerUnit}`,
    );
  }
  const sizeFor = sizeRule(sorting, method, maxSpikesPerUnit, options);
  const keep = borderFilter(sorting, vector, marginSize, numSamples);
  const rng = createRng(ensureSeed(options.seed));
  const perUnit = buildUnitSpikeIndex(vector, sorting.getNumUnits(), sorting.getNumSegments());
  const segs = sorting.getNumSegments();
  const selected: number[] = [];
  for (let u = 0; u < sorting.getNumUnits(); u++) {
    // The unit's spikes over all segments are contiguous in the per-(unit, segment) index.
    const a = perUnit.slices[2 * u * segs];
    const b = perUnit.slices[2 * (u * segs + segs - 1) + 1];
    const candidates: number[] = [];
    for (let k = a; k < b; k++) if (keep(perUnit.order[k])) candidates.push(perUnit.order[k]);
    const size = Math.min(sizeFor(candidates.length), candidates.length);
    for (const k of rng.choice(candidates.length, size, { replace: false })) selected.push(candidates[k]);
  }
  return Uint32Array.from(selected).sort();
}

function sizeRule(
  sorting: BaseSorting,
  method: string,
  maxSpikesPerUnit: number,
  options: RandomSpikesSelectionOptions,
): (n: number) => number {
  if (method === "percentage") {
    const p = options.percentage;
    if (p === undefined || p === null || !(p > 0 && p <= 1)) {
      throw new InvalidArgumentError(`percentage must be in (0, 1], got ${String(p)}`);
    }
    return (n) => Math.min(maxSpikesPerUnit, Math.floor(n * p));
  }
  if (method === "maximum_rate") {
    const rate = options.maximumRate;
    if (rate === undefined || rate === null || !(rate >= 0)) {
      throw new InvalidArgumentError(`maximumRate must be a non-negative rate in Hz, got ${String(rate)}`);
    }
    const duration = spikeDuration(sorting);
    return () => Math.min(Math.floor(duration * rate), maxSpikesPerUnit);
  }
  return () => maxSpikesPerUnit;
}

/** SpikeInterface's duration for rates: per segment (last spike + 1) / fs, summed (empty segments count 0). */
function spikeDuration(sorting: BaseSorting): number {
  let total = 0;
  for (let s = 0; s < sorting.getNumSegments(); s++) {
    const spikes = sorting.getSegmentSpikes(s).sampleIndex;
    if (spikes.length > 0) total += (spikes[spikes.length - 1] + 1) / sorting.samplingFrequency;
  }
  return total;
}

function borderFilter(
  sorting: BaseSorting,
  vector: SpikeVector,
  marginSize: number | null,
  numSamples: readonly number[] | null,
): (spike: number) => boolean {
  if (marginSize === null) return () => true;
  if (numSamples === null || numSamples === undefined) {
    throw new InvalidArgumentError("randomSpikesSelection: numSamples must be given when marginSize is used");
  }
  if (numSamples.length !== sorting.getNumSegments()) {
    throw new InvalidArgumentError(
      `randomSpikesSelection: numSamples ${formatList(numSamples)} needs one entry per segment (${sorting.getNumSegments()})`,
    );
  }
  return (k) => {
    const s = vector.sampleIndex[k];
    return s >= marginSize && s < numSamples[vector.segmentIndex[k]] - marginSize;
  };
}

// ----- merges -----

export type MergeIdStrategy = "append" | "take_first" | "join";

/**
 * Ids of the merged units: `newUnitIds` checked, else "append" (max id + 1, + 2, ...; numeric
 * strings count as numbers, other strings give "merge0", "merge1"...), "take_first" (each group's
 * first id) or "join" (string ids joined with "-", numbers fall back to "append").
 */
export function generateUnitIdsForMergeGroup(
  oldUnitIds: readonly Id[],
  mergeUnitGroups: readonly (readonly Id[])[],
  {
    newUnitIds = null,
    newIdStrategy = "append",
  }: { newUnitIds?: readonly Id[] | null; newIdStrategy?: MergeIdStrategy } = {},
): Id[] {
  const old = new Set(oldUnitIds);
  if (newUnitIds !== null) {
    if (newUnitIds.length !== mergeUnitGroups.length) {
      throw new InvalidArgumentError(
        `${newUnitIds.length} new unit ids for ${mergeUnitGroups.length} merge groups`,
      );
    }
    newUnitIds.forEach((id, i) => {
      if (old.has(id) && !mergeUnitGroups[i].includes(id)) {
        throw new SpikeInterfaceError(
          "duplicate_id",
          `new unit id ${JSON.stringify(id)} already exists outside merge group ${i}`,
        );
      }
    });
    return [...newUnitIds];
  }
  const n = mergeUnitGroups.length;
  const strings = oldUnitIds.some((id) => typeof id === "string");
  if (newIdStrategy === "take_first") return mergeUnitGroups.map((g) => g[0]);
  if (newIdStrategy === "join" && strings) return mergeUnitGroups.map((g) => g.join("-"));
  if (newIdStrategy !== "append" && newIdStrategy !== "join") {
    throw new InvalidArgumentError(`unknown newIdStrategy ${JSON.stringify(newIdStrategy)}`);
  }
  if (!strings) {
    const max = oldUnitIds.length === 0 ? -1 : Math.max(...(oldUnitIds as number[]));
    return Array.from({ length: n }, (_, i) => max + 1 + i);
  }
  if (oldUnitIds.every((id) => /^\d+$/.test(String(id)))) {
    const max = Math.max(...oldUnitIds.map(Number));
    return Array.from({ length: n }, (_, i) => String(max + 1 + i));
  }
  return Array.from({ length: n }, (_, i) => `merge${i}`);
}

/** Unit ids after merging: the old ones minus merged ones, each new id appended unless it stays in place. */
function idsAfterMerging(
  oldUnitIds: readonly Id[],
  groups: readonly (readonly Id[])[],
  newIds: readonly Id[],
): Id[] {
  const all = [...oldUnitIds];
  groups.forEach((group, i) => {
    for (const id of group) {
      if (id !== newIds[i]) all.splice(all.indexOf(id), 1);
    }
    if (!all.includes(newIds[i])) all.push(newIds[i]);
  });
  return all;
}

export interface ApplyMergesOptions {
  /** One id per group (default: from newIdStrategy). */
  newUnitIds?: readonly Id[] | null;
  /** Drop a merged unit's spikes closer than this to its previous spike (refractory censoring). */
  censorMs?: number | null;
  newIdStrategy?: MergeIdStrategy;
}

export interface MergeResult {
  sorting: NumpySorting;
  /** Per spike of the input vector, 1 when kept (all ones without censorMs). */
  keepMask: Uint8Array;
  newUnitIds: Id[];
}

/**
 * Merge each group of units into one unit. Properties survive where a group agrees (else the
 * kind's missing value, or the property is dropped for int/bool; `main_channel_id` takes the value
 * of the unit with most spikes); a bool `is_merged` property marks the new units.
 */
export function applyMergesToSorting(
  sorting: BaseSorting,
  mergeUnitGroups: readonly (readonly Id[])[],
  options: ApplyMergesOptions = {},
): MergeResult {
  checkMergeGroups(sorting, mergeUnitGroups);
  const newIds = generateUnitIdsForMergeGroup(sorting.unitIds, mergeUnitGroups, options);
  const allIds = idsAfterMerging(sorting.unitIds, mergeUnitGroups, newIds);
  const target = new Map<Id, Id>();
  mergeUnitGroups.forEach((g, i) => {
    for (const id of g) target.set(id, newIds[i]);
  });
  const remap = Int32Array.from(sorting.unitIds, (id) => allIds.indexOf(target.get(id) ?? id));
  const v = sorting.toSpikeVector();
  const n = v.sampleIndex.length;
  const keep = new Uint8Array(n).fill(1);
  const censor = options.censorMs ?? null;
  if (censor !== null) {
    const rpv = Math.trunc((sorting.samplingFrequency * censor) / 1000);
    const groupOf = new Int32Array(sorting.getNumUnits()).fill(-1);
    mergeUnitGroups.forEach((g, i) => {
      for (const id of g) groupOf[sorting.idToIndex(id)] = i;
    });
    // The vector is in time order per segment, so a group's previous spike is the last one seen.
    const last = new Float64Array(mergeUnitGroups.length);
    const lastSeg = new Int32Array(mergeUnitGroups.length).fill(-1);
    for (let k = 0; k < n; k++) {
      const g = groupOf[v.unitIndex[k]];
      if (g < 0) continue;
      if (lastSeg[g] === v.segmentIndex[k] && v.sampleIndex[k] - last[g] < rpv) keep[k] = 0;
      last[g] = v.sampleIndex[k];
      lastSeg[g] = v.segmentIndex[k];
    }
  }
  let m = 0;
  for (let k = 0; k < n; k++) m += keep[k];
  const out = {
    sampleIndex: new Float64Array(m),
    unitIndex: new Int32Array(m),
    segmentIndex: new Int32Array(m),
  };
  for (let k = 0, j = 0; k < n; k++) {
    if (!keep[k]) continue;
    out.sampleIndex[j] = v.sampleIndex[k];
    out.unitIndex[j] = remap[v.unitIndex[k]];
    out.segmentIndex[j] = v.segmentIndex[k];
    j++;
  }
  const merged = new NumpySorting({
    spikes: out,
    samplingFrequency: sorting.samplingFrequency,
    unitIds: allIds,
    numSegments: sorting.getNumSegments(),
  });
  setPropertiesAfterMerging(merged, sorting, mergeUnitGroups, newIds);
  return { sorting: merged, keepMask: keep, newUnitIds: newIds };
}

function checkMergeGroups(sorting: BaseSorting, groups: readonly (readonly Id[])[]): void {
  const seen = new Set<Id>();
  groups.forEach((g, i) => {
    if (g.length < 2)
      throw new InvalidArgumentError(`merge group ${i} ${formatList(g)} needs at least two units`);
    const unknown = g.filter((id) => !sorting.hasId(id));
    if (unknown.length > 0) throw new UnknownIdError(unknown, "unit id");
    for (const id of g) {
      if (seen.has(id))
        throw new SpikeInterfaceError("duplicate_id", `unit ${JSON.stringify(id)} is in two merge groups`);
      seen.add(id);
    }
  });
}

function setPropertiesAfterMerging(
  post: BaseSorting,
  pre: BaseSorting,
  groups: readonly (readonly Id[])[],
  newIds: readonly Id[],
): void {
  const newIdSet = new Set(newIds);
  const kept = post.unitIds.filter((id) => pre.hasId(id) && !newIdSet.has(id));
  const keptPost = post.idsToIndices(kept);
  const keptPre = pre.idsToIndices(kept);
  const counts = pre.countNumSpikesPerUnitArray();
  for (const key of pre.getPropertyKeys()) {
    const p = pre.getPropertyInfo(key)!;
    const k = rowSize(p);
    const row = (i: number) => JSON.stringify(Array.from(selectRows(p, [i]).values as ArrayLike<unknown>));
    const fromPre: number[] = [];
    const toPost: number[] = [];
    let skip = false;
    const missing = defaultMissingValue(p.dtype);
    groups.forEach((g, gi) => {
      const members = Array.from(pre.idsToIndices(g));
      const agree = members.every((i) => row(i) === row(members[0]));
      let source = agree ? members[0] : -1;
      if (!agree && key === "main_channel_id")
        source = members.reduce((a, b) => (counts[b] > counts[a] ? b : a));
      if (source < 0 && missing === undefined) skip = true;
      if (source >= 0) {
        fromPre.push(source);
        toPost.push(post.idToIndex(newIds[gi]));
      }
    });
    if (skip || k === 0) continue;
    const values = filledProperty(p, post.getNumUnits(), missing ?? 0);
    scatterRows(values, keptPost, selectRows(p, keptPre));
    scatterRows(values, toPost, selectRows(p, fromPre));
    post.setProperty(key, values.values, { dtype: p.dtype, shape: values.shape });
  }
  post.setProperty(
    "is_merged",
    post.unitIds.map((id) => newIdSet.has(id)),
  );
}
