/** Worker entry of the accumulator task (see src/jobs/worker-recording.ts). No top-level await. */

import { type WorkerRecordingArgs, withRecording } from "../../jobs/worker-recording.js";
import * as task from "./accumulator-task.js";

export async function init(
  args: task.AccumulatorTaskArgs & WorkerRecordingArgs,
): Promise<task.AccumulatorTaskContext> {
  return task.init(await withRecording(args));
}

export const processChunk = task.processChunk;
