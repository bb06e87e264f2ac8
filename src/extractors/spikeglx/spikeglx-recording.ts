/**
 * `readSpikeglx(folder, { streamId })`: a SpikeGLX stream as a lazy recording (int16, one segment
 * per gate/trigger file). Reads are positioned reads of the requested rows of the .bin
 * (BinaryRecordingSegment underneath), so a multi-GB file is never loaded whole.
 *
 * Streams follow neo ≥ 0.14 and SpikeInterface HEAD: "imec0.ap", "imec0.lf", "nidq", "obx0", and
 * the imec sync word as its own stream "imec0.ap-SYNC" — the "imec0.ap" stream leaves it out.
 * Channel ids are "<stream>#<name>" ("imec0.ap#AP0"); properties gain_to_uV, offset_to_uV,
 * physical_unit, gain_to_physical_unit, offset_to_physical_unit and channel_name are set as
 * SpikeInterface's neo reader sets them; t_start of each segment is firstSample / rate.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { Id } from "../../base/ids.js";
import { registerExtractorClass } from "../../base/registry.js";
import type { NumberArray } from "../../dtype.js";
import { FileFormatError, formatList, InvalidArgumentError } from "../../errors.js";
import { BinaryRecordingSegment } from "../../io/binary/binary-recording.js";
import { BaseRecording } from "../../recording/base-recording.js";
import { BaseRecordingSegment } from "../../recording/segment.js";
import { type SpikeGlxFile, scanSpikeglxFolder, segmentKey } from "./files.js";
import { type StreamChannels, streamChannels } from "./gains.js";
import { probeFromMeta } from "./probe.js";

export const SPIKEGLX_CLASS = "spikeinterface.extractors.neoextractors.spikeglx.SpikeGLXRecordingExtractor";
const SYNC_SUFFIX = "-SYNC";

export interface ReadSpikeglxOptions {
  /** "imec0.ap", "imec0.lf", "imec0.ap-SYNC", "nidq"...; required when the folder has several data streams. */
  streamId?: string | null;
  /** Same as streamId (neo's stream names equal their ids here). */
  streamName?: string | null;
  /** Use the bare channel names ("AP0") as ids instead of "imec0.ap#AP0". */
  useNamesAsIds?: boolean;
}

/** A stream's view of one file: the file's columns that belong to the stream. */
class SpikeGlxSegment extends BaseRecordingSegment {
  constructor(
    private readonly file: BinaryRecordingSegment,
    /** File column of each stream channel; null when the stream is every column in order. */
    private readonly columns: Int32Array | null,
    samplingFrequency: number,
    tStart: number | null,
  ) {
    super(samplingFrequency, tStart);
  }

  getNumSamples(): number {
    return this.file.getNumSamples();
  }

  getTraces(start: number, end: number, channelIndices: Int32Array | null): Promise<NumberArray> {
    const cols = this.columns;
    const fileColumns =
      channelIndices === null ? cols : cols === null ? channelIndices : channelIndices.map((j) => cols[j]);
    return this.file.getTraces(start, end, fileColumns);
  }

  close(): void {
    this.file.close();
  }
}

interface StreamInfo {
  id: string;
  /** The files of the stream, one per segment, in (gate, trigger) order. */
  files: SpikeGlxFile[];
  sync: boolean;
}

function streamMap(files: readonly SpikeGlxFile[]): Map<string, StreamInfo> {
  const map = new Map<string, StreamInfo>();
  for (const f of files) {
    let s = map.get(f.streamName);
    if (s === undefined) map.set(f.streamName, (s = { id: f.streamName, files: [], sync: false }));
    s.files.push(f);
  }
  for (const s of map.values()) {
    s.files.sort((a, b) => {
      const [ga, ta] = segmentKey(a);
      const [gb, tb] = segmentKey(b);
      return ga - gb || ta - tb;
    });
    for (let i = 1; i < s.files.length; i++) {
      const [ga, ta] = segmentKey(s.files[i - 1]);
      const [gb, tb] = segmentKey(s.files[i]);
      if (ga === gb && ta === tb) {
        throw new FileFormatError(
          s.files[i].metaPath,
          `same stream ${JSON.stringify(s.id)} and segment as ${s.files[i - 1].metaPath} (renamed or copied files?)`,
        );
      }
    }
  }
  return map;
}

function hasSyncChannel(file: SpikeGlxFile): boolean {
  const key = file.deviceKind === "imec" ? "snsApLfSy" : file.deviceKind === "obx" ? "snsXaDwSy" : null;
  return key !== null && file.meta.has(key) && file.meta.integers(key)[2] === 1;
}

/**
 * The stream ids of a SpikeGLX folder: the data streams by decreasing sampling rate (as neo orders
 * them), then the sync streams.
 */
export function listSpikeglxStreams(folder: string): string[] {
  return streamIds(streamMap(scanSpikeglxFolder(folder)));
}

function streamIds(map: Map<string, StreamInfo>): string[] {
  const rate = (s: StreamInfo) => {
    const m = s.files[0].meta;
    return m.number("imSampRate", m.number("niSampRate", m.number("obSampRate", 0)));
  };
  const main = [...map.values()].sort((a, b) => rate(b) - rate(a));
  const syncs = main.filter((s) => s.files[0].deviceKind !== "nidq" && hasSyncChannel(s.files[0]));
  return [...main.map((s) => s.id), ...syncs.map((s) => `${s.id}${SYNC_SUFFIX}`)];
}

function samplingRate(file: SpikeGlxFile): number {
  const key = { imec: "imSampRate", nidq: "niSampRate", obx: "obSampRate" }[file.deviceKind] ?? "imSampRate";
  const fs = file.meta.number(key);
  if (!(fs > 0)) throw new FileFormatError(file.metaPath, `${key}=${fs} is not a positive rate`);
  return fs;
}

/** fileSizeBytes in the meta must be the .bin's size: a mismatch means a truncated or wrong pair. */
function checkFileSize(file: SpikeGlxFile, numSaved: number): void {
  const actual = statSync(file.binPath).size;
  if (file.meta.has("fileSizeBytes")) {
    const declared = file.meta.number("fileSizeBytes");
    if (declared !== actual) {
      throw new FileFormatError(
        file.binPath,
        `file size ${actual} bytes disagrees with fileSizeBytes=${declared} in ${file.metaPath}`,
      );
    }
  }
  if (actual % (2 * numSaved) !== 0) {
    throw new FileFormatError(
      file.binPath,
      `file size ${actual} bytes is not a whole number of ${numSaved}-channel int16 samples`,
    );
  }
}

export class SpikeGlxRecording extends BaseRecording {
  readonly className = SPIKEGLX_CLASS;
  /** The stream read, e.g. "imec0.ap". */
  readonly streamId: string;
  /** The .bin file of each segment. */
  readonly binFiles: readonly string[];

  constructor(folder: string, options: ReadSpikeglxOptions = {}) {
    const root = resolve(folder);
    const map = streamMap(scanSpikeglxFolder(root));
    const ids = streamIds(map);
    const requested = options.streamId ?? options.streamName ?? null;
    // Unlike SpikeInterface, a folder with one data stream (plus its sync stream) needs no streamId.
    const dataIds = ids.filter((id) => !id.endsWith(SYNC_SUFFIX));
    if (requested === null && dataIds.length > 1) {
      throw new InvalidArgumentError(
        `${root} has several SpikeGLX streams: pass streamId, one of ${formatList(ids)}`,
        { streams: ids },
      );
    }
    const streamId = requested ?? dataIds[0];
    if (!ids.includes(streamId)) {
      throw new InvalidArgumentError(
        `no stream ${JSON.stringify(streamId)} in ${root}: streams are ${formatList(ids)}`,
        {
          streams: ids,
        },
      );
    }
    const isSync = streamId.endsWith(SYNC_SUFFIX);
    const stream = map.get(isSync ? streamId.slice(0, -SYNC_SUFFIX.length) : streamId)!;
    const first = stream.files[0];
    const channels = streamChannels(first);
    const numSaved = channels.names.length;
    const columns = streamColumns(channels, isSync);
    const names = Array.from(columns ?? channels.names.keys(), (c) => channels.names[c]);
    const channelIds: Id[] = options.useNamesAsIds ? names : names.map((n) => `${streamId}#${n}`);
    if (options.useNamesAsIds && new Set(names).size !== names.length) {
      throw new InvalidArgumentError(
        `channel names of ${streamId} are not unique: useNamesAsIds is impossible`,
      );
    }
    const fs = samplingRate(first);
    super(fs, channelIds, "int16");
    this.streamId = streamId;
    this.binFiles = stream.files.map((f) => f.binPath);

    for (const f of stream.files) {
      const n = f.meta.integer("nSavedChans");
      if (n !== numSaved) {
        throw new FileFormatError(
          f.metaPath,
          `nSavedChans=${n} but the first file of ${streamId} has ${numSaved}`,
        );
      }
      checkFileSize(f, numSaved);
      const tStart = f.meta.has("firstSample") ? f.meta.number("firstSample") / fs : 0;
      const file = new BinaryRecordingSegment(f.binPath, fs, tStart, numSaved, "int16", 0, 0);
      this.addRecordingSegment(new SpikeGlxSegment(file, columns, fs, tStart));
    }

    const pick = (values: Float64Array) => Float64Array.from(columns ?? values.keys(), (c) => values[c]);
    const physicalGains = pick(channels.gains);
    const toUV = channels.unit === "V" ? 1e6 : 1;
    this.setChannelGains(physicalGains.map((g) => g * toUV));
    this.setChannelOffsets(0);
    this.setProperty("physical_unit", new Array<string>(names.length).fill(channels.unit));
    this.setProperty("gain_to_physical_unit", physicalGains);
    this.setProperty("offset_to_physical_unit", new Float64Array(names.length));
    if (!options.useNamesAsIds) this.setProperty("channel_name", names);

    if (first.deviceKind === "imec" && !isSync) {
      const numNeural = channels.hasSync ? numSaved - 1 : numSaved;
      const probe = probeFromMeta(first, numNeural, numSaved);
      if (probe !== null) {
        this.setProbe(probe, { groupMode: probe.shankIds !== null ? "by_shank" : "auto" });
      }
    }
    this.kwargs = {
      folder_path: root,
      stream_id: streamId,
      stream_name: null,
      all_annotations: false,
      use_names_as_ids: options.useNamesAsIds ?? false,
    };
  }

  /** Release the file descriptors (they are reopened on the next read). */
  close(): void {
    for (const s of this.segments) (s as SpikeGlxSegment).close();
  }
}

/** File columns of the stream: all (null), all but the sync word, or only the sync word. */
function streamColumns(channels: StreamChannels, isSync: boolean): Int32Array | null {
  const n = channels.names.length;
  if (isSync) return Int32Array.of(n - 1);
  if (channels.hasSync) return Int32Array.from({ length: n - 1 }, (_, i) => i);
  return null;
}

export function readSpikeglx(folder: string, options: ReadSpikeglxOptions = {}): SpikeGlxRecording {
  return new SpikeGlxRecording(folder, options);
}

registerExtractorClass(
  SPIKEGLX_CLASS,
  (k) =>
    new SpikeGlxRecording(String(k.folder_path), {
      streamId: (k.stream_id as string | null) ?? null,
      streamName: (k.stream_name as string | null) ?? null,
      useNamesAsIds: k.use_names_as_ids === true,
    }),
);
