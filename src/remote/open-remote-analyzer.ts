/**
 * A zarr SortingAnalyzer at an http(s) URL, opened lazily and read-only (browser-safe).
 *
 * Opening fetches the metadata (one `.zmetadata` request: SpikeInterface consolidates analyzers),
 * the sorting, the sparsity mask and the small extensions; per-spike extensions (waveforms...),
 * usually the bulk of an analyzer, are fetched only by `await analyzer.loadExtension(name)` (or
 * when a computation needs them). The analyzer is read-only: computing works in memory and saves
 * nothing, as SpikeInterface's read-only analyzers; `saveAs()` makes a local or in-memory copy.
 * For a local copy of the whole hierarchy, `mirrorRemoteZarr` (Node) remains.
 */
import { analyzerFromOpened, type LoadSortingAnalyzerOptions } from "../analyzer/formats/opened-analyzer.js";
import { readZarrAnalyzer, ZarrStoreBackend } from "../analyzer/formats/zarr-store-backend.js";
import type { SortingAnalyzer } from "../analyzer/sorting-analyzer.js";
import { openConsolidated } from "../io/zarr/consolidated.js";
import type { HttpStoreOptions } from "./http-store.js";
import { type RemoteZarrSource, remoteZarrStore, urlOf } from "./open-remote.js";

/**
 * Extensions whose data has a row per (sampled) spike: not loaded at opening unless asked for.
 * Only "waveforms" exists here today; SpikeInterface's postprocessing ones are listed for when they do.
 */
export const PER_SPIKE_EXTENSIONS: readonly string[] = [
  "waveforms",
  "principal_components",
  "spike_amplitudes",
  "spike_locations",
  "amplitude_scalings",
];

export type RemoteSortingAnalyzerOptions = Omit<LoadSortingAnalyzerOptions, "format"> & HttpStoreOptions;

/**
 * `loadSortingAnalyzer` for a URL (or an HttpStore). `loadExtensions` defaults to every saved
 * extension except the per-spike ones (`PER_SPIKE_EXTENSIONS`).
 */
export async function loadRemoteSortingAnalyzer(
  source: RemoteZarrSource,
  options: RemoteSortingAnalyzerOptions = {},
): Promise<SortingAnalyzer> {
  const { loadExtensions, recording, ...http } = options;
  // Listings from .zmetadata when present (no index pages needed), else from the server's.
  const store = await openConsolidated(remoteZarrStore(source, http));
  const backend = await ZarrStoreBackend.openReadOnly(store, urlOf(source));
  const opened = await readZarrAnalyzer(backend, { recording: recording ?? null });
  const toLoad =
    loadExtensions ?? backend.savedExtensionNames().filter((n) => !PER_SPIKE_EXTENSIONS.includes(n));
  return analyzerFromOpened(opened, "zarr", toLoad);
}
