/**
 * What every `save()` to a folder shares (spec api.md §1.2 save_to_folder): choosing the folder,
 * splitting save options from job kwargs, `provenance.json` (the source, paths relative to the
 * folder) and `si_folder.json` (the saved object: the entry point of `load`).
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BaseExtractor } from "../../base/extractor.js";
import { checkSaveOptions, type SaveOptions } from "../../base/savers.js";
import { InvalidArgumentError } from "../../errors.js";
import { JOB_KEYS, type JobKwargs } from "../../jobs/job-kwargs.js";
import type { ProgressSink } from "../../jobs/progress.js";
import { makePathsRelative } from "../paths.js";
import { markDictFloats } from "./py-floats.js";
import { siJsonDumps } from "./si-json.js";

/** Save options read here, not format-specific (the keys are checked by checkSaveOptions). */
const COMMON_KEYS = new Set(["format", "folder", "name", "overwrite", "verbose", "signal", "progress"]);

export interface SplitSaveOptions {
  folder: string;
  overwrite: boolean;
  signal: AbortSignal | undefined;
  /** Told about the chunks of the write (formats with chunked writes only). */
  progress: ProgressSink | undefined;
  jobKwargs: JobKwargs;
  /** Format-specific options (dtype, compressor, ...). */
  specific: Record<string, unknown>;
}

function randomName(): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return Array.from({ length: 8 }, () => chars[Math.floor(Math.random() * chars.length)]).join("");
}

/**
 * `folder` as given; else `<os tmp>/spikeinterface_cache/<name or random>`. `suffix` (".zarr") is
 * appended when missing.
 */
export function resolveSaveFolder(options: SaveOptions, suffix = ""): string {
  let folder: string;
  if (typeof options.folder === "string" && options.folder.length > 0) folder = resolve(options.folder);
  else {
    const name = typeof options.name === "string" && options.name.length > 0 ? options.name : randomName();
    folder = join(tmpdir(), "spikeinterface_cache", name);
  }
  return suffix !== "" && !folder.endsWith(suffix) ? `${folder}${suffix}` : folder;
}

/** Checks `options` against what `format` reads (see savers.ts), then splits them. */
export function splitSaveOptions(
  options: SaveOptions,
  saver: { kind: string; format: string },
  suffix = "",
): SplitSaveOptions {
  checkSaveOptions(saver.kind, saver.format, options);
  const jobKwargs: Record<string, unknown> = {};
  const specific: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if ((JOB_KEYS as readonly string[]).includes(k)) jobKwargs[k] = v;
    else if (!COMMON_KEYS.has(k)) specific[k] = v;
  }
  return {
    folder: resolveSaveFolder(options, suffix),
    overwrite: options.overwrite === true,
    signal: options.signal as AbortSignal | undefined,
    progress: progressSinkOf(options.progress),
    jobKwargs: jobKwargs as JobKwargs,
    specific,
  };
}

function progressSinkOf(value: unknown): ProgressSink | undefined {
  if (value === undefined || value === null) return undefined;
  const sink = value as Partial<ProgressSink>;
  if (
    typeof sink.start !== "function" ||
    typeof sink.tick !== "function" ||
    typeof sink.stop !== "function"
  ) {
    throw new InvalidArgumentError(
      `save option progress=${String(value)} is invalid: expected a ProgressSink (start, tick, stop)`,
      { key: "progress" },
    );
  }
  return sink as ProgressSink;
}

/** `json.dump(value, f, indent=4)` (indent null: one line, as `json.dumps(d)`). */
export function writeJsonFile(path: string, value: unknown, indent: number | null = 4): void {
  writeFileSync(path, siJsonDumps(value, indent), "utf8");
}

/** The dict `dump_to_json(relative_to=folder)` writes: annotations included, paths relative. */
export function relativeDict(extractor: BaseExtractor, folder: string): Record<string, unknown> {
  const dict = extractor.toDict({ includeAnnotations: true, recursive: true });
  return markDictFloats(makePathsRelative(dict, folder), extractor);
}

/**
 * provenance.json of the source, when it can be described by JSON (in-memory objects cannot: no
 * file is written, as SpikeInterface writes none for them either — it would write a pickle).
 * Paths are made relative to `target`, the final folder, while the files go to `tmp`, its sibling.
 */
export function writeProvenanceJson(tmp: string, target: string, source: BaseExtractor): void {
  if (!source.isJsonSerializable()) return;
  writeJsonFile(join(tmp, "provenance.json"), relativeDict(source, target));
}

/** si_folder.json: the saved object's dict, `folder_path` "." (it is the folder itself). */
export function writeSiFolderJson(tmp: string, saved: BaseExtractor): void {
  writeJsonFile(join(tmp, "si_folder.json"), relativeDict(saved, tmp));
}
