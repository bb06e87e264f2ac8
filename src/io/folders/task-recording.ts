/**
 * The recording a writer task works on: the object itself in-process, or rebuilt from its
 * provenance dict in a worker thread. Worker start-up time is mostly module loading, so the
 * usual sources of a save (raw files, binary folders, zarr, in-memory arrays) are registered by
 * light imports here, and the whole library is loaded only for other classes (views, generators).
 */
import "../binary/binary-recording.js";
import "../../recording/numpy-recording.js";
import "./binary-folder.js";
import "./zarr-recording.js";
import type { ExtractorDict } from "../../base/extractor.js";
import { isExtractorDict } from "../../base/provenance.js";
import { fromTransferable, type TransferableExtractor } from "../../base/transfer.js";
import type { BaseRecording } from "../../recording/base-recording.js";

const LIGHT = new Set([
  "spikeinterface.core.binaryrecordingextractor.BinaryRecordingExtractor",
  "spikeinterface.core.binaryfolder.BinaryFolderRecording",
  "spikeinterface.core.zarrextractors.ZarrRecordingExtractor",
  "spikeinterface.core.numpyextractors.NumpyRecording",
  "spikeinterface.core.numpyextractors.SharedMemoryRecording",
]);

/** Every class path named in a dict tree. */
function classesOf(value: unknown, out = new Set<string>()): Set<string> {
  if (isExtractorDict(value)) {
    out.add((value as ExtractorDict).class);
    classesOf((value as ExtractorDict).kwargs, out);
  } else if (Array.isArray(value)) for (const v of value) classesOf(v, out);
  else if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    for (const v of Object.values(value)) classesOf(v, out);
  }
  return out;
}

export interface TaskRecordingArgs {
  /** The recording itself (in-process runs). */
  recording?: BaseRecording;
  /** Its transferable form (worker threads). */
  transfer?: TransferableExtractor;
}

export async function taskRecording(args: TaskRecordingArgs): Promise<BaseRecording> {
  if (args.recording !== undefined) return args.recording;
  const t = args.transfer!;
  if (![...classesOf(t.dict)].every((c) => LIGHT.has(c))) {
    await import("../../node.js");
    await import("./index.js");
  }
  return (await fromTransferable(t)) as BaseRecording;
}
