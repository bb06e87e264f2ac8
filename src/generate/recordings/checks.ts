/**
 * Argument checks shared by the generator wrappers (recordings, sortings, snippets): each throws
 * an InvalidArgumentError naming the parameter and the bad value.
 */
import { InvalidArgumentError } from "../../errors.js";

export function checkPositiveInteger(value: number, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${what} must be a positive integer, got ${String(value)}`, {
      [what]: value,
    });
  }
  return value;
}

export function checkNonNegativeInteger(value: number, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${what} must be a non-negative integer, got ${String(value)}`, {
      [what]: value,
    });
  }
  return value;
}

export function checkSamplingFrequency(value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`samplingFrequency must be a finite number > 0, got ${String(value)}`, {
      samplingFrequency: value,
    });
  }
  return value;
}

/** One finite, non-negative duration (seconds) per segment, at least one segment. */
export function checkDurations(durations: readonly number[]): number[] {
  if (!Array.isArray(durations) || durations.length === 0) {
    throw new InvalidArgumentError(
      `durations must be a non-empty array of seconds (one per segment), got ${JSON.stringify(durations)}`,
      { durations },
    );
  }
  durations.forEach((d, i) => {
    if (typeof d !== "number" || !Number.isFinite(d) || d < 0) {
      throw new InvalidArgumentError(`durations[${i}] must be a finite number >= 0 s, got ${String(d)}`, {
        durations,
      });
    }
  });
  return [...durations];
}

/** Optional per-segment start times: same length as the durations, finite. */
export function checkTStarts(
  tStarts: readonly number[] | null | undefined,
  numSegments: number,
): number[] | null {
  if (tStarts === null || tStarts === undefined) return null;
  if (!Array.isArray(tStarts) || tStarts.length !== numSegments) {
    throw new InvalidArgumentError(
      `tStarts must have one value per segment (${numSegments}), got ${JSON.stringify(tStarts)}`,
      { tStarts },
    );
  }
  for (const t of tStarts) {
    if (typeof t !== "number" || !Number.isFinite(t)) {
      throw new InvalidArgumentError(`tStarts values must be finite numbers, got ${String(t)}`, { tStarts });
    }
  }
  return [...tStarts];
}

/** SpikeInterface's generated ids: the strings "0".."n-1". */
export function stringIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i));
}
