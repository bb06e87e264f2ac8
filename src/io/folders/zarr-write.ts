/**
 * Writing a recording as zarr (spec formats.md §2), exactly the arrays and attributes Python's
 * `add_recording_to_zarr_group` writes: `channel_ids`, `traces_seg{i}` (chunks of the job chunk
 * size × all channels or `channelChunkSize`, default compressor Blosc zstd 5 bit-shuffle),
 * `times_seg{i}`, `t_starts` (NaN for segments without a start), `properties/`, and root attrs
 * `zarr_class_info`, `provenance`, `sampling_frequency`, `num_segments`, `probegroup`,
 * `annotations`; then consolidated metadata. Chunks are encoded by the chunk executor's jobs.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { SI_FORMAT_VERSION } from "../../base/extractor.js";
import { registerSaver, type SaveOptions } from "../../base/savers.js";
import { nJobsForTransfer, toTransferable } from "../../base/transfer.js";
import { itemsize, parseTraceDType, type TraceDType } from "../../dtype.js";
import { InvalidArgumentError } from "../../errors.js";
import { ensureChunkSize } from "../../jobs/chunk-size.js";
import { divideIntoChunks } from "../../jobs/chunks.js";
import { fixJobKwargs, type JobKwargs } from "../../jobs/job-kwargs.js";
import type { ProgressSink } from "../../jobs/progress.js";
import { runChunks } from "../../jobs/run-chunks.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import { writeFolderAtomic } from "../atomic.js";
import { getDefaultZarrCompressor } from "../zarr/codecs/blosc.js";
import type { Codec, CodecConfig } from "../zarr/codecs/types.js";
import { createArray, writeArray } from "../zarr/create.js";
import { FileSystemStore } from "../zarr/fs-store.node.js";
import { pyFloat } from "../zarr/json.js";
import { createGroup, writeAttrs } from "../zarr/metadata.js";
import { markDictFloats, probegroupJsonValue } from "./py-floats.js";
import { splitSaveOptions } from "./save-common.js";
import { writeIds, writeZarrProperties } from "./zarr-common.js";
import { MetadataRecordingStore } from "./zarr-consolidate.js";
import { ZARR_RECORDING_CLASS, ZarrRecordingExtractor } from "./zarr-recording.js";
import type { ZarrWriteTaskArgs } from "./zarr-write-task.js";

const TASK_URL = new URL(`./zarr-write-task${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

type CodecLike = Codec | CodecConfig;

export interface ZarrRecordingWriteOptions extends JobKwargs {
  /** Default Blosc(zstd, clevel 5, bit shuffle); null for none. */
  compressor?: CodecLike | null;
  filters?: readonly CodecLike[] | null;
  /** Per dataset ("traces", "times") overrides of compressor / filters. */
  compressorByDataset?: { traces?: CodecLike | null; times?: CodecLike | null };
  filtersByDataset?: { traces?: readonly CodecLike[] | null; times?: readonly CodecLike[] | null };
  /** Channels per chunk (default: all). */
  channelChunkSize?: number | null;
  dtype?: TraceDType | string | null;
  signal?: AbortSignal;
  progress?: ProgressSink;
}

function pick<T>(byDataset: Record<string, T> | undefined, key: string, fallback: T): T {
  return byDataset !== undefined && key in byDataset ? (byDataset[key] as T) : fallback;
}

/** Write `recording` into the zarr folder `root` (which must be empty or absent). */
export async function writeZarrRecording(
  recording: BaseRecording,
  root: string,
  options: ZarrRecordingWriteOptions = {},
): Promise<void> {
  const {
    compressor,
    filters,
    compressorByDataset,
    filtersByDataset,
    channelChunkSize,
    dtype: dtypeOption,
    signal,
    progress,
    ...jobPart
  } = options;
  const fixed = fixJobKwargs(jobPart as JobKwargs);
  const files = new FileSystemStore(root);
  const store = new MetadataRecordingStore(files);
  const globalCompressor = compressor === undefined ? getDefaultZarrCompressor() : compressor;
  const globalFilters = filters ?? null;
  const cd = compressorByDataset as Record<string, CodecLike | null> | undefined;
  const fd = filtersByDataset as Record<string, readonly CodecLike[] | null> | undefined;
  const dtype =
    dtypeOption === undefined || dtypeOption === null ? recording.getDtype() : parseTraceDType(dtypeOption);
  const numChannels = recording.getNumChannels();
  const numSegments = recording.getNumSegments();
  const cc = channelChunkSize ?? numChannels;
  if (!Number.isInteger(cc) || cc < 1) {
    throw new InvalidArgumentError(`channelChunkSize must be a positive integer, got ${channelChunkSize}`);
  }
  const lengths = Array.from({ length: numSegments }, (_, s) => recording.getNumSamples({ segmentIndex: s }));
  const chunkSize = Math.max(
    1,
    ensureChunkSize(
      {
        samplingFrequency: recording.samplingFrequency,
        numChannels,
        itemsize: itemsize(recording.getDtype()),
        segmentLengths: lengths,
      },
      fixed,
    ),
  );
  await createGroup(store, "");
  await writeIds(store, "channel_ids", recording.channelIds);
  for (let s = 0; s < numSegments; s++) {
    await createArray(store, `traces_seg${s}`, {
      shape: [lengths[s], numChannels],
      chunks: [chunkSize, Math.min(cc, Math.max(1, numChannels))],
      dtype,
      compressor: pick(cd, "traces", globalCompressor),
      filters: pick(fd, "traces", globalFilters),
    });
  }
  const common = { root: files.root, dtype, chunkSize, channelChunkSize: cc };
  const nJobs = await nJobsForTransfer(recording, fixed.nJobs, "write_zarr_recording");
  const initArgs: ZarrWriteTaskArgs =
    nJobs === 1 ? { ...common, recording } : { ...common, transfer: toTransferable(recording) };
  await runChunks<ZarrWriteTaskArgs, number>({
    chunks: divideIntoChunks(lengths, chunkSize),
    task: TASK_URL,
    initArgs,
    nJobs,
    progressBar: fixed.progressBar,
    progress,
    signal,
    jobName: "write_zarr_recording",
    onResult: () => {},
  });
  const tStarts = new Float64Array(numSegments).fill(Number.NaN);
  for (let s = 0; s < numSegments; s++) {
    const info = recording.getTimeInfo({ segmentIndex: s });
    if (info.timeVector !== null) {
      await writeArray(store, `times_seg${s}`, Float64Array.from(info.timeVector), {
        compressor: pick(cd, "times", globalCompressor),
        filters: pick(fd, "times", globalFilters),
      });
    } else if (info.tStart !== null) tStarts[s] = info.tStart;
  }
  if (tStarts.some((t) => !Number.isNaN(t)))
    await writeArray(store, "t_starts", tStarts, { compressor: null });
  await writeZarrProperties(store, "", recording);
  const attrs: Record<string, unknown> = {
    zarr_class_info: { class: ZARR_RECORDING_CLASS, module: "spikeinterface", version: SI_FORMAT_VERSION },
    provenance: recording.isJsonSerializable()
      ? markDictFloats(recording.toDict({ recursive: true }), recording)
      : null,
    sampling_frequency: pyFloat(recording.samplingFrequency),
    num_segments: numSegments,
    annotations: Object.fromEntries(
      recording.getAnnotationKeys().map((k) => [k, recording.getAnnotation(k)]),
    ),
  };
  if (recording.hasProbe()) attrs.probegroup = probegroupJsonValue(recording.getProbegroup());
  await writeAttrs(store, "", attrs);
  await store.consolidate(new Map([[".zattrs", attrs]]));
}

/** `recording.save({ format: "zarr", folder })`: ".zarr" appended; written atomically; reloaded. */
export async function saveZarrRecording(
  recording: BaseRecording,
  options: SaveOptions = {},
): Promise<ZarrRecordingExtractor> {
  const { folder, overwrite, signal, progress, jobKwargs, specific } = splitSaveOptions(
    options,
    { kind: "recording", format: "zarr" },
    ".zarr",
  );
  const write: ZarrRecordingWriteOptions = {
    ...jobKwargs,
    signal,
    progress,
    compressor: specific.compressor as CodecLike | null | undefined,
    filters: specific.filters as CodecLike[] | null | undefined,
    compressorByDataset: specific.compressorByDataset as
      | ZarrRecordingWriteOptions["compressorByDataset"]
      | undefined,
    filtersByDataset: specific.filtersByDataset as ZarrRecordingWriteOptions["filtersByDataset"] | undefined,
    channelChunkSize: specific.channelChunkSize as number | null | undefined,
    dtype: specific.dtype as string | null | undefined,
  };
  await writeFolderAtomic(folder, { overwrite }, (tmp) => writeZarrRecording(recording, tmp, write));
  return ZarrRecordingExtractor.open(folder);
}

registerSaver(
  "recording",
  "zarr",
  (extractor, options) => saveZarrRecording(extractor as BaseRecording, options),
  {
    keys: [
      "dtype",
      "compressor",
      "filters",
      "compressorByDataset",
      "filtersByDataset",
      "channelChunkSize",
      "progress",
    ],
  },
);
