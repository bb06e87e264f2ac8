/**
 * The "zarr" analyzer format (spec formats.md §5.2), Node-only: a zarr v2 hierarchy with root attrs
 * spikeinterface_info / settings, groups sorting, recording_info (attrs recording_attributes,
 * probegroup) and extensions/<name> (attrs params, info, run_info; data arrays Blosc-zstd), JSON
 * object arrays recording / sorting_provenance, the sparsity_mask array, and consolidated metadata
 * rewritten after every change. Reading is `./zarr-store-backend.ts` (browser-safe, any store);
 * this module adds the folder: existence checks, writability, and the writers.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Property } from "../../base/properties.js";
import { SpikeInterfaceError } from "../../errors.js";
import { checkTarget, writeFolderAtomic } from "../../io/atomic.js";
import { FileSystemStore } from "../../io/zarr/fs-store.node.js";
import { consolidateMetadata, createGroup, writeArray, writeAttrs } from "../../io/zarr/index.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import type { ExtensionDataValue } from "../analyzer-array.js";
import type {
  AnalyzerBackend,
  AnalyzerFormatImplementation,
  CreateAnalyzerFolderArgs,
  OpenedAnalyzerFolder,
} from "../backend.js";
import type { ExtensionParams, RunInfo } from "../extension.js";
import { warnAnalyzer } from "../warnings.js";
import { provenanceDict, rebuildFromDict } from "./provenance-io.js";
import { paramsForPython, zarrFloat } from "./py-params.js";
import { recAttributesForPython } from "./rec-attributes-json.js";
import { SPIKEINTERFACE_INFO, settingsToJson } from "./settings.js";
import { writeZarrSortingGroup } from "./zarr-sorting.js";
import {
  type RebuildExtractor,
  readZarrAnalyzer,
  savedExtensions,
  ZarrStoreBackend,
} from "./zarr-store-backend.js";
import { writeAnalyzerArray, writeJsonObject, writeProperty } from "./zarr-values.js";

/** The folder backend: the store reader plus the writers (consolidated metadata after each). */
class ZarrBackend extends ZarrStoreBackend {
  declare readonly store: FileSystemStore;

  static async open(folder: string): Promise<ZarrBackend> {
    const store = new FileSystemStore(folder);
    const rebuild: RebuildExtractor = (dict) => rebuildFromDict(dict, folder);
    return new ZarrBackend(folder, store, await savedExtensions(store), rebuild);
  }

  override isReadOnly(): boolean {
    try {
      accessSync(this.folder, constants.W_OK);
      return false;
    } catch {
      return true;
    }
  }

  private consolidate(): Promise<void> {
    return consolidateMetadata(this.store);
  }

  override async resetExtension(name: string): Promise<void> {
    await this.store.delete(`/extensions/${name}`);
    await createGroup(this.store, `extensions/${name}`);
    this.saved.delete(name);
    await this.consolidate();
  }

  override async deleteExtension(name: string): Promise<void> {
    await this.store.delete(`/extensions/${name}`);
    this.saved.delete(name);
    await this.consolidate();
  }

  override async writeExtensionParams(
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

  override async writeExtensionRunInfo(name: string, runInfo: RunInfo): Promise<void> {
    await writeAttrs(
      this.store,
      `extensions/${name}`,
      { run_info: paramsForPython({ ...runInfo }, zarrFloat) },
      { merge: true },
    );
    await this.consolidate();
  }

  override async writeExtensionData(
    name: string,
    data: ReadonlyMap<string, ExtensionDataValue>,
  ): Promise<void> {
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

  override async writeSortingProperty(key: string, property: Property): Promise<void> {
    if (!(await writeProperty(this.store, `sorting/properties/${key}`, property))) {
      warnAnalyzer(`sorting property ${JSON.stringify(key)} holds objects: not saved`);
    }
    await this.consolidate();
  }
}

/**
 * Only checked here: the old folder stays until `create` has written the new one completely next to
 * it (writeFolderAtomic), so a failed overwrite (bad option, error midway) keeps the old analyzer.
 */
function prepareFolder(folder: string, overwrite: boolean): string {
  const trimmed = folder.replace(/[\\/]+$/, "");
  const abs = resolve(trimmed.endsWith(".zarr") ? folder : `${trimmed}.zarr`);
  checkTarget(abs, { overwrite });
  return abs;
}

/** `args.folder` was checked by prepareFolder (which alone decides whether it may be replaced). */
async function create(args: CreateAnalyzerFolderArgs): Promise<AnalyzerBackend> {
  const folder = resolve(args.folder);
  await writeFolderAtomic(folder, { overwrite: true }, async (tmp) => {
    const store = new FileSystemStore(tmp);
    await createGroup(store, "", {
      attrs: { spikeinterface_info: SPIKEINTERFACE_INFO, settings: settingsToJson(args.settings) },
    });
    await createGroup(store, "extensions");
    await writeZarrSortingGroup(store, "sorting", args.sorting);
    // Paths in the provenance dicts are relative to the final folder, not to its temporary sibling.
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
  });
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
  return readZarrAnalyzer(await ZarrBackend.open(folder), options);
}

export const zarrFormat: AnalyzerFormatImplementation = { prepareFolder, create, open };
