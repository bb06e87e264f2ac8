/**
 * Chunk task of the zarr recording writer: each job chunk is one row of zarr chunks (the job chunk
 * size is the zarr chunk length), read from the recording, cast, split into channel blocks and
 * encoded (Blosc by default) in the worker that read it, so compression runs on every core.
 */
// In a worker the recording arrives as a provenance dict: every extractor class must be registered.
import "../../node.js";
import "./index.js";
import { fromTransferable, type TransferableExtractor } from "../../base/transfer.js";
import { castNumbers, type NumberArray, type TraceDType } from "../../dtype.js";
import type { Chunk } from "../../jobs/chunks.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import { selectColumns } from "../../traces.js";
import type { ZarrArray } from "../zarr/array.js";
import { openArray } from "../zarr/create.js";
import { FileSystemStore } from "../zarr/fs-store.node.js";

export interface ZarrWriteTaskArgs {
  recording?: BaseRecording;
  transfer?: TransferableExtractor;
  /** Folder of the zarr root. */
  root: string;
  dtype: TraceDType;
  /** Samples per zarr chunk (= job chunk size). */
  chunkSize: number;
  channelChunkSize: number;
}

interface Ctx extends ZarrWriteTaskArgs {
  recording: BaseRecording;
  arrays: ZarrArray[];
}

export async function init(args: ZarrWriteTaskArgs): Promise<Ctx> {
  const recording = args.recording ?? ((await fromTransferable(args.transfer!)) as BaseRecording);
  const store = new FileSystemStore(args.root);
  const arrays: ZarrArray[] = [];
  for (let s = 0; s < recording.getNumSegments(); s++) {
    arrays.push(await openArray(store, `traces_seg${s}`, { cache: null }));
  }
  return { ...args, recording, arrays };
}

export async function processChunk(ctx: Ctx, chunk: Chunk): Promise<number> {
  if (chunk.end <= chunk.start) return 0;
  const traces = await ctx.recording.getTraces({
    segmentIndex: chunk.segmentIndex,
    startFrame: chunk.start,
    endFrame: chunk.end,
  });
  const data =
    traces.dtype === ctx.dtype
      ? (traces.data as NumberArray)
      : castNumbers(traces.data as NumberArray, ctx.dtype);
  const c = traces.shape[1];
  const row = chunk.start / ctx.chunkSize;
  const arr = ctx.arrays[chunk.segmentIndex];
  const cc = ctx.channelChunkSize;
  if (cc >= c) {
    await arr.writeChunk([row, 0], data);
  } else {
    for (let b = 0; b * cc < c; b++) {
      const cols = Int32Array.from({ length: Math.min(cc, c - b * cc) }, (_, j) => b * cc + j);
      await arr.writeChunk([row, b], selectColumns(data, c, cols));
    }
  }
  return data.byteLength;
}
