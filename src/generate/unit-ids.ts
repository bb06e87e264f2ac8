/**
 * Unit ids of the sorting generators that add units (inject_some_duplicate_units,
 * inject_some_split_units): new ids continue after the largest existing id read as an integer,
 * and keep the ids' kind (string ids give string ids, numbers give numbers).
 */
import type { Id } from "../base/ids.js";
import { InvalidArgumentError } from "../errors.js";

/** The integer value of an id; string ids must be all digits (numpy's `str.isdigit`). */
function idAsInteger(id: Id): number {
  if (typeof id === "number") return id;
  if (!/^[0-9]+$/.test(id)) {
    throw new InvalidArgumentError(`unit id ${JSON.stringify(id)} is not parsable as an integer`, { id });
  }
  return Number(id);
}

/** `count` new ids after max(ids as integers), of the same kind as the first id. */
export function nextIntegerIds(unitIds: readonly Id[], count: number): Id[] {
  if (unitIds.length === 0) throw new InvalidArgumentError("cannot number new units after an empty id list");
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new InvalidArgumentError(`count must be a non-negative integer, got ${count}`, { count });
  }
  let max = -Infinity;
  for (const id of unitIds) max = Math.max(max, idAsInteger(id));
  const asString = typeof unitIds[0] === "string";
  return Array.from({ length: count }, (_, i) => (asString ? String(max + 1 + i) : max + 1 + i));
}

export interface SplitIds {
  /** Indices (in unitIds) of the units to split, in the order of `splitIds`. */
  splitUnitIndices: number[];
  /** New ids of each split id's parts (numbered in the order of `splitIds`). */
  newIds: Map<Id, Id[]>;
  /** Ids of the output units in the order of `splitUnitsSpikes`: unit order, parts in place. */
  outputIds: Id[];
}

/** Ids for inject_some_split_units: pairs with `splitUnitsSpikes` (same output unit order). */
export function splitUnitIds(unitIds: readonly Id[], splitIds: readonly Id[], numSplit: number): SplitIds {
  if (!Number.isSafeInteger(numSplit) || numSplit < 1) {
    throw new InvalidArgumentError(`numSplit must be a positive integer, got ${numSplit}`, { numSplit });
  }
  const fresh = nextIntegerIds(unitIds, splitIds.length * numSplit);
  const newIds = new Map<Id, Id[]>();
  const splitUnitIndices: number[] = [];
  splitIds.forEach((id, j) => {
    const index = unitIds.indexOf(id);
    if (index < 0) throw new InvalidArgumentError(`split id ${JSON.stringify(id)} is not a unit id`, { id });
    if (newIds.has(id))
      throw new InvalidArgumentError(`split id ${JSON.stringify(id)} is listed twice`, { id });
    newIds.set(id, fresh.slice(j * numSplit, (j + 1) * numSplit));
    splitUnitIndices.push(index);
  });
  const outputIds: Id[] = [];
  for (const id of unitIds) outputIds.push(...(newIds.get(id) ?? [id]));
  return { splitUnitIndices, newIds, outputIds };
}
