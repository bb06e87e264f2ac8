/**
 * generateSorting (SpikeInterface's generate_sorting): Poisson spike trains with a refractory
 * period (../sorting-spikes.ts) wrapped in a NumpySorting with string unit ids "0".."n-1".
 * The spikes live in memory, so a rebuilt object (toDict → extractorFromDict) has the same trains.
 */
import { InvalidArgumentError } from "../../errors.js";
import { NumpySorting } from "../../sorting/numpy-sorting.js";
import {
  checkDurations,
  checkPositiveInteger,
  checkSamplingFrequency,
  checkTStarts,
  stringIds,
} from "../recordings/checks.js";
import { ensureSeed } from "../seeds.js";
import { generateSortingSpikes } from "../sorting-spikes.js";
import type { FiringRates } from "../spike-trains.js";

export interface GenerateSortingOptions {
  /** Default 5. */
  numUnits?: number;
  /** Hz, default 30000. */
  samplingFrequency?: number;
  /** Seconds per segment, default [10.325, 3.5]. */
  durations?: readonly number[];
  /** Hz: one rate, one per unit or a {low, high} range drawn per unit. Default 3. */
  firingRates?: FiringRates;
  /** Older SpikeInterface spelling of firingRates (the seed's example uses it). */
  firingRate?: FiringRates;
  /** Unit indices left without spikes. */
  emptyUnits?: readonly number[] | null;
  /** Default 4 ms. */
  refractoryPeriodMs?: number;
  /** Older spelling of refractoryPeriodMs (milliseconds too). */
  refractoryPeriod?: number;
  /** Add random spikes within borderSizeSamples of both ends of each segment. Default false. */
  addSpikesOnBorders?: boolean;
  /** Default 3. */
  numSpikesPerBorder?: number;
  /** Default 20. */
  borderSizeSamples?: number;
  /** Start time (s) of each segment. */
  tStarts?: readonly number[] | null;
  /** Undefined draws a fresh seed. */
  seed?: number | null;
}

export function generateSorting(options: GenerateSortingOptions = {}): NumpySorting {
  const {
    numUnits = 5,
    samplingFrequency = 30000,
    durations = [10.325, 3.5],
    emptyUnits = null,
    addSpikesOnBorders = false,
    numSpikesPerBorder = 3,
    borderSizeSamples = 20,
    tStarts = null,
  } = options;
  if (options.firingRates !== undefined && options.firingRate !== undefined) {
    throw new InvalidArgumentError("pass firingRates or firingRate, not both");
  }
  if (options.refractoryPeriodMs !== undefined && options.refractoryPeriod !== undefined) {
    throw new InvalidArgumentError("pass refractoryPeriodMs or refractoryPeriod, not both");
  }
  const firingRates = options.firingRates ?? options.firingRate ?? 3;
  const refractoryPeriodMs = options.refractoryPeriodMs ?? options.refractoryPeriod ?? 4;
  checkPositiveInteger(numUnits, "numUnits");
  checkSamplingFrequency(samplingFrequency);
  const segs = checkDurations(durations);
  const starts = checkTStarts(tStarts, segs.length);
  if (
    typeof refractoryPeriodMs !== "number" ||
    !Number.isFinite(refractoryPeriodMs) ||
    refractoryPeriodMs < 0
  ) {
    throw new InvalidArgumentError(
      `refractoryPeriodMs must be a finite number >= 0, got ${String(refractoryPeriodMs)}`,
      { refractoryPeriodMs },
    );
  }
  const spikes = generateSortingSpikes({
    numUnits,
    samplingFrequency,
    durations: segs,
    firingRates,
    emptyUnits,
    refractoryPeriodMs,
    addSpikesOnBorders,
    numSpikesPerBorder,
    borderSizeSamples,
    seed: ensureSeed(options.seed),
  });
  const sorting = new NumpySorting({
    spikes,
    samplingFrequency,
    unitIds: stringIds(numUnits),
    numSegments: segs.length,
  });
  if (starts !== null) for (let i = 0; i < starts.length; i++) sorting.setSegmentTStart(i, starts[i]);
  return sorting;
}
