/**
 * The main job shared by `demo` and `analyze`: a SortingAnalyzer in a folder, its extensions
 * computed one by one (parents first) with a line per step, and a per-unit summary table.
 * Progress bars come from the jobs module and appear only on a terminal.
 */
import { createSortingAnalyzer } from "../analyzer/create-sorting-analyzer.js";
import { getAvailableAnalyzerExtensions, sortByDependency } from "../analyzer/extension-registry.js";
import type { SortingAnalyzer } from "../analyzer/sorting-analyzer.js";
import type { JobKwargs } from "../jobs/job-kwargs.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import { UsageError } from "./errors.js";

export const DEFAULT_EXTENSIONS = ["random_spikes", "waveforms", "templates", "noise_levels"];

export interface AnalysisOptions {
  recording: BaseRecording;
  sorting: BaseSorting;
  out: string;
  format: "zarr" | "binary_folder";
  /** true / false, or null: sparse when the recording has a probe. */
  sparse: boolean | null;
  overwrite: boolean;
  extensions: readonly string[];
  jobKwargs: JobKwargs;
  log: (line: string) => void;
}

/** Parse "--extensions a,b,c", checking every name against the extension registry. */
export function parseExtensions(text: string): string[] {
  const names = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) throw new UsageError("--extensions needs at least one extension name");
  const known = getAvailableAnalyzerExtensions();
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(`unknown extension(s) ${unknown.join(", ")}: available are ${known.join(", ")}`);
  }
  return names;
}

function seconds(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(2)} s`;
}

export async function runAnalysis(o: AnalysisOptions): Promise<SortingAnalyzer> {
  let sparse = o.sparse;
  if (sparse === null) {
    sparse = o.recording.hasProbe();
    if (!sparse) o.log("note: the recording has no probe, so the analyzer is dense (no sparsity)");
  }
  let t0 = performance.now();
  const analyzer = await createSortingAnalyzer({
    recording: o.recording,
    sorting: o.sorting,
    format: o.format,
    folder: o.out,
    sparse,
    overwrite: o.overwrite,
    ...o.jobKwargs,
  });
  o.log(
    `analyzer created in ${seconds(t0)}: ${analyzer.getNumUnits()} units × ${analyzer.getNumChannels()} channels, ${sparse ? "sparse" : "dense"}, ${o.format} → ${analyzer.folder}`,
  );
  for (const name of sortByDependency(o.extensions)) {
    t0 = performance.now();
    await analyzer.compute(name, { ...o.jobKwargs });
    o.log(`computed ${name} in ${seconds(t0)}`);
  }
  return analyzer;
}

/** One more column of the unit table: a header and a cell per unit (in unit order). */
export interface ExtraColumn {
  header: string;
  cells: readonly string[];
}

/** One row per unit: spikes, main channel, template peak (µV when scaled), noise and SNR. */

export function unitTable(
  analyzer: SortingAnalyzer,
  maxRows = 20,
  extra: ExtraColumn | null = null,
): string[] {
  const counts = analyzer.sorting.countNumSpikesPerUnitArray();
  const main = analyzer.getMainChannelIndices();
  const templates = analyzer.getDenseTemplatesArray();
  const noise = analyzer.getNoiseLevelsData();
  const unit = analyzer.returnInUV ? "µV" : "raw";
  const header = ["unit", "spikes", "main ch", `peak (${unit})`, `noise (${unit})`, "SNR"];
  if (extra !== null) header.push(extra.header);
  const rows: string[][] = [];
  analyzer.unitIds.forEach((id, u) => {
    if (rows.length >= maxRows) return;
    const ch = main[u];
    let peak = Number.NaN;
    if (templates !== null) {
      const [, t, c] = templates.shape;
      peak = 0;
      for (let s = 0; s < t; s++) peak = Math.max(peak, Math.abs(templates.data[(u * t + s) * c + ch]));
    }
    const nl = noise === null ? Number.NaN : noise[ch];
    const fmt = (x: number, d: number) => (Number.isNaN(x) ? "-" : x.toFixed(d));
    rows.push([
      String(id),
      String(counts[u]),
      String(analyzer.channelIds[ch]),
      fmt(peak, 1),
      fmt(nl, 2),
      fmt(peak / nl, 1),
      ...(extra === null ? [] : [extra.cells[u] ?? "-"]),
    ]);
  });
  const all = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...all.map((r) => r[j].length)));
  const lines = all.map((r) => r.map((cell, j) => cell.padStart(widths[j])).join("  "));
  if (analyzer.getNumUnits() > maxRows) lines.push(`… ${analyzer.getNumUnits() - maxRows} more units`);
  return lines;
}
