/**
 * Node-only worker entries of the analyzer tasks: the recording arrives in its transferable form
 * and is rebuilt in the worker. Worker start-up is mostly module loading, so the classes a raw or
 * in-memory recording needs are imported statically and everything else (binary folders, zarr,
 * views) only when the dict names another class.
 */
import "../../io/binary/binary-recording.js";
import "../../recording/numpy-recording.js";
import type { ExtractorDict } from "../../base/extractor.js";
import { isExtractorDict } from "../../base/provenance.js";
import { fromTransferable, type TransferableExtractor } from "../../base/transfer.js";
import type { BaseRecording } from "../../recording/base-recording.js";

export interface WorkerRecordingArgs {
  /** The recording's transferable form (worker threads). */
  transfer: TransferableExtractor;
}

const LIGHT = new Set([
  "spikeinterface.core.binaryrecordingextractor.BinaryRecordingExtractor",
  "spikeinterface.core.numpyextractors.NumpyRecording",
  "spikeinterface.core.numpyextractors.SharedMemoryRecording",
]);

function allLight(value: unknown): boolean {
  if (isExtractorDict(value)) {
    return LIGHT.has((value as ExtractorDict).class) && allLight((value as ExtractorDict).kwargs);
  }
  if (Array.isArray(value)) return value.every(allLight);
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    return Object.values(value).every(allLight);
  }
  return true;
}

export async function withRecording<A extends object>(
  args: A & WorkerRecordingArgs,
): Promise<A & { recording: BaseRecording }> {
  if (!allLight(args.transfer.dict)) {
    await import("../../node.js");
    await import("../../io/folders/index.js");
  }
  return { ...args, recording: (await fromTransferable(args.transfer)) as BaseRecording };
}
