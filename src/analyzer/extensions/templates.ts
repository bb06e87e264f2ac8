/**
 * "templates" (ComputeTemplates, spec api.md §10.4): per-unit average, std, median or percentiles.
 * With the "waveforms" extension they are computed from its waveforms (float64, dense, zeros off
 * the sparsity; border spikes' zero waveforms count like any other). Without it, one streaming
 * pass over the recording accumulates average and std (float32, densified), each unit's selected
 * spikes being the divisor. Params: operators (["average", "std"]), ms_before, ms_after (taken from
 * the waveforms extension when it exists).
 */
import type { Id } from "../../base/ids.js";
import { SpikeInterfaceError } from "../../errors.js";
import { pythonFloatRepr } from "../../io/zarr/json.js";
import type { JobKwargs } from "../../jobs/job-kwargs.js";
import { msToSamples } from "../../recording/time.js";
import { Templates } from "../../templates/templates.js";
import {
  type AnalyzerArray,
  type ExtensionDataValue,
  isAnalyzerArray,
  makeArray,
  takeLastAxis,
  takeRows,
  zerosArray,
} from "../analyzer-array.js";
import {
  AnalyzerExtension,
  type ExtensionParams,
  type MergeContext,
  type SplitContext,
} from "../extension.js";
import { registerAnalyzerExtension } from "../extension-registry.js";
import type { SortingAnalyzer } from "../sorting-analyzer.js";
import { meanOfRows, percentileOfRows, stdOfRows } from "../template-stats.js";
import { estimateTemplatesWithAccumulator } from "../waveform-tools.js";
import { mergeTemplatesData, operatorOfKey, splitTemplatesData } from "./templates-merge.js";

/** "average" | "std" | "median" | "mad" (refused when computed, as in SpikeInterface) | ["percentile", q]. */
export type TemplateOperator = "average" | "std" | "median" | "mad" | readonly ["percentile", number];

export interface TemplatesOptions {
  msBefore?: number;
  msAfter?: number;
  operators?: readonly TemplateOperator[] | null;
}

declare module "../extension.js" {
  interface AnalyzerExtensionTypes {
    templates: { extension: ComputeTemplates; options: TemplatesOptions };
  }
}

/**
 * The data key of a percentile. Python builds it as f"percentile_{q}" both when computing and in
 * get_data/get_templates, so `90` gives "percentile_90" and `90.0` gives "percentile_90.0". JS has
 * one number type: we write an integral q the way it reaches Python through params.json (JSON
 * `90` is read back as the int 90), i.e. "percentile_90", which is what Python's own
 * get_data(operator="percentile", percentile=90) looks for; other values use Python's float repr
 * ("percentile_92.5", "percentile_1e-05"). Both spellings are read back (see keyOf).
 */
export function percentileKey(q: number): string {
  return `percentile_${Number.isInteger(q) ? String(q) : pythonFloatRepr(q)}`;
}

/** The data key of an operator: "average", "percentile_5"… */
export function operatorKey(op: unknown): string {
  if (typeof op === "string" && ["average", "std", "median"].includes(op)) return op;
  if (Array.isArray(op) && op.length === 2 && op[0] === "percentile" && typeof op[1] === "number") {
    return percentileKey(op[1]);
  }
  throw new SpikeInterfaceError("invalid_argument", `templates: wrong operator ${JSON.stringify(op)}`);
}

function checkOperators(operators: readonly unknown[]): void {
  for (const op of operators) {
    if (typeof op === "string") {
      if (!["average", "std", "median", "mad"].includes(op)) {
        throw new SpikeInterfaceError(
          "invalid_argument",
          `templates operator ${JSON.stringify(op)} is not supported: use "average", "std", "median", "mad" or ["percentile", q]`,
        );
      }
    } else if (
      !(Array.isArray(op) && op.length === 2 && op[0] === "percentile" && typeof op[1] === "number")
    ) {
      throw new SpikeInterfaceError(
        "invalid_argument",
        `templates operator ${JSON.stringify(op)} must be a name or ["percentile", q]`,
      );
    }
  }
}

/** Dense float64 (units, samples, channels) arrays from the waveforms extension, one per operator. */
export function templatesFromWaveforms(
  analyzer: SortingAnalyzer,
  operators: readonly unknown[],
): Map<string, AnalyzerArray> {
  const wfExt = analyzer.getExtension("waveforms");
  const rs = analyzer.getExtension("random_spikes");
  if (wfExt === null || rs === null) {
    throw new SpikeInterfaceError(
      "extension",
      `templates operators ${JSON.stringify(operators)} need the "waveforms" extension`,
    );
  }
  const keys = operators.map(operatorKey);
  const wfs = wfExt.getData();
  const [, ns, width] = wfs.shape;
  const C = analyzer.getNumChannels();
  const U = analyzer.getNumUnits();
  const out = new Map(keys.map((k) => [k, zerosArray([U, ns, C], "float64")]));
  const units = rs.getRandomSpikes().unitIndex;
  const rowsOf: number[][] = Array.from({ length: U }, () => []);
  for (let i = 0; i < units.length; i++) rowsOf[units[i]].push(i);
  const f32 = wfs.dtype === "float32";
  const size = ns * width;
  for (let u = 0; u < U; u++) {
    const rows = rowsOf[u];
    if (rows.length === 0) continue;
    const chans = analyzer.sparsity === null ? null : analyzer.sparsity.channelIndicesAt(u);
    const k = chans === null ? width : chans.length;
    let mean: Float64Array | null = null;
    operators.forEach((op, o) => {
      let values: Float64Array;
      if (op === "average" || op === "std") {
        mean ??= meanOfRows(wfs.data, size, rows, f32);
        values = op === "average" ? mean : stdOfRows(wfs.data, size, rows, f32, mean);
      } else if (op === "median") {
        values = percentileOfRows(wfs.data, size, rows, f32, 50);
      } else if (Array.isArray(op)) {
        values = percentileOfRows(wfs.data, size, rows, f32, op[1] as number);
      } else {
        throw new SpikeInterfaceError("invalid_argument", `templates: wrong operator ${JSON.stringify(op)}`);
      }
      const dst = (out.get(keys[o]) as AnalyzerArray).data;
      for (let t = 0; t < ns; t++) {
        for (let j = 0; j < k; j++)
          dst[(u * ns + t) * C + (chans === null ? j : chans[j])] = values[t * width + j];
      }
    });
  }
  return out;
}

export class ComputeTemplates extends AnalyzerExtension {
  static override readonly extensionName = "templates";
  static override readonly dependOn = ["random_spikes|waveforms"];
  static override readonly needJobKwargs = true;
  static override readonly pythonClass = "spikeinterface.core.analyzer_extension_core.ComputeTemplates";
  static override readonly defaultOptions = { msBefore: 1.0, msAfter: 2.0, operators: null };

  get nbefore(): number {
    return msToSamples(this.params.ms_before as number, this.analyzer.samplingFrequency);
  }

  get nafter(): number {
    return msToSamples(this.params.ms_after as number, this.analyzer.samplingFrequency);
  }

  buildParams(options: TemplatesOptions): ExtensionParams {
    const operators =
      options.operators && options.operators.length > 0 ? options.operators : ["average", "std"];
    if (!Array.isArray(operators))
      throw new SpikeInterfaceError("invalid_argument", "templates operators must be a list");
    checkOperators(operators);
    const wf = this.analyzer.getExtension("waveforms");
    return {
      operators: structuredClone(operators) as unknown[],
      ms_before: wf !== null ? wf.params.ms_before : (options.msBefore ?? 1.0),
      ms_after: wf !== null ? wf.params.ms_after : (options.msAfter ?? 2.0),
    };
  }

  protected async compute(jobKwargs: JobKwargs): Promise<void> {
    const operators = this.params.operators as unknown[];
    const analyzer = this.analyzer;
    if (analyzer.getExtension("waveforms") !== null) {
      for (const [k, v] of templatesFromWaveforms(analyzer, operators)) this.data.set(k, v);
      return;
    }
    const recording = analyzer.requireRecording('"templates" without the "waveforms" extension');
    const bad = operators.filter((op) => op !== "average" && op !== "std");
    if (bad.length > 0) {
      throw new SpikeInterfaceError(
        "extension",
        `templates operators ${JSON.stringify(bad)} need the "waveforms" extension`,
      );
    }
    const rs = analyzer.getExtension("random_spikes");
    if (rs === null)
      throw new SpikeInterfaceError(
        "extension",
        'extension "templates" requires "random_spikes" to be computed first',
      );
    const returnStd = operators.includes("std");
    const acc = await estimateTemplatesWithAccumulator({
      recording,
      spikes: rs.getRandomSpikes(),
      numUnits: analyzer.getNumUnits(),
      nbefore: this.nbefore,
      nafter: this.nafter,
      returnInUV: analyzer.returnInUV,
      returnStd,
      sparsityMask: analyzer.sparsity?.mask ?? null,
      jobKwargs,
    });
    const densify = (a: Float32Array): AnalyzerArray => {
      if (analyzer.sparsity === null) return makeArray(a, acc.shape, "float32");
      const d = analyzer.sparsity.densifyTemplates({ data: a, shape: acc.shape });
      return makeArray(d.data, d.shape, "float32");
    };
    this.data.set("average", densify(acc.average));
    if (returnStd && acc.std !== null) this.data.set("std", densify(acc.std));
  }

  private keyOf(operator: string, percentile?: number | null): string {
    if (operator !== "percentile") return operator;
    if (percentile === undefined || percentile === null) {
      throw new SpikeInterfaceError("invalid_argument", 'operator "percentile" needs a percentile value');
    }
    const key = percentileKey(percentile);
    // A file written from Python with a float percentile uses "percentile_5.0".
    const floatKey = `percentile_${pythonFloatRepr(percentile)}`;
    return this.data.has(key) || !this.data.has(floatKey) ? key : floatKey;
  }

  /** The (units, samples, channels) array of an operator already computed. */
  getData(options: { operator?: string; percentile?: number | null } = {}): AnalyzerArray {
    this.checkComputed();
    const key = this.keyOf(options.operator ?? "average", options.percentile);
    const arr = this.data.get(key);
    if (!isAnalyzerArray(arr)) {
      throw new SpikeInterfaceError(
        "invalid_argument",
        `templates operator ${JSON.stringify(key)} is not computed; computed: ${JSON.stringify([...this.data.keys()])}`,
      );
    }
    return arr;
  }

  /**
   * Templates of some units; an operator not computed yet is computed from the waveforms, added
   * to the params and saved (unless `save: false`).
   */
  async getTemplates(
    options: { unitIds?: readonly Id[]; operator?: string; percentile?: number | null; save?: boolean } = {},
  ): Promise<AnalyzerArray> {
    const operator = options.operator ?? "average";
    const key = this.keyOf(operator, options.percentile);
    if (!this.data.has(key)) {
      const op = operator === "percentile" ? ["percentile", options.percentile as number] : operator;
      checkOperators([op]);
      for (const [k, v] of templatesFromWaveforms(this.analyzer, [op])) this.data.set(k, v);
      this.params.operators = [...(this.params.operators as unknown[]), op];
      if ((options.save ?? true) && this.analyzer.backend !== null && !this.analyzer.isReadOnly())
        await this.save();
    }
    const all = this.data.get(key) as AnalyzerArray;
    if (options.unitIds === undefined) return all;
    return takeRows(all, this.analyzer.sorting.idsToIndices(options.unitIds));
  }

  /** A Templates object (needs a probe) of one operator. */
  getTemplatesObject(options: { operator?: string; percentile?: number | null } = {}): Templates {
    const arr = this.getData(options);
    return new Templates({
      templatesArray: arr.data as Float64Array,
      shape: arr.shape as [number, number, number],
      samplingFrequency: this.analyzer.samplingFrequency,
      nbefore: this.nbefore,
      isInUV: this.analyzer.returnInUV,
      channelIds: this.analyzer.channelIds,
      unitIds: this.analyzer.unitIds,
      probe: this.analyzer.getProbe(),
    });
  }

  /** (samples, channels) template of one unit. */
  getUnitTemplate(unitId: Id, operator = "average"): AnalyzerArray {
    const arr = this.getData({ operator });
    const one = takeRows(arr, [this.analyzer.sorting.idToIndex(unitId)]);
    return makeArray(one.data, one.shape.slice(1), one.dtype);
  }

  override handleBackwardCompatibilityOnLoad(): void {
    const fs = this.analyzer.samplingFrequency;
    if (!("ms_before" in this.params) && typeof this.params.nbefore === "number") {
      this.params.ms_before = (this.params.nbefore * 1000) / fs;
    }
    if (!("ms_after" in this.params) && typeof this.params.nafter === "number") {
      this.params.ms_after = (this.params.nafter * 1000) / fs;
    }
    for (const key of [...this.data.keys()]) {
      if (key.includes("pencentile")) {
        this.data.set(key.replace("pencentile", "percentile"), this.data.get(key) as ExtensionDataValue);
        this.data.delete(key);
      }
    }
  }

  override selectChannelsData(channelIndices: Int32Array): Map<string, ExtensionDataValue> {
    const out = new Map<string, ExtensionDataValue>();
    for (const [k, v] of this.data) if (isAnalyzerArray(v)) out.set(k, takeLastAxis(v, channelIndices));
    return out;
  }

  // The operators of some data keys recomputed from the new analyzer's waveforms.
  override mergeUnitsData(ctx: MergeContext): Map<string, ExtensionDataValue> {
    return mergeTemplatesData(this.analyzer, this.data, ctx, (keys) =>
      templatesFromWaveforms(ctx.target, keys.map(operatorOfKey)),
    );
  }

  override splitUnitsData(ctx: SplitContext): Map<string, ExtensionDataValue> {
    return splitTemplatesData(this.analyzer, this.data, ctx, (keys) =>
      templatesFromWaveforms(ctx.target, keys.map(operatorOfKey)),
    );
  }

  selectUnitsData(keepUnitIndices: Int32Array): Map<string, ExtensionDataValue> {
    const out = new Map<string, ExtensionDataValue>();
    for (const [k, v] of this.data) if (isAnalyzerArray(v)) out.set(k, takeRows(v, keepUnitIndices));
    return out;
  }
}

registerAnalyzerExtension(ComputeTemplates);
