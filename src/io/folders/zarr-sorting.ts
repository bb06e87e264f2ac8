/**
 * ZarrSortingExtractor (spec formats.md §3.4): the spike vector as two int64 columns
 * (`spikes/sample_index`, `spikes/unit_index`, Delta-filtered, so sorted sample indices become
 * small steps that compress well) plus `spikes/segment_slices`; `segment_index` is rebuilt from the
 * slices. The same group layout is written inside SortingAnalyzer zarr folders under `sorting/`
 * (there without `zarr_class_info`), which is why the group functions take a path.
 */
import { SI_FORMAT_VERSION } from "../../base/extractor.js";
import type { Id } from "../../base/ids.js";
import { registerExtractorClass } from "../../base/registry.js";
import { registerSaver, type SaveOptions } from "../../base/savers.js";
import type { TypedArray } from "../../dtype.js";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { BaseSorting } from "../../sorting/base-sorting.js";
import { type SpikeVector, segmentSlices } from "../../sorting/spike-vector.js";
import { writeFolderAtomic } from "../atomic.js";
import { getDefaultZarrCompressor } from "../zarr/codecs/blosc.js";
import type { Codec, CodecConfig } from "../zarr/codecs/types.js";
import { consolidateMetadata } from "../zarr/consolidated.js";
import { writeArray } from "../zarr/create.js";
import { FileSystemStore } from "../zarr/fs-store.node.js";
import { pyFloat } from "../zarr/json.js";
import { createGroup, readAttrs, writeAttrs } from "../zarr/metadata.js";
import type { ZarrStore } from "../zarr/store.js";
import { splitSaveOptions } from "./save-common.js";
import {
  int64ToFloat64,
  int64ToInt32,
  type OpenedZarr,
  openZarrRoot,
  readIds,
  readZarrProperties,
  requireArray,
  writeIds,
  writeZarrProperties,
} from "./zarr-common.js";

export const ZARR_SORTING_CLASS = "spikeinterface.core.zarrextractors.ZarrSortingExtractor";

export interface WriteSortingZarrOptions {
  /** Compressor of the spike columns (default Blosc zstd 5 bit-shuffle). */
  compressor?: Codec | CodecConfig | null;
  /** Write the `zarr_class_info` attribute (a standalone sorting; not inside an analyzer). */
  classInfo?: boolean;
}

function childPath(root: string, name: string): string {
  return root === "" ? name : `${root}/${name}`;
}

/** Write `sorting` as a zarr sorting group at `path` of `store`. */
export async function writeSortingZarrGroup(
  store: ZarrStore,
  path: string,
  sorting: BaseSorting,
  options: WriteSortingZarrOptions = {},
): Promise<void> {
  const compressor = options.compressor === undefined ? getDefaultZarrCompressor() : options.compressor;
  await createGroup(store, path);
  await writeIds(store, childPath(path, "unit_ids"), sorting.unitIds);
  const v = sorting.toSpikeVector();
  const spikes = childPath(path, "spikes");
  await createGroup(store, spikes);
  const delta = [{ id: "delta", dtype: "<i8" }];
  const sample = BigInt64Array.from(v.sampleIndex, (x) => BigInt(x));
  const unit = BigInt64Array.from(v.unitIndex, (x) => BigInt(x));
  await writeArray(store, `${spikes}/sample_index`, sample, { compressor, filters: delta });
  await writeArray(store, `${spikes}/unit_index`, unit, { compressor, filters: delta });
  const slices = segmentSlices(v, sorting.getNumSegments());
  await writeArray(
    store,
    `${spikes}/segment_slices`,
    BigInt64Array.from(slices, (x) => BigInt(x)),
    {
      shape: [sorting.getNumSegments(), 2],
      compressor: null,
    },
  );
  await writeZarrProperties(store, path, sorting);
  const attrs: Record<string, unknown> = {
    sampling_frequency: pyFloat(sorting.samplingFrequency),
    num_segments: sorting.getNumSegments(),
    annotations: annotationsOf(sorting),
  };
  if (options.classInfo !== false) {
    attrs.zarr_class_info = {
      class: ZARR_SORTING_CLASS,
      module: "spikeinterface",
      version: SI_FORMAT_VERSION,
    };
  }
  await writeAttrs(store, path, attrs);
}

function annotationsOf(sorting: BaseSorting): Record<string, unknown> {
  return Object.fromEntries(sorting.getAnnotationKeys().map((k) => [k, sorting.getAnnotation(k)]));
}

export class ZarrSortingExtractor extends BaseSorting {
  readonly className: string = ZARR_SORTING_CLASS;
  private readonly spikes: SpikeVector;

  private constructor(
    fs: number,
    unitIds: Id[],
    numSegments: number,
    spikes: SpikeVector,
    folder: string | null,
    group: string,
  ) {
    super(fs, unitIds, numSegments);
    this.spikes = spikes;
    this.kwargs = {
      folder_path: folder,
      storage_options: null,
      zarr_group: group === "" ? null : group,
      lazy_spike_vector: false,
    };
    if (folder === null) this.notJsonReason = "it was opened from a store object, not a folder path";
  }

  protected computeSpikeVector(): SpikeVector {
    return this.spikes;
  }

  /** Open a zarr sorting folder or store (or the sorting group `path` inside one). */
  static async open(source: string | ZarrStore, path = ""): Promise<ZarrSortingExtractor> {
    return ZarrSortingExtractor.fromOpened(await openZarrRoot(source), path);
  }

  /** From a root already opened (readZarr looks at it first: no second round of metadata reads). */
  static async fromOpened(z: OpenedZarr, path = ""): Promise<ZarrSortingExtractor> {
    const { fs, unitIds, numSegments, spikes, attrs } = await readSortingGroup(z, path);
    const sorting = new ZarrSortingExtractor(fs, unitIds, numSegments, spikes, z.folder, path);
    await readZarrProperties(z, path, sorting);
    const ann = attrs.annotations;
    if (ann !== null && typeof ann === "object" && !Array.isArray(ann))
      sorting.annotate(ann as Record<string, unknown>);
    return sorting;
  }
}

async function readSortingGroup(z: OpenedZarr, path: string) {
  const attrsWhere = `${z.where}/${childPath(path, ".zattrs")}`;
  const attrs = path === "" ? z.attrs : await readAttrs(z.store, path);
  const fs = attrs.sampling_frequency;
  const numSegments = attrs.num_segments;
  if (typeof fs !== "number" || !(fs > 0))
    throw new FileFormatError(attrsWhere, "sampling_frequency is missing or invalid");
  if (typeof numSegments !== "number" || !Number.isInteger(numSegments) || numSegments < 0)
    throw new FileFormatError(attrsWhere, "num_segments is missing or invalid");
  const unitIds = await readIds(z, childPath(path, "unit_ids"));
  const col = async (name: string) => {
    const p = childPath(path, `spikes/${name}`);
    return { values: (await (await requireArray(z, p)).readWhole()) as TypedArray, where: `${z.where}/${p}` };
  };
  const s = await col("sample_index");
  const u = await col("unit_index");
  const g = await col("segment_slices");
  const sampleIndex = int64ToFloat64(s.values, s.where);
  const unitIndex = int64ToInt32(u.values, u.where);
  const slices = int64ToFloat64(g.values, g.where);
  const n = sampleIndex.length;
  if (unitIndex.length !== n)
    throw new FileFormatError(u.where, `${unitIndex.length} unit indices for ${n} spikes`);
  if (slices.length !== 2 * numSegments) {
    throw new FileFormatError(g.where, `${slices.length / 2} slices for ${numSegments} segments`);
  }
  const segmentIndex = new Int32Array(n);
  for (let seg = 0; seg < numSegments; seg++) {
    const a = slices[2 * seg];
    const b = slices[2 * seg + 1];
    if (!(a >= 0 && a <= b && b <= n))
      throw new FileFormatError(g.where, `segment ${seg} slice [${a}, ${b}) is out of range`);
    segmentIndex.fill(seg, a, b);
  }
  for (let i = 0; i < n; i++) {
    if (unitIndex[i] < 0 || unitIndex[i] >= unitIds.length) {
      throw new FileFormatError(
        u.where,
        `spike ${i} has unit index ${unitIndex[i]} for ${unitIds.length} units`,
      );
    }
  }
  return { fs, unitIds, numSegments, spikes: { sampleIndex, unitIndex, segmentIndex }, attrs };
}

export function readZarrSorting(source: string | ZarrStore, path = ""): Promise<ZarrSortingExtractor> {
  return ZarrSortingExtractor.open(source, path);
}

/** `sorting.save({ format: "zarr", folder })`: ".zarr" appended, written atomically, consolidated. */
export async function saveZarrSorting(
  sorting: BaseSorting,
  options: SaveOptions = {},
): Promise<ZarrSortingExtractor> {
  const { folder, overwrite, specific } = splitSaveOptions(options, ".zarr");
  const compressor = specific.compressor as Codec | CodecConfig | null | undefined;
  await writeFolderAtomic(folder, { overwrite }, async (tmp) => {
    const store = new FileSystemStore(tmp);
    await writeSortingZarrGroup(store, "", sorting, { compressor });
    await consolidateMetadata(store);
  });
  return ZarrSortingExtractor.open(folder);
}

registerSaver("sorting", "zarr", (extractor, options) => saveZarrSorting(extractor as BaseSorting, options));

registerExtractorClass(ZARR_SORTING_CLASS, async (k) => {
  if (typeof k.folder_path !== "string") {
    throw new SpikeInterfaceError("invalid_argument", "ZarrSortingExtractor needs kwargs.folder_path");
  }
  return ZarrSortingExtractor.open(k.folder_path, typeof k.zarr_group === "string" ? k.zarr_group : "");
});
