/** Worker entry of the waveforms task (see worker-tasks.ts). No top-level await. */
import type { TaskRecordingArgs } from "../../io/folders/task-recording.js";
import * as task from "./waveforms-task.js";
import { withRecording } from "./worker-tasks.js";

export async function init(
  args: task.WaveformsTaskArgs & TaskRecordingArgs,
): Promise<task.WaveformsTaskContext> {
  return task.init(await withRecording(args));
}

export const processChunk = task.processChunk;
