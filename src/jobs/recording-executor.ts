/**
 * Node-only: chunked processing of a recording (SpikeInterface's ChunkRecordingExecutor /
 * TimeSeriesChunkExecutor). Chunks come from the job kwargs via ensureChunkSize; the task module's
 * `init` receives `{ ...initArgs, recording }`: the recording object itself in-process, a copy
 * rebuilt with toTransferable → fromTransferable in each worker (in-memory traces are shared, not
 * copied, through SharedArrayBuffers).
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { nJobsForTransfer, toTransferable } from "../base/transfer.js";
import { itemsize } from "../dtype.js";
import type { BaseRecording } from "../recording/base-recording.js";
import { ensureChunkSize } from "./chunk-size.js";
import { type Chunk, divideIntoChunks } from "./chunks.js";
import { fixJobKwargs, type JobKwargs } from "./job-kwargs.js";
import { defaultJobName, taskUrlOf } from "./load-task-module.js";
import type { ProgressSink, ProgressStream } from "./progress.js";
import type { RecordingTaskWorkerInit } from "./recording-task.js";
import { type OnChunkResult, runChunks } from "./run-chunks.js";
import type { TaskRef } from "./task.js";

const RECORDING_TASK_URL = new URL(
  `./recording-task${extname(fileURLToPath(import.meta.url))}`,
  import.meta.url,
);

/** What the task's `init` receives. */
export type RecordingTaskInit<I extends object> = I & { recording: BaseRecording };

export interface RunRecordingChunksOptions<I extends object, R> {
  recording: BaseRecording;
  /** Module exporting init(RecordingTaskInit<I>) / processChunk / optional close. */
  task: TaskRef;
  /** Extra init args; structured-cloneable when nJobs > 1. */
  initArgs?: I;
  /** Merged over the global job kwargs by fixJobKwargs. */
  jobKwargs?: JobKwargs;
  onResult?: OnChunkResult<R>;
  signal?: AbortSignal;
  jobName?: string;
  /** Process only these chunks (SpikeInterface's `run(slices)`); default: all chunks. */
  chunks?: readonly Chunk[];
  progressStream?: ProgressStream;
  progress?: ProgressSink;
}

/** The chunks a recording is divided into under the given job kwargs. */
export function recordingChunks(recording: BaseRecording, jobKwargs: JobKwargs = {}): Chunk[] {
  const kwargs = fixJobKwargs(jobKwargs);
  const segmentLengths = Array.from({ length: recording.getNumSegments() }, (_, segmentIndex) =>
    recording.getNumSamples({ segmentIndex }),
  );
  const chunkSize = ensureChunkSize(
    {
      samplingFrequency: recording.samplingFrequency,
      numChannels: recording.getNumChannels(),
      itemsize: itemsize(recording.getDtype()),
      segmentLengths,
    },
    kwargs,
  );
  return divideIntoChunks(segmentLengths, chunkSize);
}

export function runRecordingChunks<I extends object, R>(
  options: RunRecordingChunksOptions<I, R> & { onResult: OnChunkResult<R> },
): Promise<undefined>;
export function runRecordingChunks<I extends object, R>(
  options: RunRecordingChunksOptions<I, R>,
): Promise<R[]>;
export async function runRecordingChunks<I extends object, R>(
  options: RunRecordingChunksOptions<I, R>,
): Promise<R[] | undefined> {
  const { recording, jobKwargs = {} } = options;
  const kwargs = fixJobKwargs(jobKwargs);
  const chunks = options.chunks ?? recordingChunks(recording, jobKwargs);
  const taskUrl = taskUrlOf(options.task);
  const jobName = options.jobName ?? defaultJobName(taskUrl);
  const nJobs = await nJobsForTransfer(recording, kwargs.nJobs, jobName);
  const common = {
    chunks,
    nJobs,
    onResult: options.onResult,
    signal: options.signal,
    progressBar: kwargs.progressBar,
    progressStream: options.progressStream,
    progress: options.progress,
  };
  const initArgs = { ...options.initArgs, recording } as RecordingTaskInit<I>;
  if (nJobs === 1) {
    return runChunks<RecordingTaskInit<I>, R>({ ...common, task: taskUrl, initArgs, jobName });
  }
  const workerInit: RecordingTaskWorkerInit = {
    recording: toTransferable(recording),
    task: taskUrl,
    initArgs: options.initArgs,
  };
  return runChunks<RecordingTaskWorkerInit, R>({
    ...common,
    task: RECORDING_TASK_URL,
    initArgs: workerInit,
    // This thread, sharing the work, uses the live recording as nJobs 1 does.
    callingThreadTask: { task: taskUrl, initArgs },
    jobName,
  });
}

/** Class form of runRecordingChunks, named like SpikeInterface's executor. */
export class ChunkRecordingExecutor<I extends object, R> {
  constructor(readonly options: Omit<RunRecordingChunksOptions<I, R>, "chunks" | "signal">) {}

  /** Runs all chunks (or the given ones); returns the results in chunk order unless onResult was given. */
  run(options: { chunks?: readonly Chunk[]; signal?: AbortSignal } = {}): Promise<R[] | undefined> {
    return runRecordingChunks<I, R>({ ...this.options, ...options });
  }
}
