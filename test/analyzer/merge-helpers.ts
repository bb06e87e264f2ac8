/**
 * A small analyzer for the merge/split tests: fs 1000, 200 samples × 4 channels of value
 * sample + 1000·channel (float32), units a [10, 30, 50], b [33, 90], c [110, 130, 150, 170],
 * every spike selected, waveforms 2 ms before / 3 ms after, templates average and std, noise levels.
 */
import { createSortingAnalyzer } from "../../src/analyzer/create-sorting-analyzer.js";
import type { SortingAnalyzer } from "../../src/analyzer/sorting-analyzer.js";
import { type ChannelSparsity, NumpyRecording, NumpySorting } from "../../src/index.js";

export const A = [10, 30, 50];
export const B = [33, 90];
export const C = [110, 130, 150, 170];

export function recording(): NumpyRecording {
  const data = new Float32Array(200 * 4);
  for (let s = 0; s < 200; s++) for (let c = 0; c < 4; c++) data[s * 4 + c] = s + 1000 * c;
  return new NumpyRecording({ tracesList: { data, shape: [200, 4] }, samplingFrequency: 1000 });
}

export function sorting(): NumpySorting {
  return NumpySorting.fromUnitDict(
    { a: Float64Array.from(A), b: Float64Array.from(B), c: Float64Array.from(C) },
    1000,
  );
}

export async function analyzer(
  options: { sparsity?: ChannelSparsity; waveforms?: boolean } = {},
): Promise<SortingAnalyzer> {
  const sort = sorting();
  // main channels inside the sparse tests' masks (the largest channel, 3, is not in a's)
  sort.setProperty("main_channel_id", [1, 1, 2]);
  const an = await createSortingAnalyzer({
    sorting: sort,
    recording: recording(),
    sparse: false,
    sparsity: options.sparsity ?? null,
  });
  await an.compute("random_spikes", { method: "all" });
  if (options.waveforms ?? true) await an.compute("waveforms", { msBefore: 2, msAfter: 3 });
  await an.compute("templates", { msBefore: 2, msAfter: 3, operators: ["average", "std"] });
  await an.compute("noise_levels");
  return an;
}

export const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
export const std = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

/** Value at (unit u, offset k, channel c) of a (units, 5, 4) templates array. */
export const at = (data: ArrayLike<number>, u: number, k: number, c: number) => data[(u * 5 + k) * 4 + c];
