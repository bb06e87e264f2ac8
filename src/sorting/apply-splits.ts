/**
 * applySplitsToSorting (SpikeInterface's sorting_tools.apply_splits_to_sorting): each listed unit is
 * replaced by several new units, each taking the spikes at given positions of the unit's spike
 * train (positions counted over all segments, segment 0 first). Not lazy: a new NumpySorting whose
 * spike vector keeps the input order (only unit indices change), so indices into the old vector
 * (random spikes, waveforms rows) stay valid.
 */
import type { Id } from "../base/ids.js";
import { selectRows } from "../base/properties.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError, UnknownIdError } from "../errors.js";
import type { BaseSorting } from "./base-sorting.js";
import { NumpySorting } from "./numpy-sorting.js";

/** unit id → one list of spike positions per new unit. */
export type UnitSplits = ReadonlyMap<Id, readonly ArrayLike<number>[]>;
export type UnitSplitsInput = UnitSplits | Readonly<Record<string, readonly ArrayLike<number>[]>>;

export type SplitIdStrategy = "append" | "split";

/** A Map keyed by the sorting's ids; object keys (always strings) also match numeric ids. */
export function normalizeUnitSplits(sorting: BaseSorting, splits: UnitSplitsInput): UnitSplits {
  if (splits instanceof Map) return splits;
  const out = new Map<Id, readonly ArrayLike<number>[]>();
  for (const [key, value] of Object.entries(splits as Record<string, readonly ArrayLike<number>[]>)) {
    const id = sorting.hasId(key) ? key : sorting.hasId(Number(key)) ? Number(key) : key;
    out.set(id, value);
  }
  return out;
}

/**
 * Refuse splits that are not a partition of the unit's spikes: unknown units, fewer than two parts,
 * positions out of range, used twice or missing (SpikeInterface only compares the total count).
 */
export function checkUnitSplitsConsistency(sorting: BaseSorting, splits: UnitSplits): void {
  if (splits.size === 0) throw new InvalidArgumentError("splitting needs at least one unit to split");
  const unknown = [...splits.keys()].filter((id) => !sorting.hasId(id));
  if (unknown.length > 0) throw new UnknownIdError(unknown, "unit id");
  const counts = sorting.countNumSpikesPerUnitArray();
  for (const [id, parts] of splits) {
    if (!Array.isArray(parts) || parts.length < 2) {
      throw new InvalidArgumentError(`unit ${JSON.stringify(id)} must be split in at least two parts`);
    }
    const n = counts[sorting.idToIndex(id)];
    const used = new Uint8Array(n);
    let total = 0;
    for (const part of parts) {
      for (let i = 0; i < part.length; i++) {
        const p = part[i];
        if (!Number.isInteger(p) || p < 0 || p >= n || used[p]) {
          throw new InvalidArgumentError(
            `split of unit ${JSON.stringify(id)}: spike position ${p} is ${used[p] ? "used twice" : `not in [0, ${n})`}`,
          );
        }
        used[p] = 1;
      }
      total += part.length;
    }
    if (total !== n) {
      throw new InvalidArgumentError(
        `split of unit ${JSON.stringify(id)} covers ${total} spikes, the unit has ${n}`,
      );
    }
  }
}

/**
 * New ids per split unit: `newUnitIds` checked (one per part, none already used), else "append"
 * (max id + 1, ... continuing across units; non-numeric strings give "<id>-split<i>") or "split"
 * ("<id>-<i>", string ids only, as SpikeInterface, which falls back to "append" for integer ids).
 */
export function generateUnitIdsForSplit(
  oldUnitIds: readonly Id[],
  splits: UnitSplits,
  {
    newUnitIds = null,
    newIdStrategy = "append",
  }: { newUnitIds?: readonly (readonly Id[])[] | null; newIdStrategy?: SplitIdStrategy } = {},
): Id[][] {
  if (newIdStrategy !== "append" && newIdStrategy !== "split") {
    throw new InvalidArgumentError(`unknown newIdStrategy ${JSON.stringify(newIdStrategy)}`);
  }
  const parts = [...splits.values()];
  if (newUnitIds !== null) {
    if (newUnitIds.length !== parts.length) {
      throw new InvalidArgumentError(
        `${newUnitIds.length} lists of new unit ids for ${parts.length} split units`,
      );
    }
    const taken = new Set(oldUnitIds);
    newUnitIds.forEach((ids, i) => {
      if (ids.length !== parts[i].length) {
        throw new InvalidArgumentError(`split ${i}: ${ids.length} new unit ids for ${parts[i].length} parts`);
      }
      for (const id of ids) {
        if (taken.has(id)) {
          throw new SpikeInterfaceError("duplicate_id", `new unit id ${JSON.stringify(id)} already exists`);
        }
        taken.add(id);
      }
    });
    return newUnitIds.map((ids) => [...ids]);
  }
  const strings = oldUnitIds.some((id) => typeof id === "string");
  const strategy = strings ? newIdStrategy : "append";
  const current = [...oldUnitIds];
  const out: Id[][] = [];
  for (const [unitId, unitParts] of splits) {
    const k = unitParts.length;
    let ids: Id[];
    if (strategy === "split") {
      ids = Array.from({ length: k }, (_, i) => `${unitId}-${i}`);
    } else if (!strings) {
      const max = Math.max(...(current as number[]));
      ids = Array.from({ length: k }, (_, i) => max + 1 + i);
    } else if (current.every((id) => /^\d+$/.test(String(id)))) {
      const max = Math.max(...current.map(Number));
      ids = Array.from({ length: k }, (_, i) => String(max + 1 + i));
    } else {
      ids = Array.from({ length: k }, (_, i) => `${unitId}-split${i}`);
    }
    current.push(...ids);
    out.push(ids);
  }
  return out;
}

/** new unit id → the id of the unit it was split from. */
export function parentOfNewUnits(splits: UnitSplits, newUnitIds: readonly (readonly Id[])[]): Map<Id, Id> {
  const parentOf = new Map<Id, Id>();
  [...splits.keys()].forEach((id, s) => {
    for (const nid of newUnitIds[s]) parentOf.set(nid, id);
  });
  return parentOf;
}

export interface SplitResult {
  sorting: NumpySorting;
  newUnitIds: Id[][];
}

/**
 * Split units. Unit order: the unsplit units in place, then the new units of each split unit.
 * Properties: kept units keep theirs, new units copy their parent's; a bool `is_split` marks them.
 */
export function applySplitsToSorting(
  sorting: BaseSorting,
  unitSplits: UnitSplitsInput,
  options: { newUnitIds?: readonly (readonly Id[])[] | null; newIdStrategy?: SplitIdStrategy } = {},
): SplitResult {
  const splits = normalizeUnitSplits(sorting, unitSplits);
  checkUnitSplitsConsistency(sorting, splits);
  const newIds = generateUnitIdsForSplit(sorting.unitIds, splits, options);
  const allIds: Id[] = sorting.unitIds.filter((id) => !splits.has(id));
  for (const ids of newIds) allIds.push(...ids);
  if (new Set(allIds).size !== allIds.length) {
    throw new SpikeInterfaceError(
      "duplicate_id",
      `unit ids after the split are not unique: ${formatList(allIds)}`,
    );
  }
  const position = new Map(allIds.map((id, i) => [id, i]));
  const v = sorting.toSpikeVector();
  const remap = Int32Array.from(sorting.unitIds, (id) => position.get(id) ?? -1);
  const unitIndex = Int32Array.from(v.unitIndex, (u) => remap[u]);
  [...splits].forEach(([id, parts], s) => {
    // The unit's spikes over all segments, in spike-vector order (= segment, then time); copied
    // with set() since spreading a large train into push() overflows the call stack.
    const perSegment = Array.from({ length: sorting.getNumSegments() }, (_, seg) =>
      sorting.getUnitSpikeIndices(id, seg),
    );
    const spikeIdx = new Uint32Array(perSegment.reduce((n, a) => n + a.length, 0));
    let offset = 0;
    for (const a of perSegment) {
      spikeIdx.set(a, offset);
      offset += a.length;
    }
    parts.forEach((part, p) => {
      const target = position.get(newIds[s][p]) as number;
      for (let i = 0; i < part.length; i++) unitIndex[spikeIdx[part[i]]] = target;
    });
  });
  const out = new NumpySorting({
    spikes: { sampleIndex: v.sampleIndex.slice(), unitIndex, segmentIndex: v.segmentIndex.slice() },
    samplingFrequency: sorting.samplingFrequency,
    unitIds: allIds,
    numSegments: sorting.getNumSegments(),
  });
  // Every new unit takes its parent's row; kept units their own.
  const parentRow = Int32Array.from(allIds, (id) => (sorting.hasId(id) ? sorting.idToIndex(id) : -1));
  [...splits.keys()].forEach((id, s) => {
    for (const nid of newIds[s]) parentRow[position.get(nid) as number] = sorting.idToIndex(id);
  });
  for (const key of sorting.getPropertyKeys()) {
    const p = sorting.getPropertyInfo(key);
    if (p === undefined || p === null) continue;
    const rows = selectRows(p, parentRow);
    out.setProperty(key, rows.values, { dtype: rows.dtype, shape: rows.shape });
  }
  const isNew = new Set(newIds.flat());
  out.setProperty(
    "is_split",
    allIds.map((id) => isNew.has(id)),
  );
  return { sorting: out, newUnitIds: newIds };
}
