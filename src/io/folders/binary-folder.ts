/**
 * BinaryFolderRecording (spec formats.md §1): the folder `recording.save()` writes. `binary.json`
 * describes the raw files (paths relative to the folder), `properties/`, `probegroup.json` (or the
 * legacy `probe.json`) and `times_cached_seg{i}.npy` carry the metadata, `si_folder.json` the
 * annotations. Files written by Python SpikeInterface and by this library read the same way.
 *
 * Unlike a plain BinaryRecordingExtractor, a folder knows its files were written whole, so a .raw
 * whose size is not a whole number of samples is reported as truncated instead of being floored.
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { Id } from "../../base/ids.js";
import { registerExtractorClass } from "../../base/registry.js";
import { itemsize, parseTraceDType, type TraceDType } from "../../dtype.js";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { BaseRecording } from "../../recording/base-recording.js";
import { BinaryRecordingSegment } from "../binary/binary-recording.js";
import { makePathsAbsolute } from "../paths.js";
import { readProbeAndProperties, readTimeFiles } from "./recording-metadata.js";
import { readFolderAnnotations, readJsonObject } from "./si-json.js";

export const BINARY_FOLDER_CLASS = "spikeinterface.core.binaryfolder.BinaryFolderRecording";

/** The kwargs of a BinaryRecordingExtractor dict, checked (for binary.json and provenance files). */
export interface BinaryKwargs {
  filePaths: string[];
  samplingFrequency: number;
  numChannels: number;
  dtype: TraceDType;
  tStarts: (number | null)[] | null;
  channelIds: Id[] | null;
  timeAxis: 0 | 1;
  fileOffset: number;
  gainToUV: number[] | null;
  offsetToUV: number[] | null;
  isFiltered: boolean | null;
}

function isNumberList(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === "number");
}

/** Check the kwargs of binary.json, naming the file and the key on any problem. */
export function parseBinaryKwargs(k: Record<string, unknown>, where: string): BinaryKwargs {
  const fail = (key: string, what: string): never => {
    throw new FileFormatError(
      where,
      `kwargs.${key} ${key in k ? `must be ${what}, got ${JSON.stringify(k[key])}` : "is missing"}`,
    );
  };
  const filePaths = typeof k.file_paths === "string" ? [k.file_paths] : k.file_paths;
  if (!Array.isArray(filePaths) || !filePaths.every((p) => typeof p === "string"))
    fail("file_paths", "a list of paths");
  const fs = k.sampling_frequency;
  if (typeof fs !== "number" || !(fs > 0)) fail("sampling_frequency", "a positive number");
  // files older than 0.100 say num_chan
  const numChannels = k.num_channels ?? k.num_chan;
  if (typeof numChannels !== "number" || !Number.isInteger(numChannels) || numChannels <= 0)
    fail("num_channels", "a positive integer");
  let dtype: TraceDType;
  try {
    dtype = parseTraceDType(String(k.dtype));
  } catch {
    return fail("dtype", 'a numeric dtype such as "<i2"');
  }
  const tStarts = k.t_starts ?? null;
  if (
    tStarts !== null &&
    (!Array.isArray(tStarts) ||
      tStarts.length !== (filePaths as string[]).length ||
      !tStarts.every((t) => t === null || typeof t === "number"))
  )
    fail("t_starts", "null or one number (or null) per file");
  const channelIds = k.channel_ids ?? null;
  if (
    channelIds !== null &&
    (!Array.isArray(channelIds) ||
      channelIds.length !== numChannels ||
      !channelIds.every((c) => typeof c === "string" || typeof c === "number"))
  )
    fail("channel_ids", `null or ${numChannels} ids`);
  const timeAxis = k.time_axis ?? 0;
  if (timeAxis !== 0 && timeAxis !== 1) fail("time_axis", "0 or 1");
  const fileOffset = k.file_offset ?? 0;
  if (typeof fileOffset !== "number" || !Number.isInteger(fileOffset) || fileOffset < 0)
    fail("file_offset", "a non-negative integer");
  const perChannel = (key: string): number[] | null => {
    const v = k[key] ?? null;
    if (v === null) return null;
    if (typeof v === "number") return new Array<number>(numChannels as number).fill(v);
    if (!isNumberList(v) || v.length !== numChannels) return fail(key, `null or ${numChannels} numbers`);
    return v;
  };
  return {
    filePaths: filePaths as string[],
    samplingFrequency: fs as number,
    numChannels: numChannels as number,
    dtype,
    tStarts: tStarts as (number | null)[] | null,
    channelIds: channelIds as Id[] | null,
    timeAxis: timeAxis as 0 | 1,
    fileOffset: fileOffset as number,
    gainToUV: perChannel("gain_to_uV"),
    offsetToUV: perChannel("offset_to_uV"),
    isFiltered: typeof k.is_filtered === "boolean" ? k.is_filtered : null,
  };
}

/** Segments over raw files; a missing file or a partial last sample is a FileFormatError. */
export function openRawSegments(b: BinaryKwargs, where: string): BinaryRecordingSegment[] {
  const bytesPerSample = b.numChannels * itemsize(b.dtype);
  return b.filePaths.map((path, i) => {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new FileFormatError(path, `is missing (segment ${i} of ${where})`);
    }
    if (size < b.fileOffset || (size - b.fileOffset) % bytesPerSample !== 0) {
      throw new FileFormatError(
        path,
        `truncated: ${size} bytes is not a whole number of ${bytesPerSample}-byte samples ` +
          `(${b.numChannels} channels of ${b.dtype} after ${b.fileOffset} header bytes, per ${where})`,
      );
    }
    return new BinaryRecordingSegment(
      path,
      b.samplingFrequency,
      b.tStarts?.[i] ?? null,
      b.numChannels,
      b.dtype,
      b.timeAxis,
      b.fileOffset,
    );
  });
}

export class BinaryFolderRecording extends BaseRecording {
  readonly className: string = BINARY_FOLDER_CLASS;
  readonly folderPath: string;
  private readonly binary: BinaryKwargs;

  constructor(folderPath: string) {
    const folder = resolve(folderPath);
    const binaryJson = join(folder, "binary.json");
    if (!existsSync(binaryJson)) {
      throw new FileFormatError(folder, "not a binary recording folder: binary.json is missing");
    }
    const d = readJsonObject(binaryJson);
    if (typeof d.class !== "string" || !d.class.endsWith(".BinaryRecordingExtractor")) {
      throw new FileFormatError(
        binaryJson,
        `class ${JSON.stringify(d.class)} is not a BinaryRecordingExtractor`,
      );
    }
    if (d.kwargs === null || typeof d.kwargs !== "object") throw new FileFormatError(binaryJson, "no kwargs");
    // Python asserts relative paths; absolute ones (hand-edited folders) are used as they are.
    const kwargs = makePathsAbsolute(d.kwargs as Record<string, unknown>, folder);
    // missing files stay relative there; resolve them anyway so errors name the real path
    if (Array.isArray(kwargs.file_paths)) {
      kwargs.file_paths = kwargs.file_paths.map((p) =>
        typeof p === "string" && !isAbsolute(p) ? join(folder, p) : p,
      );
    }
    const b = parseBinaryKwargs(kwargs, binaryJson);
    const channelIds = b.channelIds ?? Array.from({ length: b.numChannels }, (_, i) => i);
    super(b.samplingFrequency, channelIds, b.dtype);
    this.folderPath = folder;
    this.binary = b;
    for (const seg of openRawSegments(b, binaryJson)) this.addRecordingSegment(seg);
    if (b.isFiltered !== null) this.annotate({ is_filtered: b.isFiltered });
    if (b.gainToUV !== null) this.setChannelGains(b.gainToUV);
    if (b.offsetToUV !== null) this.setChannelOffsets(b.offsetToUV);
    const annotations = readFolderAnnotations(folder);
    const consumed = readProbeAndProperties(folder, this, annotations);
    readTimeFiles(folder, this);
    const kept = Object.fromEntries(Object.entries(annotations).filter(([k]) => !consumed.includes(k)));
    this.annotate(kept);
    this.kwargs = { folder_path: folder };
  }

  isBinaryCompatible(): boolean {
    return true;
  }

  getBinaryDescription(): {
    filePaths: string[];
    dtype: TraceDType;
    numChannels: number;
    timeAxis: 0 | 1;
    fileOffset: number;
  } {
    const b = this.binary;
    return {
      filePaths: [...b.filePaths],
      dtype: b.dtype,
      numChannels: b.numChannels,
      timeAxis: b.timeAxis,
      fileOffset: b.fileOffset,
    };
  }

  /** Release the file descriptors (they are reopened on the next read). */
  close(): void {
    for (const s of this.segments) (s as BinaryRecordingSegment).close();
  }
}

export function readBinaryFolder(folderPath: string): BinaryFolderRecording {
  return new BinaryFolderRecording(folderPath);
}

registerExtractorClass(BINARY_FOLDER_CLASS, (k) => {
  if (typeof k.folder_path !== "string") {
    throw new SpikeInterfaceError("invalid_argument", "BinaryFolderRecording needs kwargs.folder_path");
  }
  return new BinaryFolderRecording(k.folder_path);
});
