/**
 * Recognising recordings whose segments are raw files in a given layout (BinaryRecordingExtractor,
 * BinaryFolderRecording), so writers can move bytes instead of decoding traces.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { itemsize, type TraceDType } from "../../dtype.js";
import { FileFormatError } from "../../errors.js";
import type { BaseRecording } from "../../recording/base-recording.js";

export interface BinaryDescription {
  filePaths: string[];
  dtype: TraceDType;
  timeAxis: 0 | 1;
  fileOffset: number;
}

interface BinaryDescribed {
  isBinaryCompatible(): boolean;
  getBinaryDescription(): BinaryDescription;
}

/** The raw-file layout of `recording`, when it has one (duck-typed: any class may offer it). */
export function binaryDescription(recording: BaseRecording): BinaryDescription | null {
  const c = recording as BaseRecording & Partial<BinaryDescribed>;
  if (typeof c.getBinaryDescription !== "function" || typeof c.isBinaryCompatible !== "function") return null;
  if (!c.isBinaryCompatible()) return null;
  const d = c.getBinaryDescription();
  return d.filePaths.length === recording.getNumSegments() ? d : null;
}

/** Source files whose rows can be copied as bytes into `dtype` files (time-major, same dtype). */
export function rowCopySource(recording: BaseRecording, dtype: TraceDType): BinaryDescription | null {
  const d = binaryDescription(recording);
  return d !== null && d.timeAxis === 0 && d.dtype === dtype ? d : null;
}

/**
 * Source files that are, byte for byte, the files to write (same dtype, no header, no trailing
 * partial sample): these can be copied whole by the kernel.
 */
export function wholeFileSources(
  recording: BaseRecording,
  dtype: TraceDType,
  byteOffset: number,
  targets: readonly string[],
): string[] | null {
  const d = rowCopySource(recording, dtype);
  if (d === null || d.fileOffset !== 0 || byteOffset !== 0) return null;
  const bytesPerSample = recording.getNumChannels() * itemsize(dtype);
  for (let s = 0; s < d.filePaths.length; s++) {
    if (resolve(d.filePaths[s]) === resolve(targets[s])) return null;
    let size: number;
    try {
      size = statSync(d.filePaths[s]).size;
    } catch {
      return null;
    }
    if (size !== recording.getNumSamples({ segmentIndex: s }) * bytesPerSample) return null;
  }
  return d.filePaths;
}

/**
 * Reads rows of raw source files straight into caller buffers (positioned reads, descriptors opened
 * on first use), for writers that would otherwise allocate a fresh typed array per chunk.
 */
export class RawRowReader {
  private readonly fds: (number | null)[];

  constructor(
    private readonly source: BinaryDescription,
    private readonly bytesPerSample: number,
  ) {
    this.fds = source.filePaths.map(() => null);
  }

  /** Rows [start, end) of a segment into `target` (exactly (end - start) × bytesPerSample bytes). */
  read(segmentIndex: number, start: number, target: Uint8Array): void {
    const path = this.source.filePaths[segmentIndex];
    const fd = (this.fds[segmentIndex] ??= openSync(path, "r"));
    const position = this.source.fileOffset + start * this.bytesPerSample;
    let done = 0;
    while (done < target.length) {
      const got = readSync(fd, target, done, target.length - done, position + done);
      if (got === 0) throw new FileFormatError(path, `truncated: no bytes at offset ${position + done}`);
      done += got;
    }
  }

  close(): void {
    for (const fd of this.fds) if (fd !== null) closeSync(fd);
    this.fds.fill(null);
  }
}
