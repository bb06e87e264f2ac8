/**
 * `spikeinterface-ts info PATH [--json] [--stream-id ID]`: what a folder holds — a SpikeInterface
 * recording/sorting/snippets folder (binary, numpy, npz, zarr; Python- or TS-written), a
 * SortingAnalyzer folder (binary_folder or zarr), a .json provenance file, a SpikeGLX folder or a
 * Kilosort/phy folder.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { loadSortingAnalyzer } from "../../analyzer/formats/load.js";
import { readKilosort } from "../../extractors/kilosort/kilosort-sorting.js";
import { listSpikeglxStreams, readSpikeglx } from "../../extractors/spikeglx/spikeglx-recording.js";
import { loadExtractor } from "../../io/folders/load.js";
import { readNpzSorting } from "../../io/folders/npz-sorting.js";
import type { CliContext } from "../context.js";
import { describeAnalyzer, describeExtractor, type Summary, summaryLines } from "../describe.js";
import { detectPathKind, pickSpikeglxStream } from "../inputs.js";

function versionIn(file: string, key?: string): string | null {
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const holder = (key === undefined ? json : json[key]) as Record<string, unknown> | undefined;
    return typeof holder?.version === "string" ? holder.version : null;
  } catch {
    return null;
  }
}

/** Analyzer warnings (e.g. "recordingless mode") are expected here: the summary reports them. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const emit = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return await fn();
  } finally {
    process.emitWarning = emit;
  }
}

export async function summarize(input: string, options: { streamId?: string } = {}): Promise<Summary> {
  const path = resolve(input);
  const kind = detectPathKind(path);
  switch (kind.kind) {
    case "analyzer": {
      const a = await quietly(() =>
        loadSortingAnalyzer(path, { loadExtensions: false, format: kind.format }),
      );
      const version =
        kind.format === "zarr"
          ? versionIn(join(path, ".zattrs"), "spikeinterface_info")
          : versionIn(join(path, "spikeinterface_info.json"));
      return describeAnalyzer(a, path, version);
    }
    case "kilosort": {
      const s = describeExtractor(readKilosort(path), path, "Kilosort/phy folder");
      return { ...s, class: "KiloSortSortingExtractor" };
    }
    case "npz":
      return describeExtractor(readNpzSorting(path), path, "SpikeInterface .npz sorting file");
    case "spikeglx": {
      const streams = listSpikeglxStreams(path);
      const streamId = pickSpikeglxStream(path, options.streamId);
      const rec = readSpikeglx(path, { streamId });
      return { ...describeExtractor(rec, path, `SpikeGLX folder, stream ${streamId}`), streams };
    }
    case "extractor": {
      const e = await quietly(() => loadExtractor(path));
      const source =
        kind.container === "zarr"
          ? "SpikeInterface zarr folder"
          : kind.container === "json"
            ? "SpikeInterface .json provenance file"
            : "SpikeInterface folder";
      const version = kind.container === "folder" ? versionIn(join(path, "si_folder.json")) : null;
      return { ...describeExtractor(e, path, source), formatVersion: version };
    }
  }
}

export function registerInfo(program: Command, ctx: CliContext): void {
  program
    .command("info")
    .description(
      "show what a folder holds: kind, channels, units, segments, durations, dtype, probe, properties, extensions",
    )
    .argument(
      "<path>",
      "a SpikeInterface, SpikeGLX or Kilosort folder, a .json provenance file or an .npz sorting",
    )
    .option("--json", "print the summary as JSON")
    .option(
      "--stream-id <id>",
      "SpikeGLX stream to describe (default: the only data stream, or the imec AP stream)",
    )
    .action(async (path: string, opts: { json?: boolean; streamId?: string }) => {
      const summary = await summarize(path, { streamId: opts.streamId });
      if (opts.json) ctx.out(JSON.stringify(summary, null, 2));
      else for (const line of summaryLines(summary)) ctx.out(line);
    });
}
