/** Worker entry of the accumulator task (see worker-tasks.ts). No top-level await. */

import * as task from "./accumulator-task.js";
import { type WorkerRecordingArgs, withRecording } from "./worker-tasks.js";

export async function init(
  args: task.AccumulatorTaskArgs & WorkerRecordingArgs,
): Promise<task.AccumulatorTaskContext> {
  return task.init(await withRecording(args));
}

export const processChunk = task.processChunk;
