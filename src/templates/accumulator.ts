/**
 * Average (and std) templates by accumulation (SpikeInterface's
 * `estimate_templates_with_accumulator`): every spike's window is added into a float32 per-unit sum
 * without keeping waveforms. Arithmetic follows numpy's float32 in-place sums, so results match a
 * single-worker Python run. Quirk kept: spikes whose window does not fit in the segment
 * (sample < nbefore or sample >= length − nafter) are skipped but still count in the denominator.
 */
import type { Id } from "../base/ids.js";
import type { NumberArray } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { SpikeVector } from "../sorting/spike-vector.js";

export interface AccumulateTemplatesOptions {
  /** Traces in µV (default true). */
  returnInUV?: boolean;
  /** Also compute the per-sample standard deviation. */
  returnStd?: boolean;
  /** Frames read at a time (default one second of the recording). */
  chunkSize?: number;
  signal?: AbortSignal;
}

export interface AccumulatedTemplates {
  /** units × (nbefore + nafter) × channels, float32. */
  average: Float32Array;
  std: Float32Array | null;
  shape: [number, number, number];
}

export async function estimateTemplatesWithAccumulator(
  recording: BaseRecording,
  spikes: SpikeVector,
  unitIds: readonly Id[],
  nbefore: number,
  nafter: number,
  options: AccumulateTemplatesOptions = {},
): Promise<AccumulatedTemplates> {
  const n = spikes.sampleIndex.length;
  if (n === 0) throw new InvalidArgumentError("estimating templates needs at least one spike");
  if (!Number.isInteger(nbefore) || !Number.isInteger(nafter) || nbefore < 0 || nafter < 0) {
    throw new InvalidArgumentError(
      `nbefore and nafter must be non-negative integers, got ${nbefore}, ${nafter}`,
    );
  }
  const returnInUV = options.returnInUV ?? true;
  const C = recording.getNumChannels();
  const U = unitIds.length;
  const S = nbefore + nafter;
  const width = S * C;
  const sum = new Float32Array(U * width);
  const sq = options.returnStd ? new Float32Array(U * width) : null;
  const counts = new Float64Array(U);
  for (let i = 0; i < n; i++) {
    const u = spikes.unitIndex[i];
    if (!(u >= 0 && u < U))
      throw new InvalidArgumentError(`spike ${i} has unit index ${u} outside ${U} units`);
    counts[u]++;
  }
  const chunkSize = options.chunkSize ?? Math.max(1, Math.trunc(recording.samplingFrequency));
  let i = 0;
  while (i < n) {
    const seg = spikes.segmentIndex[i];
    const length = recording.getNumSamples({ segmentIndex: seg });
    // Spikes of this segment and chunk whose window fits, in spike-vector order.
    const chunkStart = Math.floor(spikes.sampleIndex[i] / chunkSize) * chunkSize;
    const chunkEnd = chunkStart + chunkSize;
    let j = i;
    while (j < n && spikes.segmentIndex[j] === seg && spikes.sampleIndex[j] < chunkEnd) j++;
    const valid: number[] = [];
    for (let k = i; k < j; k++) {
      const s = spikes.sampleIndex[k];
      if (s >= nbefore && s < length - nafter) valid.push(k);
    }
    if (valid.length > 0) {
      const first = spikes.sampleIndex[valid[0]] - nbefore;
      const last = spikes.sampleIndex[valid[valid.length - 1]] + nafter;
      const traces = await recording.getTraces({
        segmentIndex: seg,
        startFrame: first,
        endFrame: last,
        returnInUV,
        signal: options.signal,
      });
      const data = traces.data as NumberArray;
      for (const k of valid) {
        const from = (spikes.sampleIndex[k] - nbefore - first) * C;
        const base = spikes.unitIndex[k] * width;
        // Float32Array stores round every partial sum, as numpy's float32 `+=` does.
        for (let x = 0; x < width; x++) sum[base + x] += data[from + x];
        if (sq !== null) {
          for (let x = 0; x < width; x++) {
            const v = data[from + x];
            sq[base + x] += Math.fround(v * v);
          }
        }
      }
    }
    i = j;
  }
  const average = new Float32Array(U * width);
  for (let u = 0; u < U; u++) {
    if (counts[u] === 0) continue;
    for (let x = 0; x < width; x++) average[u * width + x] = sum[u * width + x] / counts[u];
  }
  let std: Float32Array | null = null;
  if (sq !== null) {
    std = new Float32Array(U * width);
    for (let u = 0; u < U; u++) {
      const count = counts[u];
      if (count === 0) continue;
      for (let x = u * width; x < (u + 1) * width; x++) {
        const m = average[x];
        // numpy: float32 (sq − 2·m·sum), then + count·m² promoted to float64 by the int64 count.
        const a = Math.fround(sq[x] - Math.fround(Math.fround(2 * m) * sum[x]));
        const r = a + count * Math.fround(m * m);
        std[x] = Math.sqrt(Math.max(r, 0) / count);
      }
    }
  }
  return { average, std, shape: [U, S, C] };
}
