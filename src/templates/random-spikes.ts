/**
 * Uniform random subset of each unit's spikes (SpikeInterface's `random_spikes_selection` with
 * method "uniform"), as sorted indices into the sorting's spike vector. Spikes closer than
 * `marginSize` to a segment end are never picked. Seeded with our generator, so the subset differs
 * from Python's for the same seed (same distribution).
 */
import { InvalidArgumentError } from "../errors.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import { chooseWithoutReplacement, createSeededRng } from "../tools/seeded-rng.js";

export interface RandomSpikesOptions {
  /** At most this many spikes per unit (all when the unit has fewer). */
  maxSpikesPerUnit: number;
  /** Samples per segment; needed with marginSize. */
  numSamples?: readonly number[] | null;
  /** Keep spikes with marginSize <= sample < numSamples − marginSize. */
  marginSize?: number | null;
  seed?: number | null;
}

export function selectRandomSpikesUniform(sorting: BaseSorting, options: RandomSpikesOptions): Int32Array {
  const { maxSpikesPerUnit } = options;
  if (!Number.isInteger(maxSpikesPerUnit) || maxSpikesPerUnit < 0) {
    throw new InvalidArgumentError(
      `maxSpikesPerUnit must be a non-negative integer, got ${maxSpikesPerUnit}`,
    );
  }
  const margin = options.marginSize ?? null;
  const numSamples = options.numSamples ?? null;
  if (margin !== null && numSamples === null) {
    throw new InvalidArgumentError("numSamples must be provided when marginSize is used");
  }
  if (numSamples !== null && numSamples.length !== sorting.getNumSegments()) {
    throw new InvalidArgumentError(
      `${numSamples.length} segment lengths for a sorting of ${sorting.getNumSegments()} segments`,
    );
  }
  const spikes = sorting.toSpikeVector();
  const numUnits = sorting.getNumUnits();
  // Candidate spike indices per unit, in spike-vector order (segment, then sample).
  const perUnit: number[][] = Array.from({ length: numUnits }, () => []);
  for (let i = 0; i < spikes.sampleIndex.length; i++) {
    if (margin !== null && numSamples !== null) {
      const s = spikes.sampleIndex[i];
      if (s < margin || s >= numSamples[spikes.segmentIndex[i]] - margin) continue;
    }
    perUnit[spikes.unitIndex[i]].push(i);
  }
  const rng = createSeededRng(options.seed);
  const chosen: number[] = [];
  for (const candidates of perUnit) {
    const k = Math.min(maxSpikesPerUnit, candidates.length);
    for (const j of chooseWithoutReplacement(rng, candidates.length, k)) chosen.push(candidates[j]);
  }
  return Int32Array.from(chosen).sort();
}
