/** Worker entry of the waveforms task (see worker-tasks.ts). No top-level await. */

import * as task from "./waveforms-task.js";
import { type WorkerRecordingArgs, withRecording } from "./worker-tasks.js";

export async function init(
  args: task.WaveformsTaskArgs & WorkerRecordingArgs,
): Promise<task.WaveformsTaskContext> {
  return task.init(await withRecording(args));
}

export const processChunk = task.processChunk;
