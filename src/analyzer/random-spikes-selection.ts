/**
 * `randomSpikesSelection` (spec api.md §4.11): up to `maxSpikesPerUnit` spikes of each unit drawn
 * without replacement, optionally away from segment borders, returned as sorted indices into the
 * sorting's spike vector. The generator is the library's (src/generate/rng.ts), not numpy's PCG64:
 * the same seed gives the same kind of selection as Python, not the same spikes. "all" is exact.
 */
import { InvalidArgumentError } from "../errors.js";
import { createRng } from "../generate/rng.js";
import { ensureSeed } from "../generate/seeds.js";
import type { BaseSorting } from "../sorting/base-sorting.js";

export type RandomSpikesMethod = "uniform" | "all" | "percentage" | "maximum_rate";

export interface RandomSpikesSelectionOptions {
  /** Samples per segment; needed with marginSize (and to compute durations for "maximum_rate"). */
  numSamples?: readonly number[] | null;
  method?: RandomSpikesMethod;
  maxSpikesPerUnit?: number;
  /** Keep spikes with margin <= sample < numSamples - margin. */
  marginSize?: number | null;
  seed?: number | null;
  /** "percentage": the share (0, 1] of each unit's spikes. */
  percentage?: number | null;
  /** "maximum_rate": at most rate × total duration spikes per unit. */
  maximumRate?: number | null;
}

const METHODS: readonly string[] = ["uniform", "all", "percentage", "maximum_rate"];

export function randomSpikesSelection(
  sorting: BaseSorting,
  options: RandomSpikesSelectionOptions = {},
): Float64Array {
  const method = options.method ?? "uniform";
  if (!METHODS.includes(method)) {
    throw new InvalidArgumentError(
      `random spikes method must be one of ${METHODS.join(", ")}; got ${JSON.stringify(method)}`,
      { method },
    );
  }
  const vector = sorting.toSpikeVector();
  const total = vector.sampleIndex.length;
  if (method === "all") return Float64Array.from({ length: total }, (_, i) => i);
  const maxPerUnit = options.maxSpikesPerUnit ?? 500;
  if (!Number.isInteger(maxPerUnit) || maxPerUnit < 0) {
    throw new InvalidArgumentError(`maxSpikesPerUnit must be an integer >= 0, got ${maxPerUnit}`);
  }
  const margin = options.marginSize ?? null;
  const numSamples = options.numSamples ?? null;
  if (margin !== null && numSamples === null) {
    throw new InvalidArgumentError("randomSpikesSelection: numSamples must be given with marginSize");
  }
  if (method === "percentage") {
    const p = options.percentage;
    if (p === null || p === undefined || !(p > 0 && p <= 1)) {
      throw new InvalidArgumentError(`percentage must be in the interval (0, 1], got ${String(p)}`);
    }
  }
  if (method === "maximum_rate" && (options.maximumRate === null || options.maximumRate === undefined)) {
    throw new InvalidArgumentError('maximumRate must be given with method "maximum_rate"');
  }
  const rng = createRng(ensureSeed(options.seed));
  const { sampleIndex, segmentIndex } = vector;
  const selected: number[] = [];
  for (let u = 0; u < sorting.getNumUnits(); u++) {
    const candidates: number[] = [];
    for (let seg = 0; seg < sorting.getNumSegments(); seg++) {
      for (const i of sorting.getUnitSpikeIndices(sorting.unitIds[u], seg)) {
        if (margin !== null && numSamples !== null) {
          const s = sampleIndex[i];
          if (s < margin || s >= numSamples[segmentIndex[i]] - margin) continue;
        }
        candidates.push(i);
      }
    }
    let size = Math.min(maxPerUnit, candidates.length);
    if (method === "percentage")
      size = Math.min(maxPerUnit, Math.trunc(candidates.length * (options.percentage as number)));
    if (method === "maximum_rate") {
      const duration = segmentDurations(sorting, numSamples).reduce((a, b) => a + b, 0);
      size = Math.min(Math.trunc(duration * (options.maximumRate as number)), maxPerUnit, candidates.length);
    }
    for (const k of rng.choice(candidates.length, size, { replace: false })) selected.push(candidates[k]);
  }
  return Float64Array.from(selected).sort();
}

/** Seconds per segment: from numSamples when known, else up to the last spike (Python's fallback). */
function segmentDurations(sorting: BaseSorting, numSamples: readonly number[] | null): number[] {
  const fs = sorting.samplingFrequency;
  return Array.from({ length: sorting.getNumSegments() }, (_, s) =>
    numSamples !== null ? numSamples[s] / fs : (sorting.getLastSpikeFrame({ segmentIndex: s }) + 1) / fs,
  );
}
