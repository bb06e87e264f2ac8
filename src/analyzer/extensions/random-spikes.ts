/**
 * "random_spikes" (ComputeRandomSpikes, spec api.md §10.4): the subset of spikes later extensions
 * work on. Params as stored by SpikeInterface: method, max_spikes_per_unit, margin_size, seed
 * (plus percentage / maximum_rate when the method uses them: SpikeInterface HEAD drops those two
 * from params, so its "percentage" and "maximum_rate" methods always fail when run; we keep them,
 * and Python reads the extra keys back). Data: `random_spikes_indices`, sorted int64 indices into
 * the spike vector.
 */
import type { Id } from "../../base/ids.js";
import { SpikeInterfaceError } from "../../errors.js";
import { randomSpikesSelection } from "../../sorting/sorting-tools.js";
import { type SpikeVector, takeSpikes } from "../../sorting/spike-vector.js";
import { type ExtensionDataValue, isAnalyzerArray, makeArray } from "../analyzer-array.js";
import { AnalyzerExtension, type ExtensionParams, type MergeContext } from "../extension.js";
import { registerAnalyzerExtension } from "../extension-registry.js";

export type RandomSpikesMethod = "uniform" | "all" | "percentage" | "maximum_rate";

export interface RandomSpikesOptions {
  method?: RandomSpikesMethod;
  maxSpikesPerUnit?: number;
  marginSize?: number | null;
  seed?: number | null;
  /** Accepted for API parity; not stored (see the module note). */
  percentage?: number | null;
  maximumRate?: number | null;
}

declare module "../extension.js" {
  interface AnalyzerExtensionTypes {
    random_spikes: { extension: ComputeRandomSpikes; options: RandomSpikesOptions };
  }
}

export class ComputeRandomSpikes extends AnalyzerExtension {
  static override readonly extensionName = "random_spikes";
  static override readonly pythonClass = "spikeinterface.core.analyzer_extension_core.ComputeRandomSpikes";
  static override readonly defaultOptions = {
    method: "uniform",
    maxSpikesPerUnit: 500,
    marginSize: null,
    seed: null,
    percentage: null,
    maximumRate: null,
  };
  private cachedSpikes: SpikeVector | null = null;

  buildParams(options: RandomSpikesOptions): ExtensionParams {
    const method = options.method ?? "uniform";
    const params: ExtensionParams = {
      method,
      max_spikes_per_unit: options.maxSpikesPerUnit ?? 500,
      margin_size: options.marginSize ?? null,
      seed: options.seed ?? null,
    };
    if (method === "percentage") params.percentage = options.percentage ?? null;
    if (method === "maximum_rate") params.maximum_rate = options.maximumRate ?? null;
    return params;
  }

  protected async compute(): Promise<void> {
    const p = this.params;
    const selected = randomSpikesSelection(this.analyzer.sorting, {
      numSamples: this.analyzer.recAttributes.numSamples,
      method: p.method as RandomSpikesMethod,
      maxSpikesPerUnit: p.max_spikes_per_unit as number,
      marginSize: p.margin_size as number | null,
      seed: p.seed as number | null,
      percentage: (p.percentage as number | null | undefined) ?? null,
      maximumRate: (p.maximum_rate as number | null | undefined) ?? null,
    });
    const indices = Float64Array.from(selected);
    this.cachedSpikes = null;
    this.data.set("random_spikes_indices", makeArray(indices, [indices.length], "int64"));
  }

  /** Sorted indices into the analyzer sorting's spike vector. */
  getData(): Float64Array {
    this.checkComputed();
    const a = this.data.get("random_spikes_indices");
    if (!isAnalyzerArray(a))
      throw new SpikeInterfaceError("extension", "random_spikes has no random_spikes_indices");
    return a.data as Float64Array;
  }

  /** The spike vector rows of the selected spikes (cached). */
  getRandomSpikes(): SpikeVector {
    this.cachedSpikes ??= takeSpikes(this.analyzer.sorting.toSpikeVector(), this.getData());
    return this.cachedSpikes;
  }

  /** Positions, within the unit's spike train of that segment, of its selected spikes. */
  getSelectedIndicesInSpikeTrain(unitId: Id, segmentIndex: number): Int32Array {
    const inTrain = this.analyzer.sorting.getUnitSpikeIndices(unitId, segmentIndex);
    const selected = new Set(this.getData());
    const out: number[] = [];
    inTrain.forEach((spikeIndex, k) => {
      if (selected.has(spikeIndex)) out.push(k);
    });
    return Int32Array.from(out);
  }

  selectUnitsData(keepUnitIndices: Int32Array): Map<string, ExtensionDataValue> {
    const spikes = this.analyzer.sorting.toSpikeVector();
    const keep = new Uint8Array(this.analyzer.getNumUnits());
    for (const u of keepUnitIndices) keep[u] = 1;
    const selected = new Uint8Array(spikes.unitIndex.length);
    for (const i of this.getData()) selected[i] = 1;
    // New position = rank among the kept units' spikes (the new sorting's spike vector order).
    const out: number[] = [];
    let rank = 0;
    for (let i = 0; i < spikes.unitIndex.length; i++) {
      if (!keep[spikes.unitIndex[i]]) continue;
      if (selected[i]) out.push(rank);
      rank++;
    }
    return new Map([["random_spikes_indices", makeArray(Float64Array.from(out), [out.length], "int64")]]);
  }

  /**
   * The merged sorting keeps the spike vector's order and drops only censored spikes, so a selected
   * spike's new index is its rank among the kept spikes (censored selected spikes leave the set).
   */
  override mergeUnitsData(ctx: MergeContext): Map<string, ExtensionDataValue> {
    const keep = ctx.keepMask;
    if (keep === null) return new Map(this.data);
    const rank = new Float64Array(keep.length);
    for (let i = 0, r = 0; i < keep.length; i++) {
      rank[i] = r;
      r += keep[i];
    }
    const out = this.getData()
      .filter((i) => keep[i] === 1)
      .map((i) => rank[i]);
    return new Map([["random_spikes_indices", makeArray(out, [out.length], "int64")]]);
  }

  /** A split only relabels spikes: the indices stay valid. */
  override splitUnitsData(): Map<string, ExtensionDataValue> {
    return new Map(this.data);
  }
}

registerAnalyzerExtension(ComputeRandomSpikes);
