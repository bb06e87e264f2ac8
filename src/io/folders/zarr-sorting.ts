/**
 * ZarrSortingExtractor (spec formats.md §3.4): the spike vector as two int64 columns
 * (`spikes/sample_index`, `spikes/unit_index`, Delta-filtered, so sorted sample indices become
 * small steps that compress well) plus `spikes/segment_slices`; `segment_index` is rebuilt from the
 * slices. The same group layout is written inside SortingAnalyzer zarr folders under `sorting/`
 * (there without `zarr_class_info`), which is why the group functions take a path.
 * This file is the Node side (writing, saving, registration); reading is `./zarr-sorting-store.ts`.
 */
import { SI_FORMAT_VERSION } from "../../base/extractor.js";
import { registerExtractorClass } from "../../base/registry.js";
import { registerSaver, type SaveOptions } from "../../base/savers.js";
import { SpikeInterfaceError } from "../../errors.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import { segmentSlices } from "../../sorting/spike-vector.js";
import { writeFolderAtomic } from "../atomic.js";
import { getDefaultZarrCompressor } from "../zarr/codecs/blosc.js";
import type { Codec, CodecConfig } from "../zarr/codecs/types.js";
import { consolidateMetadata } from "../zarr/consolidated.js";
import { writeArray } from "../zarr/create.js";
import { FileSystemStore } from "../zarr/fs-store.node.js";
import { pyFloat } from "../zarr/json.js";
import { createGroup, writeAttrs } from "../zarr/metadata.js";
import type { ZarrStore } from "../zarr/store.js";
import { splitSaveOptions } from "./save-common.js";
import { writeIds, writeZarrProperties } from "./zarr-common.js";
import { ZARR_SORTING_CLASS, ZarrSortingExtractor } from "./zarr-sorting-store.js";

export { readZarrSorting, ZARR_SORTING_CLASS, ZarrSortingExtractor } from "./zarr-sorting-store.js";

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

/** `sorting.save({ format: "zarr", folder })`: ".zarr" appended, written atomically, consolidated. */
export async function saveZarrSorting(
  sorting: BaseSorting,
  options: SaveOptions = {},
): Promise<ZarrSortingExtractor> {
  const { folder, overwrite, specific } = splitSaveOptions(
    options,
    { kind: "sorting", format: "zarr" },
    ".zarr",
  );
  const compressor = specific.compressor as Codec | CodecConfig | null | undefined;
  await writeFolderAtomic(folder, { overwrite }, async (tmp) => {
    const store = new FileSystemStore(tmp);
    await writeSortingZarrGroup(store, "", sorting, { compressor });
    await consolidateMetadata(store);
  });
  return ZarrSortingExtractor.open(folder);
}

registerSaver("sorting", "zarr", (extractor, options) => saveZarrSorting(extractor as BaseSorting, options), {
  keys: ["compressor"],
});

registerExtractorClass(ZARR_SORTING_CLASS, async (k) => {
  if (typeof k.folder_path !== "string") {
    throw new SpikeInterfaceError("invalid_argument", "ZarrSortingExtractor needs kwargs.folder_path");
  }
  return ZarrSortingExtractor.open(k.folder_path, typeof k.zarr_group === "string" ? k.zarr_group : "");
});
