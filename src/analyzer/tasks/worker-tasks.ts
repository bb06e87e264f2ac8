/**
 * Node-only worker entries of the analyzer tasks: the recording arrives in its transferable form
 * and is rebuilt with light imports (src/io/folders/task-recording.ts) — worker start-up is mostly
 * module loading — then the browser-safe task runs as in-process. One module per task, since a
 * worker loads its task by URL.
 */
import { type TaskRecordingArgs, taskRecording } from "../../io/folders/task-recording.js";
import type { BaseRecording } from "../../recording/base-recording.js";

export async function withRecording<A extends object>(
  args: A & TaskRecordingArgs,
): Promise<A & { recording: BaseRecording }> {
  return { ...args, recording: await taskRecording(args) };
}
