/**
 * Spikes of one segment as two parallel columns, and their canonical order: by sample index, then
 * by unit index (the order SpikeInterface's generators produce with a stable sort of per-unit
 * trains concatenated in unit order).
 */
import { InvalidArgumentError } from "../errors.js";

/** One segment's spikes: exact integer sample indices and the unit index of each spike. */
export interface SegmentSpikes {
  readonly sampleIndex: Float64Array;
  readonly unitIndex: Int32Array;
}

export function emptySegmentSpikes(): SegmentSpikes {
  return { sampleIndex: new Float64Array(0), unitIndex: new Int32Array(0) };
}

/**
 * Sort spikes by (sample, unit) into new arrays. Fast path: pack each spike into one exact float64
 * key `sample · numUnits + unit` and use the native numeric sort; when the keys would pass 2^53
 * (or samples are negative) fall back to an index sort.
 */
export function sortSegmentSpikes(spikes: SegmentSpikes, numUnits: number): SegmentSpikes {
  const { sampleIndex, unitIndex } = spikes;
  const n = sampleIndex.length;
  if (unitIndex.length !== n) {
    throw new InvalidArgumentError(`${n} sample indices but ${unitIndex.length} unit indices`);
  }
  let maxSample = 0;
  let minSample = 0;
  for (let i = 0; i < n; i++) {
    const s = sampleIndex[i];
    if (s > maxSample) maxSample = s;
    if (s < minSample) minSample = s;
  }
  const units = Math.max(1, numUnits);
  const outSamples = new Float64Array(n);
  const outUnits = new Int32Array(n);
  if (minSample >= 0 && (maxSample + 1) * units <= 2 ** 53) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = sampleIndex[i] * units + unitIndex[i];
    keys.sort();
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      let s = Math.floor(key / units);
      let u = key - s * units;
      // The division can round across an integer when keys are near 2^53; products are exact.
      if (u < 0) {
        s -= 1;
        u += units;
      } else if (u >= units) {
        s += 1;
        u -= units;
      }
      outSamples[i] = s;
      outUnits[i] = u;
    }
    return { sampleIndex: outSamples, unitIndex: outUnits };
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => sampleIndex[a] - sampleIndex[b] || unitIndex[a] - unitIndex[b]);
  for (let i = 0; i < n; i++) {
    outSamples[i] = sampleIndex[order[i]];
    outUnits[i] = unitIndex[order[i]];
  }
  return { sampleIndex: outSamples, unitIndex: outUnits };
}

/** Concatenate per-unit trains (unit u gets index u) and sort by (sample, unit). */
export function mergeUnitTrains(trains: readonly Float64Array[]): SegmentSpikes {
  let total = 0;
  for (const t of trains) total += t.length;
  const sampleIndex = new Float64Array(total);
  const unitIndex = new Int32Array(total);
  let pos = 0;
  trains.forEach((train, u) => {
    sampleIndex.set(train, pos);
    unitIndex.fill(u, pos, pos + train.length);
    pos += train.length;
  });
  return sortSegmentSpikes({ sampleIndex, unitIndex }, trains.length);
}

/** The spike train (sample indices, in order) of each unit 0..numUnits-1. */
export function splitByUnit(spikes: SegmentSpikes, numUnits: number): Float64Array[] {
  const counts = new Int32Array(numUnits);
  const { sampleIndex, unitIndex } = spikes;
  for (let i = 0; i < unitIndex.length; i++) {
    const u = unitIndex[i];
    if (u < 0 || u >= numUnits) {
      throw new InvalidArgumentError(`unit index ${u} is outside [0, ${numUnits})`, { unitIndex: u });
    }
    counts[u]++;
  }
  const trains = Array.from(counts, (c) => new Float64Array(c));
  const fill = new Int32Array(numUnits);
  for (let i = 0; i < unitIndex.length; i++) {
    const u = unitIndex[i];
    trains[u][fill[u]++] = sampleIndex[i];
  }
  return trains;
}
