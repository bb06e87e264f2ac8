/**
 * UnitsAggregationSorting / aggregateUnits (spec api.md §4.9): the units of several sortings as one
 * sorting. Its spike vector merges the inputs' vectors with unit indices offset per input, sorted by
 * segment, sample, then the new unit index (the generic builder's rule).
 *
 * Deliberate differences from SpikeInterface:
 * - ids are strings or numbers here, so "same id dtype" means "all numbers" or "all strings": int32
 *   plus int64 ids, or strings of different widths (`<U1` + `<U2`), are the same kind here and are
 *   kept when unique (Python falls back to "0".."N-1");
 * - a segment's start time is kept when every input agrees on it (Python drops start times);
 * - a property missing from some inputs is filled row by row for multi-dimensional properties too.
 */

import type { Id } from "../../base/ids.js";
import {
  concatProperties,
  defaultMissingValue,
  dtypeKind,
  filledProperty,
  type Property,
} from "../../base/properties.js";
import { registerExtractorClass } from "../../base/registry.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError } from "../../errors.js";
import { BaseSorting } from "../base-sorting.js";
import { type SpikeVector, sortSpikeVector } from "../spike-vector.js";

export type SortingListOrDict =
  | readonly BaseSorting[]
  | ReadonlyMap<Id, BaseSorting>
  | Readonly<Record<string, BaseSorting>>;

export interface AggregateUnitsOptions {
  /** New ids for all units, in aggregated order (unique, one per unit). */
  renamedUnitIds?: readonly Id[] | null;
  /** Largest sampling-frequency difference accepted between inputs (Hz). */
  samplingFrequencyMaxDiff?: number;
}

export class UnitsAggregationSorting extends BaseSorting {
  readonly className = "spikeinterface.core.unitsaggregationsorting.UnitsAggregationSorting";
  readonly sortings: readonly BaseSorting[];

  constructor(
    sortingListOrDict: SortingListOrDict,
    { renamedUnitIds = null, samplingFrequencyMaxDiff = 0 }: AggregateUnitsOptions = {},
  ) {
    const { sortings, keys } = splitInput(sortingListOrDict);
    const first = sortings[0];
    sortings.forEach((s, i) => {
      if (Math.abs(s.samplingFrequency - first.samplingFrequency) > samplingFrequencyMaxDiff) {
        throw new SpikeInterfaceError(
          "incompatible",
          `aggregateUnits: sorting ${i} has sampling frequency ${s.samplingFrequency} Hz, sorting 0 has ${first.samplingFrequency} Hz`,
        );
      }
    });
    const segs = sortings.map((s) => s.getNumSegments());
    if (segs.some((n) => n !== segs[0])) {
      throw new SpikeInterfaceError(
        "incompatible",
        `aggregateUnits: sortings have different numbers of segments ${formatList(segs)}`,
      );
    }
    const withMain = sortings.map((s) => s.getPropertyKeys().includes("main_channel_id"));
    if (withMain.some((m) => m !== withMain[0])) {
      throw new SpikeInterfaceError(
        "incompatible",
        `aggregateUnits: either all sortings or none must have the main_channel_id property; sortings ${formatList(
          withMain.map((m, i) => (m ? i : -1)).filter((i) => i >= 0),
        )} have it`,
      );
    }
    const total = sortings.reduce((a, s) => a + s.getNumUnits(), 0);
    super(first.samplingFrequency, aggregatedUnitIds(sortings, total, renamedUnitIds), segs[0]);
    this.sortings = sortings;
    for (let seg = 0; seg < segs[0]; seg++) {
      const starts = sortings.map((s) => s.getStartTime({ segmentIndex: seg }));
      if (starts.every((t) => t === starts[0]) && starts[0] !== 0) this.segmentTStarts[seg] = starts[0];
    }
    this.mergeAnnotations(sortings);
    for (const [key, prop] of mergedProperties(sortings)) {
      this.setProperty(key, prop.values, { dtype: prop.dtype, shape: prop.shape });
    }
    if (keys !== null) {
      this.setProperty(
        "aggregation_key",
        sortings.flatMap((s, i) => new Array(s.getNumUnits()).fill(keys[i])),
      );
    }
    this.kwargs = {
      sorting_list:
        keys === null ? [...sortings] : Object.fromEntries(keys.map((k, i) => [String(k), sortings[i]])),
      renamed_unit_ids: renamedUnitIds,
      sampling_frequency_max_diff: samplingFrequencyMaxDiff,
    };
  }

  /** Annotations present in every input with equal values. */
  private mergeAnnotations(sortings: readonly BaseSorting[]): void {
    for (const key of sortings[0].getAnnotationKeys()) {
      const values = sortings.map((s) =>
        s.getAnnotationKeys().includes(key) ? s.getAnnotation(key) : undefined,
      );
      if (values.some((v) => v === undefined)) continue;
      const text = JSON.stringify(values[0]);
      if (values.every((v) => JSON.stringify(v) === text)) this.annotate({ [key]: values[0] });
    }
  }

  protected computeSpikeVector(): SpikeVector {
    const vectors = this.sortings.map((s) => s.toSpikeVector());
    const n = vectors.reduce((a, v) => a + v.sampleIndex.length, 0);
    const out = {
      sampleIndex: new Float64Array(n),
      unitIndex: new Int32Array(n),
      segmentIndex: new Int32Array(n),
    };
    let at = 0;
    let unitOffset = 0;
    vectors.forEach((v, i) => {
      out.sampleIndex.set(v.sampleIndex, at);
      out.segmentIndex.set(v.segmentIndex, at);
      for (let k = 0; k < v.unitIndex.length; k++) out.unitIndex[at + k] = v.unitIndex[k] + unitOffset;
      at += v.sampleIndex.length;
      unitOffset += this.sortings[i].getNumUnits();
    });
    return sortSpikeVector(out, "unit");
  }
}

/** Aggregate the units of several sortings (a list, or a dict/Map whose keys label the inputs). */
export function aggregateUnits(
  sortingListOrDict: SortingListOrDict,
  options: AggregateUnitsOptions = {},
): UnitsAggregationSorting {
  return new UnitsAggregationSorting(sortingListOrDict, options);
}

function splitInput(input: SortingListOrDict): { sortings: BaseSorting[]; keys: Id[] | null } {
  let sortings: BaseSorting[];
  let keys: Id[] | null = null;
  if (Array.isArray(input)) {
    sortings = [...(input as BaseSorting[])];
  } else if (input instanceof Map) {
    keys = [...input.keys()];
    sortings = [...input.values()];
  } else if (input !== null && typeof input === "object") {
    keys = Object.keys(input);
    sortings = Object.values(input as Record<string, BaseSorting>);
  } else {
    throw new InvalidArgumentError(`aggregateUnits needs a list or a dict of sortings, got ${String(input)}`);
  }
  if (sortings.length === 0) throw new InvalidArgumentError("aggregateUnits: no sortings given");
  const bad = sortings.map((s, i) => (s instanceof BaseSorting ? -1 : i)).filter((i) => i >= 0);
  if (bad.length > 0) {
    throw new InvalidArgumentError(
      `aggregateUnits: inputs ${formatList(bad.map((i) => keys?.[i] ?? i))} are not sortings`,
    );
  }
  return { sortings, keys };
}

/** Renamed ids; else the concatenation if of one kind and unique; else 0..N-1 for numbers, "0".."N-1" otherwise. */
function aggregatedUnitIds(
  sortings: readonly BaseSorting[],
  total: number,
  renamed: readonly Id[] | null,
): Id[] {
  if (renamed !== null) {
    if (renamed.length !== total) {
      throw new InvalidArgumentError(`renamedUnitIds has ${renamed.length} ids for ${total} units`);
    }
    const dup = renamed.filter((id, i) => renamed.indexOf(id) !== i);
    if (dup.length > 0) {
      throw new SpikeInterfaceError("duplicate_id", `renamedUnitIds are not unique: ${formatList(dup)}`, {
        ids: dup,
      });
    }
    return [...renamed];
  }
  const all: Id[] = sortings.flatMap((s) => [...s.unitIds]);
  const allNumbers = all.every((id) => typeof id === "number");
  const sameKind = allNumbers || all.every((id) => typeof id === "string");
  if (sameKind && new Set<Id>(all).size === total) return all;
  if (allNumbers) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: total }, (_, i) => String(i));
}

/**
 * Union of the inputs' property keys (first-appearance order). A key is skipped when its dtype kinds
 * differ, when an input lacks it and its kind has no natural missing value (int, bool), or when the
 * row shapes differ.
 */
function mergedProperties(sortings: readonly BaseSorting[]): Map<string, Property> {
  const keys = [...new Set(sortings.flatMap((s) => s.getPropertyKeys()))];
  const out = new Map<string, Property>();
  for (const key of keys) {
    const infos = sortings.map((s) => s.getPropertyInfo(key));
    const present = infos.filter((p): p is Property => p !== null);
    const kind = dtypeKind(present[0].dtype);
    if (!present.every((p) => dtypeKind(p.dtype) === kind)) continue;
    const missing = defaultMissingValue(present[0].dtype);
    if (present.length < infos.length && missing === undefined) continue;
    const parts = infos.map((p, i) => p ?? filledProperty(present[0], sortings[i].getNumUnits(), missing));
    const merged = concatProperties(parts);
    if (merged !== null) out.set(key, merged);
  }
  return out;
}

registerExtractorClass(
  "spikeinterface.core.unitsaggregationsorting.UnitsAggregationSorting",
  (k) =>
    new UnitsAggregationSorting(k.sorting_list as SortingListOrDict, {
      renamedUnitIds: (k.renamed_unit_ids as Id[] | null | undefined) ?? null,
      samplingFrequencyMaxDiff: (k.sampling_frequency_max_diff as number | undefined) ?? 0,
    }),
);
