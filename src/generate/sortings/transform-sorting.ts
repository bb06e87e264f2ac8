/**
 * Sortings with deliberate "mistakes", for testing curation and comparison tools:
 *  - TransformSorting (SpikeInterface's class in core.generate): a parent sorting plus added
 *    spikes, on existing units or on new units, optionally dropping added spikes that break a
 *    refractory period;
 *  - injectSomeDuplicateUnits: a TransformSorting whose new units are shifted, optionally
 *    subsampled copies of existing ones;
 *  - injectSomeSplitUnits: a NumpySorting where chosen units are replaced by parts sharing their
 *    spikes at random.
 * The added spikes are stored in kwargs, so a rebuilt object has exactly the same trains.
 */
import type { Id } from "../../base/ids.js";
import { registerExtractorClass } from "../../base/registry.js";
import { InvalidArgumentError } from "../../errors.js";
import { BaseSorting } from "../../sorting/base-sorting.js";
import { NumpySorting } from "../../sorting/numpy-sorting.js";
import { lowerBound, type SpikeVector, sortOrder, takeSpikes } from "../../sorting/spike-vector.js";
import { ensureSeed } from "../seeds.js";
import { duplicateUnitsSpikes, splitUnitsSpikes } from "../sorting-spikes.js";
import { nextIntegerIds, splitUnitIds } from "../unit-ids.js";

export interface TransformSortingOptions {
  /** Spikes added to the parent's units (unit indices of the parent). */
  addedSpikesExistingUnits?: SpikeVector | null;
  /** Spikes of new units: unit index numParentUnits + k is newUnitIds[k]. */
  addedSpikesNewUnits?: SpikeVector | null;
  newUnitIds?: readonly Id[] | null;
  /** Drop added spikes closer than this (ms) to another spike of their unit. */
  refractoryPeriodMs?: number | null;
}

function concatVectors(parts: readonly SpikeVector[]): SpikeVector {
  const total = parts.reduce((a, p) => a + p.sampleIndex.length, 0);
  const out = {
    sampleIndex: new Float64Array(total),
    unitIndex: new Int32Array(total),
    segmentIndex: new Int32Array(total),
  };
  let pos = 0;
  for (const p of parts) {
    out.sampleIndex.set(p.sampleIndex, pos);
    out.unitIndex.set(p.unitIndex, pos);
    out.segmentIndex.set(p.segmentIndex, pos);
    pos += p.sampleIndex.length;
  }
  return out;
}

function checkAdded(v: SpikeVector, numUnits: number, numSegments: number, what: string): void {
  const n = v.sampleIndex.length;
  if (v.unitIndex.length !== n || v.segmentIndex.length !== n) {
    throw new InvalidArgumentError(`${what}: spike vector columns have different lengths`);
  }
  for (let i = 0; i < n; i++) {
    if (!(v.unitIndex[i] >= 0 && v.unitIndex[i] < numUnits)) {
      throw new InvalidArgumentError(
        `${what}: spike ${i} has unit index ${v.unitIndex[i]} outside [0, ${numUnits})`,
      );
    }
    if (!(v.segmentIndex[i] >= 0 && v.segmentIndex[i] < numSegments)) {
      throw new InvalidArgumentError(`${what}: spike ${i} has segment index ${v.segmentIndex[i]}`);
    }
    if (!Number.isSafeInteger(v.sampleIndex[i]) || v.sampleIndex[i] < 0) {
      throw new InvalidArgumentError(`${what}: spike ${i} has sample index ${v.sampleIndex[i]}`);
    }
  }
}

export class TransformSorting extends BaseSorting {
  readonly className: string = "spikeinterface.core.generate.TransformSorting";
  readonly parentSorting: BaseSorting;
  /** 1 for each spike of the final spike vector that was added, 0 for the parent's spikes. */
  readonly addedSpikesMask: Uint8Array;
  private readonly spikes: SpikeVector;

  constructor(sorting: BaseSorting, options: TransformSortingOptions = {}) {
    const {
      addedSpikesExistingUnits = null,
      addedSpikesNewUnits = null,
      refractoryPeriodMs = null,
    } = options;
    const newIds = [...(options.newUnitIds ?? [])];
    const hasNewSpikes = addedSpikesNewUnits !== null && addedSpikesNewUnits.sampleIndex.length > 0;
    if (hasNewSpikes && newIds.length === 0) {
      throw new InvalidArgumentError("spikes of new units need newUnitIds");
    }
    const clash = newIds.filter((id) => sorting.hasId(id));
    if (clash.length > 0) {
      throw new InvalidArgumentError(
        `new unit ids ${JSON.stringify(clash)} are already unit ids of the sorting`,
      );
    }
    if (refractoryPeriodMs !== null && !(Number.isFinite(refractoryPeriodMs) && refractoryPeriodMs >= 0)) {
      throw new InvalidArgumentError(
        `refractoryPeriodMs must be a finite number >= 0, got ${refractoryPeriodMs}`,
      );
    }
    const numParent = sorting.getNumUnits();
    const numSegments = sorting.getNumSegments();
    super(sorting.samplingFrequency, [...sorting.unitIds, ...newIds], numSegments);
    this.parentSorting = sorting;
    const numUnits = numParent + newIds.length;
    if (addedSpikesExistingUnits !== null) {
      checkAdded(addedSpikesExistingUnits, numParent, numSegments, "addedSpikesExistingUnits");
    }
    if (addedSpikesNewUnits !== null) {
      checkAdded(addedSpikesNewUnits, numUnits, numSegments, "addedSpikesNewUnits");
    }
    const parts: SpikeVector[] = [sorting.toSpikeVector()];
    if (addedSpikesExistingUnits !== null) parts.push(addedSpikesExistingUnits);
    if (addedSpikesNewUnits !== null) parts.push(addedSpikesNewUnits);
    const all = concatVectors(parts);
    const numOriginal = parts[0].sampleIndex.length;
    // Ties at equal samples in unit order, as the generators produce them.
    const order = sortOrder(all, "unit");
    let spikes = takeSpikes(all, order);
    let mask = Uint8Array.from(order, (i) => (i < numOriginal ? 0 : 1));
    if (refractoryPeriodMs !== null && mask.some((m) => m === 1)) {
      const refractory = (refractoryPeriodMs / 1000) * sorting.samplingFrequency;
      const keep = refractoryKeep(spikes, mask, numUnits, refractory);
      spikes = {
        sampleIndex: spikes.sampleIndex.filter((_, i) => keep[i] === 1),
        unitIndex: spikes.unitIndex.filter((_, i) => keep[i] === 1),
        segmentIndex: spikes.segmentIndex.filter((_, i) => keep[i] === 1),
      };
      mask = mask.filter((_, i) => keep[i] === 1);
    }
    this.spikes = spikes;
    this.addedSpikesMask = mask;
    for (let s = 0; s < numSegments; s++) {
      this.setSegmentTStart(s, sorting.getStartTime({ segmentIndex: s }) || null);
    }
    this.copyParentMetadata(sorting);
    this.kwargs = {
      sorting,
      added_spikes_existing_units: addedSpikesExistingUnits,
      added_spikes_new_units: addedSpikesNewUnits,
      new_unit_ids: options.newUnitIds ?? null,
      refractory_period_ms: refractoryPeriodMs,
    };
  }

  protected computeSpikeVector(): SpikeVector {
    return this.spikes;
  }

  /** Annotations, and properties on the parent's units (new units get the missing value). */
  private copyParentMetadata(parent: BaseSorting): void {
    this.annotate(Object.fromEntries(parent.getAnnotationKeys().map((k) => [k, parent.getAnnotation(k)])));
    for (const key of parent.getPropertyKeys()) {
      const info = parent.getPropertyInfo(key);
      if (info === null) continue;
      try {
        this.setProperty(key, info.values, { ids: parent.unitIds, dtype: info.dtype, shape: info.shape });
      } catch {
        // No natural missing value for the new units (e.g. object properties): leave it out.
      }
    }
  }
}

/**
 * Which spikes survive: parent spikes always; an added spike only if it is more than `refractory`
 * samples from every parent spike of its unit and from the previous kept added spike.
 */
function refractoryKeep(
  spikes: SpikeVector,
  added: Uint8Array,
  numUnits: number,
  refractory: number,
): Uint8Array {
  const n = spikes.sampleIndex.length;
  const keep = new Uint8Array(n).fill(1);
  // Parent spikes per (segment, unit), in sample order (the vector is sorted).
  const originals = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (added[i] === 1) continue;
    const key = spikes.segmentIndex[i] * numUnits + spikes.unitIndex[i];
    let list = originals.get(key);
    if (list === undefined) originals.set(key, (list = []));
    list.push(spikes.sampleIndex[i]);
  }
  const lastKept = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (added[i] === 0) continue;
    const key = spikes.segmentIndex[i] * numUnits + spikes.unitIndex[i];
    const s = spikes.sampleIndex[i];
    const list = originals.get(key) ?? [];
    const j = lowerBound(list, s);
    const nearOriginal =
      (j < list.length && list[j] - s <= refractory) || (j > 0 && s - list[j - 1] <= refractory);
    const previous = lastKept.get(key);
    if (nearOriginal || (previous !== undefined && s - previous <= refractory)) keep[i] = 0;
    else lastKept.set(key, s);
  }
  return keep;
}

export interface DuplicateUnitsOptions {
  /** Units 0..num-1 are duplicated. Default 4. */
  num?: number;
  /** Shifts (samples) drawn in [−maxShift, maxShift), 0 replaced by maxShift. Default 5. */
  maxShift?: number;
  /** Fraction of the spikes kept in each copy, (0, 1]; null keeps all. */
  ratio?: number | null;
  seed?: number | null;
}

/** The sorting plus `num` shifted copies of its first units, with ids continuing after the max id. */
export function injectSomeDuplicateUnits(
  sorting: BaseSorting,
  options: DuplicateUnitsOptions = {},
): TransformSorting {
  const { num = 4, maxShift = 5, ratio = null } = options;
  const numUnits = sorting.getNumUnits();
  const { spikes } = duplicateUnitsSpikes({
    spikes: sorting.toSpikeVector(),
    numUnits,
    numSegments: sorting.getNumSegments(),
    num,
    maxShift,
    ratio,
    seed: ensureSeed(options.seed),
  });
  return new TransformSorting(sorting, {
    addedSpikesNewUnits: spikes,
    newUnitIds: nextIntegerIds(sorting.unitIds, num),
  });
}

export interface SplitUnitsOptions {
  /** Units to split (distinct ids of the sorting). */
  splitIds: readonly Id[];
  /** Parts per split unit, default 2. */
  numSplit?: number;
  /** Also return the new ids of each split unit. Default false. */
  outputIds?: boolean;
  seed?: number | null;
}

export interface SplitUnitsResult {
  sorting: NumpySorting;
  /** Split id → the ids of its parts. */
  newUnitIds: Map<Id, Id[]>;
}

/** Each unit of `splitIds` replaced by `numSplit` units receiving its spikes at random. */
export function injectSomeSplitUnits(
  sorting: BaseSorting,
  options: SplitUnitsOptions & { outputIds: true },
): SplitUnitsResult;
export function injectSomeSplitUnits(sorting: BaseSorting, options: SplitUnitsOptions): NumpySorting;
export function injectSomeSplitUnits(
  sorting: BaseSorting,
  options: SplitUnitsOptions,
): NumpySorting | SplitUnitsResult {
  const { splitIds, numSplit = 2, outputIds = false } = options;
  if (!Array.isArray(splitIds) || splitIds.length === 0) {
    throw new InvalidArgumentError(
      `splitIds must be a non-empty list of unit ids, got ${JSON.stringify(splitIds)}`,
    );
  }
  const ids = splitUnitIds(sorting.unitIds, splitIds, numSplit);
  const { spikes } = splitUnitsSpikes({
    spikes: sorting.toSpikeVector(),
    numUnits: sorting.getNumUnits(),
    numSegments: sorting.getNumSegments(),
    splitUnitIndices: ids.splitUnitIndices,
    numSplit,
    seed: ensureSeed(options.seed),
  });
  const out = new NumpySorting({
    spikes,
    samplingFrequency: sorting.samplingFrequency,
    unitIds: ids.outputIds,
    numSegments: sorting.getNumSegments(),
  });
  return outputIds ? { sorting: out, newUnitIds: ids.newIds } : out;
}

function vectorFromKwargs(value: unknown): SpikeVector | null {
  if (value === null || value === undefined) return null;
  const v = value as {
    sampleIndex: ArrayLike<number>;
    unitIndex: ArrayLike<number>;
    segmentIndex: ArrayLike<number>;
  };
  // After JSON the columns are plain lists.
  return {
    sampleIndex: Float64Array.from(v.sampleIndex),
    unitIndex: Int32Array.from(v.unitIndex),
    segmentIndex: Int32Array.from(v.segmentIndex),
  };
}

registerExtractorClass(
  "spikeinterface.core.generate.TransformSorting",
  (k) =>
    new TransformSorting(k.sorting as BaseSorting, {
      addedSpikesExistingUnits: vectorFromKwargs(k.added_spikes_existing_units),
      addedSpikesNewUnits: vectorFromKwargs(k.added_spikes_new_units),
      newUnitIds: (k.new_unit_ids ?? null) as Id[] | null,
      refractoryPeriodMs: (k.refractory_period_ms ?? null) as number | null,
    }),
);
