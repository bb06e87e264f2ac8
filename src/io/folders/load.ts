/**
 * `loadExtractor` / `load` (spec api.md §13): rebuild an object from a provenance dict, a .json
 * file, a SpikeInterface folder (anything with `si_folder.json`: binary, numpy, npz and snippets
 * folders, Python- or TS-written) or a zarr folder. Relative paths are resolved against the folder
 * (or `baseFolder`), so saved folders can be moved. Errors name the file at fault. An http(s) URL
 * is opened over HTTP (zarr only, lazily: `loadRemoteExtractor`), with the HttpStore options given.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import type { BaseExtractor, ExtractorDict } from "../../base/extractor.js";
import { extractorFromDict, isExtractorDict } from "../../base/provenance.js";
import { BaseRecordingSnippets } from "../../base/recording-snippets.js";
import { FileFormatError, InvalidArgumentError, SpikeInterfaceError } from "../../errors.js";
import { BaseRecording } from "../../recording/base-recording.js";
import { type HttpStoreOptions, isHttpUrl } from "../../remote/http-store.js";
import { loadRemoteExtractor } from "../../remote/open-remote.js";
import { makePathsAbsolute } from "../paths.js";
import { readPropertyFiles } from "./property-files.js";
import { readProbeAndProperties, readTimeFiles } from "./recording-metadata.js";
import { readJsonObject } from "./si-json.js";
import { readZarr } from "./zarr-read.js";

/** For URLs, the HttpStore options (timeoutMs, headers, retries...) apply too. */
export interface LoadOptions extends HttpStoreOptions {
  /**
   * Folder that relative paths in a dict are relative to; `true` means the folder of the .json file
   * (default for files and folders; required for dicts with `relative_paths: true`).
   */
  baseFolder?: string | boolean | null;
}

/** Load an extractor from a dict, a .json file, a SpikeInterface folder or a zarr folder. */
export async function loadExtractor(
  source: string | ExtractorDict | Readonly<Record<string, unknown>>,
  options: LoadOptions = {},
): Promise<BaseExtractor> {
  if (typeof source !== "string") {
    const base = typeof options.baseFolder === "string" ? resolve(options.baseFolder) : null;
    return fromDict(source as Readonly<Record<string, unknown>>, base, "<dict>");
  }
  if (isHttpUrl(source as unknown)) {
    const { baseFolder: _, ...http } = options;
    return loadRemoteExtractor(source, http);
  }
  const path = resolve(source);
  if (!existsSync(path)) {
    throw new SpikeInterfaceError("file_not_found", `${path} does not exist`, { path });
  }
  if (statSync(path).isFile()) return loadFile(path, options);
  return loadFolder(path);
}

/** Alias of loadExtractor, as SpikeInterface's `load`. */
export const load = loadExtractor;

async function loadFile(path: string, options: LoadOptions): Promise<BaseExtractor> {
  const ext = extname(path).toLowerCase();
  if (ext === ".pkl" || ext === ".pickle") {
    throw new FileFormatError(
      path,
      "pickle files cannot be read by spikeinterface-ts (save to a folder or .json)",
    );
  }
  if (ext !== ".json")
    throw new FileFormatError(path, `cannot load a ${ext || "suffix-less"} file: expected .json`);
  const base =
    typeof options.baseFolder === "string"
      ? resolve(options.baseFolder)
      : options.baseFolder === false
        ? null
        : dirname(path);
  return fromDict(readJsonObject(path), base, path);
}

async function loadFolder(folder: string): Promise<BaseExtractor> {
  if (folder.endsWith(".zarr") || existsSync(join(folder, ".zgroup"))) return readZarr(folder);
  if (existsSync(join(folder, "spikeinterface_info.json"))) {
    const info = readJsonObject(join(folder, "spikeinterface_info.json"));
    throw new SpikeInterfaceError(
      "unknown_class",
      `${folder} holds a ${String(info.object)} (spikeinterface_info.json), not an extractor: use its own loader`,
      { path: folder },
    );
  }
  for (const name of ["si_folder.json", "cached.json"]) {
    const file = join(folder, name);
    if (!existsSync(file)) continue;
    const dict = readJsonObject(file);
    return fromDict(withoutFolderMetadata(dict, folder), folder, file);
  }
  for (const name of ["cached.pkl", "cached.pickle", "si_folder.pkl"]) {
    if (existsSync(join(folder, name))) {
      throw new FileFormatError(join(folder, name), "pickle files cannot be read by spikeinterface-ts");
    }
  }
  throw new FileFormatError(folder, "not a SpikeInterface folder: no si_folder.json (nor a .zarr store)");
}

/**
 * Properties saved as `properties/<key>.npy` are loaded from there, with their exact dtypes; the
 * JSON copy in si_folder.json would lose them (JSON cannot tell 1.0 from 1). Legacy probe
 * annotations (`probes_info`, `probe_{i}_planar_contour`) were moved into the probe of a legacy
 * `probe.json` when the folder was read: they must not come back as annotations.
 */
function withoutFolderMetadata(dict: Record<string, unknown>, folder: string): Record<string, unknown> {
  const out = { ...dict };
  const props = dict.properties;
  if (props !== null && typeof props === "object") {
    out.properties = Object.fromEntries(
      Object.entries(props).filter(([k]) => !existsSync(join(folder, "properties", `${k}.npy`))),
    );
  }
  const ann = dict.annotations;
  const legacyProbe = existsSync(join(folder, "probe.json")) && !existsSync(join(folder, "probegroup.json"));
  if (legacyProbe && ann !== null && typeof ann === "object") {
    out.annotations = Object.fromEntries(
      Object.entries(ann).filter(([k]) => k !== "probes_info" && !/^probe_\d+_planar_contour$/.test(k)),
    );
  }
  return out;
}

async function fromDict(
  dict: Readonly<Record<string, unknown>>,
  baseFolder: string | null,
  where: string,
): Promise<BaseExtractor> {
  if ("object" in dict && !("class" in dict)) {
    throw new SpikeInterfaceError(
      "unknown_class",
      `${where}: a ${String(dict.object)} dict is not an extractor: use its own loader`,
    );
  }
  if (!isExtractorDict(dict) || !("kwargs" in dict)) {
    throw new FileFormatError(
      where,
      "not an extractor dict: it needs class, module, version, kwargs, annotations",
    );
  }
  let d: ExtractorDict = dict;
  if (d.relative_paths === true) {
    if (baseFolder === null) {
      throw new InvalidArgumentError(`${where}: the dict has relative paths: pass baseFolder`);
    }
    d = makePathsAbsolute(d, baseFolder);
  }
  let extractor: BaseExtractor;
  try {
    extractor = await extractorFromDict(d, { baseFolder });
  } catch (err) {
    if (err instanceof FileFormatError) throw err;
    if (err instanceof SpikeInterfaceError) {
      throw new SpikeInterfaceError(
        err.code,
        `${where}: ${err.message}`,
        { ...err.details, path: where },
        {
          cause: err,
        },
      );
    }
    throw err;
  }
  if (typeof d.folder_metadata === "string")
    applyFolderMetadata(extractor, resolve(baseFolder ?? ".", d.folder_metadata));
  return extractor;
}

/** `load_metadata_from_folder`: properties, and for recordings/snippets the probe and time vectors. */
function applyFolderMetadata(extractor: BaseExtractor, folder: string): void {
  if (extractor instanceof BaseRecordingSnippets) readProbeAndProperties(folder, extractor);
  else readPropertyFiles(folder, extractor);
  if (extractor instanceof BaseRecording) readTimeFiles(folder, extractor);
}
