/**
 * Where a SortingAnalyzer persists itself. The in-memory analyzer is browser-safe and knows only
 * this interface; the file formats ("binary_folder", "zarr") implement it in Node-only modules and
 * register themselves with `registerAnalyzerFormat`, the way savers do for recordings.
 */
import type { Id } from "../base/ids.js";
import type { Property } from "../base/properties.js";
import { SpikeInterfaceError } from "../errors.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import type { ChannelSparsity } from "../sparsity/channel-sparsity.js";
import type { PeakMode, PeakSign } from "../tools/template-arrays.js";
import type { ExtensionDataValue } from "./analyzer-array.js";
import type { ExtensionParams, RunInfo } from "./extension.js";
import type { RecAttributes } from "./rec-attributes.js";

export type AnalyzerFormat = "memory" | "binary_folder" | "zarr";
export type FileAnalyzerFormat = Exclude<AnalyzerFormat, "memory">;

export interface AnalyzerSettings {
  returnInUV: boolean;
  peakSign: PeakSign;
  peakMode: PeakMode;
}

/** One extension as read back from disk. */
export interface StoredExtension {
  params: ExtensionParams;
  /** null when the folder has no run info (analyzers written before it existed). */
  runInfo: RunInfo | null;
  data: Map<string, ExtensionDataValue>;
}

export interface AnalyzerBackend {
  readonly format: FileAnalyzerFormat;
  /** Absolute path of the analyzer folder. */
  readonly folder: string;
  isReadOnly(): boolean;
  /** Names of the extensions saved on disk (those with params), kept current by the writers. */
  savedExtensionNames(): string[];
  readExtension(name: string): Promise<StoredExtension>;
  /** Delete the extension's folder/group and create it empty. */
  resetExtension(name: string): Promise<void>;
  deleteExtension(name: string): Promise<void>;
  writeExtensionParams(name: string, params: ExtensionParams, info: Record<string, string>): Promise<void>;
  writeExtensionRunInfo(name: string, runInfo: RunInfo): Promise<void>;
  writeExtensionData(name: string, data: ReadonlyMap<string, ExtensionDataValue>): Promise<void>;
  writeSortingProperty(key: string, property: Property): Promise<void>;
  /** The original sorting (from the provenance), or null when it cannot be rebuilt. */
  loadSortingProvenance(): Promise<BaseSorting | null>;
}

/** Everything a file format needs to write a new analyzer folder. */
export interface CreateAnalyzerFolderArgs {
  folder: string;
  sorting: BaseSorting;
  recording: BaseRecording | null;
  recAttributes: RecAttributes;
  sparsity: ChannelSparsity | null;
  settings: AnalyzerSettings;
  /** The provenance to record: the user's sorting when it is serialisable (may differ from `sorting`). */
  sortingProvenance: BaseSorting | null;
}

/** What opening an analyzer folder yields; the SortingAnalyzer is assembled from it. */
export interface OpenedAnalyzerFolder {
  backend: AnalyzerBackend;
  sorting: BaseSorting;
  recording: BaseRecording | null;
  recAttributes: RecAttributes;
  sparsity: ChannelSparsity | null;
  settings: AnalyzerSettings;
  /** Why the recording could not be rebuilt (null when it was, or there was none to rebuild). */
  recordingError: string | null;
}

export interface AnalyzerFormatImplementation {
  /**
   * The folder path to use (zarr adds ".zarr"); an existing folder is an error without `overwrite`.
   * Called before any computation, so a bad folder fails fast; nothing is removed here: `create`
   * replaces the old folder only once the new one is complete.
   */
  prepareFolder(folder: string, overwrite: boolean): string;
  create(args: CreateAnalyzerFolderArgs): Promise<AnalyzerBackend>;
  open(folder: string, options: { recording?: BaseRecording | null }): Promise<OpenedAnalyzerFolder>;
}

const formats = new Map<FileAnalyzerFormat, AnalyzerFormatImplementation>();

export function registerAnalyzerFormat(format: FileAnalyzerFormat, impl: AnalyzerFormatImplementation): void {
  formats.set(format, impl);
}

export function getAnalyzerFormat(format: string): AnalyzerFormatImplementation {
  if (format !== "binary_folder" && format !== "zarr") {
    throw new SpikeInterfaceError(
      "invalid_argument",
      `format must be "memory", "binary_folder" or "zarr", got ${JSON.stringify(format)}`,
      { format },
    );
  }
  const impl = formats.get(format);
  if (impl === undefined) {
    throw new SpikeInterfaceError(
      "invalid_argument",
      `SortingAnalyzer format ${JSON.stringify(format)} needs the file system: import "spikeinterface-ts/node"`,
      { format },
    );
  }
  return impl;
}

export function checkAnalyzerFormat(format: unknown): AnalyzerFormat {
  if (format !== "memory" && format !== "binary_folder" && format !== "zarr") {
    throw new SpikeInterfaceError(
      "invalid_argument",
      `format must be "memory", "binary_folder" or "zarr", got ${JSON.stringify(format)}`,
      { format },
    );
  }
  return format;
}

export type { Id };
