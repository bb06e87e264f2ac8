/**
 * Node-only: runs the analyzer chunk tasks on worker threads (src/jobs runChunks). Installed by
 * ./node.ts and used when nJobs > 1. Workers receive the recording's transferable form, rebuild it
 * with light imports, and write into the shared output buffers; nothing is sent back per chunk.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { nJobsForTransfer, toTransferable } from "../base/transfer.js";
import { fixJobKwargs } from "../jobs/job-kwargs.js";
import { runChunks } from "../jobs/run-chunks.js";
import type { ParallelChunkRunner } from "./chunk-runner.js";

// Under tsx this module is a .ts file and so are the task modules; once built, both are .js.
const EXT = extname(fileURLToPath(import.meta.url));
const WORKER_TASKS = {
  waveforms: new URL(`./tasks/waveforms-worker${EXT}`, import.meta.url),
  accumulator: new URL(`./tasks/accumulator-worker${EXT}`, import.meta.url),
} as const;

export const workerChunkRunner: ParallelChunkRunner = async (job) => {
  const fixed = fixJobKwargs(job.jobKwargs);
  const nJobs = await nJobsForTransfer(job.recording, fixed.nJobs, job.jobName);
  await runChunks({
    chunks: job.chunks,
    task: WORKER_TASKS[job.task],
    initArgs: { ...job.initArgs, transfer: toTransferable(job.recording) },
    nJobs,
    progressBar: fixed.progressBar,
    jobName: job.jobName,
    onResult: () => {},
  });
};
