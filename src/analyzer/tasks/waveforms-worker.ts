/** Worker entry of the waveforms task (see src/jobs/worker-recording.ts). No top-level await. */

import { type WorkerRecordingArgs, withRecording } from "../../jobs/worker-recording.js";
import * as task from "./waveforms-task.js";

export async function init(
  args: task.WaveformsTaskArgs & WorkerRecordingArgs,
): Promise<task.WaveformsTaskContext> {
  return task.init(await withRecording(args));
}

export const processChunk = task.processChunk;
