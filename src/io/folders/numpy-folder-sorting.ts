/**
 * NumpyFolderSorting (spec formats.md §3.1), the default `sorting.save()` format: the spike vector
 * as `spikes.npy` (int64 records: sample_index, unit_index, segment_index), `numpysorting_info.json`
 * (sampling frequency, unit ids, number of segments — which keeps trailing empty segments),
 * `properties/`, `provenance.json` and `si_folder.json`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Id } from "../../base/ids.js";
import { registerExtractorClass } from "../../base/registry.js";
import { registerSaver, type SaveOptions } from "../../base/savers.js";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { BaseSorting } from "../../sorting/base-sorting.js";
import type { SpikeVector } from "../../sorting/spike-vector.js";
import { writeFolderAtomic } from "../atomic.js";
import { encodeSpikeVectorNpy, readSpikeVectorNpy } from "../npy/spike-vector-npy.js";
import { pyFloat } from "../zarr/json.js";
import { readPropertyFiles, writePropertyFiles } from "./property-files.js";
import { splitSaveOptions, writeJsonFile, writeProvenanceJson, writeSiFolderJson } from "./save-common.js";
import { readFolderAnnotations, readJsonObject } from "./si-json.js";

export const NUMPY_FOLDER_SORTING_CLASS = "spikeinterface.core.sortingfolder.NumpyFolderSorting";

/** Check a spike vector read from disk against the sorting it belongs to. */
export function checkSpikeVector(v: SpikeVector, numUnits: number, numSegments: number, where: string): void {
  const { sampleIndex: s, unitIndex: u, segmentIndex: g } = v;
  for (let i = 0; i < s.length; i++) {
    if (u[i] < 0 || u[i] >= numUnits) {
      throw new FileFormatError(where, `spike ${i} has unit index ${u[i]}, but there are ${numUnits} units`);
    }
    if (g[i] < 0 || g[i] >= numSegments) {
      throw new FileFormatError(
        where,
        `spike ${i} has segment index ${g[i]}, but there are ${numSegments} segments`,
      );
    }
    if (i > 0 && (g[i] < g[i - 1] || (g[i] === g[i - 1] && s[i] < s[i - 1]))) {
      throw new FileFormatError(where, `spikes are not sorted by segment then sample at spike ${i}`);
    }
  }
}

export class NumpyFolderSorting extends BaseSorting {
  readonly className: string = NUMPY_FOLDER_SORTING_CLASS;
  readonly folderPath: string;
  private readonly spikes: SpikeVector;

  constructor(folderPath: string) {
    const folder = resolve(folderPath);
    const infoPath = join(folder, "numpysorting_info.json");
    const spikesPath = join(folder, "spikes.npy");
    if (!existsSync(infoPath)) {
      throw new FileFormatError(folder, "not a numpy sorting folder: numpysorting_info.json is missing");
    }
    const info = readJsonObject(infoPath);
    const fs = info.sampling_frequency;
    const unitIds = info.unit_ids;
    const numSegments = info.num_segments;
    if (typeof fs !== "number" || !(fs > 0))
      throw new FileFormatError(infoPath, "sampling_frequency is missing or invalid");
    if (!Array.isArray(unitIds) || !unitIds.every((u) => typeof u === "string" || typeof u === "number"))
      throw new FileFormatError(infoPath, "unit_ids must be a list of strings or integers");
    if (typeof numSegments !== "number" || !Number.isInteger(numSegments) || numSegments < 0)
      throw new FileFormatError(infoPath, "num_segments is missing or invalid");
    if (!existsSync(spikesPath)) throw new FileFormatError(spikesPath, "file is missing");
    const spikes = readSpikeVectorNpy(new Uint8Array(readFileSync(spikesPath)), spikesPath);
    checkSpikeVector(spikes, unitIds.length, numSegments, spikesPath);
    super(fs, unitIds as Id[], numSegments);
    this.folderPath = folder;
    this.spikes = spikes;
    readPropertyFiles(folder, this);
    this.annotate(readFolderAnnotations(folder));
    this.kwargs = { folder_path: folder, mmap_mode: null };
  }

  protected computeSpikeVector(): SpikeVector {
    return this.spikes;
  }
}

export function readNumpySortingFolder(folderPath: string): NumpyFolderSorting {
  return new NumpyFolderSorting(folderPath);
}

/** `NumpyFolderSorting.write_sorting`: spikes.npy and numpysorting_info.json (compact JSON). */
export function writeNumpySortingFiles(sorting: BaseSorting, folder: string): void {
  const info = join(folder, "numpysorting_info.json");
  if (existsSync(info)) {
    throw new SpikeInterfaceError("file_exists", `${info} already exists: the folder holds a sorting`, {
      path: info,
    });
  }
  const d = {
    sampling_frequency: pyFloat(sorting.samplingFrequency),
    unit_ids: [...sorting.unitIds],
    num_segments: sorting.getNumSegments(),
  };
  writeJsonFile(info, d, null);
  writeFileSync(join(folder, "spikes.npy"), encodeSpikeVectorNpy(sorting.toSpikeVector()));
}

/** `sorting.save({ format: "numpy_folder", folder })`, written atomically; returns the reloaded folder. */
export async function saveNumpyFolderSorting(
  sorting: BaseSorting,
  options: SaveOptions = {},
): Promise<NumpyFolderSorting> {
  const { folder, overwrite } = splitSaveOptions(options, { kind: "sorting", format: "numpy_folder" });
  await writeFolderAtomic(folder, { overwrite }, (tmp) => {
    writeProvenanceJson(tmp, folder, sorting);
    writeNumpySortingFiles(sorting, tmp);
    writePropertyFiles(tmp, sorting);
    const cached = new NumpyFolderSorting(tmp);
    sorting.copyMetadata(cached);
    writeSiFolderJson(tmp, cached);
  });
  return new NumpyFolderSorting(folder);
}

registerSaver("sorting", "numpy_folder", (extractor, options) =>
  saveNumpyFolderSorting(extractor as BaseSorting, options),
);

registerExtractorClass(NUMPY_FOLDER_SORTING_CLASS, (k) => {
  if (typeof k.folder_path !== "string") {
    throw new SpikeInterfaceError("invalid_argument", "NumpyFolderSorting needs kwargs.folder_path");
  }
  return new NumpyFolderSorting(k.folder_path);
});
