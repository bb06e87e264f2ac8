/**
 * loadSortingAnalyzer (spec api.md §10.1): opens a binary_folder or zarr analyzer written by
 * SpikeInterface (HEAD, or older ones without peak settings / main channels) or by this library.
 * Folders need the Node entry (it registers the folder formats); an http(s) URL is opened lazily
 * over HTTP and read-only (`loadRemoteSortingAnalyzer`), in Node and in browsers.
 * When the recording cannot be rebuilt the analyzer opens in recordingless mode, with a warning.
 */

import { InvalidArgumentError } from "../../errors.js";
import { type HttpStoreOptions, isHttpUrl } from "../../remote/http-store.js";
import { loadRemoteSortingAnalyzer } from "../../remote/open-remote-analyzer.js";
import { getAnalyzerFormat } from "../backend.js";
import type { SortingAnalyzer } from "../sorting-analyzer.js";
import { analyzerFromOpened, type LoadSortingAnalyzerOptions } from "./opened-analyzer.js";

export type { LoadSortingAnalyzerOptions };

export async function loadSortingAnalyzer(
  folder: string,
  options: LoadSortingAnalyzerOptions & HttpStoreOptions = {},
): Promise<SortingAnalyzer> {
  if (typeof folder !== "string" || folder.length === 0) {
    throw new InvalidArgumentError(`loadSortingAnalyzer needs a folder path, got ${JSON.stringify(folder)}`);
  }
  const requested = options.format ?? "auto";
  if (isHttpUrl(folder as unknown)) {
    if (requested === "binary_folder") {
      throw new InvalidArgumentError(
        `${folder}: only zarr analyzers open over HTTP (binary folders are memory-mapped files)`,
      );
    }
    return loadRemoteSortingAnalyzer(folder, options);
  }
  const format =
    requested === "auto"
      ? folder.replace(/[\\/]+$/, "").endsWith(".zarr")
        ? "zarr"
        : "binary_folder"
      : requested;
  const opened = await getAnalyzerFormat(format).open(folder, { recording: options.recording ?? null });
  return analyzerFromOpened(opened, format, options.loadExtensions ?? true);
}
