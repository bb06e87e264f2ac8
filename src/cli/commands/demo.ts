/**
 * `spikeinterface-ts demo [--out DIR]`: the main job on generated data, no files needed. A
 * ground-truth recording and sorting are generated and saved (binary folder, numpy folder), then
 * a zarr SortingAnalyzer is built on the saved recording — so it keeps a recording Python can
 * reopen — with random_spikes, waveforms, templates and noise_levels, and a summary is printed.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import "../../io/folders/index.js";
import { SpikeInterfaceError } from "../../errors.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import { DEFAULT_EXTENSIONS, runAnalysis, unitTable } from "../analysis.js";
import type { CliContext } from "../context.js";
import { jobKwargsFrom } from "../context.js";
import { generateDemoData } from "../demo-data.js";
import { describeAnalyzer, summaryLines } from "../describe.js";
import { UsageError } from "../errors.js";
import { groundTruthTemplateSimilarity } from "../ground-truth-check.js";

interface DemoOpts {
  out: string;
  duration: string;
  channels: string;
  units: string;
  seed: string;
  nJobs?: string;
  chunkDuration?: string;
  overwrite?: boolean;
  progress?: boolean;
}

function positive(text: string, what: string, integer: boolean): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `${what} must be a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(text)}`,
    );
  }
  return n;
}

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command("demo")
    .description("generate a ground-truth recording and sorting, analyze them, save the analyzer as zarr")
    .option("--out <dir>", "output folder (created; must be empty or new)", "spikeinterface-demo")
    .option("--duration <seconds>", "recording duration", "10")
    .option("--channels <n>", "number of channels", "16")
    .option("--units <n>", "number of units", "10")
    .option("--seed <n>", "random seed", "2205")
    .option("--n-jobs <n>", 'worker threads: a number, -1 for all cores, or "all"')
    .option("--chunk-duration <duration>", 'chunk length, e.g. "1s" or "500ms"')
    .option("--overwrite", "replace earlier demo output in --out")
    .option("--no-progress", "no progress bars")
    .action(async (opts: DemoOpts) => {
      const durationS = positive(opts.duration, "--duration", false);
      const numChannels = positive(opts.channels, "--channels", true);
      const numUnits = positive(opts.units, "--units", true);
      const seed = positive(opts.seed, "--seed", true);
      const jobKwargs = jobKwargsFrom(opts);
      const out = resolve(opts.out);
      if (existsSync(out) && readdirSync(out).length > 0 && !opts.overwrite) {
        throw new SpikeInterfaceError(
          "file_exists",
          `${out} is not empty: choose another --out or pass --overwrite`,
        );
      }
      ctx.removeOnFailure(out);
      mkdirSync(out, { recursive: true });
      const t0 = performance.now();
      const gt = generateDemoData({ durationS, numChannels, numUnits, seed });
      ctx.out(
        `generated ${durationS} s × ${numChannels} channels at ${gt.recording.samplingFrequency} Hz with ${numUnits} ground-truth units (${gt.sorting.countTotalNumSpikes()} spikes)`,
      );
      const overwrite = opts.overwrite === true;
      const recording = (await gt.recording.save({
        format: "binary",
        folder: join(out, "recording"),
        overwrite,
        signal: ctx.signal,
        ...jobKwargs,
      })) as BaseRecording;
      const sorting = (await gt.sorting.save({
        format: "numpy_folder",
        folder: join(out, "sorting"),
        overwrite,
      })) as BaseSorting;
      ctx.out(`saved the recording to ${join(out, "recording")} and the sorting to ${join(out, "sorting")}`);
      const analyzer = await runAnalysis({
        recording,
        sorting,
        out: join(out, "analyzer.zarr"),
        format: "zarr",
        sparse: true,
        overwrite,
        extensions: DEFAULT_EXTENSIONS,
        jobKwargs,
        log: (line) => ctx.out(line),
      });
      ctx.out(`demo done in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      ctx.out("");
      for (const line of summaryLines(describeAnalyzer(analyzer, analyzer.folder ?? out, null)))
        ctx.out(line);
      ctx.out("");
      const similarity = groundTruthTemplateSimilarity(analyzer, gt.recording);
      const gtColumn =
        similarity === null
          ? null
          : {
              header: "vs truth",
              cells: Array.from(similarity, (x) => (Number.isNaN(x) ? "-" : x.toFixed(3))),
            };
      for (const line of unitTable(analyzer, 20, gtColumn)) ctx.out(line);
      if (gtColumn !== null)
        ctx.out(
          "vs truth: cosine similarity of each average template with the injected ground-truth template",
        );
      ctx.out("");
      ctx.out(`next: spikeinterface-ts info ${join(out, "analyzer.zarr")}`);
    });
}
