/**
 * Templates after merging or splitting units (SpikeInterface's ComputeTemplates
 * `_merge_extension_data` / `_split_extension_data`), for SortingAnalyzer.mergeUnits/splitUnits.
 *
 * Merge (soft): every operator of a merged unit is the average of its group's templates weighted
 * by the units' spike counts (float32 weights normalised in float32, as SpikeInterface), then zeroed
 * off the merged unit's channels. That is exact for "average" only, so the other operators are then
 * recomputed from the new analyzer's merged waveforms when it has them; without waveforms "std" is
 * pooled from the per-unit averages and stds (the exact std of the union of the random spikes),
 * where SpikeInterface keeps the weighted average of the stds. Median and percentiles without
 * waveforms stay the weighted average (SpikeInterface's behaviour).
 *
 * Split: kept units keep their rows; new units are computed from the new analyzer's waveforms, or,
 * without waveforms, copy their parent's template (with a warning, as SpikeInterface).
 */
import type { Id } from "../../base/ids.js";
import { parentOfNewUnits } from "../../sorting/apply-splits.js";
import {
  type AnalyzerArray,
  type ExtensionDataValue,
  isAnalyzerArray,
  storageFor,
} from "../analyzer-array.js";
import type { MergeContext, SplitContext } from "../extension.js";
import type { SortingAnalyzer } from "../sorting-analyzer.js";
import { warnAnalyzer } from "../warnings.js";

/** Dense (units, samples, channels) arrays of the new analyzer's units, by data key. */
export type FromWaveforms = (keys: readonly string[]) => Map<string, AnalyzerArray>;

/** The operator of a data key: "average" → "average", "percentile_5" → ["percentile", 5]. */
export function operatorOfKey(key: string): unknown {
  return key.startsWith("percentile_") ? ["percentile", Number(key.slice("percentile_".length))] : key;
}

function rowSizeOf(a: AnalyzerArray): number {
  return a.shape[1] * a.shape[2];
}

/** Copy row `from` of `src` into row `to` of `dst` (same row size). */
function copyRow(dst: AnalyzerArray, to: number, src: AnalyzerArray, from: number): void {
  const k = rowSizeOf(src);
  dst.data.set(src.data.subarray(from * k, (from + 1) * k), to * k);
}

function emptyLike(a: AnalyzerArray, numUnits: number): AnalyzerArray {
  return {
    kind: "array",
    data: storageFor(a.dtype, numUnits * rowSizeOf(a)),
    shape: [numUnits, a.shape[1], a.shape[2]],
    dtype: a.dtype,
  };
}

/** Rows of `from` (new analyzer's units) at `units` copied into `into`, cast to its dtype. */
function overwriteRows(into: AnalyzerArray, from: AnalyzerArray, units: Iterable<number>): void {
  for (const u of units) copyRow(into, u, from, u);
}

/** numpy: `(arr[idx] * weights[:, None, None]).sum(0)` with float32 weights = counts / counts.sum(). */
function weightedRow(arr: AnalyzerArray, members: Int32Array, counts: Float64Array): Float64Array {
  const f = Math.fround;
  const f32 = arr.dtype === "float32";
  let total = 0;
  for (const m of members) total = f(total + f(counts[m]));
  const weights = Array.from(members, (m) => f(f(counts[m]) / total));
  const k = rowSizeOf(arr);
  const out = new Float64Array(k);
  members.forEach((m, i) => {
    const base = m * k;
    for (let j = 0; j < k; j++) {
      const term = f32 ? f(arr.data[base + j] * weights[i]) : arr.data[base + j] * weights[i];
      out[j] = i === 0 ? term : f32 ? f(out[j] + term) : out[j] + term;
    }
  });
  return out;
}

/** sqrt(Σ n_i (σ_i² + (μ_i − μ)²) / N), μ = Σ n_i μ_i / N: the std of the union of the spikes. */
function pooledStdRow(
  avg: AnalyzerArray,
  std: AnalyzerArray,
  members: Int32Array,
  n: Float64Array,
): Float64Array {
  const k = rowSizeOf(std);
  const out = new Float64Array(k);
  let total = 0;
  for (const m of members) total += n[m];
  if (total === 0) return out;
  for (let j = 0; j < k; j++) {
    let mu = 0;
    for (const m of members) mu += n[m] * avg.data[m * k + j];
    mu /= total;
    let v = 0;
    for (const m of members) {
      const d = avg.data[m * k + j] - mu;
      const s = std.data[m * k + j];
      v += n[m] * (s * s + d * d);
    }
    out[j] = Math.sqrt(v / total);
  }
  return out;
}

/** Random spikes per old unit (what "average" and "std" were computed over). */
function randomSpikeCounts(analyzer: SortingAnalyzer): Float64Array {
  const counts = new Float64Array(analyzer.getNumUnits());
  const rs = analyzer.getExtension("random_spikes");
  if (rs !== null) for (const u of rs.getRandomSpikes().unitIndex) counts[u]++;
  return counts;
}

export function mergeTemplatesData(
  source: SortingAnalyzer,
  data: ReadonlyMap<string, ExtensionDataValue>,
  ctx: MergeContext,
  fromWaveforms: FromWaveforms,
): Map<string, ExtensionDataValue> {
  const target = ctx.target;
  const newUnits = target.unitIds;
  const groupOf = new Map<Id, number>(ctx.newUnitIds.map((id, g) => [id, g]));
  const mergedRows = ctx.newUnitIds.map((id) => target.sorting.idToIndex(id));
  const members = ctx.mergeUnitGroups.map((g) => source.sorting.idsToIndices(g));
  const counts = source.sorting.countNumSpikesPerUnitArray();
  const out = new Map<string, ExtensionDataValue>();
  for (const [key, arr] of data) {
    if (!isAnalyzerArray(arr)) continue;
    const merged = emptyLike(arr, newUnits.length);
    newUnits.forEach((id, u) => {
      const g = groupOf.get(id);
      if (g === undefined) copyRow(merged, u, arr, source.sorting.idToIndex(id));
      else merged.data.set(weightedRow(arr, members[g], counts), u * rowSizeOf(arr));
    });
    out.set(key, merged);
  }
  const others = [...out.keys()].filter((k) => k !== "average");
  if (others.length > 0 && target.getExtension("waveforms") !== null) {
    const exact = fromWaveforms(others);
    for (const key of others)
      overwriteRows(out.get(key) as AnalyzerArray, exact.get(key) as AnalyzerArray, mergedRows);
  } else if (data.has("std") && data.has("average")) {
    const avg = data.get("average") as AnalyzerArray;
    const std = data.get("std") as AnalyzerArray;
    const n = randomSpikeCounts(source);
    const into = out.get("std") as AnalyzerArray;
    mergedRows.forEach((u, g) => {
      into.data.set(pooledStdRow(avg, std, members[g], n), u * rowSizeOf(std));
    });
  }
  // Zero what lies off each merged unit's channels (its sparsity row).
  const sparsity = target.sparsity;
  if (sparsity !== null) {
    for (const arr of out.values()) {
      const a = arr as AnalyzerArray;
      const [, ns, c] = a.shape;
      for (const u of mergedRows) {
        const row = sparsity.mask.subarray(u * c, (u + 1) * c);
        for (let t = 0; t < ns; t++)
          for (let ch = 0; ch < c; ch++) if (!row[ch]) a.data[(u * ns + t) * c + ch] = 0;
      }
    }
  }
  return out;
}

export function splitTemplatesData(
  source: SortingAnalyzer,
  data: ReadonlyMap<string, ExtensionDataValue>,
  ctx: SplitContext,
  fromWaveforms: FromWaveforms,
): Map<string, ExtensionDataValue> {
  const target = ctx.target;
  const parentOf = parentOfNewUnits(ctx.splitUnits, ctx.newUnitIds);
  const newRows = [...parentOf.keys()].map((id) => target.sorting.idToIndex(id));
  const hasWaveforms = target.getExtension("waveforms") !== null;
  if (!hasWaveforms) {
    warnAnalyzer(
      'splitting templates without the "waveforms" extension copies the template of each split unit to its new units',
    );
  }
  const out = new Map<string, ExtensionDataValue>();
  for (const [key, arr] of data) {
    if (!isAnalyzerArray(arr)) continue;
    const split = emptyLike(arr, target.getNumUnits());
    target.unitIds.forEach((id, u) => {
      copyRow(split, u, arr, source.sorting.idToIndex(parentOf.get(id) ?? id));
    });
    out.set(key, split);
  }
  if (hasWaveforms && out.size > 0) {
    const exact = fromWaveforms([...out.keys()]);
    for (const [key, arr] of out)
      overwriteRows(arr as AnalyzerArray, exact.get(key) as AnalyzerArray, newRows);
  }
  return out;
}
