/**
 * The zarr sorting group inside an analyzer (spec formats.md §3.4): attrs annotations /
 * num_segments / sampling_frequency (no zarr_class_info here), `unit_ids`, `spikes/sample_index`
 * and `spikes/unit_index` (int64, Blosc zstd + Delta filter), `spikes/segment_slices`
 * ([start, stop) per segment) and `properties/<key>`.
 */
import { FileFormatError } from "../../errors.js";
import {
  type CodecConfig,
  createGroup,
  listChildren,
  openArray,
  pyFloat,
  readAttrs,
  writeArray,
  type ZarrStore,
} from "../../io/zarr/index.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import { NumpySorting } from "../../sorting/numpy-sorting.js";
import { idsFromValues, readProperty, SI_COMPRESSOR, writeIds, writeProperty } from "./zarr-values.js";

const DELTA_I8: CodecConfig = { id: "delta", dtype: "<i8", astype: "<i8" };

export async function writeZarrSortingGroup(
  store: ZarrStore,
  path: string,
  sorting: BaseSorting,
): Promise<void> {
  const annotations = sorting.toDict({ includeAnnotations: true }).annotations;
  await createGroup(store, path, {
    attrs: {
      annotations,
      num_segments: sorting.getNumSegments(),
      sampling_frequency: pyFloat(sorting.samplingFrequency),
    },
  });
  await writeIds(store, `${path}/unit_ids`, sorting.unitIds);
  const v = sorting.toSpikeVector();
  const big = (a: ArrayLike<number>) => BigInt64Array.from(a as ArrayLike<number>, (x) => BigInt(x));
  const opts = { compressor: SI_COMPRESSOR, filters: [DELTA_I8] };
  await createGroup(store, `${path}/spikes`);
  await writeArray(store, `${path}/spikes/sample_index`, big(v.sampleIndex), opts);
  await writeArray(store, `${path}/spikes/unit_index`, big(v.unitIndex), opts);
  const slices = sorting.getSpikeVectorSegmentSlices();
  await writeArray(store, `${path}/spikes/segment_slices`, big(slices), {
    shape: [sorting.getNumSegments(), 2],
    compressor: null,
  });
  await createGroup(store, `${path}/properties`);
  for (const key of sorting.getPropertyKeys()) {
    const p = sorting.getPropertyInfo(key);
    if (p !== null) await writeProperty(store, `${path}/properties/${key}`, p);
  }
}

export async function readZarrSortingGroup(store: ZarrStore, path: string): Promise<NumpySorting> {
  const attrs = await readAttrs(store, path);
  const fs = Number(attrs.sampling_frequency ?? Number.NaN);
  const numSegments = Number(attrs.num_segments);
  if (!Number.isFinite(fs) || !Number.isInteger(numSegments)) {
    throw new FileFormatError(path, "the sorting group lacks sampling_frequency / num_segments attributes");
  }
  const read = async (p: string) => (await openArray(store, p, { cache: null })).readWhole();
  const unitIds = idsFromValues(await read(`${path}/unit_ids`), `${path}/unit_ids`);
  const sample = (await read(`${path}/spikes/sample_index`)) as BigInt64Array;
  const unit = (await read(`${path}/spikes/unit_index`)) as BigInt64Array;
  const slices = (await read(`${path}/spikes/segment_slices`)) as BigInt64Array;
  const n = sample.length;
  const segmentIndex = new Int32Array(n);
  for (let s = 0; s < numSegments; s++)
    segmentIndex.fill(s, Number(slices[2 * s]), Number(slices[2 * s + 1]));
  const sorting = new NumpySorting({
    spikes: {
      sampleIndex: Float64Array.from(sample, Number),
      unitIndex: Int32Array.from(unit, Number),
      segmentIndex,
    },
    samplingFrequency: fs,
    unitIds,
    numSegments,
  });
  if (attrs.annotations && typeof attrs.annotations === "object")
    sorting.annotate(attrs.annotations as Record<string, unknown>);
  const props = await listChildren(store, `${path}/properties`);
  for (const key of props.arrays.sort()) {
    const p = await readProperty(store, `${path}/properties/${key}`);
    sorting.setProperty(key, p.values, { dtype: p.dtype, shape: p.shape });
  }
  return sorting;
}
