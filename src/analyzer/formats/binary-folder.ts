/**
 * The "binary_folder" analyzer format (spec formats.md §5.1), Node-only: JSON + .npy files, one
 * sub-folder per extension. Layout, file names and JSON keys are SpikeInterface's, so Python opens
 * what this writes and the other way round.
 */
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Property } from "../../base/properties.js";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { checkTarget, writeFileAtomic, writeFolderAtomic } from "../../io/atomic.js";
import { NumpyFolderSorting, saveNumpyFolderSorting } from "../../io/folders/numpy-folder-sorting.js";
import { propertyToNpy } from "../../io/folders/property-files.js";
import { parsePythonJson } from "../../io/json.js";
import { npyFromBools } from "../../io/npy/index.js";
import { readProbeinterface, writeProbeinterface } from "../../probe/node.js";
import { toPythonJsonText } from "../../probe/py-json.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import { ChannelSparsity } from "../../sparsity/channel-sparsity.js";
import { type ExtensionDataValue, jsonData } from "../analyzer-array.js";
import { copySorting } from "../assemble.js";
import type {
  AnalyzerBackend,
  AnalyzerFormatImplementation,
  CreateAnalyzerFolderArgs,
  OpenedAnalyzerFolder,
  StoredExtension,
} from "../backend.js";
import type { ExtensionParams, RunInfo } from "../extension.js";
import { recAttributesFromJson } from "../rec-attributes.js";
import { warnAnalyzer } from "../warnings.js";
import { analyzerArrayToNpy, npyToAnalyzerArray, readNpyFile, writeNpyFile } from "./npy-io.js";
import { provenanceDict, rebuildFromDict } from "./provenance-io.js";
import { paramsForPython, pythonCompactJson } from "./py-params.js";
import { recAttributesForPython } from "./rec-attributes-json.js";
import { SPIKEINTERFACE_INFO, settingsFromJson, settingsToJson } from "./settings.js";

const NOT_DATA = new Set(["params.json", "info.json", "run_info.json"]);

function readJson(path: string): unknown {
  return parsePythonJson(readFileSync(path, "utf8"), path);
}

function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, toPythonJsonText(value), { overwrite: true });
}

class BinaryFolderBackend implements AnalyzerBackend {
  readonly format = "binary_folder" as const;
  private readonly saved: Set<string>;

  constructor(readonly folder: string) {
    this.saved = new Set();
    const ext = join(folder, "extensions");
    if (existsSync(ext)) {
      for (const name of readdirSync(ext).sort()) {
        if (existsSync(join(ext, name, "params.json"))) this.saved.add(name);
      }
    }
  }

  private extFolder(name: string): string {
    return join(this.folder, "extensions", name);
  }

  isReadOnly(): boolean {
    try {
      accessSync(this.folder, constants.W_OK);
      return false;
    } catch {
      return true;
    }
  }

  savedExtensionNames(): string[] {
    return [...this.saved];
  }

  async readExtension(name: string): Promise<StoredExtension> {
    const dir = this.extFolder(name);
    const paramsPath = join(dir, "params.json");
    if (!existsSync(paramsPath))
      throw new FileFormatError(dir, `extension ${JSON.stringify(name)} has no params.json`);
    const params = readJson(paramsPath) as ExtensionParams;
    const runInfoPath = join(dir, "run_info.json");
    const runInfo = existsSync(runInfoPath) ? (readJson(runInfoPath) as RunInfo) : null;
    if (runInfo === null)
      warnAnalyzer(`extension ${JSON.stringify(name)} has no run_info.json: it should be recomputed`);
    const data = new Map<string, ExtensionDataValue>();
    for (const file of readdirSync(dir).sort()) {
      if (NOT_DATA.has(file) || file.startsWith("._")) continue;
      const path = join(dir, file);
      const dot = file.lastIndexOf(".");
      const stem = file.slice(0, dot);
      const ext = file.slice(dot);
      if (ext === ".npy") data.set(stem, npyToAnalyzerArray(readNpyFile(path), path));
      else if (ext === ".json") data.set(stem, jsonData(readJson(path)));
      else if (ext === ".csv" || ext === ".pkl") {
        warnAnalyzer(`${path}: ${ext} extension data (pandas / pickle) is not supported and was skipped`);
      }
    }
    return { params, runInfo, data };
  }

  async resetExtension(name: string): Promise<void> {
    const dir = this.extFolder(name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    this.saved.delete(name);
  }

  async deleteExtension(name: string): Promise<void> {
    rmSync(this.extFolder(name), { recursive: true, force: true });
    this.saved.delete(name);
  }

  async writeExtensionParams(
    name: string,
    params: ExtensionParams,
    info: Record<string, string>,
  ): Promise<void> {
    const dir = this.extFolder(name);
    mkdirSync(dir, { recursive: true });
    writeJson(join(dir, "params.json"), paramsForPython(params));
    writeJson(join(dir, "info.json"), info);
    this.saved.add(name);
  }

  async writeExtensionRunInfo(name: string, runInfo: RunInfo): Promise<void> {
    writeJson(join(this.extFolder(name), "run_info.json"), paramsForPython({ ...runInfo }));
  }

  async writeExtensionData(name: string, data: ReadonlyMap<string, ExtensionDataValue>): Promise<void> {
    const dir = this.extFolder(name);
    mkdirSync(dir, { recursive: true });
    for (const [key, value] of data) {
      if (value.kind === "array") writeNpyFile(join(dir, `${key}.npy`), analyzerArrayToNpy(value));
      // json.dump(obj, f): compact, Python's default separators.
      else writeFileAtomic(join(dir, `${key}.json`), pythonCompactJson(value.value), { overwrite: true });
    }
  }

  async writeSortingProperty(key: string, property: Property): Promise<void> {
    const npy = propertyToNpy(property);
    if (npy === null) {
      warnAnalyzer(`sorting property ${JSON.stringify(key)} holds objects: not saved`);
      return;
    }
    const dir = join(this.folder, "sorting", "properties");
    mkdirSync(dir, { recursive: true });
    writeNpyFile(join(dir, `${key}.npy`), npy);
  }

  async loadSortingProvenance(): Promise<BaseSorting | null> {
    const path = join(this.folder, "sorting_provenance.json");
    if (!existsSync(path)) return null;
    const rebuilt = await rebuildFromDict<BaseSorting>(readJson(path), this.folder);
    return rebuilt.value;
  }
}

/**
 * Only checked here: the old folder stays until `create` has written the new one completely next to
 * it (writeFolderAtomic), so a failed overwrite (bad option, error midway) keeps the old analyzer.
 */
function prepareFolder(folder: string, overwrite: boolean): string {
  const abs = resolve(folder);
  checkTarget(abs, { overwrite });
  return abs;
}

/** `args.folder` was checked by prepareFolder (which alone decides whether it may be replaced). */
async function create(args: CreateAnalyzerFolderArgs): Promise<AnalyzerBackend> {
  const folder = resolve(args.folder);
  await writeFolderAtomic(folder, { overwrite: true }, async (tmp) => {
    mkdirSync(join(tmp, "recording_info"), { recursive: true });
    writeJson(join(tmp, "spikeinterface_info.json"), SPIKEINTERFACE_INFO);
    writeJson(join(tmp, "settings.json"), settingsToJson(args.settings));
    // As SpikeInterface: the sorting folder is `sorting.save()` of the source sorting (its
    // provenance.json then points at the source); without a JSON source, of the analyzer's copy.
    await saveNumpyFolderSorting(args.sortingProvenance ?? args.sorting, { folder: join(tmp, "sorting") });
    // Paths in the JSON files are relative to the final folder, not to its temporary sibling.
    const sortingDict = provenanceDict(args.sortingProvenance, folder);
    if (sortingDict !== null) writeJson(join(tmp, "sorting_provenance.json"), sortingDict);
    if (args.sparsity !== null) {
      const s = args.sparsity;
      writeNpyFile(
        join(tmp, "sparsity_mask.npy"),
        npyFromBools(s.mask, { shape: [s.numUnits, s.numChannels] }),
      );
    }
    if (args.recording !== null) {
      const recDict = provenanceDict(args.recording, folder);
      if (recDict !== null) writeJson(join(tmp, "recording.json"), recDict);
      else warnAnalyzer("the recording cannot be described by JSON: the analyzer will open without it");
    }
    writeJson(
      join(tmp, "recording_info", "recording_attributes.json"),
      recAttributesForPython(args.recAttributes),
    );
    if (args.recAttributes.probegroup !== null) {
      writeProbeinterface(join(tmp, "recording_info", "probegroup.json"), args.recAttributes.probegroup);
    }
  });
  return new BinaryFolderBackend(folder);
}

async function open(
  folderPath: string,
  options: { recording?: BaseRecording | null },
): Promise<OpenedAnalyzerFolder> {
  const folder = resolve(folderPath);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new SpikeInterfaceError("file_not_found", `SortingAnalyzer folder ${folder} does not exist`, {
      path: folder,
    });
  }
  const attrsPath = join(folder, "recording_info", "recording_attributes.json");
  if (!existsSync(attrsPath)) {
    throw new FileFormatError(
      folder,
      "is not a SortingAnalyzer binary_folder (no recording_info/recording_attributes.json)",
    );
  }
  const settingsPath = join(folder, "settings.json");
  let settingsJson: unknown = {};
  if (existsSync(settingsPath)) settingsJson = readJson(settingsPath);
  const settings = settingsFromJson(settingsJson, settingsPath);
  if (!existsSync(settingsPath)) {
    warnAnalyzer(`${basename(folder)}: settings.json not found; created with default settings`);
    writeJson(settingsPath, settingsToJson(settings));
  }
  const sorting = copySorting(new NumpyFolderSorting(join(folder, "sorting")));
  const probePath = join(folder, "recording_info", "probegroup.json");
  const probegroup = existsSync(probePath) ? readProbeinterface(probePath) : null;
  const recAttributes = recAttributesFromJson(readJson(attrsPath), probegroup, attrsPath);
  let recording = options.recording ?? null;
  let recordingError: string | null = null;
  if (recording === null) {
    const json = join(folder, "recording.json");
    if (existsSync(json)) {
      const rebuilt = await rebuildFromDict<BaseRecording>(readJson(json), folder);
      recording = rebuilt.value;
      recordingError = rebuilt.error;
    } else if (existsSync(join(folder, "recording.pickle"))) {
      recordingError = "recording.pickle (a Python pickle) cannot be read";
    }
  }
  const maskPath = join(folder, "sparsity_mask.npy");
  let sparsity: ChannelSparsity | null = null;
  if (existsSync(maskPath)) {
    const mask = npyToAnalyzerArray(readNpyFile(maskPath), maskPath);
    sparsity = new ChannelSparsity({
      mask: mask.data as Uint8Array,
      unitIds: sorting.unitIds,
      channelIds: recAttributes.channelIds,
    });
  }
  return {
    backend: new BinaryFolderBackend(folder),
    sorting,
    recording,
    recAttributes,
    sparsity,
    settings,
    recordingError,
  };
}

export const binaryFolderFormat: AnalyzerFormatImplementation = { prepareFolder, create, open };
