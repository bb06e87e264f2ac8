/**
 * BinaryRecordingExtractor (spec api.md §3.4): raw traces in flat files, one file per segment.
 * Node-only. Reads are positioned reads of exactly the requested rows (never the whole file), into
 * a typed array allocated for the result, so a 1 ms window of a 100 GB file costs one small read.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Id } from "../../base/ids.js";
import { registerExtractorClass } from "../../base/registry.js";
import {
  allocate,
  itemsize,
  type NumberArray,
  parseTraceDType,
  type TraceDType,
  toNumpyDescr,
} from "../../dtype.js";
import { FileFormatError, InvalidArgumentError, SpikeInterfaceError } from "../../errors.js";
import { BaseRecording } from "../../recording/base-recording.js";
import { BaseRecordingSegment } from "../../recording/segment.js";
import { selectColumns } from "../../traces.js";

export interface ReadBinaryOptions {
  filePaths: string | readonly string[];
  samplingFrequency: number;
  dtype: string;
  numChannels: number;
  tStarts?: readonly number[] | null;
  channelIds?: readonly Id[] | null;
  /** 0: [sample][channel] (the usual layout); 1: [channel][sample]. */
  timeAxis?: 0 | 1;
  fileOffset?: number;
  gainToUV?: number | readonly number[] | null;
  offsetToUV?: number | readonly number[] | null;
  isFiltered?: boolean | null;
}

export class BinaryRecordingSegment extends BaseRecordingSegment {
  private fd: number | null = null;
  private readonly numSamples: number;
  private readonly bytesPerSample: number;

  constructor(
    readonly filePath: string,
    samplingFrequency: number,
    tStart: number | null,
    private readonly numChannels: number,
    private readonly dtype: TraceDType,
    private readonly timeAxis: 0 | 1,
    private readonly fileOffset: number,
  ) {
    super(samplingFrequency, tStart);
    let size: number;
    try {
      size = statSync(filePath).size;
    } catch (err) {
      throw new SpikeInterfaceError(
        "file_not_found",
        `binary file not found: ${filePath}`,
        { path: filePath },
        { cause: err },
      );
    }
    this.bytesPerSample = numChannels * itemsize(dtype);
    if (size < fileOffset) {
      throw new FileFormatError(filePath, `file has ${size} bytes, less than its file offset ${fileOffset}`);
    }
    // A trailing partial sample is ignored, as SpikeInterface does.
    this.numSamples = Math.floor((size - fileOffset) / this.bytesPerSample);
  }

  getNumSamples(): number {
    return this.numSamples;
  }

  private handle(): number {
    this.fd ??= openSync(this.filePath, "r");
    return this.fd;
  }

  async getTraces(start: number, end: number, channelIndices: Int32Array | null): Promise<NumberArray> {
    const n = end - start;
    const c = this.numChannels;
    if (this.timeAxis === 1) return this.readChannelMajor(start, n, channelIndices);
    const out = allocate(this.dtype, n * c) as NumberArray;
    this.readInto(out, this.fileOffset + start * this.bytesPerSample);
    return channelIndices === null ? out : selectColumns(out, c, channelIndices);
  }

  override readRowsInto(start: number, end: number, out: NumberArray): void {
    if (this.timeAxis === 1) {
      out.set(this.readChannelMajor(start, end - start, null));
      return;
    }
    this.readInto(out, this.fileOffset + start * this.bytesPerSample);
  }

  /**
   * [channel][sample] files: read each requested channel's run and interleave. (SpikeInterface maps
   * one block from the start offset, which is only right for whole-file reads; this is the fix.)
   */
  private readChannelMajor(start: number, n: number, channelIndices: Int32Array | null): NumberArray {
    const channels = channelIndices ?? Int32Array.from({ length: this.numChannels }, (_, i) => i);
    const k = channels.length;
    const out = allocate(this.dtype, n * k) as NumberArray;
    const run = allocate(this.dtype, n) as NumberArray;
    const size = itemsize(this.dtype);
    channels.forEach((ch, j) => {
      this.readInto(run, this.fileOffset + (ch * this.numSamples + start) * size);
      for (let i = 0; i < n; i++) out[i * k + j] = run[i];
    });
    return out;
  }

  private readInto(target: NumberArray, position: number): void {
    const bytes = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
    const fd = this.handle();
    let done = 0;
    while (done < bytes.length) {
      const got = readSync(fd, bytes, done, bytes.length - done, position + done);
      if (got === 0) {
        const size = fstatSync(fd).size;
        throw new FileFormatError(
          this.filePath,
          `truncated: needed bytes up to ${position + bytes.length}, file has ${size}`,
        );
      }
      done += got;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

export class BinaryRecordingExtractor extends BaseRecording {
  readonly className = "spikeinterface.core.binaryrecordingextractor.BinaryRecordingExtractor";

  constructor(options: ReadBinaryOptions) {
    const paths = (typeof options.filePaths === "string" ? [options.filePaths] : [...options.filePaths]).map(
      (p) => resolve(p),
    );
    const dtype = parseTraceDType(options.dtype);
    const numChannels = options.numChannels;
    if (!Number.isInteger(numChannels) || numChannels <= 0) {
      throw new InvalidArgumentError(`numChannels must be a positive integer, got ${numChannels}`);
    }
    const channelIds = options.channelIds ?? Array.from({ length: numChannels }, (_, i) => i);
    if (channelIds.length !== numChannels) {
      throw new InvalidArgumentError(`${channelIds.length} channel ids for ${numChannels} channels`);
    }
    const tStarts = options.tStarts ?? null;
    if (tStarts !== null && tStarts.length !== paths.length) {
      throw new InvalidArgumentError(`${tStarts.length} tStarts for ${paths.length} files`);
    }
    const timeAxis = options.timeAxis ?? 0;
    if (timeAxis !== 0 && timeAxis !== 1)
      throw new InvalidArgumentError(`timeAxis must be 0 or 1, got ${timeAxis}`);
    const fileOffset = options.fileOffset ?? 0;
    super(options.samplingFrequency, channelIds, dtype);
    paths.forEach((p, i) => {
      this.addRecordingSegment(
        new BinaryRecordingSegment(
          p,
          options.samplingFrequency,
          tStarts?.[i] ?? null,
          numChannels,
          dtype,
          timeAxis,
          fileOffset,
        ),
      );
    });
    if (options.isFiltered !== undefined && options.isFiltered !== null)
      this.annotate({ is_filtered: options.isFiltered });
    if (options.gainToUV !== undefined && options.gainToUV !== null)
      this.setChannelGains(toNumbers(options.gainToUV));
    if (options.offsetToUV !== undefined && options.offsetToUV !== null)
      this.setChannelOffsets(toNumbers(options.offsetToUV));
    this.kwargs = {
      file_paths: paths,
      sampling_frequency: options.samplingFrequency,
      t_starts: tStarts,
      num_channels: numChannels,
      dtype: toNumpyDescr(dtype),
      channel_ids: options.channelIds ?? null,
      time_axis: timeAxis,
      file_offset: fileOffset,
      gain_to_uV: options.gainToUV ?? null,
      offset_to_uV: options.offsetToUV ?? null,
      is_filtered: options.isFiltered ?? null,
    };
  }

  /** Release the file descriptors (they are reopened on the next read). */
  close(): void {
    for (const s of this.segments) (s as BinaryRecordingSegment).close();
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
    const k = this.kwargs;
    return {
      filePaths: k.file_paths as string[],
      dtype: this.dtype,
      numChannels: this.getNumChannels(),
      timeAxis: k.time_axis as 0 | 1,
      fileOffset: k.file_offset as number,
    };
  }
}

function toNumbers(v: number | readonly number[]): number | Float64Array {
  return typeof v === "number" ? v : Float64Array.from(v);
}

export function readBinary(options: ReadBinaryOptions): BinaryRecordingExtractor {
  return new BinaryRecordingExtractor(options);
}

/** kwargs from Python (and from files older than 0.100, which said `num_chan`). */
function fromKwargs(k: Record<string, unknown>): BinaryRecordingExtractor {
  return new BinaryRecordingExtractor({
    filePaths: k.file_paths as string[],
    samplingFrequency: k.sampling_frequency as number,
    dtype: String(k.dtype),
    numChannels: (k.num_channels ?? k.num_chan) as number,
    tStarts: k.t_starts as number[] | null,
    channelIds: k.channel_ids as Id[] | null,
    timeAxis: (k.time_axis as 0 | 1 | undefined) ?? 0,
    fileOffset: (k.file_offset as number | undefined) ?? 0,
    gainToUV: k.gain_to_uV as number[] | null,
    offsetToUV: k.offset_to_uV as number[] | null,
    isFiltered: k.is_filtered as boolean | null,
  });
}

registerExtractorClass("spikeinterface.core.binaryrecordingextractor.BinaryRecordingExtractor", fromKwargs);
registerExtractorClass("spikeinterface.core.binaryrecordingextractor.BinDatRecordingExtractor", fromKwargs);
