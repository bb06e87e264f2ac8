/**
 * AnalyzerExtension (spec api.md §10.3): one computation attached to a SortingAnalyzer, with its
 * params (stored with SpikeInterface's keys, e.g. `ms_before`), its data (arrays and JSON dicts)
 * and its run info. Subclasses declare `extensionName`, `dependOn`, `needRecording`,
 * `needJobKwargs` and `pythonClass` as statics and implement `buildParams` (Python's `_set_params`),
 * `compute` (`_run`), `selectUnitsData` and `getData`.
 *
 * Persistence goes through the analyzer's backend (binary folder or zarr); an in-memory analyzer
 * has none and every save is a no-op, as in SpikeInterface.
 */
import type { Id } from "../base/ids.js";
import { SpikeInterfaceError } from "../errors.js";
import type { JobKwargs } from "../jobs/job-kwargs.js";
import type { ExtensionDataValue } from "./analyzer-array.js";
import type { SortingAnalyzer } from "./sorting-analyzer.js";

/** Extension params as stored (JSON values, SpikeInterface's snake_case keys). */
export type ExtensionParams = Record<string, unknown>;

export interface RunInfo {
  run_completed: boolean;
  runtime_s: number | null;
}

/**
 * name → { extension: class instance type; options: what compute(name, options) accepts }.
 * Each extension module adds its entry with declaration merging, so `compute("waveforms", ...)`
 * and `getExtension("waveforms")` are typed.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each extension module
export interface AnalyzerExtensionTypes {}

export interface ExtensionClass<E extends AnalyzerExtension = AnalyzerExtension> {
  new (analyzer: SortingAnalyzer): E;
  readonly extensionName: string;
  /** Parents; "a|b" means either one. */
  readonly dependOn: readonly string[];
  readonly needRecording: boolean;
  readonly needJobKwargs: boolean;
  /** Python class path written in info.json. */
  readonly pythonClass: string;
  /** Default options (camelCase), for getDefaultExtensionParams. */
  readonly defaultOptions: Readonly<Record<string, unknown>>;
  /** Option names compute() accepts (default: the keys of defaultOptions). */
  readonly optionNames: readonly string[] | null;
}

/** What an extension needs to merge its data (SortingAnalyzer.mergeUnits, soft mode). */
export interface MergeContext {
  readonly mergeUnitGroups: readonly (readonly Id[])[];
  /** One per group. */
  readonly newUnitIds: readonly Id[];
  /** The new analyzer (its sorting, sparsity and the extensions already carried over). */
  readonly target: SortingAnalyzer;
  /** Per spike of the old spike vector, 1 when kept (null: all kept, no censoring). */
  readonly keepMask: Uint8Array | null;
}

/** What an extension needs to split its data (SortingAnalyzer.splitUnits). */
export interface SplitContext {
  /** unit id → spike positions of each part. */
  readonly splitUnits: ReadonlyMap<Id, readonly ArrayLike<number>[]>;
  /** One list per split unit, one id per part. */
  readonly newUnitIds: readonly (readonly Id[])[];
  readonly target: SortingAnalyzer;
}

export abstract class AnalyzerExtension {
  static readonly extensionName: string = "";
  static readonly dependOn: readonly string[] = [];
  static readonly needRecording: boolean = false;
  static readonly needJobKwargs: boolean = false;
  static readonly pythonClass: string = "";
  static readonly defaultOptions: Readonly<Record<string, unknown>> = {};
  static readonly optionNames: readonly string[] | null = null;

  params: ExtensionParams = {};
  data = new Map<string, ExtensionDataValue>();
  runInfo: RunInfo | null = { run_completed: false, runtime_s: null };

  constructor(readonly analyzer: SortingAnalyzer) {}

  get extensionName(): string {
    return (this.constructor as ExtensionClass).extensionName;
  }

  get pythonClass(): string {
    return (this.constructor as ExtensionClass).pythonClass;
  }

  /** Python's `_set_params`: user options (camelCase) → the params dict that is stored. */
  abstract buildParams(options: Record<string, unknown>): ExtensionParams;

  /** Python's `_run`: fill `this.data`. */
  protected abstract compute(jobKwargs: JobKwargs): Promise<void>;

  /** Data restricted to the units at `keepUnitIndices` (positions in the current analyzer). */
  abstract selectUnitsData(
    keepUnitIndices: Int32Array,
    unitIds: readonly Id[],
  ): Map<string, ExtensionDataValue>;

  /**
   * Data restricted to the channels at `channelIndices` (in that order; `target` is the new
   * analyzer). Default: unchanged, for data that do not depend on channels (SpikeInterface's).
   */
  selectChannelsData(_channelIndices: Int32Array, _target: SortingAnalyzer): Map<string, ExtensionDataValue> {
    return new Map(this.data);
  }

  /** Data after a soft merge of units; extensions that cannot merge refuse (recompute them). */
  mergeUnitsData(_ctx: MergeContext): Map<string, ExtensionDataValue> {
    throw new SpikeInterfaceError(
      "extension",
      `extension ${JSON.stringify(this.extensionName)} cannot merge units: use mergingMode "hard" or delete it`,
    );
  }

  /** Data after splitting units; extensions that cannot split refuse (recompute them). */
  splitUnitsData(_ctx: SplitContext): Map<string, ExtensionDataValue> {
    throw new SpikeInterfaceError(
      "extension",
      `extension ${JSON.stringify(this.extensionName)} cannot split units: delete it before splitting`,
    );
  }

  /** The extension's main result. */
  abstract getData(options?: never): unknown;

  /** Fix params/data written by older SpikeInterface versions (after loading). */
  handleBackwardCompatibilityOnLoad(): void {}

  /** Set params (and, when saving, reset the stored extension and write params + info). */
  async setParams(options: Record<string, unknown>, save: boolean): Promise<void> {
    this.params = this.buildParams(options);
    const backend = this.analyzer.backend;
    if (save && backend !== null && !backend.isReadOnly()) {
      await backend.resetExtension(this.extensionName);
      await backend.writeExtensionParams(this.extensionName, this.params, this.info());
    }
  }

  /** Run the computation, time it, and save run info and data. */
  async run(jobKwargs: JobKwargs, save: boolean): Promise<void> {
    const t0 = performance.now();
    this.data = new Map();
    await this.compute(jobKwargs);
    this.runInfo = { run_completed: true, runtime_s: (performance.now() - t0) / 1000 };
    const backend = this.analyzer.backend;
    if (save && backend !== null && !backend.isReadOnly()) {
      await backend.writeExtensionRunInfo(this.extensionName, this.runInfo);
      await backend.writeExtensionData(this.extensionName, this.data);
    }
  }

  /** Write everything (params, info, run info, data) to the analyzer's backend. */
  async save(): Promise<void> {
    const backend = this.analyzer.backend;
    if (backend === null) return;
    if (backend.isReadOnly()) {
      throw new SpikeInterfaceError(
        "extension",
        `the SortingAnalyzer at ${backend.folder} is read-only: cannot save extension ${JSON.stringify(this.extensionName)}`,
      );
    }
    await backend.resetExtension(this.extensionName);
    await backend.writeExtensionParams(this.extensionName, this.params, this.info());
    if (this.runInfo !== null) await backend.writeExtensionRunInfo(this.extensionName, this.runInfo);
    await backend.writeExtensionData(this.extensionName, this.data);
  }

  /** The info.json content. */
  info(): Record<string, string> {
    return { class: this.pythonClass, module: "spikeinterface", version: "0.105.0" };
  }

  /** Throws unless the extension has run and holds data (Python's get_data asserts). */
  protected checkComputed(): void {
    if (this.runInfo !== null && !this.runInfo.run_completed) {
      throw new SpikeInterfaceError(
        "extension",
        `extension ${JSON.stringify(this.extensionName)} has not been run: compute it before reading its data`,
      );
    }
    if (this.data.size === 0) {
      throw new SpikeInterfaceError(
        "extension",
        `extension ${JSON.stringify(this.extensionName)} has run but holds no data`,
      );
    }
  }

  /** A copy attached to `target`, with data restricted to some units when given (then saved). */
  async copyTo(
    target: SortingAnalyzer,
    selection?: { keepUnitIndices: Int32Array; unitIds: readonly Id[] },
  ): Promise<AnalyzerExtension> {
    return this.copyWithData(
      target,
      selection === undefined
        ? new Map(this.data)
        : this.selectUnitsData(selection.keepUnitIndices, selection.unitIds),
    );
  }

  /** A copy attached to `target` holding `data` (same params and run info), saved there. */
  async copyWithData(
    target: SortingAnalyzer,
    data: Map<string, ExtensionDataValue>,
  ): Promise<AnalyzerExtension> {
    const ctor = this.constructor as ExtensionClass;
    const copy = new ctor(target);
    copy.params = structuredClone(this.params);
    copy.data = data;
    copy.runInfo = this.runInfo === null ? null : { ...this.runInfo };
    await copy.save();
    return copy;
  }
}
