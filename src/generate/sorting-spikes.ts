/**
 * The numeric parts of SpikeInterface's sorting generators, over spike vectors (no ids, no
 * extractor objects): `generateSortingSpikes` (generate_sorting), `duplicateUnitsSpikes`
 * (inject_some_duplicate_units) and `splitUnitsSpikes` (inject_some_split_units). The sorting
 * wrappers add ids, properties and the NumpySorting / TransformSorting around them; unit-ids.ts
 * computes the new ids.
 *
 * Every spike vector here is sorted by (segment, sample, unit).
 */
import { InvalidArgumentError } from "../errors.js";
import type { SpikeVector } from "../sorting/spike-vector.js";
import { createRng } from "./rng.js";
import { deriveSeed, ensureSeed } from "./seeds.js";
import { type SegmentSpikes, sortSegmentSpikes, splitByUnit } from "./spike-order.js";
import {
  checkNumUnits,
  checkSamplingFrequency,
  type FiringRates,
  synthesizePoissonSpikeVector,
} from "./spike-trains.js";

function checkCount(value: number, what: string, min = 0): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(`${what} must be an integer >= ${min}, got ${String(value)}`, {
      [what]: value,
    });
  }
}

/** Concatenate per-segment spikes into one spike vector (segment s gets segmentIndex s). */
export function concatSegments(segments: readonly SegmentSpikes[]): SpikeVector {
  let total = 0;
  for (const s of segments) total += s.sampleIndex.length;
  const sampleIndex = new Float64Array(total);
  const unitIndex = new Int32Array(total);
  const segmentIndex = new Int32Array(total);
  let pos = 0;
  segments.forEach((s, index) => {
    const n = s.sampleIndex.length;
    sampleIndex.set(s.sampleIndex, pos);
    unitIndex.set(s.unitIndex, pos);
    segmentIndex.fill(index, pos, pos + n);
    pos += n;
  });
  return { sampleIndex, unitIndex, segmentIndex };
}

/** The spikes of each segment 0..numSegments-1 of a vector sorted by segment (copies). */
export function segmentsOf(spikes: SpikeVector, numSegments: number): SegmentSpikes[] {
  const out: SegmentSpikes[] = [];
  const seg = spikes.segmentIndex;
  let i = 0;
  for (let s = 0; s < numSegments; s++) {
    const start = i;
    while (i < seg.length && seg[i] === s) i++;
    out.push({
      sampleIndex: spikes.sampleIndex.slice(start, i),
      unitIndex: spikes.unitIndex.slice(start, i),
    });
  }
  if (i !== seg.length) {
    throw new InvalidArgumentError(
      `spike vector is not sorted by segment or has segment index ${seg[i]} beyond ${numSegments} segments`,
    );
  }
  return out;
}

export interface GenerateSortingSpikesOptions {
  /** Default 5. */
  numUnits?: number;
  /** Hz, default 30000. */
  samplingFrequency?: number;
  /** Seconds per segment, default [10.325, 3.5]. */
  durations?: readonly number[];
  /** Hz, default 3. */
  firingRates?: FiringRates;
  /** Unit indices left without spikes. */
  emptyUnits?: readonly number[] | null;
  /** Default 4 ms. */
  refractoryPeriodMs?: number;
  /** Add random spikes within `borderSizeSamples` of both ends of each segment. Default false. */
  addSpikesOnBorders?: boolean;
  /** Spikes added at each border, default 3. */
  numSpikesPerBorder?: number;
  /** Default 20. */
  borderSizeSamples?: number;
  /** Undefined draws a fresh seed (the wrapper should draw it first and store it). */
  seed?: number;
}

/**
 * Spike vector of generate_sorting: per segment s, Poisson trains from deriveSeed(seed, "segment",
 * s) with ⌊duration·fs⌋ samples; empty units removed; optional border spikes on random non-empty
 * units (first `numSpikesPerBorder` in [0, border), the rest in [n − border, n)).
 * (SpikeInterface may put border spikes on "empty" units; here empty units stay empty.)
 */
export function generateSortingSpikes(options: GenerateSortingSpikesOptions = {}): SpikeVector {
  const {
    numUnits = 5,
    samplingFrequency = 30000,
    durations = [10.325, 3.5],
    firingRates = 3,
    emptyUnits = null,
    refractoryPeriodMs = 4,
    addSpikesOnBorders = false,
    numSpikesPerBorder = 3,
    borderSizeSamples = 20,
  } = options;
  checkNumUnits(numUnits);
  checkSamplingFrequency(samplingFrequency);
  if (durations.length === 0) throw new InvalidArgumentError("durations is empty: a sorting needs a segment");
  const seed = ensureSeed(options.seed);
  const empty = new Uint8Array(numUnits);
  for (const u of emptyUnits ?? []) {
    if (!Number.isInteger(u) || u < 0 || u >= numUnits) {
      throw new InvalidArgumentError(`empty unit index ${u} is outside [0, ${numUnits})`, { unitIndex: u });
    }
    empty[u] = 1;
  }
  const active: number[] = [];
  for (let u = 0; u < numUnits; u++) if (empty[u] === 0) active.push(u);
  if (addSpikesOnBorders) {
    checkCount(numSpikesPerBorder, "numSpikesPerBorder");
    checkCount(borderSizeSamples, "borderSizeSamples", 1);
  }
  const borderRng = createRng(deriveSeed(seed, "borders"));
  const segments: SegmentSpikes[] = durations.map((duration, segmentIndex) => {
    const numSamples = Math.floor(samplingFrequency * duration);
    const poisson = synthesizePoissonSpikeVector({
      numUnits,
      samplingFrequency,
      duration,
      refractoryPeriodMs,
      firingRates,
      seed: deriveSeed(seed, "segment", segmentIndex),
    });
    const keep: number[] = [];
    for (let i = 0; i < poisson.unitIndex.length; i++) if (empty[poisson.unitIndex[i]] === 0) keep.push(i);
    let sampleIndex: Float64Array = Float64Array.from(keep, (i) => poisson.sampleIndex[i]);
    let unitIndex: Int32Array = Int32Array.from(keep, (i) => poisson.unitIndex[i]);
    if (addSpikesOnBorders && active.length > 0 && numSpikesPerBorder > 0) {
      if (borderSizeSamples > numSamples) {
        throw new InvalidArgumentError(
          `borderSizeSamples ${borderSizeSamples} exceeds the ${numSamples} samples of segment ${segmentIndex}`,
        );
      }
      const n = keep.length;
      const extra = 2 * numSpikesPerBorder;
      const samples = new Float64Array(n + extra);
      const units = new Int32Array(n + extra);
      samples.set(sampleIndex);
      units.set(unitIndex);
      for (let j = 0; j < extra; j++) units[n + j] = active[borderRng.integers(0, active.length)];
      for (let j = 0; j < numSpikesPerBorder; j++) samples[n + j] = borderRng.integers(0, borderSizeSamples);
      for (let j = numSpikesPerBorder; j < extra; j++) {
        samples[n + j] = borderRng.integers(numSamples - borderSizeSamples, numSamples);
      }
      ({ sampleIndex, unitIndex } = sortSegmentSpikes({ sampleIndex: samples, unitIndex: units }, numUnits));
    }
    return { sampleIndex, unitIndex };
  });
  return concatSegments(segments);
}

export interface DuplicateUnitsOptions {
  /** The original sorting's spike vector (sorted by segment). */
  spikes: SpikeVector;
  numUnits: number;
  numSegments: number;
  /** Number of duplicated units: units 0..num-1 are copied. Default 4. */
  num?: number;
  /** Shifts are drawn in [−maxShift, maxShift), 0 replaced by maxShift. Default 5. */
  maxShift?: number;
  /** Fraction of the original spikes kept in each copy (0, 1]; null keeps all. */
  ratio?: number | null;
  seed?: number;
}

export interface DuplicateUnitsResult {
  /** Spikes of the copies only, unit index numUnits + i for the copy of unit i. */
  spikes: SpikeVector;
  /** Sample shift of each copy. */
  shifts: Int32Array;
}

/**
 * Copies of units 0..num-1, shifted by a random nonzero number of samples, optionally
 * subsampled by `ratio`, clipped to [0, the unit's last spike] in each segment.
 */
export function duplicateUnitsSpikes(options: DuplicateUnitsOptions): DuplicateUnitsResult {
  const { spikes, numUnits, numSegments, num = 4, maxShift = 5, ratio = null } = options;
  checkNumUnits(numUnits);
  checkCount(numSegments, "numSegments", 1);
  checkCount(num, "num");
  checkCount(maxShift, "maxShift", 1);
  if (num > numUnits) {
    throw new InvalidArgumentError(`cannot duplicate ${num} units of a sorting with ${numUnits}`, { num });
  }
  if (ratio !== null && !(ratio > 0 && ratio <= 1)) {
    throw new InvalidArgumentError(`ratio must be in (0, 1], got ${ratio}`, { ratio });
  }
  const rng = createRng(deriveSeed(ensureSeed(options.seed), "duplicates"));
  const shifts = new Int32Array(num);
  for (let i = 0; i < num; i++) {
    const s = rng.integers(-maxShift, maxShift);
    shifts[i] = s === 0 ? maxShift : s;
  }
  const segments = segmentsOf(spikes, numSegments).map((segment) => {
    const trains = splitByUnit(segment, numUnits);
    const samples: number[] = [];
    const units: number[] = [];
    for (let i = 0; i < num; i++) {
      const original = trains[i];
      if (original.length === 0) continue;
      const last = original[original.length - 1];
      let picked: ArrayLike<number> = original;
      if (ratio !== null) {
        const sel = rng.choice(original.length, Math.floor(original.length * ratio), { replace: false });
        picked = Float64Array.from(sel, (k) => original[k]);
      }
      for (let k = 0; k < picked.length; k++) {
        samples.push(Math.min(last, Math.max(0, picked[k] + shifts[i])));
        units.push(numUnits + i);
      }
    }
    return sortSegmentSpikes(
      { sampleIndex: Float64Array.from(samples), unitIndex: Int32Array.from(units) },
      numUnits + num,
    );
  });
  return { spikes: concatSegments(segments), shifts };
}

export interface SplitUnitsOptions {
  spikes: SpikeVector;
  numUnits: number;
  numSegments: number;
  /** Indices of the units to split (distinct). */
  splitUnitIndices: readonly number[];
  /** Parts per split unit, default 2. */
  numSplit?: number;
  seed?: number;
}

export interface SplitUnitsResult {
  /** Spikes with the new unit numbering. */
  spikes: SpikeVector;
  /** For each output unit, the original unit it comes from. */
  sourceUnit: Int32Array;
  /** For each output unit, its part number (0..numSplit-1), or −1 for a unit that was not split. */
  part: Int32Array;
}

/**
 * Replace each listed unit, in place in the unit order, by `numSplit` units that share its spikes
 * at random (each spike goes to a uniformly drawn part).
 */
export function splitUnitsSpikes(options: SplitUnitsOptions): SplitUnitsResult {
  const { spikes, numUnits, numSegments, splitUnitIndices, numSplit = 2 } = options;
  checkNumUnits(numUnits);
  checkCount(numSegments, "numSegments", 1);
  checkCount(numSplit, "numSplit", 1);
  if (splitUnitIndices.length === 0)
    throw new InvalidArgumentError("splitUnitIndices is empty: nothing to split");
  const isSplit = new Uint8Array(numUnits);
  for (const u of splitUnitIndices) {
    if (!Number.isInteger(u) || u < 0 || u >= numUnits) {
      throw new InvalidArgumentError(`split unit index ${u} is outside [0, ${numUnits})`, { unitIndex: u });
    }
    if (isSplit[u]) throw new InvalidArgumentError(`split unit index ${u} is listed twice`, { unitIndex: u });
    isSplit[u] = 1;
  }
  // Output numbering: unit order kept, a split unit expands into its parts where it stood.
  const firstOutput = new Int32Array(numUnits);
  const sources: number[] = [];
  const parts: number[] = [];
  for (let u = 0; u < numUnits; u++) {
    firstOutput[u] = sources.length;
    const count = isSplit[u] ? numSplit : 1;
    for (let p = 0; p < count; p++) {
      sources.push(u);
      parts.push(isSplit[u] ? p : -1);
    }
  }
  const rng = createRng(deriveSeed(ensureSeed(options.seed), "splits"));
  const segments = segmentsOf(spikes, numSegments).map((segment) => {
    const { sampleIndex, unitIndex } = segment;
    const newUnits = new Int32Array(unitIndex.length);
    for (let i = 0; i < unitIndex.length; i++) {
      const u = unitIndex[i];
      if (u < 0 || u >= numUnits) {
        throw new InvalidArgumentError(`unit index ${u} is outside [0, ${numUnits})`, { unitIndex: u });
      }
      newUnits[i] = firstOutput[u] + (isSplit[u] ? rng.integers(0, numSplit) : 0);
    }
    return sortSegmentSpikes({ sampleIndex, unitIndex: newUnits }, sources.length);
  });
  return {
    spikes: concatSegments(segments),
    sourceUnit: Int32Array.from(sources),
    part: Int32Array.from(parts),
  };
}
