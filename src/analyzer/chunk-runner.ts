/**
 * Runs an analyzer chunk task (waveform extraction, template accumulation) over a recording,
 * chunk by chunk as the job kwargs say. This module is browser-safe: it runs the task in this
 * thread. The Node entry installs a parallel runner (worker threads, `runRecordingChunks`) used
 * when nJobs > 1; the task modules are the same either way, and they write their results into
 * buffers shared with the caller (SharedArrayBuffers when parallel), so nothing is sent back.
 */

import { itemsize } from "../dtype.js";
import { ensureChunkSize } from "../jobs/chunk-size.js";
import { type Chunk, divideIntoChunks } from "../jobs/chunks.js";
import { fixJobKwargs, isSetGlobalJobKwargsSet, type JobKwargs } from "../jobs/job-kwargs.js";
import type { BaseRecording } from "../recording/base-recording.js";
import * as accumulatorTask from "./tasks/accumulator-task.js";
import * as waveformsTask from "./tasks/waveforms-task.js";

export type AnalyzerTaskName = "waveforms" | "accumulator";

export interface AnalyzerChunkPlan {
  chunks: Chunk[];
  /** Jobs that will really run (1 when no parallel runner is installed). */
  nJobs: number;
  /** True when buffers must be SharedArrayBuffers (worker threads). */
  parallel: boolean;
  jobKwargs: JobKwargs;
}

export interface ParallelChunkJob {
  recording: BaseRecording;
  task: AnalyzerTaskName;
  initArgs: object;
  chunks: readonly Chunk[];
  jobKwargs: JobKwargs;
  jobName: string;
}

export type ParallelChunkRunner = (job: ParallelChunkJob) => Promise<void>;

let parallelRunner: ParallelChunkRunner | null = null;

/** Installed by the Node entry (src/analyzer/node.ts). */
export function setParallelChunkRunner(runner: ParallelChunkRunner | null): void {
  parallelRunner = runner;
}

/**
 * Progress bars only when asked for (runtime kwarg or a global setting): an analyzer computes
 * several steps and a bar per step is noise in logs.
 */
export function analyzerJobKwargs(jobKwargs: JobKwargs): JobKwargs {
  if (jobKwargs.progressBar !== undefined && jobKwargs.progressBar !== null) return jobKwargs;
  return isSetGlobalJobKwargsSet() ? jobKwargs : { ...jobKwargs, progressBar: false };
}

export function planAnalyzerChunks(recording: BaseRecording, jobKwargs: JobKwargs): AnalyzerChunkPlan {
  const kwargs = analyzerJobKwargs(jobKwargs);
  const fixed = fixJobKwargs(kwargs);
  const segmentLengths = Array.from({ length: recording.getNumSegments() }, (_, s) =>
    recording.getNumSamples({ segmentIndex: s }),
  );
  const chunkSize = ensureChunkSize(
    {
      samplingFrequency: recording.samplingFrequency,
      numChannels: recording.getNumChannels(),
      itemsize: itemsize(recording.getDtype()),
      segmentLengths,
    },
    fixed,
  );
  const chunks = divideIntoChunks(segmentLengths, chunkSize);
  const parallel = fixed.nJobs > 1 && parallelRunner !== null && chunks.length > 1;
  return { chunks, nJobs: parallel ? Math.min(fixed.nJobs, chunks.length) : 1, parallel, jobKwargs: kwargs };
}

const TASKS = { waveforms: waveformsTask, accumulator: accumulatorTask } as const;

/** Run `task` over the plan's chunks; `initArgs` must hold shared buffers when `plan.parallel`. */
export async function runAnalyzerChunks(
  plan: AnalyzerChunkPlan,
  recording: BaseRecording,
  task: AnalyzerTaskName,
  initArgs: object,
  jobName: string,
): Promise<void> {
  if (plan.parallel && parallelRunner !== null) {
    await parallelRunner({
      recording,
      task,
      initArgs,
      chunks: plan.chunks,
      jobKwargs: plan.jobKwargs,
      jobName,
    });
    return;
  }
  const mod = TASKS[task] as {
    init(args: object): Promise<unknown>;
    processChunk(ctx: unknown, chunk: Chunk): Promise<unknown>;
  };
  const ctx = await mod.init({ ...initArgs, recording });
  for (const chunk of plan.chunks) await mod.processChunk(ctx, chunk);
}
