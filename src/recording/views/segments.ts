/**
 * Segment operations on recordings (spec api.md §3.7): append (keeps segments), concatenate (one
 * segment, reads across boundaries), select and split. All lazy.
 */

import { registerExtractorClass } from "../../base/registry.js";
import type { NumberArray, TraceDType } from "../../dtype.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError } from "../../errors.js";
import { concatRows } from "../../traces.js";
import { BaseRecording, recordingViews } from "../base-recording.js";
import { BaseRecordingSegment } from "../segment.js";

/** A segment that forwards to another recording's segment, times included. */
class ProxyRecordingSegment extends BaseRecordingSegment {
  constructor(private readonly parent: BaseRecordingSegment) {
    super(parent.samplingFrequency);
    parent.copyTimesTo(this);
  }
  getNumSamples(): number {
    return this.parent.getNumSamples();
  }
  getTraces(start: number, end: number, ch: Int32Array | null, signal?: AbortSignal): Promise<NumberArray> {
    return this.parent.getTraces(start, end, ch, signal);
  }
}

function checkSameChannelsAndRate(recordings: readonly BaseRecording[], maxDiff: number, what: string): void {
  if (recordings.length === 0) throw new InvalidArgumentError(`${what}: no recordings given`);
  const first = recordings[0];
  recordings.forEach((r, i) => {
    if (r.dtype !== first.dtype) {
      throw new SpikeInterfaceError(
        "incompatible",
        `${what}: recording ${i} has dtype ${r.dtype}, recording 0 has ${first.dtype}`,
      );
    }
    const same =
      r.channelIds.length === first.channelIds.length &&
      r.channelIds.every((id, k) => id === first.channelIds[k]);
    if (!same) {
      throw new SpikeInterfaceError(
        "incompatible",
        `${what}: recording ${i} has channel ids ${formatList(r.channelIds)}, recording 0 has ${formatList(first.channelIds)}`,
      );
    }
    if (Math.abs(r.samplingFrequency - first.samplingFrequency) > maxDiff) {
      throw new SpikeInterfaceError(
        "incompatible",
        `${what}: recording ${i} has sampling frequency ${r.samplingFrequency} Hz, recording 0 has ${first.samplingFrequency} Hz`,
      );
    }
  });
}

export class AppendSegmentRecording extends BaseRecording {
  readonly className = "spikeinterface.core.segmentutils.AppendSegmentRecording";
  constructor(recordingList: readonly BaseRecording[], { samplingFrequencyMaxDiff = 0 } = {}) {
    checkSameChannelsAndRate(recordingList, samplingFrequencyMaxDiff, "appendRecordings");
    const first = recordingList[0];
    super(first.samplingFrequency, first.channelIds, first.dtype);
    for (const r of recordingList) {
      for (let s = 0; s < r.getNumSegments(); s++)
        this.addRecordingSegment(new ProxyRecordingSegment(r.getSegment(s)));
    }
    first.copyMetadata(this);
    this.kwargs = {
      recording_list: [...recordingList],
      sampling_frequency_max_diff: samplingFrequencyMaxDiff,
    };
  }
}

class ConcatenatedRecordingSegment extends BaseRecordingSegment {
  private readonly starts: number[] = [0];
  constructor(
    private readonly parts: readonly BaseRecordingSegment[],
    samplingFrequency: number,
    private readonly dtype: TraceDType,
  ) {
    super(samplingFrequency);
    for (const p of parts) this.starts.push(this.starts[this.starts.length - 1] + p.getNumSamples());
  }
  getNumSamples(): number {
    return this.starts[this.starts.length - 1];
  }
  async getTraces(
    start: number,
    end: number,
    ch: Int32Array | null,
    signal?: AbortSignal,
  ): Promise<NumberArray> {
    const blocks: NumberArray[] = [];
    for (let i = 0; i < this.parts.length; i++) {
      const s = Math.max(start, this.starts[i]);
      const e = Math.min(end, this.starts[i + 1]);
      if (s < e)
        blocks.push(await this.parts[i].getTraces(s - this.starts[i], e - this.starts[i], ch, signal));
    }
    if (blocks.length === 1) return blocks[0];
    return concatRows(blocks, this.dtype);
  }
}

export class ConcatenateSegmentRecording extends BaseRecording {
  readonly className = "spikeinterface.core.segmentutils.ConcatenateSegmentRecording";
  constructor(
    recordingList: readonly BaseRecording[],
    { ignoreTimes = true, samplingFrequencyMaxDiff = 0 } = {},
  ) {
    checkSameChannelsAndRate(recordingList, samplingFrequencyMaxDiff, "concatenateRecordings");
    const first = recordingList[0];
    const parts = recordingList.flatMap((r) =>
      Array.from({ length: r.getNumSegments() }, (_, s) => r.getSegment(s)),
    );
    if (!ignoreTimes && parts.some((p) => p.tStart !== null || p.timeVector !== null)) {
      throw new InvalidArgumentError(
        "concatenateRecordings with ignoreTimes false needs recordings without times",
      );
    }
    super(first.samplingFrequency, first.channelIds, first.dtype);
    this.addRecordingSegment(new ConcatenatedRecordingSegment(parts, first.samplingFrequency, first.dtype));
    first.copyMetadata(this);
    this.kwargs = {
      recording_list: [...recordingList],
      ignore_times: ignoreTimes,
      sampling_frequency_max_diff: samplingFrequencyMaxDiff,
    };
  }
}

export class SelectSegmentRecording extends BaseRecording {
  readonly className = "spikeinterface.core.segmentutils.SelectSegmentRecording";
  constructor(recording: BaseRecording, segmentIndices: number | readonly number[]) {
    const indices = typeof segmentIndices === "number" ? [segmentIndices] : [...segmentIndices];
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= recording.getNumSegments()) {
        throw new SpikeInterfaceError(
          "segment_index",
          `segment index ${i} out of range [0, ${recording.getNumSegments()})`,
          { segmentIndex: i },
        );
      }
    }
    super(recording.samplingFrequency, recording.channelIds, recording.dtype);
    for (const i of indices) this.addRecordingSegment(new ProxyRecordingSegment(recording.getSegment(i)));
    recording.copyMetadata(this);
    this.kwargs = { recording, segment_indices: indices };
  }
}

export function appendRecordings(
  recordingList: readonly BaseRecording[],
  options: { samplingFrequencyMaxDiff?: number } = {},
): BaseRecording {
  return new AppendSegmentRecording(recordingList, options);
}

export function concatenateRecordings(
  recordingList: readonly BaseRecording[],
  options: { ignoreTimes?: boolean; samplingFrequencyMaxDiff?: number } = {},
): BaseRecording {
  return new ConcatenateSegmentRecording(recordingList, options);
}

export function selectSegmentRecording(
  recording: BaseRecording,
  segmentIndices: number | readonly number[],
): BaseRecording {
  return new SelectSegmentRecording(recording, segmentIndices);
}

/** One single-segment recording per segment. */
export function splitRecording(recording: BaseRecording): BaseRecording[] {
  return Array.from(
    { length: recording.getNumSegments() },
    (_, i) => new SelectSegmentRecording(recording, i),
  );
}

recordingViews.selectSegments = (parent, indices) => new SelectSegmentRecording(parent, indices);

registerExtractorClass(
  "spikeinterface.core.segmentutils.AppendSegmentRecording",
  (k) =>
    new AppendSegmentRecording(k.recording_list as BaseRecording[], {
      samplingFrequencyMaxDiff: (k.sampling_frequency_max_diff as number | undefined) ?? 0,
    }),
);
registerExtractorClass(
  "spikeinterface.core.segmentutils.ConcatenateSegmentRecording",
  (k) =>
    new ConcatenateSegmentRecording(k.recording_list as BaseRecording[], {
      ignoreTimes: (k.ignore_times as boolean | undefined) ?? true,
      samplingFrequencyMaxDiff: (k.sampling_frequency_max_diff as number | undefined) ?? 0,
    }),
);
registerExtractorClass(
  "spikeinterface.core.segmentutils.SelectSegmentRecording",
  (k) => new SelectSegmentRecording(k.recording as BaseRecording, k.segment_indices as number[]),
);
