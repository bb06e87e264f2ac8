/**
 * "waveforms" (ComputeWaveforms, spec api.md §10.4): the window [s − nbefore, s + nafter) of every
 * random spike, in one (numRandomSpikes, nbefore + nafter, C) array; C = all channels (dense) or
 * the widest unit's active channels (sparse: each unit's channels first, ascending, zero padded).
 * Spikes whose window leaves the segment are skipped and stay zero. Params ms_before (1.0),
 * ms_after (2.0) and dtype (numpy string; the recording's, but float32 for integer recordings
 * in µV).
 */
import type { Id } from "../../base/ids.js";
import { isIntegerDType, parseDType, toNumpyDescr } from "../../dtype.js";
import { SpikeInterfaceError } from "../../errors.js";
import type { JobKwargs } from "../../jobs/job-kwargs.js";
import { msToSamples } from "../../recording/time.js";
import type { ShapedArray } from "../../sparsity/shaped-array.js";
import {
  type AnalyzerArray,
  type ExtensionDataValue,
  isAnalyzerArray,
  makeArray,
  storageFor,
  takeLastAxis,
  takeRows,
} from "../analyzer-array.js";
import { AnalyzerExtension, type ExtensionParams, type MergeContext } from "../extension.js";
import { registerAnalyzerExtension } from "../extension-registry.js";
import type { SortingAnalyzer } from "../sorting-analyzer.js";
import { extractWaveformsToSingleBuffer } from "../waveform-tools.js";
import type { ComputeRandomSpikes } from "./random-spikes.js";

export interface WaveformsOptions {
  msBefore?: number;
  msAfter?: number;
  /** "float32", "<f4", "int16"… Default: see the module note. */
  dtype?: string | null;
}

declare module "../extension.js" {
  interface AnalyzerExtensionTypes {
    waveforms: { extension: ComputeWaveforms; options: WaveformsOptions };
  }
}

function randomSpikesOf(analyzer: SortingAnalyzer): ComputeRandomSpikes {
  const rs = analyzer.getExtension("random_spikes");
  if (rs === null) {
    throw new SpikeInterfaceError(
      "extension",
      'extension "waveforms" requires "random_spikes" to be computed first',
    );
  }
  return rs;
}

export class ComputeWaveforms extends AnalyzerExtension {
  static override readonly extensionName = "waveforms";
  static override readonly dependOn = ["random_spikes"];
  static override readonly needRecording = true;
  static override readonly needJobKwargs = true;
  static override readonly pythonClass = "spikeinterface.core.analyzer_extension_core.ComputeWaveforms";
  static override readonly defaultOptions = { msBefore: 1.0, msAfter: 2.0, dtype: null };

  get nbefore(): number {
    return msToSamples(this.params.ms_before as number, this.analyzer.samplingFrequency);
  }

  get nafter(): number {
    return msToSamples(this.params.ms_after as number, this.analyzer.samplingFrequency);
  }

  buildParams(options: WaveformsOptions): ExtensionParams {
    const msBefore = options.msBefore ?? 1.0;
    const msAfter = options.msAfter ?? 2.0;
    for (const [k, v] of [
      ["msBefore", msBefore],
      ["msAfter", msAfter],
    ] as const) {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        throw new SpikeInterfaceError(
          "invalid_argument",
          `waveforms ${k} must be a number >= 0, got ${String(v)}`,
        );
      }
    }
    let dtype = options.dtype
      ? parseDType(options.dtype)
      : this.analyzer.requireRecording("waveforms").getDtype();
    if (isIntegerDType(dtype) && this.analyzer.returnInUV) dtype = "float32";
    return { ms_before: msBefore, ms_after: msAfter, dtype: toNumpyDescr(dtype) };
  }

  protected async compute(jobKwargs: JobKwargs): Promise<void> {
    const analyzer = this.analyzer;
    const waveforms = await extractWaveformsToSingleBuffer({
      recording: analyzer.requireRecording("waveforms"),
      spikes: randomSpikesOf(analyzer).getRandomSpikes(),
      numUnits: analyzer.getNumUnits(),
      nbefore: this.nbefore,
      nafter: this.nafter,
      returnInUV: analyzer.returnInUV,
      dtype: parseDType(this.params.dtype as string),
      sparsityMask: analyzer.sparsity?.mask ?? null,
      jobKwargs,
      jobName: "compute_waveforms",
    });
    this.data.set("waveforms", waveforms);
  }

  /** (numRandomSpikes, samples, C) array. */
  getData(): AnalyzerArray {
    this.checkComputed();
    const w = this.data.get("waveforms");
    if (!isAnalyzerArray(w))
      throw new SpikeInterfaceError("extension", "waveforms extension has no waveforms array");
    return w;
  }

  /** One unit's waveforms: its active channels when sparse, all channels with forceDense. */
  getWaveformsOneUnit(unitId: Id, options: { forceDense?: boolean } = {}): ShapedArray {
    return waveformsOneUnit(this.analyzer, unitId, options.forceDense ?? false);
  }

  selectUnitsData(keepUnitIndices: Int32Array): Map<string, ExtensionDataValue> {
    const keep = new Uint8Array(this.analyzer.getNumUnits());
    for (const u of keepUnitIndices) keep[u] = 1;
    const units = randomSpikesOf(this.analyzer).getRandomSpikes().unitIndex;
    const rows: number[] = [];
    for (let i = 0; i < units.length; i++) if (keep[units[i]]) rows.push(i);
    return new Map([["waveforms", takeRows(this.getData(), rows)]]);
  }

  /**
   * Rows of censored spikes are dropped. Sparse: a merged unit's channels are the intersection of
   * its group's (SpikeInterface's soft merge), so each member's waveforms are repacked onto those
   * channels (its other channels dropped), and the width shrinks to the new widest unit.
   */
  override mergeUnitsData(ctx: MergeContext): Map<string, ExtensionDataValue> {
    const all = this.getData();
    const rs = randomSpikesOf(this.analyzer);
    const indices = rs.getData();
    const units = rs.getRandomSpikes().unitIndex;
    const keep = ctx.keepMask;
    const rows: number[] = [];
    for (let i = 0; i < indices.length; i++) if (keep === null || keep[indices[i]] === 1) rows.push(i);
    const oldSparsity = this.analyzer.sparsity;
    const newSparsity = ctx.target.sparsity;
    if (oldSparsity === null || newSparsity === null) {
      return new Map([["waveforms", takeRows(all, rows)]]);
    }
    const outWidth = Math.min(all.shape[2], newSparsity.maxNumActiveChannels);
    // Source columns of each old unit's output columns: identity, or its channels kept by the merge.
    const identity = Int32Array.from({ length: outWidth }, (_, j) => j);
    const columnsOf: Int32Array[] = Array.from({ length: this.analyzer.getNumUnits() }, () => identity);
    const c = newSparsity.numChannels;
    ctx.mergeUnitGroups.forEach((group, g) => {
      const merged = ctx.target.sorting.idToIndex(ctx.newUnitIds[g]);
      const kept = newSparsity.mask.subarray(merged * c, (merged + 1) * c);
      for (const id of group) {
        const u = this.analyzer.sorting.idToIndex(id);
        const chans = oldSparsity.channelIndicesAt(u);
        columnsOf[u] = Int32Array.from(chans.keys()).filter((j) => kept[chans[j]] === 1);
      }
    });
    return new Map([["waveforms", gatherColumns(all, rows, (r) => columnsOf[units[r]], outWidth)]]);
  }

  /**
   * Dense: the channels' columns. Sparse: each unit's waveforms repacked onto its new channels
   * (its old channels that are selected, in the new channel order), width the new widest unit.
   */
  override selectChannelsData(
    channelIndices: Int32Array,
    target: SortingAnalyzer,
  ): Map<string, ExtensionDataValue> {
    const all = this.getData();
    const oldSparsity = this.analyzer.sparsity;
    const newSparsity = target.sparsity;
    if (oldSparsity === null || newSparsity === null) {
      return new Map([["waveforms", takeLastAxis(all, channelIndices)]]);
    }
    const columnsOf = Array.from({ length: this.analyzer.getNumUnits() }, (_, u) => {
      const position = new Map(Array.from(oldSparsity.channelIndicesAt(u), (ch, j) => [ch, j]));
      return Int32Array.from(
        newSparsity.channelIndicesAt(u),
        (n) => position.get(channelIndices[n]) as number,
      );
    });
    const units = randomSpikesOf(this.analyzer).getRandomSpikes().unitIndex;
    const rows = Array.from({ length: all.shape[0] }, (_, i) => i);
    return new Map([
      ["waveforms", gatherColumns(all, rows, (r) => columnsOf[units[r]], newSparsity.maxNumActiveChannels)],
    ]);
  }

  /** A split only relabels spikes, and new units keep their parent's channels: data unchanged. */
  override splitUnitsData(): Map<string, ExtensionDataValue> {
    return new Map(this.data);
  }
}

/** Rows `rows` of a (n, samples, width) array, row r keeping columns `columnsOf(r)` (then zeros). */
function gatherColumns(
  all: AnalyzerArray,
  rows: readonly number[],
  columnsOf: (row: number) => Int32Array,
  outWidth: number,
): AnalyzerArray {
  const [, ns, width] = all.shape;
  const out = storageFor(all.dtype, rows.length * ns * outWidth);
  rows.forEach((r, i) => {
    const cols = columnsOf(r);
    for (let t = 0; t < ns; t++) {
      const src = (r * ns + t) * width;
      const dst = (i * ns + t) * outWidth;
      for (let j = 0; j < cols.length; j++) out[dst + j] = all.data[src + cols[j]];
    }
  });
  return makeArray(out, [rows.length, ns, outWidth], all.dtype);
}

/** Waveforms of one unit (rows of its random spikes), sparse width or densified. */
export function waveformsOneUnit(
  analyzer: SortingAnalyzer,
  unitId: Id,
  forceDense: boolean,
): ShapedArray & { nbefore: number; nafter: number } {
  const ext = analyzer.getExtension("waveforms");
  if (ext === null) throw new SpikeInterfaceError("extension", 'the "waveforms" extension is not computed');
  const all = ext.getData();
  const u = analyzer.sorting.idToIndex(unitId);
  const units = randomSpikesOf(analyzer).getRandomSpikes().unitIndex;
  const rows: number[] = [];
  for (let i = 0; i < units.length; i++) if (units[i] === u) rows.push(i);
  const [, ns, width] = all.shape;
  const sparsity = analyzer.sparsity;
  const chans = sparsity === null ? null : sparsity.channelIndicesAt(u);
  const k = chans === null ? width : chans.length;
  const c = forceDense ? analyzer.getNumChannels() : k;
  const out = storageFor(all.dtype, rows.length * ns * c);
  rows.forEach((r, i) => {
    for (let t = 0; t < ns; t++) {
      const src = (r * ns + t) * width;
      const dst = (i * ns + t) * c;
      for (let j = 0; j < k; j++)
        out[dst + (forceDense && chans !== null ? chans[j] : j)] = all.data[src + j];
    }
  });
  return { data: out, shape: [rows.length, ns, c], nbefore: ext.nbefore, nafter: ext.nafter };
}

registerAnalyzerExtension(ComputeWaveforms);
