/**
 * `recording.save({ format: "binary", folder })` (spec formats.md §1 write procedure): the traces
 * as `traces_cached_seg{i}.raw`, `binary.json`, the metadata, `provenance.json` and
 * `si_folder.json`, all built in a temporary sibling folder that is renamed into place only when
 * complete. Returns the folder reloaded as a BinaryFolderRecording.
 */
import { join } from "node:path";
import { SI_FORMAT_VERSION } from "../../base/extractor.js";
import { registerSaver, type SaveOptions } from "../../base/savers.js";
import { parseTraceDType, toNumpyDescr } from "../../dtype.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import { writeFolderAtomic } from "../atomic.js";
import { BinaryFolderRecording } from "./binary-folder.js";
import { markDictFloats } from "./py-floats.js";
import { writeRecordingMetadata } from "./recording-metadata.js";
import { splitSaveOptions, writeJsonFile, writeProvenanceJson, writeSiFolderJson } from "./save-common.js";
import { writeBinaryRecording } from "./write-binary.js";

export const BINARY_RECORDING_CLASS = "spikeinterface.core.binaryrecordingextractor.BinaryRecordingExtractor";

export function rawFileName(segmentIndex: number): string {
  return `traces_cached_seg${segmentIndex}.raw`;
}

/** t_start per segment, or null when no segment has one (a time vector leaves it null). */
export function tStartsOf(recording: BaseRecording): (number | null)[] | null {
  const t = Array.from({ length: recording.getNumSegments() }, (_, s) => {
    const info = recording.getTimeInfo({ segmentIndex: s });
    return info.timeVector === null ? info.tStart : null;
  });
  return t.every((x) => x === null) ? null : t;
}

/** The BinaryRecordingExtractor dict SpikeInterface dumps as binary.json (paths relative). */
export function binaryJsonDict(recording: BaseRecording, dtypeDescr: string): Record<string, unknown> {
  const gains = recording.getChannelGains();
  const offsets = recording.getChannelOffsets();
  const list = (v: ArrayLike<unknown> | null) => (v === null ? null : Array.from(v));
  const isFiltered = recording.isFiltered();
  const dict = {
    class: BINARY_RECORDING_CLASS,
    module: "spikeinterface",
    version: SI_FORMAT_VERSION,
    kwargs: {
      file_paths: Array.from({ length: recording.getNumSegments() }, (_, s) => rawFileName(s)),
      sampling_frequency: recording.samplingFrequency,
      t_starts: tStartsOf(recording),
      num_channels: recording.getNumChannels(),
      dtype: dtypeDescr,
      channel_ids: [...recording.channelIds],
      time_axis: 0,
      file_offset: 0,
      gain_to_uV: list(gains),
      offset_to_uV: list(offsets),
      is_filtered: isFiltered,
    },
    annotations: { is_filtered: isFiltered },
    properties: {
      group: null,
      gain_to_uV: list(gains),
      offset_to_uV: list(offsets),
      gain_to_physical_unit: null,
      offset_to_physical_unit: null,
      physical_unit: null,
    },
    relative_paths: true,
  };
  return markDictFloats(dict);
}

export async function saveBinaryFolder(
  recording: BaseRecording,
  options: SaveOptions = {},
): Promise<BinaryFolderRecording> {
  const { folder, overwrite, signal, progress, jobKwargs, specific } = splitSaveOptions(options, {
    kind: "recording",
    format: "binary",
  });
  const dtypeOption = specific.dtype;
  const dtype =
    dtypeOption === undefined || dtypeOption === null
      ? recording.getDtype()
      : parseTraceDType(String(dtypeOption));
  await writeFolderAtomic(folder, { overwrite }, async (tmp) => {
    writeProvenanceJson(tmp, folder, recording);
    const files = Array.from({ length: recording.getNumSegments() }, (_, s) => join(tmp, rawFileName(s)));
    await writeBinaryRecording(recording, {
      ...jobKwargs,
      filePaths: files,
      dtype,
      signal,
      progress,
      copyFiles: specific.copyFiles !== false,
    });
    writeJsonFile(join(tmp, "binary.json"), binaryJsonDict(recording, toNumpyDescr(dtype)));
    writeRecordingMetadata(tmp, recording);
    const cached = new BinaryFolderRecording(tmp);
    recording.copyMetadata(cached);
    writeSiFolderJson(tmp, cached);
    cached.close();
  });
  return new BinaryFolderRecording(folder);
}

registerSaver(
  "recording",
  "binary",
  (extractor, options) => saveBinaryFolder(extractor as BaseRecording, options),
  { keys: ["dtype", "copyFiles", "progress"] },
);
