/**
 * writeBinaryRecording (SpikeInterface's `write_binary_recording`): one raw file per segment,
 * interleaved samples, C order. Files are created at their final size first, then every chunk is
 * written at its own offset by whichever job gets it (in-process for nJobs 1, worker threads
 * otherwise), so the output does not depend on the order in which chunks finish. When a source
 * file already is the file to write (re-saving a binary folder), it is copied whole by the kernel.
 */
import { closeSync, ftruncateSync, openSync } from "node:fs";
import { copyFile } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { nJobsForTransfer, toTransferable } from "../../base/transfer.js";
import { itemsize, parseTraceDType, type TraceDType } from "../../dtype.js";
import { InvalidArgumentError, throwIfAborted } from "../../errors.js";
import { fixJobKwargs, type JobKwargs } from "../../jobs/job-kwargs.js";
import type { ProgressSink } from "../../jobs/progress.js";
import { recordingChunks } from "../../jobs/recording-executor.js";
import { runChunks } from "../../jobs/run-chunks.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import type { WriteBinaryTaskArgs } from "../binary/write-binary-task.js";
import { wholeFileSources } from "./binary-source.js";

const TASK_URL = new URL(
  `../binary/write-binary-task${extname(fileURLToPath(import.meta.url))}`,
  import.meta.url,
);

export interface WriteBinaryOptions extends JobKwargs {
  /** One path per segment (a single path for a single segment). */
  filePaths: string | readonly string[];
  /** Output dtype (default: the recording's). */
  dtype?: TraceDType | string | null;
  /** Bytes left at the start of each file (e.g. for a header), zero-filled. */
  byteOffset?: number;
  /** Append ".raw" to paths not ending in .raw, .bin or .dat (default true). */
  addFileExtension?: boolean;
  /**
   * Copy a segment's file whole (the kernel's copy_file_range, no bytes through JS) when the source
   * file already is exactly the file to write (default true). Chunks are used otherwise.
   */
  copyFiles?: boolean;
  signal?: AbortSignal;
  progress?: ProgressSink;
}

/** SpikeInterface's `add_suffix(path, ["raw", "bin", "dat"])`. */
export function withRawExtension(path: string): string {
  const ext = extname(basename(path));
  return [".raw", ".bin", ".dat"].includes(ext) ? path : join(dirname(path), `${basename(path)}.raw`);
}

/** Write every segment to its file; returns the absolute paths written. */
export async function writeBinaryRecording(
  recording: BaseRecording,
  options: WriteBinaryOptions,
): Promise<string[]> {
  const {
    filePaths,
    dtype,
    byteOffset = 0,
    addFileExtension = true,
    copyFiles = true,
    signal,
    progress,
    ...jobPart
  } = options;
  const jobKwargs = jobPart as JobKwargs;
  const list = typeof filePaths === "string" ? [filePaths] : [...filePaths];
  const paths = list.map((p) => resolve(addFileExtension ? withRawExtension(p) : p));
  const numSegments = recording.getNumSegments();
  if (paths.length !== numSegments) {
    throw new InvalidArgumentError(`${paths.length} file paths for a recording of ${numSegments} segments`, {
      filePaths: list,
    });
  }
  if (!Number.isSafeInteger(byteOffset) || byteOffset < 0) {
    throw new InvalidArgumentError(`byteOffset must be a non-negative integer, got ${byteOffset}`);
  }
  const outDtype = dtype === undefined || dtype === null ? recording.getDtype() : parseTraceDType(dtype);
  const bytesPerSample = recording.getNumChannels() * itemsize(outDtype);
  const fixed = fixJobKwargs(jobKwargs);
  const whole = copyFiles ? wholeFileSources(recording, outDtype, byteOffset, paths) : null;
  if (whole !== null) {
    // The libuv thread pool copies the segments concurrently, whatever nJobs says.
    await Promise.all(
      whole.map(async (src, s) => {
        throwIfAborted(signal);
        await copyFile(src, paths[s]);
      }),
    );
    throwIfAborted(signal);
    return paths;
  }
  paths.forEach((p, s) => {
    const fd = openSync(p, "w");
    try {
      ftruncateSync(fd, byteOffset + recording.getNumSamples({ segmentIndex: s }) * bytesPerSample);
    } finally {
      closeSync(fd);
    }
  });
  const chunks = recordingChunks(recording, jobKwargs);
  const common = { filePaths: paths, dtype: outDtype, byteOffset };
  const nJobs = await nJobsForTransfer(recording, fixed.nJobs, "write_binary_recording");
  const initArgs: WriteBinaryTaskArgs =
    nJobs === 1 ? { ...common, recording } : { ...common, transfer: toTransferable(recording) };
  await runChunks<WriteBinaryTaskArgs, number>({
    chunks,
    task: TASK_URL,
    initArgs,
    nJobs,
    progressBar: fixed.progressBar,
    progress,
    signal,
    jobName: "write_binary_recording",
    onResult: () => {},
  });
  return paths;
}
