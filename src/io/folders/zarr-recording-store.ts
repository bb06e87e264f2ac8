/**
 * ZarrRecordingExtractor (spec formats.md §2): traces read lazily, chunk by chunk, from any zarr
 * store (an HTTP store, or a folder once spikeinterface-ts/node is loaded) through the shared
 * decoded-chunk cache. Browser-safe; the provenance registration is in `./zarr-recording.ts`.
 * Root attrs give the sampling frequency, segment count, annotations and probe group; `channel_ids`,
 * `traces_seg{i}`, `times_seg{i}`, `t_starts` and `properties/` the rest.
 */
import type { Id } from "../../base/ids.js";
import { type NumberArray, TRACE_DTYPES, type TraceDType } from "../../dtype.js";
import { FileFormatError } from "../../errors.js";
import { connectedContacts } from "../../probe/attach.js";
import { applyLegacyProbeAnnotations } from "../../probe/legacy.js";
import { ProbeGroup } from "../../probe/probegroup.js";
import type { ProbeGroupDict } from "../../probe/types.js";
import { BaseRecording } from "../../recording/base-recording.js";
import { BaseRecordingSegment } from "../../recording/segment.js";
import { selectColumns } from "../../traces.js";
import type { ZarrArray } from "../zarr/array.js";
import { openArray } from "../zarr/create.js";
import type { ZarrStore } from "../zarr/store.js";
import {
  hasArray,
  type OpenedZarr,
  openZarrRoot,
  readIds,
  readZarrProperties,
  requireArray,
} from "./zarr-store-common.js";

export const ZARR_RECORDING_CLASS = "spikeinterface.core.zarrextractors.ZarrRecordingExtractor";

export class ZarrRecordingSegment extends BaseRecordingSegment {
  constructor(
    readonly array: ZarrArray,
    samplingFrequency: number,
    tStart: number | null,
  ) {
    super(samplingFrequency, tStart);
  }

  getNumSamples(): number {
    return this.array.shape[0];
  }

  async getTraces(
    start: number,
    end: number,
    channelIndices: Int32Array | null,
    signal?: AbortSignal,
  ): Promise<NumberArray> {
    const c = this.array.shape[1];
    if (channelIndices === null) {
      return (await this.array.readRegion({ start: [start, 0], end: [end, c] }, { signal })) as NumberArray;
    }
    // Read the smallest box of columns holding the selection, then pick the columns.
    let lo = c;
    let hi = 0;
    for (const i of channelIndices) {
      lo = Math.min(lo, i);
      hi = Math.max(hi, i + 1);
    }
    if (channelIndices.length === 0) {
      lo = 0;
      hi = 0;
    }
    const box = (await this.array.readRegion(
      { start: [start, lo], end: [end, hi] },
      { signal },
    )) as NumberArray;
    return selectColumns(
      box,
      hi - lo,
      Int32Array.from(channelIndices, (i) => i - lo),
    );
  }
}

interface ZarrRecordingParts {
  z: OpenedZarr;
  samplingFrequency: number;
  channelIds: Id[];
  dtype: TraceDType;
  traces: ZarrArray[];
}

function attrNumber(z: OpenedZarr, key: string, integer: boolean): number {
  const v = z.attrs[key];
  if (typeof v !== "number" || !(v > 0 || (integer && v === 0)) || (integer && !Number.isInteger(v))) {
    throw new FileFormatError(
      `${z.where}/.zattrs`,
      `attribute ${key} ${v === undefined ? "is missing" : `is not a valid number: ${JSON.stringify(v)}`}`,
    );
  }
  return v;
}

export class ZarrRecordingExtractor extends BaseRecording {
  readonly className: string = ZARR_RECORDING_CLASS;
  readonly store: ZarrStore;

  private constructor(parts: ZarrRecordingParts) {
    super(parts.samplingFrequency, parts.channelIds, parts.dtype);
    this.store = parts.z.store;
    for (const arr of parts.traces) {
      this.addRecordingSegment(new ZarrRecordingSegment(arr, parts.samplingFrequency, null));
    }
    this.kwargs = { folder_path: parts.z.folder, storage_options: null, load_compression_ratio: false };
    if (parts.z.folder === null) this.notJsonReason = "it was opened from a store object, not a folder path";
  }

  /** Open a zarr recording folder (or store): metadata now, traces chunk by chunk on demand. */
  static async open(source: string | ZarrStore): Promise<ZarrRecordingExtractor> {
    return ZarrRecordingExtractor.fromOpened(await openZarrRoot(source));
  }

  /** From a root already opened (readZarr looks at it first: no second round of metadata reads). */
  static async fromOpened(z: OpenedZarr): Promise<ZarrRecordingExtractor> {
    const fs = attrNumber(z, "sampling_frequency", false);
    const numSegments = attrNumber(z, "num_segments", true);
    const channelIds = await readIds(z, "channel_ids");
    const traces: ZarrArray[] = [];
    for (let s = 0; s < numSegments; s++) {
      const name = `traces_seg${s}`;
      if (!(await hasArray(z, name))) {
        throw new FileFormatError(
          `${z.where}/${name}`,
          `segment ${s} is missing (num_segments is ${numSegments})`,
        );
      }
      const arr = await openArray(z.store, name);
      const dt = arr.dtype;
      if (
        arr.shape.length !== 2 ||
        arr.shape[1] !== channelIds.length ||
        dt.kind !== "number" ||
        !(TRACE_DTYPES as readonly string[]).includes(dt.dtype)
      ) {
        throw new FileFormatError(
          `${z.where}/${name}`,
          `expected (samples, ${channelIds.length}) traces of a numeric dtype, got shape ${JSON.stringify(arr.shape)} ${dt.str}`,
        );
      }
      traces.push(arr);
    }
    const dtype = (traces[0]?.dtype.kind === "number" ? traces[0].dtype.dtype : "float32") as TraceDType;
    if (traces.some((t) => t.dtype.kind !== "number" || t.dtype.dtype !== dtype)) {
      throw new FileFormatError(z.where, "traces segments have different dtypes");
    }
    const rec = new ZarrRecordingExtractor({ z, samplingFrequency: fs, channelIds, dtype, traces });
    await rec.loadMetadata(z);
    return rec;
  }

  private async loadMetadata(z: OpenedZarr): Promise<void> {
    const n = this.getNumSegments();
    for (let s = 0; s < n; s++) {
      const name = `times_seg${s}`;
      if (!(await hasArray(z, name))) continue;
      const tv = await (await requireArray(z, name)).readWhole();
      if ((tv as ArrayLike<number>).length !== this.getNumSamples({ segmentIndex: s })) {
        throw new FileFormatError(`${z.where}/${name}`, `time vector length does not match traces_seg${s}`);
      }
      this.setTimes(Float64Array.from(tv as ArrayLike<number>, Number), { segmentIndex: s });
    }
    if (await hasArray(z, "t_starts")) {
      const t = (await (await requireArray(z, "t_starts")).readWhole()) as Float64Array;
      for (let s = 0; s < Math.min(n, t.length); s++) {
        const seg = this.getSegment(s);
        if (seg.timeVector === null && !Number.isNaN(t[s])) seg.tStart = Number(t[s]);
      }
    }
    await readZarrProperties(z, "", this);
    const annotations = z.attrs.annotations;
    const ann =
      annotations !== null && typeof annotations === "object" && !Array.isArray(annotations)
        ? (annotations as Record<string, unknown>)
        : {};
    let consumed: string[] = [];
    const where = `${z.where}/.zattrs`;
    try {
      if (isProbegroupDict(z.attrs.probegroup)) {
        this.setProbegroupUnchecked(ProbeGroup.fromDict(z.attrs.probegroup));
      } else if (isProbegroupDict(z.attrs.probe)) {
        // ≤ 0.104: probes as given, so order the contacts by device channel
        const pg = connectedContacts(ProbeGroup.fromDict(z.attrs.probe), this.getNumChannels()).probegroup;
        const legacy = applyLegacyProbeAnnotations(pg, ann);
        this.setProbegroupUnchecked(legacy.probegroup);
        consumed = legacy.consumedAnnotations;
      }
    } catch (err) {
      if (err instanceof FileFormatError) throw err;
      throw new FileFormatError(where, `bad probe group: ${(err as Error).message}`, { cause: err });
    }
    this.annotate(Object.fromEntries(Object.entries(ann).filter(([k]) => !consumed.includes(k))));
  }
}

function isProbegroupDict(v: unknown): v is ProbeGroupDict {
  return v !== null && typeof v === "object" && Array.isArray((v as { probes?: unknown }).probes);
}

export function readZarrRecording(source: string | ZarrStore): Promise<ZarrRecordingExtractor> {
  return ZarrRecordingExtractor.open(source);
}
