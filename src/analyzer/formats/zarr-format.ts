/**
 * The "zarr" analyzer format (spec formats.md §5.2), Node-only: a zarr v2 hierarchy with root attrs
 * spikeinterface_info / settings, groups sorting, recording_info (attrs recording_attributes,
 * probegroup) and extensions/<name> (attrs params, info, run_info; data arrays Blosc-zstd), JSON
 * object arrays recording / sorting_provenance, the sparsity_mask array, and consolidated metadata
 * rewritten after every change.
 */
import { accessSync, constants, existsSync, rmSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Property } from "../../base/properties.js";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { FileSystemStore } from "../../io/zarr/fs-store.node.js";
import {
  consolidateMetadata,
  createGroup,
  listChildren,
  nodeKind,
  readAttrs,
  writeArray,
  writeAttrs,
} from "../../io/zarr/index.js";
import { ProbeGroup } from "../../probe/probegroup.js";
import type { ProbeGroupDict } from "../../probe/types.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import { ChannelSparsity } from "../../sparsity/channel-sparsity.js";
import { type ExtensionDataValue, jsonData } from "../analyzer-array.js";
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
import { provenanceDict, rebuildFromDict } from "./provenance-io.js";
import { paramsForPython, zarrFloat } from "./py-params.js";
import { recAttributesForPython } from "./rec-attributes-json.js";
import { SPIKEINTERFACE_INFO, settingsFromJson, settingsToJson } from "./settings.js";
import { readZarrSortingGroup, writeZarrSortingGroup } from "./zarr-sorting.js";
import {
  readAnalyzerArray,
  readJsonObject,
  writeAnalyzerArray,
  writeJsonObject,
  writeProperty,
} from "./zarr-values.js";

class ZarrBackend implements AnalyzerBackend {
  readonly format = "zarr" as const;
  readonly store: FileSystemStore;

  private constructor(
    readonly folder: string,
    private readonly saved: Set<string>,
  ) {
    this.store = new FileSystemStore(folder);
  }

  static async open(folder: string): Promise<ZarrBackend> {
    const store = new FileSystemStore(folder);
    const saved = new Set<string>();
    const { groups } = await listChildren(store, "extensions");
    for (const name of groups.sort())
      if ("params" in (await readAttrs(store, `extensions/${name}`))) saved.add(name);
    return new ZarrBackend(folder, saved);
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

  private consolidate(): Promise<void> {
    return consolidateMetadata(this.store);
  }

  async readExtension(name: string): Promise<StoredExtension> {
    const path = `extensions/${name}`;
    const attrs = await readAttrs(this.store, path);
    if (!("params" in attrs))
      throw new FileFormatError(`${this.folder}/${path}`, `extension ${JSON.stringify(name)} has no params`);
    const runInfo = (attrs.run_info ?? null) as RunInfo | null;
    if (runInfo === null)
      warnAnalyzer(`extension ${JSON.stringify(name)} has no run_info: it should be recomputed`);
    const data = new Map<string, ExtensionDataValue>();
    const { arrays, groups } = await listChildren(this.store, path);
    for (const key of arrays.sort()) {
      const childAttrs = await readAttrs(this.store, `${path}/${key}`);
      if ("dict" in childAttrs) data.set(key, jsonData(await readJsonObject(this.store, `${path}/${key}`)));
      else if ("object" in childAttrs)
        warnAnalyzer(`${path}/${key}: pickled extension data is not supported, skipped`);
      else data.set(key, await readAnalyzerArray(this.store, `${path}/${key}`));
    }
    for (const key of groups)
      warnAnalyzer(`${path}/${key}: dataframe extension data is not supported, skipped`);
    return { params: attrs.params as ExtensionParams, runInfo, data };
  }

  async resetExtension(name: string): Promise<void> {
    await this.store.delete(`/extensions/${name}`);
    await createGroup(this.store, `extensions/${name}`);
    this.saved.delete(name);
    await this.consolidate();
  }

  async deleteExtension(name: string): Promise<void> {
    await this.store.delete(`/extensions/${name}`);
    this.saved.delete(name);
    await this.consolidate();
  }

  async writeExtensionParams(
    name: string,
    params: ExtensionParams,
    info: Record<string, string>,
  ): Promise<void> {
    await createGroup(this.store, `extensions/${name}`);
    await writeAttrs(
      this.store,
      `extensions/${name}`,
      { params: paramsForPython(params, zarrFloat), info },
      { merge: true },
    );
    this.saved.add(name);
    await this.consolidate();
  }

  async writeExtensionRunInfo(name: string, runInfo: RunInfo): Promise<void> {
    await writeAttrs(
      this.store,
      `extensions/${name}`,
      { run_info: paramsForPython({ ...runInfo }, zarrFloat) },
      { merge: true },
    );
    await this.consolidate();
  }

  async writeExtensionData(name: string, data: ReadonlyMap<string, ExtensionDataValue>): Promise<void> {
    for (const [key, value] of data) {
      const path = `extensions/${name}/${key}`;
      if (value.kind === "array") await writeAnalyzerArray(this.store, path, value);
      else {
        await writeJsonObject(this.store, path, value.value);
        await writeAttrs(this.store, path, { dict: true });
      }
    }
    await this.consolidate();
  }

  async writeSortingProperty(key: string, property: Property): Promise<void> {
    if (!(await writeProperty(this.store, `sorting/properties/${key}`, property))) {
      warnAnalyzer(`sorting property ${JSON.stringify(key)} holds objects: not saved`);
    }
    await this.consolidate();
  }

  async loadSortingProvenance(): Promise<BaseSorting | null> {
    if ((await nodeKind(this.store, "sorting_provenance")) !== "array") return null;
    const dict = await readJsonObject(this.store, "sorting_provenance");
    return (await rebuildFromDict<BaseSorting>(dict, this.folder)).value;
  }
}

function prepareFolder(folder: string, overwrite: boolean): string {
  const withSuffix = folder.replace(/[\\/]+$/, "").endsWith(".zarr")
    ? folder
    : `${folder.replace(/[\\/]+$/, "")}.zarr`;
  const abs = resolve(withSuffix);
  if (existsSync(abs)) {
    if (!overwrite) {
      throw new SpikeInterfaceError(
        "file_exists",
        `folder ${abs} already exists: pass overwrite: true to replace it`,
        {
          path: abs,
        },
      );
    }
    rmSync(abs, { recursive: true, force: true });
  }
  return abs;
}

async function create(args: CreateAnalyzerFolderArgs): Promise<AnalyzerBackend> {
  const folder = resolve(args.folder);
  if (existsSync(folder))
    throw new SpikeInterfaceError("file_exists", `folder ${folder} already exists`, { path: folder });
  const store = new FileSystemStore(folder);
  try {
    await createGroup(store, "", {
      attrs: { spikeinterface_info: SPIKEINTERFACE_INFO, settings: settingsToJson(args.settings) },
    });
    await createGroup(store, "extensions");
    await writeZarrSortingGroup(store, "sorting", args.sorting);
    const sortingDict = provenanceDict(args.sortingProvenance, folder);
    if (sortingDict !== null) await writeJsonObject(store, "sorting_provenance", sortingDict);
    if (args.sparsity !== null) {
      const s = args.sparsity;
      await writeArray(store, "sparsity_mask", s.mask, { dtype: "|b1", shape: [s.numUnits, s.numChannels] });
    }
    if (args.recording !== null) {
      const recDict = provenanceDict(args.recording, folder);
      if (recDict !== null) await writeJsonObject(store, "recording", recDict);
      else warnAnalyzer("the recording cannot be described by JSON: the analyzer will open without it");
    }
    const infoAttrs: Record<string, unknown> = {
      recording_attributes: recAttributesForPython(args.recAttributes, zarrFloat),
    };
    if (args.recAttributes.probegroup !== null) infoAttrs.probegroup = args.recAttributes.probegroup.toDict();
    await createGroup(store, "recording_info", { attrs: infoAttrs });
    await consolidateMetadata(store);
  } catch (err) {
    rmSync(folder, { recursive: true, force: true });
    throw err;
  }
  return ZarrBackend.open(folder);
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
  const store = new FileSystemStore(folder);
  const root = await readAttrs(store, "");
  if (!("spikeinterface_info" in root) || (await nodeKind(store, "recording_info")) !== "group") {
    throw new FileFormatError(
      folder,
      "is not a SortingAnalyzer zarr folder (no spikeinterface_info / recording_info)",
    );
  }
  const settings = settingsFromJson(root.settings ?? {}, `${folder}/.zattrs`);
  const sorting = await readZarrSortingGroup(store, "sorting");
  const info = await readAttrs(store, "recording_info");
  const pgDict = info.probegroup as ProbeGroupDict | undefined;
  const probegroup = pgDict === undefined || pgDict === null ? null : ProbeGroup.fromDict(pgDict);
  const recAttributes = recAttributesFromJson(
    info.recording_attributes,
    probegroup,
    `${folder}/recording_info`,
  );
  let recording = options.recording ?? null;
  let recordingError: string | null = null;
  if (recording === null && (await nodeKind(store, "recording")) === "array") {
    try {
      const rebuilt = await rebuildFromDict<BaseRecording>(await readJsonObject(store, "recording"), folder);
      recording = rebuilt.value;
      recordingError = rebuilt.error;
    } catch (err) {
      recordingError = err instanceof Error ? err.message : String(err);
    }
  }
  let sparsity: ChannelSparsity | null = null;
  if ((await nodeKind(store, "sparsity_mask")) === "array") {
    const mask = await readAnalyzerArray(store, "sparsity_mask");
    sparsity = new ChannelSparsity({
      mask: mask.data as Uint8Array,
      unitIds: sorting.unitIds,
      channelIds: recAttributes.channelIds,
    });
  }
  return {
    backend: await ZarrBackend.open(folder),
    sorting,
    recording,
    recAttributes,
    sparsity,
    settings,
    recordingError,
  };
}

export const zarrFormat: AnalyzerFormatImplementation = { prepareFolder, create, open };
