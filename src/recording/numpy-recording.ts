/**
 * NumpyRecording: traces held in memory as C-order typed arrays, one per segment. Reads of all
 * channels return views (no copy). `SharedMemoryRecording` is the same over SharedArrayBuffers, so
 * worker threads read it without copying.
 */

import { requireTypedArrayKwargs } from "../base/extractor.js";
import type { Id } from "../base/ids.js";
import { registerExtractorClass } from "../base/registry.js";
import { registerSaver } from "../base/savers.js";
import { allocate, dtypeOf, type NumberArray, type TraceDType } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import { selectColumns } from "../traces.js";
import { BaseRecording } from "./base-recording.js";
import { BaseRecordingSegment } from "./segment.js";

export interface TracesArray {
  readonly data: NumberArray;
  readonly shape: readonly [number, number];
}

export interface NumpyRecordingOptions {
  /** One [samples × channels] C-order array per segment. */
  tracesList: TracesArray | readonly TracesArray[];
  samplingFrequency: number;
  tStarts?: readonly (number | null)[] | null;
  /** Default: integers 0..numChannels-1. */
  channelIds?: readonly Id[] | null;
}

export class NumpyRecordingSegment extends BaseRecordingSegment {
  constructor(
    public data: NumberArray,
    readonly numChannels: number,
    samplingFrequency: number,
    tStart: number | null,
  ) {
    super(samplingFrequency, tStart);
  }

  getNumSamples(): number {
    return this.numChannels === 0 ? 0 : this.data.length / this.numChannels;
  }

  async getTraces(start: number, end: number, channelIndices: Int32Array | null): Promise<NumberArray> {
    const c = this.numChannels;
    const rows = this.data.subarray(start * c, end * c);
    return channelIndices === null ? rows : selectColumns(rows, c, channelIndices);
  }
}

export class NumpyRecording extends BaseRecording {
  readonly className: string = "spikeinterface.core.numpyextractors.NumpyRecording";

  constructor(options: NumpyRecordingOptions) {
    const list = (
      Array.isArray(options.tracesList) ? options.tracesList : [options.tracesList]
    ) as TracesArray[];
    if (list.length === 0) throw new InvalidArgumentError("NumpyRecording needs at least one segment");
    const numChannels = list[0].shape[1];
    const dtype = dtypeOf(list[0].data) as TraceDType;
    list.forEach((t, i) => {
      if (t.shape[1] !== numChannels) {
        throw new InvalidArgumentError(
          `segment ${i} has ${t.shape[1]} channels, segment 0 has ${numChannels}`,
        );
      }
      if (dtypeOf(t.data) !== dtype) {
        throw new InvalidArgumentError(`segment ${i} has dtype ${dtypeOf(t.data)}, segment 0 has ${dtype}`);
      }
      if (t.data.length !== t.shape[0] * t.shape[1]) {
        throw new InvalidArgumentError(
          `segment ${i}: ${t.data.length} values do not fill shape [${t.shape[0]}, ${t.shape[1]}]`,
        );
      }
    });
    const channelIds = options.channelIds ?? Array.from({ length: numChannels }, (_, i) => i);
    if (channelIds.length !== numChannels) {
      throw new InvalidArgumentError(`${channelIds.length} channel ids for ${numChannels} channels`);
    }
    super(options.samplingFrequency, channelIds, dtype);
    const tStarts = options.tStarts ?? null;
    if (tStarts !== null && tStarts.length !== list.length) {
      throw new InvalidArgumentError(`${tStarts.length} tStarts for ${list.length} segments`);
    }
    list.forEach((t, i) => {
      this.addRecordingSegment(
        new NumpyRecordingSegment(t.data, numChannels, options.samplingFrequency, tStarts?.[i] ?? null),
      );
    });
    this.notJsonReason = "its traces live in memory; save() it to a folder to get a JSON description";
    this.kwargs = {
      traces_list: list,
      sampling_frequency: options.samplingFrequency,
      t_starts: tStarts,
      channel_ids: channelIds,
    };
  }

  /** Copy every segment of `recording` into memory (times and ids kept, not the other metadata). */
  static async fromRecording(recording: BaseRecording, { shared = false } = {}): Promise<NumpyRecording> {
    const tracesList: TracesArray[] = [];
    const tStarts: (number | null)[] = [];
    const c = recording.getNumChannels();
    for (let seg = 0; seg < recording.getNumSegments(); seg++) {
      const n = recording.getNumSamples({ segmentIndex: seg });
      const data = shared ? sharedAllocate(recording.dtype, n * c) : allocate(recording.dtype, n * c);
      const chunk = Math.max(1, Math.floor((1 << 24) / Math.max(1, c)));
      for (let s = 0; s < n; s += chunk) {
        const e = Math.min(n, s + chunk);
        const t = await recording.getTraces({ segmentIndex: seg, startFrame: s, endFrame: e });
        (data as NumberArray).set(t.data as NumberArray, s * c);
      }
      tracesList.push({ data: data as NumberArray, shape: [n, c] });
      tStarts.push(recording.getTimeInfo({ segmentIndex: seg }).tStart);
    }
    const out = new (shared ? SharedMemoryRecording : NumpyRecording)({
      tracesList,
      samplingFrequency: recording.samplingFrequency,
      tStarts,
      channelIds: recording.channelIds,
    });
    for (let seg = 0; seg < recording.getNumSegments(); seg++) {
      const tv = recording.getTimeInfo({ segmentIndex: seg }).timeVector;
      if (tv !== null) out.setTimes(tv, { segmentIndex: seg });
    }
    return out;
  }

  /** The raw segment arrays (views, not copies). */
  getTracesArrays(): NumberArray[] {
    return this.segments.map((s) => (s as NumpyRecordingSegment).data);
  }

  /** Move the traces into SharedArrayBuffers (once) so worker threads can read them without copies. */
  shareMemory(): void {
    for (const s of this.segments as NumpyRecordingSegment[]) {
      if (s.data.buffer instanceof SharedArrayBuffer) continue;
      const shared = sharedAllocate(this.dtype, s.data.length) as NumberArray;
      shared.set(s.data);
      s.data = shared;
    }
    // kwargs are what travels to workers: they must name the shared arrays, not the old copies.
    this.kwargs = {
      ...this.kwargs,
      traces_list: this.segments.map((s) => {
        const seg = s as NumpyRecordingSegment;
        return { data: seg.data, shape: [seg.getNumSamples(), seg.numChannels] as const };
      }),
    };
  }
}

/** NumpyRecording over SharedArrayBuffers (Python's SharedMemoryRecording). */
export class SharedMemoryRecording extends NumpyRecording {
  override readonly className: string = "spikeinterface.core.numpyextractors.SharedMemoryRecording";
  constructor(options: NumpyRecordingOptions) {
    super(options);
    this.shareMemory();
  }
}

export function sharedAllocate(dtype: TraceDType, length: number): NumberArray {
  const ctor = allocate(dtype, 0).constructor as new (b: SharedArrayBuffer) => NumberArray;
  const bytes = allocate(dtype, 0).BYTES_PER_ELEMENT * length;
  return new ctor(new SharedArrayBuffer(bytes));
}

const loadNumpyRecording = (shared: boolean) => (k: Record<string, unknown>) => {
  const list = (Array.isArray(k.traces_list) ? k.traces_list : [k.traces_list]) as TracesArray[];
  requireTypedArrayKwargs(
    shared ? SHARED_RECORDING_CLASS : NUMPY_RECORDING_CLASS,
    "traces_list",
    list.map((t) => t?.data),
  );
  return new (shared ? SharedMemoryRecording : NumpyRecording)({
    tracesList: list,
    samplingFrequency: k.sampling_frequency as number,
    tStarts: k.t_starts as (number | null)[] | null,
    channelIds: k.channel_ids as Id[] | null,
  });
};
const NUMPY_RECORDING_CLASS = "spikeinterface.core.numpyextractors.NumpyRecording";
const SHARED_RECORDING_CLASS = "spikeinterface.core.numpyextractors.SharedMemoryRecording";
registerExtractorClass(NUMPY_RECORDING_CLASS, loadNumpyRecording(false));
registerExtractorClass(SHARED_RECORDING_CLASS, loadNumpyRecording(true));

registerSaver("recording", "memory", async (extractor, options) => {
  const source = extractor as BaseRecording;
  const copy = await NumpyRecording.fromRecording(source, { shared: options.sharedmem !== false });
  source.copyMetadata(copy);
  return copy;
});
