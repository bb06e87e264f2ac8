/**
 * SortingAnalyzer (spec api.md §10.2): a sorting paired with its recording (or, when the recording
 * is gone, the recording's attributes), a channel sparsity, and the extensions computed on them.
 * Browser-safe: folders are written through an `AnalyzerBackend` that the Node entry provides.
 * Create one with `createSortingAnalyzer`, open one with `loadSortingAnalyzer` (Node).
 */
import type { Id } from "../base/ids.js";
import type { Property, PropertyInput, PropertyValues } from "../base/properties.js";
import { SpikeInterfaceError, UnknownIdError } from "../errors.js";
import type { JobKwargs } from "../jobs/job-kwargs.js";
import type { Probe } from "../probe/probe.js";
import type { ProbeGroup } from "../probe/probegroup.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import type { ChannelSparsity } from "../sparsity/channel-sparsity.js";
import type { ShapedArray } from "../sparsity/shaped-array.js";
import type { SortingAnalyzerLike } from "../sparsity/sources.js";
import type { DenseTemplatesArray, PeakMode, PeakSign } from "../tools/template-arrays.js";
import { isAnalyzerArray } from "./analyzer-array.js";
import * as mainChannels from "./analyzer-main-channels.js";
import { copyAnalyzer, type SaveAsOptions } from "./assemble.js";
import type { AnalyzerBackend, AnalyzerFormat, AnalyzerSettings } from "./backend.js";
import type { AnalyzerExtension, AnalyzerExtensionTypes } from "./extension.js";
import * as ops from "./extension-ops.js";
import {
  getAvailableAnalyzerExtensions,
  getChildrenDependencies,
  getDefaultAnalyzerExtensionParams,
  hasExtensionClass,
  sortByDependency,
} from "./extension-registry.js";
import "./extensions/index.js";
import { waveformsOneUnit } from "./extensions/waveforms.js";
import {
  type MergeUnitsOptions,
  mergeAnalyzerUnits,
  type NewUnitsResult,
  type SplitUnitsOptions,
  splitAnalyzerUnits,
} from "./merge-units.js";
import { type RecAttributes, recordingAttributesMismatch } from "./rec-attributes.js";
import { selectAnalyzerChannels } from "./select-channels.js";

export interface SortingAnalyzerInit {
  sorting: BaseSorting;
  recording: BaseRecording | null;
  recAttributes: RecAttributes;
  format: AnalyzerFormat;
  sparsity: ChannelSparsity | null;
  settings: AnalyzerSettings;
  backend: AnalyzerBackend | null;
}

type Options = Record<string, unknown>;
type ExtName = keyof AnalyzerExtensionTypes & string;
type ExtOf<K> = K extends ExtName
  ? AnalyzerExtensionTypes[K] extends { extension: infer E }
    ? E
    : never
  : never;
type OptsOf<K> = K extends ExtName
  ? AnalyzerExtensionTypes[K] extends { options: infer O }
    ? O
    : never
  : never;

export interface ComputeOptions {
  /** Save to the analyzer's folder (default true; no effect in memory). */
  save?: boolean;
}

export class SortingAnalyzer implements SortingAnalyzerLike {
  readonly sorting: BaseSorting;
  readonly recAttributes: RecAttributes;
  readonly format: AnalyzerFormat;
  readonly sparsity: ChannelSparsity | null;
  readonly returnInUV: boolean;
  readonly peakSign: PeakSign;
  readonly peakMode: PeakMode;
  readonly backend: AnalyzerBackend | null;
  /** Computed or loaded extensions, by name. */
  readonly extensions = new Map<string, AnalyzerExtension>();
  private readonly recordingRef: BaseRecording | null;
  private temporaryRecording: BaseRecording | null = null;

  constructor(init: SortingAnalyzerInit) {
    this.sorting = init.sorting;
    this.recordingRef = init.recording;
    this.recAttributes = init.recAttributes;
    this.format = init.format;
    this.sparsity = init.sparsity;
    this.returnInUV = init.settings.returnInUV;
    this.peakSign = init.settings.peakSign;
    this.peakMode = init.settings.peakMode;
    this.backend = init.backend;
  }

  // ----- recording, ids, sizes -----
  /** The recording (a temporary one wins), or null in recordingless mode. */
  get recording(): BaseRecording | null {
    return this.temporaryRecording ?? this.recordingRef;
  }

  /** The recording, or an error saying the analyzer has none (for computations that read traces). */
  requireRecording(what = "this computation"): BaseRecording {
    const rec = this.recording;
    if (rec === null) {
      throw new SpikeInterfaceError(
        "extension",
        `${what} needs the recording, but this SortingAnalyzer has none (recordingless): use setTemporaryRecording()`,
      );
    }
    return rec;
  }

  hasRecording(): boolean {
    return this.recordingRef !== null;
  }

  hasTemporaryRecording(): boolean {
    return this.temporaryRecording !== null;
  }

  /** Use `recording` for computations without saving it (it must match the stored attributes). */
  setTemporaryRecording(recording: BaseRecording, { checkDtype = true } = {}): void {
    const mismatch = recordingAttributesMismatch(recording, this.recAttributes, checkDtype);
    if (mismatch !== "") {
      throw new SpikeInterfaceError(
        "incompatible",
        `temporary recording does not match the analyzer: ${mismatch}`,
      );
    }
    this.temporaryRecording = recording;
  }

  get folder(): string | null {
    return this.backend?.folder ?? null;
  }

  get unitIds(): readonly Id[] {
    return this.sorting.unitIds;
  }

  get channelIds(): readonly Id[] {
    return this.recAttributes.channelIds;
  }

  get samplingFrequency(): number {
    return this.sorting.samplingFrequency;
  }

  getSamplingFrequency(): number {
    return this.samplingFrequency;
  }

  getNumUnits(): number {
    return this.sorting.getNumUnits();
  }

  getNumChannels(): number {
    return this.recAttributes.numChannels;
  }

  getNumSegments(): number {
    return this.sorting.getNumSegments();
  }

  getNumSamples(options: { segmentIndex?: number } = {}): number {
    const n = this.getNumSegments();
    const seg = options.segmentIndex;
    if (seg === undefined && n !== 1) {
      throw new SpikeInterfaceError(
        "missing_segment_index",
        `multi-segment analyzer (${n} segments): give segmentIndex`,
      );
    }
    const s = seg ?? 0;
    if (!Number.isInteger(s) || s < 0 || s >= n) {
      throw new SpikeInterfaceError("segment_index", `segmentIndex ${s} out of range [0, ${n})`, {
        segmentIndex: s,
      });
    }
    return this.recAttributes.numSamples[s];
  }

  getTotalSamples(): number {
    return this.recAttributes.numSamples.reduce((a, b) => a + b, 0);
  }

  /** From the recording when there is one (its times), else total samples / fs. */
  getTotalDuration(): number {
    const rec = this.recording;
    return rec !== null ? rec.getTotalDuration() : this.getTotalSamples() / this.samplingFrequency;
  }

  getDtype(): string | null {
    return this.recAttributes.dtype;
  }

  isFiltered(): boolean {
    return this.recAttributes.isFiltered;
  }

  isSparse(): boolean {
    return this.sparsity !== null;
  }

  isReadOnly(): boolean {
    return this.backend?.isReadOnly() ?? false;
  }

  getProbegroup(): ProbeGroup {
    const pg = this.recAttributes.probegroup;
    if (pg === null)
      throw new SpikeInterfaceError("no_probe", "the analyzer's recording had no probe attached");
    return pg;
  }

  getProbe(): Probe {
    const probes = this.getProbegroup().probes;
    if (probes.length !== 1) {
      throw new SpikeInterfaceError(
        "invalid_argument",
        `the analyzer has ${probes.length} probes: use getProbegroup()`,
      );
    }
    return probes[0];
  }

  /** Flat numChannels × ndim positions, channel order (contacts sorted by device channel). */
  getChannelLocations(): Float64Array {
    return mainChannels.channelLocationsOf(this.getProbegroup(), this.getNumChannels());
  }

  channelIdsToIndices(channelIds: readonly Id[]): Int32Array {
    const index = new Map(this.channelIds.map((id, i) => [id, i]));
    const missing = channelIds.filter((id) => !index.has(id));
    if (missing.length > 0) throw new UnknownIdError(missing, "channel id");
    return Int32Array.from(channelIds, (id) => index.get(id) as number);
  }

  // ----- main channels and properties -----
  /** Main channel index of every unit (from the sorting property "main_channel_id"). */
  getMainChannelIndices(): Int32Array {
    return mainChannels.mainChannelIndicesOf(this);
  }

  getMainChannels(options: { outputs?: "index" | "id" } = {}): Int32Array | Id[] {
    const idx = this.getMainChannelIndices();
    return options.outputs === "id" ? Array.from(idx, (i) => this.channelIds[i]) : idx;
  }

  /** Set a unit property; saved to the folder too unless `save: false` or read-only. */
  async setSortingProperty(
    key: string,
    values: PropertyInput,
    options: { ids?: readonly Id[]; missingValue?: unknown; save?: boolean } = {},
  ): Promise<void> {
    this.sorting.setProperty(key, values, { ids: options.ids, missingValue: options.missingValue });
    const prop = this.sorting.getPropertyInfo(key) as Property;
    if ((options.save ?? true) && this.backend !== null && !this.backend.isReadOnly()) {
      await this.backend.writeSortingProperty(key, prop);
    }
  }

  getSortingProperty(key: string, ids?: readonly Id[]): PropertyValues | null {
    return this.sorting.getProperty(key, ids);
  }

  getSortingPropertyKeys(): string[] {
    return this.sorting.getPropertyKeys();
  }

  getRecordingProperty(key: string): PropertyValues | null {
    const rec = this.recording;
    if (rec !== null) return rec.getProperty(key);
    return this.recAttributes.properties.get(key)?.values ?? null;
  }

  getRecordingPropertyKeys(): string[] {
    const rec = this.recording;
    return rec !== null ? rec.getPropertyKeys() : [...this.recAttributes.properties.keys()];
  }

  // ----- extensions -----
  compute<K extends ExtName>(
    name: K,
    options?: OptsOf<K> & JobKwargs,
    computeOptions?: ComputeOptions,
  ): Promise<ExtOf<K>>;
  compute(name: string, options?: Options, computeOptions?: ComputeOptions): Promise<AnalyzerExtension>;
  compute(
    names: readonly string[] | Readonly<Record<string, Options>>,
    options?: JobKwargs & { extensionParams?: Readonly<Record<string, Options>> },
    computeOptions?: ComputeOptions,
  ): Promise<null>;
  async compute(
    input: string | readonly string[] | Readonly<Record<string, Options>>,
    options: Options = {},
    computeOptions: ComputeOptions = {},
  ): Promise<AnalyzerExtension | null> {
    const save = computeOptions.save ?? true;
    if (typeof input === "string") return ops.computeOneExtension(this, input, options, save);
    const { spec, jobKwargs } = ops.parseSeveral(input, options);
    await ops.computeSeveralExtensions(this, spec, jobKwargs, save);
    return null;
  }

  /** Compute one extension; recomputing deletes the extensions that depend on it. */
  computeOneExtension(name: string, options: Options = {}, save = true): Promise<AnalyzerExtension> {
    return ops.computeOneExtension(this, name, options, save);
  }

  /** Compute several extensions, parents first (parents may be in the list or already computed). */
  computeSeveralExtensions(
    spec: Readonly<Record<string, Options>>,
    jobKwargs: JobKwargs = {},
    save = true,
  ): Promise<void> {
    return ops.computeSeveralExtensions(this, spec, jobKwargs, save);
  }

  getExtension<K extends ExtName>(name: K): ExtOf<K> | null;
  getExtension(name: string): AnalyzerExtension | null;
  getExtension(name: string): AnalyzerExtension | null {
    return this.extensions.get(name) ?? null;
  }

  /** True when computed/loaded, or saved in the folder (then `loadExtension` reads it). */
  hasExtension(name: string): boolean {
    return this.extensions.has(name) || (this.backend?.savedExtensionNames().includes(name) ?? false);
  }

  getLoadedExtensionNames(): string[] {
    return [...this.extensions.keys()];
  }

  getSavedExtensionNames(): string[] {
    return this.backend?.savedExtensionNames() ?? [];
  }

  getComputableExtensions(): string[] {
    return getAvailableAnalyzerExtensions();
  }

  getDefaultExtensionParams(name: string): Record<string, unknown> {
    return getDefaultAnalyzerExtensionParams(name);
  }

  /** Read a saved extension; null when it never completed or has no data (then recompute it). */
  loadExtension(name: string): Promise<AnalyzerExtension | null> {
    return ops.loadExtension(this, name);
  }

  /** Load every saved extension whose class is registered, parents first. */
  async loadAllSavedExtensions(): Promise<void> {
    for (const name of sortByDependency(this.getSavedExtensionNames().filter(hasExtensionClass))) {
      await this.loadExtension(name);
    }
  }

  /** Delete an extension (and those computed from it), in memory and in the folder. */
  async deleteExtension(name: string): Promise<void> {
    for (const n of [name, ...getChildrenDependencies(name)]) {
      if (!this.hasExtension(n)) continue;
      if (
        this.backend !== null &&
        !this.backend.isReadOnly() &&
        this.backend.savedExtensionNames().includes(n)
      ) {
        await this.backend.deleteExtension(n);
      }
      this.extensions.delete(n);
    }
  }

  // ----- new analyzers from this one -----
  /** A copy in another format (extensions included). */
  saveAs(options: SaveAsOptions = {}): Promise<SortingAnalyzer> {
    return copyAnalyzer(this, options);
  }

  /** A copy with only these units (kept in this analyzer's unit order); default format memory. */
  selectUnits(unitIds: readonly Id[], options: SaveAsOptions = {}): Promise<SortingAnalyzer> {
    return copyAnalyzer(this, { ...options, unitIds });
  }

  /** A copy without these units (unknown ids are ignored, as in SpikeInterface). */
  removeUnits(unitIds: readonly Id[], options: SaveAsOptions = {}): Promise<SortingAnalyzer> {
    const drop = new Set(unitIds);
    return copyAnalyzer(this, { ...options, unitIds: this.unitIds.filter((id) => !drop.has(id)) });
  }

  /**
   * Merge groups of units into one each (SpikeInterface's merge_units): a new analyzer (default
   * in memory), extensions merged ("soft") or recomputed ("hard"). With `returnNewUnitIds`, also
   * the merged units' ids.
   */
  mergeUnits(options: MergeUnitsOptions & { returnNewUnitIds: true }): Promise<NewUnitsResult<Id[]>>;
  mergeUnits(options: MergeUnitsOptions & { returnNewUnitIds?: false }): Promise<SortingAnalyzer>;
  async mergeUnits(
    options: MergeUnitsOptions & { returnNewUnitIds?: boolean },
  ): Promise<SortingAnalyzer | NewUnitsResult<Id[]>> {
    const result = await mergeAnalyzerUnits(this, options);
    return options.returnNewUnitIds === true ? result : result.analyzer;
  }

  /**
   * Split units (SpikeInterface's split_units): `splitUnits` maps a unit id to the positions, in
   * its spike train over all segments, of the spikes of each new unit (a partition, 2+ parts).
   */
  splitUnits(options: SplitUnitsOptions & { returnNewUnitIds: true }): Promise<NewUnitsResult<Id[][]>>;
  splitUnits(options: SplitUnitsOptions & { returnNewUnitIds?: false }): Promise<SortingAnalyzer>;
  async splitUnits(
    options: SplitUnitsOptions & { returnNewUnitIds?: boolean },
  ): Promise<SortingAnalyzer | NewUnitsResult<Id[][]>> {
    const result = await splitAnalyzerUnits(this, options);
    return options.returnNewUnitIds === true ? result : result.analyzer;
  }

  /** A copy on these channels, in this order (default in memory); see select-channels.ts. */
  selectChannels(channelIds: readonly Id[], options: SaveAsOptions = {}): Promise<SortingAnalyzer> {
    return selectAnalyzerChannels(this, channelIds, options);
  }

  /** An in-memory copy. */
  copy(): Promise<SortingAnalyzer> {
    return copyAnalyzer(this, { format: "memory" });
  }

  // ----- what the sparsity builders and template tools read (SortingAnalyzerLike) -----
  getDenseTemplatesArray(
    options: { operator?: string } = {},
  ): (DenseTemplatesArray & { nbefore: number }) | null {
    const ext = this.extensions.get("templates");
    const arr = ext?.data.get(options.operator ?? "average");
    if (ext === undefined || !isAnalyzerArray(arr)) return null;
    const nbefore = mainChannels.msParamToSamples(ext.params.ms_before, this.samplingFrequency);
    return {
      data: arr.data as Float32Array | Float64Array,
      shape: arr.shape as [number, number, number],
      nbefore,
    };
  }

  getNoiseLevelsData(): ArrayLike<number> | null {
    const arr = this.extensions.get("noise_levels")?.data.get("noise_levels");
    return isAnalyzerArray(arr) ? arr.data : null;
  }

  getDenseWaveformsOneUnit(unitId: Id): (ShapedArray & { nbefore: number; nafter: number }) | null {
    if (this.extensions.get("waveforms") === undefined) return null;
    return waveformsOneUnit(this, unitId, true);
  }

  toString(): string {
    let txt = `SortingAnalyzer: ${this.getNumChannels()} channels - ${this.getNumUnits()} units - ${this.getNumSegments()} segments - ${this.format}`;
    if (this.isSparse()) txt += " - sparse";
    if (this.hasRecording()) txt += " - has recording";
    if (this.hasTemporaryRecording()) txt += " - has temporary recording";
    const names = this.getLoadedExtensionNames();
    txt += `\nLoaded ${names.length} extensions:${names.length > 0 ? ` ${names.join(", ")}` : ""}`;
    return txt;
  }
}
