/**
 * Node-only: runs the analyzer chunk tasks on worker threads through the jobs executor
 * (`runRecordingChunks`). Installed by ./node.ts; used when nJobs > 1. Each worker rebuilds the
 * recording from its provenance and writes into the shared output buffers.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { runRecordingChunks } from "../jobs/recording-executor.js";
import type { ParallelChunkRunner } from "./chunk-runner.js";

// Under tsx this module is a .ts file and so are the task modules; once built, both are .js.
const EXT = extname(fileURLToPath(import.meta.url));
const TASK_URLS = {
  waveforms: new URL(`./tasks/waveforms-task${EXT}`, import.meta.url),
  accumulator: new URL(`./tasks/accumulator-task${EXT}`, import.meta.url),
} as const;

export const workerChunkRunner: ParallelChunkRunner = async (job) => {
  await runRecordingChunks({
    recording: job.recording,
    task: TASK_URLS[job.task],
    initArgs: job.initArgs,
    jobKwargs: job.jobKwargs,
    chunks: job.chunks,
    jobName: job.jobName,
    onResult: () => {},
  });
};
