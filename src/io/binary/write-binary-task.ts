/**
 * The chunk task of writeBinaryRecording, in the executor's task-module shape (`init` once per
 * worker, then `processChunk` per chunk): each chunk is read from the recording, cast to the output
 * dtype and written at its own offset of a pre-sized file, so any worker may write any chunk.
 *
 * When the source is itself a raw file of the same dtype (a binary folder, a BinaryRecording), the
 * chunk is copied file to file through one reused buffer: no typed-array allocation per chunk and
 * no decode, which is what makes re-saving a binary folder run at copy speed.
 */
// In a worker the recording arrives as a provenance dict: every extractor class must be registered.
import "../../node.js";
import "../folders/index.js";
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { fromTransferable, type TransferableExtractor } from "../../base/transfer.js";
import { castNumbers, itemsize, type NumberArray, type TraceDType } from "../../dtype.js";
import { FileFormatError } from "../../errors.js";
import type { Chunk } from "../../jobs/chunks.js";
import type { BaseRecording } from "../../recording/base-recording.js";

export interface WriteBinaryTaskArgs {
  /** The recording itself (in-process runs). */
  recording?: BaseRecording;
  /** Its transferable form (worker threads). */
  transfer?: TransferableExtractor;
  filePaths: readonly string[];
  dtype: TraceDType;
  byteOffset: number;
}

/** A raw source file that can be copied byte for byte. */
interface DirectSource {
  paths: string[];
  fds: (number | null)[];
  fileOffset: number;
}

export interface WriteBinaryContext {
  recording: BaseRecording;
  fds: number[];
  dtype: TraceDType;
  byteOffset: number;
  bytesPerSample: number;
  direct: DirectSource | null;
  buffer: Uint8Array | null;
}

interface BinaryDescribed {
  isBinaryCompatible(): boolean;
  getBinaryDescription(): { filePaths: string[]; dtype: TraceDType; timeAxis: 0 | 1; fileOffset: number };
}

function describesBinary(r: BaseRecording): r is BaseRecording & BinaryDescribed {
  const c = r as Partial<BinaryDescribed>;
  return typeof c.getBinaryDescription === "function" && typeof c.isBinaryCompatible === "function";
}

function directSource(recording: BaseRecording, dtype: TraceDType): DirectSource | null {
  if (!describesBinary(recording) || !recording.isBinaryCompatible()) return null;
  const d = recording.getBinaryDescription();
  if (d.timeAxis !== 0 || d.dtype !== dtype || d.filePaths.length !== recording.getNumSegments()) return null;
  return { paths: d.filePaths, fds: d.filePaths.map(() => null), fileOffset: d.fileOffset };
}

export async function init(args: WriteBinaryTaskArgs): Promise<WriteBinaryContext> {
  const recording = args.recording ?? ((await fromTransferable(args.transfer!)) as BaseRecording);
  const fds: number[] = [];
  try {
    for (const p of args.filePaths) fds.push(openSync(p, "r+"));
  } catch (err) {
    for (const fd of fds) closeSync(fd);
    throw err;
  }
  return {
    recording,
    fds,
    dtype: args.dtype,
    byteOffset: args.byteOffset,
    bytesPerSample: recording.getNumChannels() * itemsize(args.dtype),
    direct: directSource(recording, args.dtype),
    buffer: null,
  };
}

function readFully(fd: number, target: Uint8Array, position: number, path: string): void {
  let done = 0;
  while (done < target.length) {
    const got = readSync(fd, target, done, target.length - done, position + done);
    if (got === 0) throw new FileFormatError(path, `truncated: no bytes at offset ${position + done}`);
    done += got;
  }
}

function writeFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

export async function processChunk(ctx: WriteBinaryContext, chunk: Chunk): Promise<number> {
  const n = (chunk.end - chunk.start) * ctx.bytesPerSample;
  const position = ctx.byteOffset + chunk.start * ctx.bytesPerSample;
  const fd = ctx.fds[chunk.segmentIndex];
  const direct = ctx.direct;
  if (direct !== null) {
    if (ctx.buffer === null || ctx.buffer.length < n) ctx.buffer = new Uint8Array(n);
    const buf = ctx.buffer.subarray(0, n);
    const s = chunk.segmentIndex;
    direct.fds[s] ??= openSync(direct.paths[s], "r");
    readFully(direct.fds[s], buf, direct.fileOffset + chunk.start * ctx.bytesPerSample, direct.paths[s]);
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
  for (const fd of ctx.direct?.fds ?? []) if (fd !== null) closeSync(fd);
}
