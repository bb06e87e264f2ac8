/**
 * Node-only: getNoiseLevels with its chunks spread over worker threads (job kwargs `nJobs`…).
 * Same chunks, same per-chunk arithmetic and same chunk order as the in-thread version, so the
 * result is identical for any nJobs.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { fixJobKwargs, type JobKwargs } from "../jobs/job-kwargs.js";
import { runRecordingChunks } from "../jobs/recording-executor.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { FloatArray } from "./median.js";
import {
  finishNoiseLevels,
  getNoiseLevels,
  type NoiseLevelsOptions,
  planNoiseLevels,
} from "./noise-levels.js";
import type { NoiseLevelsTaskInit } from "./noise-levels-task.js";

const TASK_URL = new URL(`./noise-levels-task${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export async function getNoiseLevelsParallel(
  recording: BaseRecording,
  options: NoiseLevelsOptions & { jobKwargs?: JobKwargs } = {},
): Promise<FloatArray> {
  const jobKwargs = options.jobKwargs ?? {};
  if (fixJobKwargs(jobKwargs).nJobs === 1) return getNoiseLevels(recording, options);
  const plan = planNoiseLevels(recording, options);
  if (plan.cached !== null) return plan.cached;
  const perChunk = await runRecordingChunks<Omit<NoiseLevelsTaskInit, "recording">, FloatArray>({
    recording,
    task: TASK_URL,
    initArgs: { method: plan.method, returnInUV: plan.returnInUV },
    jobKwargs,
    chunks: plan.slices.map(([segmentIndex, start, end]) => ({ segmentIndex, start, end })),
    signal: options.signal,
    jobName: "noise_level",
  });
  return finishNoiseLevels(recording, plan.key, perChunk);
}
