/**
 * Chunk task of the zarr recording writer: each job chunk is one row of zarr chunks (the job chunk
 * size is the zarr chunk length), read from the recording, cast, split into channel blocks and
 * encoded (Blosc by default) in the worker that read it, so compression runs on every core.
 */
import type { TransferableExtractor } from "../../base/transfer.js";
import { castNumbers, itemsize, type NumberArray, type TraceDType, viewAs } from "../../dtype.js";
import type { Chunk } from "../../jobs/chunks.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import { selectColumns } from "../../traces.js";
import type { ZarrArray } from "../zarr/array.js";
import { openArray } from "../zarr/create.js";
import { FileSystemStore } from "../zarr/fs-store.node.js";
import { RawRowReader, rowCopySource } from "./binary-source.js";
import { taskRecording } from "./task-recording.js";

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
  /** The previous chunk's file writes, still in flight while this chunk is read and encoded. */
  pending: Promise<unknown> | null;
  /** Raw source rows read straight into two alternating buffers (see processChunk). */
  direct: RawRowReader | null;
  buffers: [Uint8Array | null, Uint8Array | null];
  turn: number;
}

export async function init(args: ZarrWriteTaskArgs): Promise<Ctx> {
  const recording = await taskRecording(args);
  const store = new FileSystemStore(args.root);
  const arrays: ZarrArray[] = [];
  for (let s = 0; s < recording.getNumSegments(); s++) {
    arrays.push(await openArray(store, `traces_seg${s}`, { cache: null }));
  }
  const source = rowCopySource(recording, args.dtype);
  const bytesPerSample = recording.getNumChannels() * itemsize(args.dtype);
  const direct = source === null ? null : new RawRowReader(source, bytesPerSample);
  return { ...args, recording, arrays, pending: null, direct, buffers: [null, null], turn: 0 };
}

/**
 * The chunk's rows in the output dtype. Raw sources are read into one of two alternating buffers:
 * a buffer is reused two chunks later, when the writes that were encoded from it have completed.
 */
async function readRows(ctx: Ctx, chunk: Chunk): Promise<NumberArray> {
  if (ctx.direct !== null) {
    const n = (chunk.end - chunk.start) * ctx.recording.getNumChannels() * itemsize(ctx.dtype);
    const k = ctx.turn++ % 2;
    let buf = ctx.buffers[k];
    if (buf === null || buf.length < n) buf = ctx.buffers[k] = new Uint8Array(n);
    ctx.direct.read(chunk.segmentIndex, chunk.start, buf.subarray(0, n));
    return viewAs(ctx.dtype, buf.buffer, 0, n / itemsize(ctx.dtype)) as NumberArray;
  }
  const traces = await ctx.recording.getTraces({
    segmentIndex: chunk.segmentIndex,
    startFrame: chunk.start,
    endFrame: chunk.end,
  });
  return traces.dtype === ctx.dtype
    ? (traces.data as NumberArray)
    : castNumbers(traces.data as NumberArray, ctx.dtype);
}

export async function processChunk(ctx: Ctx, chunk: Chunk): Promise<number> {
  if (chunk.end <= chunk.start) return 0;
  const c = ctx.recording.getNumChannels();
  const data = await readRows(ctx, chunk);
  const row = chunk.start / ctx.chunkSize;
  const arr = ctx.arrays[chunk.segmentIndex];
  const cc = ctx.channelChunkSize;
  // Encoding runs synchronously inside writeChunk; only the file write is left pending, so the
  // next chunk is read and compressed while the kernel takes this one (one row in flight).
  if (ctx.pending !== null) await ctx.pending;
  const writes: Promise<void>[] = [];
  if (cc >= c) writes.push(arr.writeChunk([row, 0], data));
  else {
    for (let b = 0; b * cc < c; b++) {
      const cols = Int32Array.from({ length: Math.min(cc, c - b * cc) }, (_, j) => b * cc + j);
      writes.push(arr.writeChunk([row, b], selectColumns(data, c, cols)));
    }
  }
  const pending = Promise.all(writes);
  pending.catch(() => {}); // observed by the next chunk or by close()
  ctx.pending = pending;
  return data.byteLength;
}

export async function close(ctx: Ctx): Promise<void> {
  try {
    if (ctx.pending !== null) await ctx.pending;
  } finally {
    ctx.direct?.close();
  }
}
