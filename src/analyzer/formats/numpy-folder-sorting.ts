/**
 * The "numpy_folder" sorting layout (spec formats.md §3.1) that an analyzer's `sorting/` folder
 * uses: spikes.npy (the spike vector), numpysorting_info.json, properties/<key>.npy, si_folder.json
 * and the source's provenance.json. Node-only.
 *
 * NumpyFolderSorting is registered as an extractor class (when no other module has registered it)
 * so that `sorting_provenance.json` files pointing at numpy folders can be rebuilt.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ExtractorDict } from "../../base/extractor.js";
import type { Id } from "../../base/ids.js";
import { registerExtractorClass, registeredClassNames } from "../../base/registry.js";
import { FileFormatError } from "../../errors.js";
import { writeFileAtomic } from "../../io/atomic.js";
import { parsePythonJson } from "../../io/json.js";
import { spikeVectorFromNpy, spikeVectorToNpy } from "../../io/npy/index.js";
import { makePathsRelative } from "../../io/paths.js";
import { pythonFloatRepr, toPythonJsonText } from "../../probe/py-json.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import { NumpySorting } from "../../sorting/numpy-sorting.js";
import { propertyFromNpy, propertyToNpy, readNpyFile, writeNpyFile } from "./npy-io.js";

export const NUMPY_FOLDER_SORTING_CLASS = "spikeinterface.core.sortingfolder.NumpyFolderSorting";

interface NumpySortingInfo {
  sampling_frequency: number;
  unit_ids: Id[];
  num_segments: number;
}

function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new FileFormatError(path, "cannot read the file", { cause: err });
  }
  return parsePythonJson(text, path);
}

/** A sorting read from a numpy folder; its provenance is that folder. */
export class NumpyFolderSorting extends NumpySorting {
  override readonly className: string = NUMPY_FOLDER_SORTING_CLASS;

  constructor(folderPath: string) {
    const folder = resolve(folderPath);
    const infoPath = join(folder, "numpysorting_info.json");
    if (!existsSync(infoPath))
      throw new FileFormatError(folder, "not a numpy_folder sorting (no numpysorting_info.json)");
    const info = readJsonFile(infoPath) as Partial<NumpySortingInfo>;
    if (typeof info.sampling_frequency !== "number" || !Array.isArray(info.unit_ids)) {
      throw new FileFormatError(infoPath, "needs sampling_frequency and unit_ids");
    }
    const spikesPath = join(folder, "spikes.npy");
    const spikes = spikeVectorFromNpy(readNpyFile(spikesPath), spikesPath);
    super({
      spikes,
      samplingFrequency: info.sampling_frequency,
      unitIds: info.unit_ids,
      numSegments: info.num_segments ?? undefined,
    });
    this.notJsonReason = null;
    this.kwargs = { folder_path: folder, mmap_mode: null };
    const siFolder = join(folder, "si_folder.json");
    if (existsSync(siFolder)) {
      const d = readJsonFile(siFolder) as Partial<ExtractorDict>;
      if (d.annotations && typeof d.annotations === "object") this.annotate(d.annotations);
    }
    const propFolder = join(folder, "properties");
    if (existsSync(propFolder)) {
      for (const file of readdirSync(propFolder).sort()) {
        if (!file.endsWith(".npy")) continue;
        const path = join(propFolder, file);
        const p = propertyFromNpy(readNpyFile(path), path);
        this.setProperty(file.slice(0, -4), p.values, { dtype: p.dtype, shape: p.shape });
      }
    }
  }

  /** Numpy folders hold their spikes on disk: nothing to move to shared memory for workers. */
  override shareMemory(): void {}
}

function compactInfo(sorting: BaseSorting): string {
  const ids = sorting.unitIds.map((id) => JSON.stringify(id)).join(", ");
  return `{"sampling_frequency": ${pythonFloatRepr(sorting.samplingFrequency)}, "unit_ids": [${ids}], "num_segments": ${sorting.getNumSegments()}}`;
}

/**
 * Write `sorting` as a numpy folder (the folder must not hold one already). `provenance` is the
 * source object recorded in provenance.json, when it can be described by JSON.
 */
export function writeNumpyFolderSorting(
  sorting: BaseSorting,
  folder: string,
  provenance: BaseSorting | null,
): void {
  const abs = resolve(folder);
  if (existsSync(join(abs, "numpysorting_info.json"))) {
    throw new FileFormatError(abs, "already holds a numpy_folder sorting");
  }
  mkdirSync(join(abs, "properties"), { recursive: true });
  if (provenance?.isJsonSerializable()) {
    const dict = makePathsRelative(provenance.toDict({ includeAnnotations: true, recursive: true }), abs);
    writeFileAtomic(join(abs, "provenance.json"), toPythonJsonText(dict), { overwrite: true });
  }
  for (const key of sorting.getPropertyKeys()) {
    const p = sorting.getPropertyInfo(key);
    const npy = p === null ? null : propertyToNpy(p);
    if (npy !== null) writeNpyFile(join(abs, "properties", `${key}.npy`), npy);
  }
  writeFileAtomic(join(abs, "numpysorting_info.json"), compactInfo(sorting), { overwrite: true });
  writeNpyFile(join(abs, "spikes.npy"), spikeVectorToNpy(sorting.toSpikeVector()));
  const own = sorting.toDict({ includeAnnotations: true });
  const siFolder = {
    class: NUMPY_FOLDER_SORTING_CLASS,
    module: "spikeinterface",
    version: own.version,
    kwargs: { folder_path: ".", mmap_mode: null },
    annotations: own.annotations,
    properties: own.properties,
    relative_paths: true,
  };
  writeFileAtomic(join(abs, "si_folder.json"), toPythonJsonText(siFolder), { overwrite: true });
}

if (!registeredClassNames().includes(NUMPY_FOLDER_SORTING_CLASS)) {
  registerExtractorClass(NUMPY_FOLDER_SORTING_CLASS, (k) => new NumpyFolderSorting(k.folder_path as string));
}
