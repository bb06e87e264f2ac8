/**
 * Segment operations on sortings (spec api.md §4.10): append, concatenate, split and select.
 * Each derives its spike vector from its parents' once, on first use.
 */

import { registerExtractorClass } from "../../base/registry.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError } from "../../errors.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import { concatenateRecordings } from "../../recording/views/segments.js";
import { BaseSorting, sortingViews } from "../base-sorting.js";
import { lowerBound, type SpikeVector, sortSpikeVector } from "../spike-vector.js";

function checkSameUnits(sortings: readonly BaseSorting[], maxDiff: number, what: string): void {
  if (sortings.length === 0) throw new InvalidArgumentError(`${what}: no sortings given`);
  const first = sortings[0];
  sortings.forEach((s, i) => {
    const same =
      s.unitIds.length === first.unitIds.length && s.unitIds.every((id, k) => id === first.unitIds[k]);
    if (!same) {
      throw new SpikeInterfaceError(
        "incompatible",
        `${what}: sorting ${i} has unit ids ${formatList(s.unitIds)}, sorting 0 has ${formatList(first.unitIds)}`,
      );
    }
    if (Math.abs(s.samplingFrequency - first.samplingFrequency) > maxDiff) {
      throw new SpikeInterfaceError(
        "incompatible",
        `${what}: sorting ${i} has sampling frequency ${s.samplingFrequency} Hz, sorting 0 has ${first.samplingFrequency} Hz`,
      );
    }
  });
}

/**
 * Concatenate per-segment pieces into one vector, relabelling segments and shifting samples. Equal
 * samples end in unit order: SpikeInterface rebuilds these views' vectors from per-unit trains.
 */
function assemble(pieces: { spikes: SpikeVector; segment: number; shift: number }[]): SpikeVector {
  return sortSpikeVector(concatPieces(pieces), "unit");
}

function concatPieces(pieces: { spikes: SpikeVector; segment: number; shift: number }[]): SpikeVector {
  const n = pieces.reduce((a, p) => a + p.spikes.sampleIndex.length, 0);
  const out = {
    sampleIndex: new Float64Array(n),
    unitIndex: new Int32Array(n),
    segmentIndex: new Int32Array(n),
  };
  let k = 0;
  for (const p of pieces) {
    const m = p.spikes.sampleIndex.length;
    for (let i = 0; i < m; i++) out.sampleIndex[k + i] = p.spikes.sampleIndex[i] + p.shift;
    out.unitIndex.set(p.spikes.unitIndex, k);
    out.segmentIndex.fill(p.segment, k, k + m);
    k += m;
  }
  return out;
}

export class AppendSegmentSorting extends BaseSorting {
  readonly className = "spikeinterface.core.segmentutils.AppendSegmentSorting";
  constructor(
    readonly sortingList: readonly BaseSorting[],
    { samplingFrequencyMaxDiff = 0 } = {},
  ) {
    checkSameUnits(sortingList, samplingFrequencyMaxDiff, "appendSortings");
    const first = sortingList[0];
    super(
      first.samplingFrequency,
      first.unitIds,
      sortingList.reduce((a, s) => a + s.getNumSegments(), 0),
    );
    let seg = 0;
    for (const s of sortingList) {
      for (let i = 0; i < s.getNumSegments(); i++)
        this.segmentTStarts[seg++] = s.getStartTime({ segmentIndex: i }) || null;
    }
    first.copyMetadata(this);
    this.kwargs = { sorting_list: [...sortingList], sampling_frequency_max_diff: samplingFrequencyMaxDiff };
  }

  protected computeSpikeVector(): SpikeVector {
    const pieces: { spikes: SpikeVector; segment: number; shift: number }[] = [];
    let seg = 0;
    for (const s of this.sortingList) {
      for (let i = 0; i < s.getNumSegments(); i++)
        pieces.push({ spikes: s.getSegmentSpikes(i), segment: seg++, shift: 0 });
    }
    return assemble(pieces);
  }
}

export class ConcatenateSegmentSorting extends BaseSorting {
  readonly className = "spikeinterface.core.segmentutils.ConcatenateSegmentSorting";
  private readonly lengths: number[];

  constructor(
    readonly sortingList: readonly BaseSorting[],
    { totalSamplesList = null as readonly number[] | null, samplingFrequencyMaxDiff = 0 } = {},
  ) {
    checkSameUnits(sortingList, samplingFrequencyMaxDiff, "concatenateSortings");
    const allHaveRecording = sortingList.every((s) => s.hasRecording());
    let lengths: number[];
    if (allHaveRecording && totalSamplesList === null) {
      lengths = sortingList.flatMap((s) =>
        Array.from({ length: s.getNumSegments() }, (_, i) => s.getNumSamples({ segmentIndex: i })),
      );
    } else {
      if (totalSamplesList === null) {
        throw new InvalidArgumentError(
          "concatenateSortings: sortings without a registered recording need totalSamplesList",
        );
      }
      if (
        sortingList.some((s) => s.getNumSegments() !== 1) ||
        totalSamplesList.length !== sortingList.length
      ) {
        throw new InvalidArgumentError(
          "concatenateSortings: totalSamplesList needs one length per single-segment sorting",
        );
      }
      lengths = [...totalSamplesList];
    }
    const first = sortingList[0];
    super(first.samplingFrequency, first.unitIds, 1);
    this.lengths = lengths;
    let seg = 0;
    for (const s of sortingList) {
      for (let i = 0; i < s.getNumSegments(); i++, seg++) {
        if (
          s.getLastSpikeFrame({ segmentIndex: i }) >= lengths[seg] &&
          s.getSegmentSpikes(i).sampleIndex.length > 0
        ) {
          throw new InvalidArgumentError(
            `concatenateSortings: segment ${seg} has spikes beyond its ${lengths[seg]} samples`,
          );
        }
      }
    }
    first.copyMetadata(this);
    if (allHaveRecording && totalSamplesList === null) {
      const recs = sortingList.map((s) => s.getRecording()).filter((r): r is BaseRecording => r !== null);
      this.registerRecording(concatenateRecordings(recs), { checkSpikeFrames: false });
    }
    this.kwargs = {
      sorting_list: [...sortingList],
      total_samples_list: totalSamplesList,
      ignore_times: true,
      sampling_frequency_max_diff: samplingFrequencyMaxDiff,
    };
  }

  protected computeSpikeVector(): SpikeVector {
    const pieces: { spikes: SpikeVector; segment: number; shift: number }[] = [];
    let seg = 0;
    let offset = 0;
    for (const s of this.sortingList) {
      for (let i = 0; i < s.getNumSegments(); i++, seg++) {
        pieces.push({ spikes: s.getSegmentSpikes(i), segment: 0, shift: offset });
        offset += this.lengths[seg];
      }
    }
    return assemble(pieces);
  }
}

export class SelectSegmentSorting extends BaseSorting {
  readonly className = "spikeinterface.core.segmentutils.SelectSegmentSorting";
  private readonly indices: number[];
  constructor(
    readonly parentSorting: BaseSorting,
    segmentIndices: number | readonly number[],
  ) {
    const indices = typeof segmentIndices === "number" ? [segmentIndices] : [...segmentIndices];
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= parentSorting.getNumSegments()) {
        throw new SpikeInterfaceError(
          "segment_index",
          `segment index ${i} out of range [0, ${parentSorting.getNumSegments()})`,
        );
      }
    }
    super(parentSorting.samplingFrequency, parentSorting.unitIds, indices.length);
    this.indices = indices;
    indices.forEach((i, k) => {
      this.segmentTStarts[k] = parentSorting.getStartTime({ segmentIndex: i }) || null;
    });
    parentSorting.copyMetadata(this);
    const rec = parentSorting.getRecording();
    if (rec !== null) this.registerRecording(rec.selectSegments(indices), { checkSpikeFrames: false });
    this.kwargs = { sorting: parentSorting, segment_indices: indices };
  }

  protected computeSpikeVector(): SpikeVector {
    return assemble(
      this.indices.map((i, k) => ({ spikes: this.parentSorting.getSegmentSpikes(i), segment: k, shift: 0 })),
    );
  }
}

/** Cut a single-segment sorting into pieces of the given lengths (frames re-referenced per piece). */
export class SplitSegmentSorting extends BaseSorting {
  readonly className = "spikeinterface.core.segmentutils.SplitSegmentSorting";
  private readonly bounds: number[];
  constructor(
    readonly parentSorting: BaseSorting,
    segmentLengths: readonly number[],
  ) {
    if (parentSorting.getNumSegments() !== 1)
      throw new InvalidArgumentError("splitSorting needs a single-segment sorting");
    super(parentSorting.samplingFrequency, parentSorting.unitIds, segmentLengths.length);
    this.bounds = [0];
    for (const n of segmentLengths) this.bounds.push(this.bounds[this.bounds.length - 1] + n);
    parentSorting.copyMetadata(this);
    this.kwargs = { parent_sorting: parentSorting, recording_or_recording_list: null };
  }

  protected computeSpikeVector(): SpikeVector {
    const v = this.parentSorting.toSpikeVector();
    const pieces = [];
    for (let k = 0; k + 1 < this.bounds.length; k++) {
      const a = lowerBound(v.sampleIndex, this.bounds[k]);
      const b = lowerBound(v.sampleIndex, this.bounds[k + 1], a);
      pieces.push({
        spikes: {
          sampleIndex: v.sampleIndex.subarray(a, b),
          unitIndex: v.unitIndex.subarray(a, b),
          segmentIndex: v.segmentIndex.subarray(a, b),
        },
        segment: k,
        shift: -this.bounds[k],
      });
    }
    return assemble(pieces);
  }
}

export function appendSortings(
  sortingList: readonly BaseSorting[],
  options: { samplingFrequencyMaxDiff?: number } = {},
): BaseSorting {
  return new AppendSegmentSorting(sortingList, options);
}

export function concatenateSortings(
  sortingList: readonly BaseSorting[],
  options: { totalSamplesList?: readonly number[] | null; samplingFrequencyMaxDiff?: number } = {},
): BaseSorting {
  return new ConcatenateSegmentSorting(sortingList, options);
}

export function selectSegmentSorting(
  sorting: BaseSorting,
  segmentIndices: number | readonly number[],
): BaseSorting {
  return new SelectSegmentSorting(sorting, segmentIndices);
}

/** Split at the segment lengths of a recording (or its registered recording). */
export function splitSorting(
  sorting: BaseSorting,
  recording?: BaseRecording | readonly BaseRecording[],
): BaseSorting {
  const recs =
    recording === undefined ? [sorting.getRecording()] : Array.isArray(recording) ? recording : [recording];
  if (recs.some((r) => r === null))
    throw new InvalidArgumentError("splitSorting needs a recording (given or registered)");
  const lengths = (recs as BaseRecording[]).flatMap((r) =>
    Array.from({ length: r.getNumSegments() }, (_, i) => r.getNumSamples({ segmentIndex: i })),
  );
  return new SplitSegmentSorting(sorting, lengths);
}

sortingViews.selectSegments = (parent, indices) => new SelectSegmentSorting(parent, indices);

registerExtractorClass(
  "spikeinterface.core.segmentutils.AppendSegmentSorting",
  (k) =>
    new AppendSegmentSorting(k.sorting_list as BaseSorting[], {
      samplingFrequencyMaxDiff: (k.sampling_frequency_max_diff as number | undefined) ?? 0,
    }),
);
registerExtractorClass(
  "spikeinterface.core.segmentutils.ConcatenateSegmentSorting",
  (k) =>
    new ConcatenateSegmentSorting(k.sorting_list as BaseSorting[], {
      totalSamplesList: (k.total_samples_list as number[] | null) ?? null,
      samplingFrequencyMaxDiff: (k.sampling_frequency_max_diff as number | undefined) ?? 0,
    }),
);
registerExtractorClass(
  "spikeinterface.core.segmentutils.SelectSegmentSorting",
  (k) => new SelectSegmentSorting(k.sorting as BaseSorting, k.segment_indices as number[]),
);
