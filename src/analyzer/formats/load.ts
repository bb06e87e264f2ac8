/**
 * loadSortingAnalyzer (spec api.md §10.1), Node-only: opens a binary_folder or zarr analyzer written
 * by SpikeInterface (HEAD, or older ones without peak settings / main channels) or by this library.
 * When the recording cannot be rebuilt the analyzer opens in recordingless mode, with a warning.
 */

import { InvalidArgumentError } from "../../errors.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import { ensureMainChannels } from "../analyzer-main-channels.js";
import { getAnalyzerFormat } from "../backend.js";
import { SortingAnalyzer } from "../sorting-analyzer.js";
import { warnAnalyzer } from "../warnings.js";

export interface LoadSortingAnalyzerOptions {
  /** Load every saved extension now (default true). */
  loadExtensions?: boolean;
  /** "auto" (default): zarr when the folder name ends with ".zarr". */
  format?: "auto" | "binary_folder" | "zarr";
  /** Use this recording instead of rebuilding the saved one (e.g. when the data moved). */
  recording?: BaseRecording | null;
}

export async function loadSortingAnalyzer(
  folder: string,
  options: LoadSortingAnalyzerOptions = {},
): Promise<SortingAnalyzer> {
  if (typeof folder !== "string" || folder.length === 0) {
    throw new InvalidArgumentError(`loadSortingAnalyzer needs a folder path, got ${JSON.stringify(folder)}`);
  }
  const requested = options.format ?? "auto";
  const format =
    requested === "auto"
      ? folder.replace(/[\\/]+$/, "").endsWith(".zarr")
        ? "zarr"
        : "binary_folder"
      : requested;
  const opened = await getAnalyzerFormat(format).open(folder, { recording: options.recording ?? null });
  if (opened.recording === null && opened.recordingError !== null) {
    warnAnalyzer(
      `the recording of ${opened.backend.folder} could not be loaded (${opened.recordingError}): recordingless mode`,
    );
  }
  const analyzer = new SortingAnalyzer({ ...opened, format });
  if (options.loadExtensions ?? true) await analyzer.loadAllSavedExtensions();
  await ensureMainChannels(analyzer);
  return analyzer;
}
