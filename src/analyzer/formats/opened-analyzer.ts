/**
 * The last steps of loadSortingAnalyzer, shared by folders and remote stores (browser-safe): the
 * SortingAnalyzer from what the format read, the saved extensions asked for, and main channels
 * for analyzers older than SpikeInterface 0.105.
 */
import { InvalidArgumentError } from "../../errors.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import { ensureMainChannels } from "../analyzer-main-channels.js";
import type { FileAnalyzerFormat, OpenedAnalyzerFolder } from "../backend.js";
import { hasExtensionClass, sortByDependency } from "../extension-registry.js";
import { SortingAnalyzer } from "../sorting-analyzer.js";
import { warnAnalyzer } from "../warnings.js";

export interface LoadSortingAnalyzerOptions {
  /**
   * Which saved extensions to load now: true (every one; the default for folders), false (none), or
   * their names. The others are read by `await analyzer.loadExtension(name)` when needed (computing
   * an extension loads its saved parents itself).
   */
  loadExtensions?: boolean | readonly string[];
  /** "auto" (default): zarr when the folder name ends with ".zarr" or it is an http(s) URL. */
  format?: "auto" | FileAnalyzerFormat;
  /** Use this recording instead of rebuilding the saved one (e.g. when the data moved). */
  recording?: BaseRecording | null;
}

export async function analyzerFromOpened(
  opened: OpenedAnalyzerFolder,
  format: FileAnalyzerFormat,
  loadExtensions: boolean | readonly string[],
): Promise<SortingAnalyzer> {
  if (opened.recording === null && opened.recordingError !== null) {
    warnAnalyzer(
      `the recording of ${opened.backend.folder} could not be loaded (${opened.recordingError}): recordingless mode`,
    );
  }
  const analyzer = new SortingAnalyzer({ ...opened, format });
  if (loadExtensions === true) await analyzer.loadAllSavedExtensions();
  else if (loadExtensions !== false) {
    const saved = analyzer.getSavedExtensionNames();
    const missing = loadExtensions.filter((n) => !saved.includes(n));
    if (missing.length > 0) {
      throw new InvalidArgumentError(
        `loadExtensions: ${missing.map((n) => JSON.stringify(n)).join(", ")} not saved in ${opened.backend.folder} (saved: ${saved.join(", ") || "none"})`,
      );
    }
    for (const name of sortByDependency(loadExtensions.filter(hasExtensionClass))) {
      await analyzer.loadExtension(name);
    }
  }
  await ensureMainChannels(analyzer);
  return analyzer;
}
