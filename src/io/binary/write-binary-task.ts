/**
 * The chunk task of writeBinaryRecording, in the executor's task-module shape (`init` once per
 * worker, then `processChunk` per chunk): each chunk is read from the recording, cast to the output
 * dtype and written at its own offset of a pre-sized file, so any worker may write any chunk.
 *
 * When the source is itself a raw file of the same dtype (a binary folder, a BinaryRecording), rows
 * are copied file to file through one reused buffer: no typed array per chunk and no decoding.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { TransferableExtractor } from "../../base/transfer.js";
import { castNumbers, itemsize, type NumberArray, type TraceDType } from "../../dtype.js";
import type { Chunk } from "../../jobs/chunks.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import { RawRowReader, rowCopySource } from "../folders/binary-source.js";
import { taskRecording } from "../folders/task-recording.js";

export interface WriteBinaryTaskArgs {
  /** The recording itself (in-process runs). */
  recording?: BaseRecording;
  /** Its transferable form (worker threads). */
  transfer?: TransferableExtractor;
  filePaths: readonly string[];
  dtype: TraceDType;
  byteOffset: number;
}

export interface WriteBinaryContext {
  recording: BaseRecording;
  fds: number[];
  dtype: TraceDType;
  byteOffset: number;
  bytesPerSample: number;
  direct: RawRowReader | null;
  buffer: Uint8Array | null;
}

export async function init(args: WriteBinaryTaskArgs): Promise<WriteBinaryContext> {
  const recording = await taskRecording(args);
  const bytesPerSample = recording.getNumChannels() * itemsize(args.dtype);
  const fds: number[] = [];
  try {
    for (const p of args.filePaths) fds.push(openSync(p, "r+"));
  } catch (err) {
    for (const fd of fds) closeSync(fd);
    throw err;
  }
  const source = rowCopySource(recording, args.dtype);
  return {
    recording,
    fds,
    dtype: args.dtype,
    byteOffset: args.byteOffset,
    bytesPerSample,
    direct: source === null ? null : new RawRowReader(source, bytesPerSample),
    buffer: null,
  };
}

function writeFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

export async function processChunk(ctx: WriteBinaryContext, chunk: Chunk): Promise<number> {
  const n = (chunk.end - chunk.start) * ctx.bytesPerSample;
  const position = ctx.byteOffset + chunk.start * ctx.bytesPerSample;
  const fd = ctx.fds[chunk.segmentIndex];
  if (ctx.direct !== null) {
    if (ctx.buffer === null || ctx.buffer.length < n) ctx.buffer = new Uint8Array(n);
    const buf = ctx.buffer.subarray(0, n);
    ctx.direct.read(chunk.segmentIndex, chunk.start, buf);
    writeFully(fd, buf, position);
    return n;
  }
  const traces = await ctx.recording.getTraces({
    segmentIndex: chunk.segmentIndex,
    startFrame: chunk.start,
    endFrame: chunk.end,
  });
  const data =
    traces.dtype === ctx.dtype
      ? (traces.data as NumberArray)
      : castNumbers(traces.data as NumberArray, ctx.dtype);
  writeFully(fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
  return n;
}

export async function close(ctx: WriteBinaryContext): Promise<void> {
  for (const fd of ctx.fds) closeSync(fd);
  ctx.direct?.close();
}
