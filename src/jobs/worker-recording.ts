/**
 * Node-only: rebuilding a recording inside a worker thread from its transferable form. Worker
 * start-up is mostly module loading (the whole node entry costs ~300 ms of CPU per worker, the
 * light path ~50 ms), so the classes a raw or in-memory recording needs are imported statically and
 * everything else (binary folders, zarr, views, file-backed extractors) only when the dict names
 * another class.
 */
import "../io/binary/binary-recording.js";
import "../recording/numpy-recording.js";
import type { ExtractorDict } from "../base/extractor.js";
import { isExtractorDict } from "../base/provenance.js";
import { fromTransferable, type TransferableExtractor } from "../base/transfer.js";
import type { BaseRecording } from "../recording/base-recording.js";

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

/** The recording of `transfer`, registering every extractor class first unless it needs none. */
export async function rebuildRecording(transfer: TransferableExtractor): Promise<BaseRecording> {
  if (!allLight(transfer.dict)) {
    await import("../node.js");
    await import("../io/folders/index.js");
  }
  return (await fromTransferable(transfer)) as BaseRecording;
}

/** `args` with the recording of `args.transfer` added. */
export async function withRecording<A extends object>(
  args: A & WorkerRecordingArgs,
): Promise<A & { recording: BaseRecording }> {
  return { ...args, recording: await rebuildRecording(args.transfer) };
}
