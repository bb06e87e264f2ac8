/**
 * NPZ sortings (spec formats.md §3.2–3.3): `NpzSortingExtractor` reads and `writeNpzSorting` writes
 * the .npz layout (unit_ids, num_segment, sampling_frequency, spike_indexes_seg{i},
 * spike_labels_seg{i}); `NpzFolderSorting` is the legacy `format: "npz_folder"` save (the .npz plus
 * npz.json, properties/, provenance.json, si_folder.json).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SI_FORMAT_VERSION } from "../../base/extractor.js";
import type { Id } from "../../base/ids.js";
import { registerExtractorClass } from "../../base/registry.js";
import { registerSaver, type SaveOptions } from "../../base/savers.js";
import type { TypedArray } from "../../dtype.js";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { BaseSorting } from "../../sorting/base-sorting.js";
import { type SpikeVector, sortSpikeVector } from "../../sorting/spike-vector.js";
import { writeFileAtomic, writeFolderAtomic } from "../atomic.js";
import { npyFromStrings, npyFromTypedArray } from "../npy/builders.js";
import type { NpyArray } from "../npy/npy-array.js";
import { encodeNpz, readNpz } from "../npy/npz.js";
import { makePathsAbsolute } from "../paths.js";
import { readPropertyFiles, writePropertyFiles } from "./property-files.js";
import { splitSaveOptions, writeJsonFile, writeProvenanceJson, writeSiFolderJson } from "./save-common.js";
import { readFolderAnnotations, readJsonObject } from "./si-json.js";
import { int64ToFloat64 } from "./zarr-common.js";

export const NPZ_SORTING_CLASS = "spikeinterface.core.npzsortingextractor.NpzSortingExtractor";
export const NPZ_FOLDER_SORTING_CLASS = "spikeinterface.core.sortingfolder.NpzFolderSorting";

interface NpzContent {
  fs: number;
  unitIds: Id[];
  numSegments: number;
  spikes: SpikeVector;
}

function member(arrays: Map<string, NpyArray>, key: string, path: string): NpyArray {
  const a = arrays.get(key);
  if (a === undefined) throw new FileFormatError(path, `member ${key}.npy is missing`);
  return a;
}

/** Values of a 1-D id-like member: strings, or integers as numbers. */
function idsOf(a: NpyArray, path: string, key: string): Id[] {
  if (a.kind === "string") return [...a.data];
  if (a.kind === "numeric" && a.dtype !== "bool")
    return Array.from(int64ToFloat64(a.data as TypedArray, `${path}/${key}`));
  throw new FileFormatError(path, `${key} has dtype ${a.descr}, expected strings or integers`);
}

function scalar(a: NpyArray, path: string, key: string): number {
  if (a.kind !== "numeric" || a.data.length < 1) throw new FileFormatError(path, `${key} must hold a number`);
  return Number(a.data[0]);
}

function readNpzContent(path: string): NpzContent {
  if (!existsSync(path)) throw new FileFormatError(path, "file is missing");
  const arrays = readNpz(new Uint8Array(readFileSync(path)), path);
  const numSegments = scalar(member(arrays, "num_segment", path), path, "num_segment");
  const fs = scalar(member(arrays, "sampling_frequency", path), path, "sampling_frequency");
  const unitIds = idsOf(member(arrays, "unit_ids", path), path, "unit_ids");
  const index = new Map<Id, number>(unitIds.map((id, i) => [id, i]));
  const parts: { s: Float64Array; u: Int32Array; g: number }[] = [];
  let total = 0;
  for (let seg = 0; seg < numSegments; seg++) {
    const idx = member(arrays, `spike_indexes_seg${seg}`, path);
    if (idx.kind !== "numeric") throw new FileFormatError(path, `spike_indexes_seg${seg} is not numeric`);
    const s = int64ToFloat64(idx.data as TypedArray, `${path}/spike_indexes_seg${seg}`);
    const labels = idsOf(member(arrays, `spike_labels_seg${seg}`, path), path, `spike_labels_seg${seg}`);
    if (labels.length !== s.length) {
      throw new FileFormatError(
        path,
        `segment ${seg}: ${s.length} spike indexes but ${labels.length} labels`,
      );
    }
    const u = new Int32Array(s.length);
    labels.forEach((label, i) => {
      const k = index.get(label);
      if (k === undefined)
        throw new FileFormatError(path, `segment ${seg}: label ${JSON.stringify(label)} is not a unit id`);
      u[i] = k;
    });
    parts.push({ s, u, g: seg });
    total += s.length;
  }
  const v = {
    sampleIndex: new Float64Array(total),
    unitIndex: new Int32Array(total),
    segmentIndex: new Int32Array(total),
  };
  let at = 0;
  for (const p of parts) {
    v.sampleIndex.set(p.s, at);
    v.unitIndex.set(p.u, at);
    v.segmentIndex.fill(p.g, at, at + p.s.length);
    at += p.s.length;
  }
  // SpikeInterface builds the vector unit by unit, so equal samples are ordered by unit.
  return { fs, unitIds, numSegments, spikes: sortSpikeVector(v, "unit") };
}

export class NpzSortingExtractor extends BaseSorting {
  readonly className: string = NPZ_SORTING_CLASS;
  readonly filePath: string;
  private readonly spikes: SpikeVector;

  constructor(filePath: string) {
    const path = resolve(filePath);
    const c = readNpzContent(path);
    super(c.fs, c.unitIds, c.numSegments);
    this.filePath = path;
    this.spikes = c.spikes;
    this.kwargs = { file_path: path };
  }

  protected computeSpikeVector(): SpikeVector {
    return this.spikes;
  }
}

export function readNpzSorting(filePath: string): NpzSortingExtractor {
  return new NpzSortingExtractor(filePath);
}

function idsNpy(ids: readonly Id[]): NpyArray {
  if (ids.length > 0 && ids.every((id) => typeof id === "number")) {
    return npyFromTypedArray(BigInt64Array.from(ids as number[], (v) => BigInt(v)));
  }
  return npyFromStrings(ids.map(String));
}

/** The .npz members of a sorting, in the order numpy.savez writes them. */
export function npzSortingArrays(sorting: BaseSorting): Map<string, NpyArray> {
  const ids = sorting.unitIds;
  const out = new Map<string, NpyArray>();
  out.set("unit_ids", idsNpy(ids));
  out.set("num_segment", npyFromTypedArray(new BigInt64Array([BigInt(sorting.getNumSegments())])));
  out.set("sampling_frequency", npyFromTypedArray(new Float64Array([sorting.samplingFrequency])));
  for (let seg = 0; seg < sorting.getNumSegments(); seg++) {
    const v = sorting.getSegmentSpikes(seg);
    const n = v.sampleIndex.length;
    // per-unit trains concatenated then sorted by sample: ties in unit order
    const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => v.sampleIndex[a] - v.sampleIndex[b] || v.unitIndex[a] - v.unitIndex[b] || a - b,
    );
    out.set(
      `spike_indexes_seg${seg}`,
      npyFromTypedArray(BigInt64Array.from(order, (i) => BigInt(v.sampleIndex[i]))),
    );
    const labels = Array.from(order, (i) => ids[v.unitIndex[i]]);
    out.set(`spike_labels_seg${seg}`, n === 0 ? npyFromTypedArray(new BigInt64Array(0)) : idsNpy(labels));
  }
  return out;
}

/** `NpzSortingExtractor.write_sorting`; ".npz" is appended when missing, as numpy.savez does. */
export function writeNpzSorting(
  sorting: BaseSorting,
  filePath: string,
  options: { overwrite?: boolean } = {},
): string {
  const path = resolve(filePath.endsWith(".npz") ? filePath : `${filePath}.npz`);
  writeFileAtomic(path, encodeNpz(npzSortingArrays(sorting)), options);
  return path;
}

export class NpzFolderSorting extends NpzSortingExtractor {
  override readonly className: string = NPZ_FOLDER_SORTING_CLASS;
  readonly folderPath: string;

  constructor(folderPath: string) {
    const folder = resolve(folderPath);
    const jsonPath = join(folder, "npz.json");
    if (!existsSync(jsonPath))
      throw new FileFormatError(folder, "not an npz sorting folder: npz.json is missing");
    const d = readJsonObject(jsonPath);
    if (typeof d.class !== "string" || !d.class.endsWith(".NpzSortingExtractor")) {
      throw new FileFormatError(jsonPath, `class ${JSON.stringify(d.class)} is not an NpzSortingExtractor`);
    }
    const kwargs = makePathsAbsolute((d.kwargs ?? {}) as Record<string, unknown>, folder);
    if (typeof kwargs.file_path !== "string")
      throw new FileFormatError(jsonPath, "kwargs.file_path is missing");
    super(kwargs.file_path);
    this.folderPath = folder;
    readPropertyFiles(folder, this);
    this.annotate(readFolderAnnotations(folder));
    this.kwargs = { folder_path: folder };
  }
}

/** `sorting.save({ format: "npz_folder", folder })`, written atomically; returns the reloaded folder. */
export async function saveNpzFolderSorting(
  sorting: BaseSorting,
  options: SaveOptions = {},
): Promise<NpzFolderSorting> {
  const { folder, overwrite } = splitSaveOptions(options, { kind: "sorting", format: "npz_folder" });
  await writeFolderAtomic(folder, { overwrite }, (tmp) => {
    writeProvenanceJson(tmp, folder, sorting);
    writeNpzSorting(sorting, join(tmp, "sorting_cached.npz"));
    writeJsonFile(join(tmp, "npz.json"), {
      class: NPZ_SORTING_CLASS,
      module: "spikeinterface",
      version: SI_FORMAT_VERSION,
      kwargs: { file_path: "sorting_cached.npz" },
      annotations: {},
      properties: { main_channel_id: null },
      relative_paths: true,
    });
    writePropertyFiles(tmp, sorting);
    const cached = new NpzFolderSorting(tmp);
    sorting.copyMetadata(cached);
    writeSiFolderJson(tmp, cached);
  });
  return new NpzFolderSorting(folder);
}

registerSaver("sorting", "npz_folder", (extractor, options) =>
  saveNpzFolderSorting(extractor as BaseSorting, options),
);

const needPath = (what: string, key: string) => {
  throw new SpikeInterfaceError("invalid_argument", `${what} needs kwargs.${key}`);
};
registerExtractorClass(NPZ_SORTING_CLASS, (k) =>
  typeof k.file_path === "string"
    ? new NpzSortingExtractor(k.file_path)
    : needPath("NpzSortingExtractor", "file_path"),
);
registerExtractorClass(NPZ_FOLDER_SORTING_CLASS, (k) =>
  typeof k.folder_path === "string"
    ? new NpzFolderSorting(k.folder_path)
    : needPath("NpzFolderSorting", "folder_path"),
);
