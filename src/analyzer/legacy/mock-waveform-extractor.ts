/**
 * MockWaveformExtractor (spec api.md §12): the pre-0.101 WaveformExtractor API on top of a
 * SortingAnalyzer, so old code keeps working. Waveforms come from the "waveforms" extension,
 * templates from "templates".
 *
 * Deliberate difference: SpikeInterface's getWaveforms on a sparse analyzer returns the padded
 * width (and fails to densify units with fewer channels); here a unit's waveforms always have its
 * own active channels, or all channels with forceDense.
 */
import type { Id } from "../../base/ids.js";
import { InvalidArgumentError, SpikeInterfaceError } from "../../errors.js";
import type { Probe } from "../../probe/probe.js";
import type { ProbeGroup } from "../../probe/probegroup.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import { msToSamples } from "../../recording/time.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import type { ChannelSparsity } from "../../sparsity/channel-sparsity.js";
import type { ShapedArray } from "../../sparsity/shaped-array.js";
import { type AnalyzerArray, isAnalyzerArray, takeRows } from "../analyzer-array.js";
import { waveformsOneUnit } from "../extensions/waveforms.js";
import type { SortingAnalyzer } from "../sorting-analyzer.js";

/** Positions of a unit's sampled spikes within its spike trains, per segment. */
export interface SampledIndices {
  spikeIndex: Int32Array;
  segmentIndex: Int32Array;
}

export interface TemplateRequest {
  mode?: "average" | "std" | "median" | "percentile";
  percentile?: number | null;
}

export class MockWaveformExtractor {
  constructor(readonly sortingAnalyzer: SortingAnalyzer) {}

  private waveformsParams(): Record<string, unknown> {
    const ext = this.sortingAnalyzer.getExtension("waveforms");
    if (ext === null) throw new SpikeInterfaceError("extension", 'the "waveforms" extension is not computed');
    return ext.params;
  }

  get recording(): BaseRecording | null {
    return this.sortingAnalyzer.recording;
  }
  get sorting(): BaseSorting {
    return this.sortingAnalyzer.sorting;
  }
  get channelIds(): readonly Id[] {
    return this.sortingAnalyzer.channelIds;
  }
  get unitIds(): readonly Id[] {
    return this.sortingAnalyzer.unitIds;
  }
  get samplingFrequency(): number {
    return this.sortingAnalyzer.samplingFrequency;
  }
  get nbefore(): number {
    return msToSamples(this.waveformsParams().ms_before as number, this.samplingFrequency);
  }
  get nafter(): number {
    return msToSamples(this.waveformsParams().ms_after as number, this.samplingFrequency);
  }
  get nsamples(): number {
    return this.nbefore + this.nafter;
  }
  get returnScaled(): boolean {
    return this.sortingAnalyzer.returnInUV;
  }
  get dtype(): string {
    return this.waveformsParams().dtype as string;
  }
  get sparsity(): ChannelSparsity | null {
    return this.sortingAnalyzer.sparsity;
  }
  get folder(): string | null {
    return this.sortingAnalyzer.folder;
  }
  /** "binary" for a binary_folder analyzer, as the old extractor said. */
  get format(): string {
    return this.sortingAnalyzer.format === "binary_folder" ? "binary" : this.sortingAnalyzer.format;
  }

  isSparse(): boolean {
    return this.sortingAnalyzer.isSparse();
  }
  hasWaveforms(): boolean {
    return this.sortingAnalyzer.getExtension("waveforms") !== null;
  }
  hasRecording(): boolean {
    return this.sortingAnalyzer.hasRecording();
  }
  isReadOnly(): boolean {
    return this.sortingAnalyzer.isReadOnly();
  }
  deleteWaveforms(): Promise<void> {
    return this.sortingAnalyzer.deleteExtension("waveforms");
  }
  deleteExtension(name: string): Promise<void> {
    return this.sortingAnalyzer.deleteExtension(name);
  }
  hasExtension(name: string): boolean {
    return this.sortingAnalyzer.hasExtension(name);
  }
  loadExtension(name: string): unknown {
    return this.sortingAnalyzer.getExtension(name);
  }
  getAvailableExtensionNames(): string[] {
    return this.sortingAnalyzer.getLoadedExtensionNames();
  }
  getNumSamples(segmentIndex?: number): number {
    return this.sortingAnalyzer.getNumSamples({ segmentIndex });
  }
  getTotalSamples(): number {
    return this.sortingAnalyzer.getTotalSamples();
  }
  getTotalDuration(): number {
    return this.sortingAnalyzer.getTotalDuration();
  }
  getNumChannels(): number {
    return this.sortingAnalyzer.getNumChannels();
  }
  getNumSegments(): number {
    return this.sortingAnalyzer.getNumSegments();
  }
  getProbegroup(): ProbeGroup {
    return this.sortingAnalyzer.getProbegroup();
  }
  getProbe(): Probe {
    return this.sortingAnalyzer.getProbe();
  }
  isFiltered(): boolean {
    return this.sortingAnalyzer.isFiltered();
  }
  getChannelLocations(): Float64Array {
    return this.sortingAnalyzer.getChannelLocations();
  }
  channelIdsToIndices(channelIds: readonly Id[]): Int32Array {
    return this.sortingAnalyzer.channelIdsToIndices(channelIds);
  }
  selectUnits(unitIds: readonly Id[]): Promise<SortingAnalyzer> {
    return this.sortingAnalyzer.selectUnits(unitIds);
  }

  getSampledIndices(unitId: Id): SampledIndices {
    const rs = this.sortingAnalyzer.getExtension("random_spikes");
    if (rs === null)
      throw new SpikeInterfaceError("extension", 'getSampledIndices() needs the "random_spikes" extension');
    const spike: number[] = [];
    const segment: number[] = [];
    for (let s = 0; s < this.getNumSegments(); s++) {
      for (const k of rs.getSelectedIndicesInSpikeTrain(unitId, s)) {
        spike.push(k);
        segment.push(s);
      }
    }
    return { spikeIndex: Int32Array.from(spike), segmentIndex: Int32Array.from(segment) };
  }

  /**
   * (spikes, samples, channels): the unit's active channels, or all with forceDense; on a dense
   * analyzer, `sparsity` keeps the unit's channels of that sparsity. (SpikeInterface's mock pads a
   * sparse unit to the widest unit's channel count; here, as the old WaveformExtractor did, a unit
   * has exactly its own channels.)
   */
  getWaveforms(unitId: Id, options: { forceDense?: boolean; sparsity?: ChannelSparsity } = {}): ShapedArray {
    if (!this.hasWaveforms())
      throw new SpikeInterfaceError("extension", 'the "waveforms" extension is not computed');
    const { sparsity } = options;
    if (sparsity !== undefined) {
      if (this.sortingAnalyzer.sparsity !== null || options.forceDense === true)
        throw new InvalidArgumentError(
          "getWaveforms: a sparsity applies to a dense analyzer's waveforms only (not with forceDense)",
        );
      const { data, shape } = waveformsOneUnit(this.sortingAnalyzer, unitId, false);
      return sparsity.sparsifyWaveforms({ data, shape }, unitId);
    }
    const { data, shape } = waveformsOneUnit(this.sortingAnalyzer, unitId, options.forceDense ?? false);
    return { data, shape };
  }

  getWaveformsWithIndex(
    unitId: Id,
    options: { forceDense?: boolean } = {},
  ): { waveforms: ShapedArray; sampledIndex: SampledIndices } {
    return { waveforms: this.getWaveforms(unitId, options), sampledIndex: this.getSampledIndices(unitId) };
  }

  /** (units, samples, channels) templates of one mode, computed ones only. */
  getAllTemplates(options: TemplateRequest & { unitIds?: readonly Id[] } = {}): AnalyzerArray {
    const ext = this.sortingAnalyzer.getExtension("templates");
    const mode = options.mode ?? "average";
    const key = mode === "percentile" ? `percentile_${options.percentile}` : mode;
    const arr =
      ext === null
        ? undefined
        : mode === "percentile"
          ? safeGet(() => ext.getData({ operator: "percentile", percentile: options.percentile }))
          : ext.data.get(key);
    if (!isAnalyzerArray(arr))
      throw new SpikeInterfaceError("extension", `templates ${JSON.stringify(key)} are not computed`);
    if (options.unitIds === undefined) return arr;
    return takeRows(arr, this.sorting.idsToIndices(options.unitIds));
  }

  /** (samples, channels) template of one unit. */
  getTemplate(unitId: Id, options: TemplateRequest = {}): AnalyzerArray {
    const one = this.getAllTemplates({ ...options, unitIds: [unitId] });
    return { ...one, shape: one.shape.slice(1) };
  }

  /** Compute template modes now (from the waveforms), like the old precompute_templates. */
  async precomputeTemplates(
    modes: readonly string[] = ["average", "std", "median", "percentile"],
    percentile?: number,
  ): Promise<void> {
    const ext = this.sortingAnalyzer.getExtension("templates");
    if (ext === null) {
      const operators = modes.map((m) => (m === "percentile" ? ["percentile", percentile ?? 5] : m));
      await this.sortingAnalyzer.compute("templates", { operators: operators as never });
      return;
    }
    for (const mode of modes)
      await ext.getTemplates({
        operator: mode,
        percentile: mode === "percentile" ? (percentile ?? 5) : null,
      });
  }

  toString(): string {
    return `MockWaveformExtractor: mock the old WaveformExtractor with ${String(this.sortingAnalyzer)}`;
  }
}

function safeGet<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
