/**
 * What a path given on the command line holds, and opening it as a recording or a sorting:
 * SpikeInterface folders (binary, numpy, npz, snippets, zarr; analyzer folders), .json provenance
 * files, .npz sorting files, SpikeGLX folders and Kilosort/phy folders. Every failure names the path.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BaseExtractor } from "../base/extractor.js";
import { FileFormatError, formatList, SpikeInterfaceError } from "../errors.js";
import { readKilosort } from "../extractors/kilosort/kilosort-sorting.js";
import { looksLikeSpikeglxFolder } from "../extractors/spikeglx/files.js";
import { listSpikeglxStreams, readSpikeglx } from "../extractors/spikeglx/spikeglx-recording.js";
import { loadExtractor } from "../io/folders/load.js";
import { readNpzSorting } from "../io/folders/npz-sorting.js";
import { BaseRecording } from "../recording/base-recording.js";
import { BaseSorting } from "../sorting/base-sorting.js";

export type PathKind =
  | { kind: "analyzer"; format: "binary_folder" | "zarr" }
  | { kind: "extractor"; container: "folder" | "zarr" | "json" }
  | { kind: "npz" }
  | { kind: "spikeglx" }
  | { kind: "kilosort" };

function readJson(path: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(readFileSync(path, "utf8"));
    return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function isKilosortFolder(folder: string): boolean {
  return existsSync(join(folder, "params.py")) && existsSync(join(folder, "spike_times.npy"));
}

/** Classify a path, or throw a one-line error saying why it is not something we read. */
export function detectPathKind(input: string): PathKind {
  const path = resolve(input);
  if (!existsSync(path)) throw new SpikeInterfaceError("file_not_found", `${path} does not exist`, { path });
  if (statSync(path).isFile()) {
    if (path.endsWith(".json")) return { kind: "extractor", container: "json" };
    if (path.endsWith(".npz")) return { kind: "npz" };
    throw new FileFormatError(
      path,
      "not a folder nor a .json or .npz file: give a SpikeInterface, SpikeGLX or Kilosort folder",
    );
  }
  const info = readJson(join(path, "spikeinterface_info.json"));
  if (info?.object === "SortingAnalyzer") return { kind: "analyzer", format: "binary_folder" };
  if (existsSync(join(path, ".zgroup")) || path.endsWith(".zarr")) {
    const attrs = readJson(join(path, ".zattrs"));
    const si = attrs?.spikeinterface_info as { object?: unknown } | undefined;
    if (si?.object === "SortingAnalyzer") return { kind: "analyzer", format: "zarr" };
    return { kind: "extractor", container: "zarr" };
  }
  if (existsSync(join(path, "si_folder.json")) || existsSync(join(path, "cached.json"))) {
    return { kind: "extractor", container: "folder" };
  }
  if (isKilosortFolder(path)) return { kind: "kilosort" };
  if (looksLikeSpikeglxFolder(path)) return { kind: "spikeglx" };
  throw new FileFormatError(
    path,
    "not a SpikeInterface, SpikeGLX or Kilosort folder (no si_folder.json, .zgroup, spikeinterface_info.json, .meta/.bin pair, or params.py + spike_times.npy)",
  );
}

function what(e: BaseExtractor): string {
  if (e instanceof BaseRecording) return "a recording";
  if (e instanceof BaseSorting) return "a sorting";
  return `a ${e.className.split(".").pop()}`;
}

/**
 * The SpikeGLX stream to analyse: the one asked for, else the only data stream, else the only
 * imec AP stream (a typical run folder also holds LF and nidq streams).
 */
export function pickSpikeglxStream(folder: string, streamId: string | undefined): string {
  if (streamId !== undefined) return streamId;
  const streams = listSpikeglxStreams(folder).filter((s) => !s.endsWith("-SYNC"));
  if (streams.length === 1) return streams[0];
  const ap = streams.filter((s) => s.endsWith(".ap"));
  if (ap.length === 1) return ap[0];
  throw new SpikeInterfaceError(
    "invalid_argument",
    `${resolve(folder)} has several SpikeGLX streams ${formatList(streams)}: choose one with --stream-id`,
  );
}

export async function openRecording(
  input: string,
  options: { streamId?: string } = {},
): Promise<BaseRecording> {
  const path = resolve(input);
  const kind = detectPathKind(path);
  if (kind.kind === "spikeglx")
    return readSpikeglx(path, { streamId: pickSpikeglxStream(path, options.streamId) });
  if (kind.kind === "kilosort")
    throw new FileFormatError(path, "is a Kilosort folder (a sorting), not a recording");
  if (kind.kind === "analyzer")
    throw new FileFormatError(path, "is a SortingAnalyzer folder, not a recording");
  if (kind.kind === "npz") throw new FileFormatError(path, "is an .npz sorting file, not a recording");
  const e = await loadExtractor(path);
  if (!(e instanceof BaseRecording)) throw new FileFormatError(path, `holds ${what(e)}, not a recording`);
  return e;
}

export async function openSorting(
  input: string,
  options: { keepGoodOnly?: boolean } = {},
): Promise<BaseSorting> {
  const path = resolve(input);
  const kind = detectPathKind(path);
  if (kind.kind === "kilosort") return readKilosort(path, { keepGoodOnly: options.keepGoodOnly ?? false });
  if (kind.kind === "spikeglx")
    throw new FileFormatError(path, "is a SpikeGLX folder (a recording), not a sorting");
  if (kind.kind === "analyzer") throw new FileFormatError(path, "is a SortingAnalyzer folder, not a sorting");
  if (kind.kind === "npz") return readNpzSorting(path);
  const e = await loadExtractor(path);
  if (!(e instanceof BaseSorting)) throw new FileFormatError(path, `holds ${what(e)}, not a sorting`);
  return e;
}
