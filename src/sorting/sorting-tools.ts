/**
 * sorting_tools (spec api.md §4.11): regroup a spike vector per unit, and pick random spikes per unit
 * (the selection the SortingAnalyzer's `random_spikes` extension stores).
 *
 * Random draws cannot match numpy's PCG64 bit for bit: the selection has the same law (uniform,
 * without replacement, per unit), not the same indices. Pass a seed for reproducible runs.
 */

import type { Id } from "../base/ids.js";
import { formatList, InvalidArgumentError } from "../errors.js";
import type { BaseSorting } from "./base-sorting.js";
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
  const rng = createLocalRng(options.seed ?? Math.floor(Math.random() * 2 ** 32));
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
    // Partial Fisher–Yates: the first `size` entries become a uniform sample without replacement.
    for (let i = 0; i < size; i++) {
      const j = i + Math.floor(rng() * (candidates.length - i));
      const tmp = candidates[i];
      candidates[i] = candidates[j];
      candidates[j] = tmp;
      selected.push(candidates[i]);
    }
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

/** mulberry32: a small seeded generator of floats in [0, 1). TODO: switch to src/generate/rng.ts createRng. */
function createLocalRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
