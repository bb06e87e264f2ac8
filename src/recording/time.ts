/**
 * Time handling of one segment (spec api.md §3.2): a segment has a sampling frequency and either
 * nothing, a `tStart`, or a full time vector. Only a time vector costs memory proportional to the
 * segment, and only when the user sets one.
 */
import { InvalidArgumentError } from "../errors.js";

export interface TimeInfo {
  samplingFrequency: number;
  tStart: number | null;
  timeVector: Float64Array | null;
}

/** numpy's rounding: halves go to the nearest even integer (T1–T3 of examples.md). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/** SpikeInterface's ms_to_samples: round(ms · fs / 1000), halves to even (0.5 ms at 25 kHz → 12). */
export function msToSamples(ms: number, samplingFrequency: number): number {
  if (!Number.isFinite(ms)) throw new InvalidArgumentError(`ms must be finite, got ${ms}`, { ms });
  if (!(samplingFrequency > 0 && Number.isFinite(samplingFrequency))) {
    throw new InvalidArgumentError(`samplingFrequency must be > 0, got ${samplingFrequency}`, {
      samplingFrequency,
    });
  }
  return roundHalfEven((ms * samplingFrequency) / 1000);
}

export function getTimes(t: TimeInfo, start: number, end: number): Float64Array {
  if (t.timeVector !== null) return t.timeVector.slice(start, end);
  const out = new Float64Array(end - start);
  const t0 = t.tStart ?? 0;
  for (let i = 0; i < out.length; i++) out[i] = (start + i) / t.samplingFrequency + t0;
  return out;
}

export function getStartTime(t: TimeInfo): number {
  if (t.timeVector !== null) return t.timeVector[0];
  return t.tStart ?? 0;
}

/** Time of the last sample (not one past it). */
export function getEndTime(t: TimeInfo, numSamples: number): number {
  if (t.timeVector !== null) return t.timeVector[t.timeVector.length - 1];
  return (numSamples - 1) / t.samplingFrequency + (t.tStart ?? 0);
}

export function sampleIndexToTime(t: TimeInfo, index: number): number {
  if (t.timeVector !== null) return t.timeVector[index];
  return index / t.samplingFrequency + (t.tStart ?? 0);
}

/** Without a vector: round((time - tStart) * fs); with one: the last sample at or before time (may be -1). */
export function timeToSampleIndex(t: TimeInfo, time: number): number {
  if (t.timeVector !== null) {
    const v = t.timeVector;
    let lo = 0;
    let hi = v.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (v[mid] <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
  return roundHalfEven((time - (t.tStart ?? 0)) * t.samplingFrequency);
}
