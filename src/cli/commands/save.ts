/**
 * `spikeinterface-ts save PATH --out PATH --format binary|zarr`: convert a recording (a SpikeGLX
 * folder or any SpikeInterface recording folder) to a SpikeInterface binary folder or zarr store,
 * chunk by chunk, written to a temporary folder and renamed into place when complete.
 */
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import "../../io/folders/index.js";
import type { CliContext } from "../context.js";
import { jobKwargsFrom } from "../context.js";
import { describeExtractor, summaryLines } from "../describe.js";
import { openRecording } from "../inputs.js";

interface SaveOpts {
  out: string;
  format: "binary" | "zarr";
  nJobs?: string;
  chunkDuration?: string;
  overwrite?: boolean;
  streamId?: string;
  progress?: boolean;
}

export function registerSave(program: Command, ctx: CliContext): void {
  program
    .command("save")
    .description("convert a recording (SpikeGLX or SpikeInterface folder) to a binary folder or a zarr store")
    .argument("<path>", "the recording: a SpikeGLX folder or a SpikeInterface recording folder")
    .requiredOption("--out <path>", 'output folder (".zarr" is appended for zarr)')
    .addOption(
      new Option("--format <format>", "output format").choices(["binary", "zarr"]).makeOptionMandatory(),
    )
    .option("--n-jobs <n>", 'worker threads: a number, -1 for all cores, or "all"')
    .option("--chunk-duration <duration>", 'chunk length, e.g. "1s" or "500ms"')
    .option("--stream-id <id>", "SpikeGLX stream (default: the only data stream, or the imec AP stream)")
    .option("--overwrite", "replace the output folder if it exists")
    .option("--no-progress", "no progress bar")
    .action(async (path: string, opts: SaveOpts) => {
      const jobKwargs = jobKwargsFrom(opts);
      const recording = await openRecording(path, { streamId: opts.streamId });
      const folder = resolve(
        opts.format === "zarr" && !opts.out.endsWith(".zarr") ? `${opts.out}.zarr` : opts.out,
      );
      const t0 = performance.now();
      const saved = await recording.save({
        format: opts.format,
        folder,
        overwrite: opts.overwrite === true,
        signal: ctx.signal,
        ...jobKwargs,
      });
      ctx.out(`saved in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      const source = opts.format === "zarr" ? "SpikeInterface zarr folder" : "SpikeInterface binary folder";
      for (const line of summaryLines(describeExtractor(saved, folder, source))) ctx.out(line);
    });
}
