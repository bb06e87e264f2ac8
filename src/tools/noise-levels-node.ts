/**
 * Node-only: installs getNoiseLevels' worker-thread runner (job kwargs `nJobs` > 1) — the random
 * chunks go through the chunk executor (runRecordingChunks) with the same per-chunk arithmetic
 * and chunk order as in-thread, so the result is identical for every nJobs. Importing this module
 * (src/node.ts does) installs it.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { JobKwargs } from "../jobs/job-kwargs.js";
import { runRecordingChunks } from "../jobs/recording-executor.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { FloatArray } from "./median.js";
import {
  getNoiseLevels,
  type NoiseLevelsOptions,
  type NoiseLevelsParallelRunner,
  setNoiseLevelsParallelRunner,
} from "./noise-levels.js";
import type { NoiseLevelsTaskInit } from "./noise-levels-task.js";

const TASK_URL = new URL(`./noise-levels-task${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** The runner this module installs (exported so tests can wrap it). */
export const workerNoiseLevelsRunner: NoiseLevelsParallelRunner = (job) =>
  runRecordingChunks<Omit<NoiseLevelsTaskInit, "recording">, FloatArray>({
    recording: job.recording,
    task: TASK_URL,
    initArgs: { method: job.method, returnInUV: job.returnInUV },
    jobKwargs: job.jobKwargs,
    chunks: job.slices.map(([segmentIndex, start, end]) => ({ segmentIndex, start, end })),
    signal: job.signal,
    jobName: "noise_level",
  });

setNoiseLevelsParallelRunner(workerNoiseLevelsRunner);

/** @deprecated getNoiseLevels takes the job kwargs itself: `getNoiseLevels(rec, { ...options, nJobs })`. */
export function getNoiseLevelsParallel(
  recording: BaseRecording,
  options: NoiseLevelsOptions & { jobKwargs?: JobKwargs } = {},
): Promise<FloatArray> {
  const { jobKwargs, ...rest } = options;
  return getNoiseLevels(recording, { ...rest, ...jobKwargs });
}
