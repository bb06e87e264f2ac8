/** Worker entry of the accumulator task (see worker-tasks.ts). No top-level await. */
import type { TaskRecordingArgs } from "../../io/folders/task-recording.js";
import * as task from "./accumulator-task.js";
import { withRecording } from "./worker-tasks.js";

export async function init(
  args: task.AccumulatorTaskArgs & TaskRecordingArgs,
): Promise<task.AccumulatorTaskContext> {
  return task.init(await withRecording(args));
}

export const processChunk = task.processChunk;
