/**
 * ZarrSortingExtractor (spec formats.md §3.4): the spike vector as two int64 columns
 * (`spikes/sample_index`, `spikes/unit_index`, Delta-filtered, so sorted sample indices become
 * small steps that compress well) plus `spikes/segment_slices`; `segment_index` is rebuilt from the
 * slices. The same group layout is written inside SortingAnalyzer zarr folders under `sorting/`
 * (there without `zarr_class_info`), which is why the group functions take a path.
 * Browser-safe reading from any ZarrStore; writing, saving and registration are in `./zarr-sorting.ts`.
 */
import type { Id } from "../../base/ids.js";
import type { TypedArray } from "../../dtype.js";
import { FileFormatError } from "../../errors.js";
import { BaseSorting } from "../../sorting/base-sorting.js";
import type { SpikeVector } from "../../sorting/spike-vector.js";
import { readAttrs } from "../zarr/metadata.js";
import type { ZarrStore } from "../zarr/store.js";
import {
  int64ToFloat64,
  int64ToInt32,
  type OpenedZarr,
  openZarrRoot,
  readIds,
  readZarrProperties,
  requireArray,
} from "./zarr-store-common.js";

export const ZARR_SORTING_CLASS = "spikeinterface.core.zarrextractors.ZarrSortingExtractor";

function childPath(root: string, name: string): string {
  return root === "" ? name : `${root}/${name}`;
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
