/**
 * `spikeinterface-ts analyze --recording PATH --sorting PATH --out PATH`: the main job on real
 * folders — a SortingAnalyzer (zarr or binary_folder) with random_spikes, waveforms, templates and
 * noise_levels (or the --extensions given), openable in Python SpikeInterface.
 */
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { DEFAULT_EXTENSIONS, parseExtensions, runAnalysis, unitTable } from "../analysis.js";
import type { CliContext } from "../context.js";
import { jobKwargsFrom } from "../context.js";
import { describeAnalyzer, summaryLines } from "../describe.js";
import { openRecording, openSorting } from "../inputs.js";

interface AnalyzeOpts {
  recording: string;
  sorting: string;
  out: string;
  format: "zarr" | "binary_folder";
  sparse?: boolean;
  nJobs?: string;
  chunkDuration?: string;
  extensions: string;
  streamId?: string;
  keepGoodOnly?: boolean;
  overwrite?: boolean;
  progress?: boolean;
}

/** Where the analyzer will be: zarr folders get their ".zarr" suffix, as SpikeInterface does. */
export function analyzerFolder(out: string, format: "zarr" | "binary_folder"): string {
  const trimmed = out.replace(/[\\/]+$/, "");
  return resolve(format === "zarr" && !trimmed.endsWith(".zarr") ? `${trimmed}.zarr` : trimmed);
}

export function registerAnalyze(program: Command, ctx: CliContext): void {
  program
    .command("analyze")
    .description("build a SortingAnalyzer (templates, noise levels, sparsity) from a recording and a sorting")
    .requiredOption("--recording <path>", "a SpikeGLX folder or a SpikeInterface recording folder")
    .requiredOption("--sorting <path>", "a Kilosort/phy folder or a SpikeInterface sorting folder")
    .requiredOption("--out <path>", "output analyzer folder")
    .addOption(
      new Option("--format <format>", "analyzer format").choices(["zarr", "binary_folder"]).default("zarr"),
    )
    .option("--sparse", "estimate a sparsity (default when the recording has a probe)")
    .option("--no-sparse", "dense analyzer: every unit on every channel")
    .option("--n-jobs <n>", 'worker threads: a number, -1 for all cores, or "all"')
    .option("--chunk-duration <duration>", 'chunk length, e.g. "1s" or "500ms"')
    .option("--extensions <list>", "comma-separated extensions to compute", DEFAULT_EXTENSIONS.join(","))
    .option("--stream-id <id>", "SpikeGLX stream (default: the only data stream, or the imec AP stream)")
    .option("--keep-good-only", "Kilosort: keep only units labelled good (KSLabel)")
    .option("--overwrite", "replace the output folder if it exists")
    .option("--no-progress", "no progress bars")
    .action(async (opts: AnalyzeOpts) => {
      const extensions = parseExtensions(opts.extensions);
      const jobKwargs = jobKwargsFrom(opts);
      const recording = await openRecording(opts.recording, { streamId: opts.streamId });
      const sorting = await openSorting(opts.sorting, { keepGoodOnly: opts.keepGoodOnly });
      const folder = analyzerFolder(opts.out, opts.format);
      if (!opts.overwrite) ctx.removeOnFailure(folder);
      const t0 = performance.now();
      const analyzer = await runAnalysis({
        recording,
        sorting,
        out: folder,
        format: opts.format,
        sparse: opts.sparse ?? null,
        overwrite: opts.overwrite === true,
        extensions,
        jobKwargs,
        log: (line) => ctx.out(line),
      });
      ctx.out(`analysis done in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      ctx.out("");
      for (const line of summaryLines(describeAnalyzer(analyzer, folder, null))) ctx.out(line);
      ctx.out("");
      for (const line of unitTable(analyzer)) ctx.out(line);
    });
}
