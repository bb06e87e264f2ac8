/**
 * NumpySorting (spec api.md §4.4): a sorting held in memory as its spike vector, with the
 * SpikeInterface builders. SharedMemorySorting keeps the vector in SharedArrayBuffers.
 */

import { requireTypedArrayKwargs } from "../base/extractor.js";
import { type Id, sortedUniqueIds } from "../base/ids.js";
import { registerExtractorClass } from "../base/registry.js";
import { registerSaver } from "../base/savers.js";
import { InvalidArgumentError } from "../errors.js";
import { roundHalfEven } from "../recording/time.js";
import { BaseSorting, sortingViews } from "./base-sorting.js";
import {
  isSortedSpikeVector,
  type SpikeVector,
  sortSpikeVector,
  toSharedSpikeVector,
} from "./spike-vector.js";

export interface NumpySortingOptions {
  spikes: SpikeVector;
  samplingFrequency: number;
  unitIds: readonly Id[];
  /**
   * Number of segments. SpikeInterface derives it from the last spike (so trailing empty segments
   * vanish); pass it to keep them.
   */
  numSegments?: number;
}

/** Detected peaks, as SpikeInterface's peak array (amplitude is not needed to build a sorting). */
export interface Peaks {
  readonly sampleIndex: ArrayLike<number>;
  readonly channelIndex: ArrayLike<number>;
  readonly segmentIndex: ArrayLike<number>;
  readonly amplitude?: ArrayLike<number>;
}

type PerSegment<T> = T | readonly T[];

function perSegment<T>(value: PerSegment<T>, isItem: (v: unknown) => boolean): T[] {
  return isItem(value) ? [value as T] : [...(value as readonly T[])];
}

const isNumberList = (v: unknown): boolean =>
  ArrayBuffer.isView(v) ||
  (Array.isArray(v) && (v.length === 0 || (!Array.isArray(v[0]) && !ArrayBuffer.isView(v[0]))));

export class NumpySorting extends BaseSorting {
  readonly className: string = "spikeinterface.core.numpyextractors.NumpySorting";
  protected spikes: SpikeVector;

  constructor(options: NumpySortingOptions) {
    const { spikes } = options;
    const n = spikes.sampleIndex.length;
    if (spikes.unitIndex.length !== n || spikes.segmentIndex.length !== n) {
      throw new InvalidArgumentError("spike vector columns have different lengths");
    }
    if (!isSortedSpikeVector(spikes)) {
      throw new InvalidArgumentError(
        "spike vector must be sorted by segment then sample (use NumpySorting.fromSpikeVector to sort it)",
      );
    }
    if (n > 0 && !(Number.isInteger(spikes.segmentIndex[0]) && spikes.segmentIndex[0] >= 0)) {
      throw new InvalidArgumentError(`spike 0 has segment index ${spikes.segmentIndex[0]}`);
    }
    const derived = n === 0 ? 1 : spikes.segmentIndex[n - 1] + 1;
    const numSegments = options.numSegments ?? derived;
    if (numSegments < derived) {
      throw new InvalidArgumentError(
        `numSegments ${numSegments} is less than the spikes' ${derived} segments`,
      );
    }
    super(options.samplingFrequency, options.unitIds, numSegments);
    const numUnits = options.unitIds.length;
    for (let i = 0; i < n; i++) {
      const u = spikes.unitIndex[i];
      if (u < 0 || u >= numUnits) {
        throw new InvalidArgumentError(`spike ${i} has unit index ${u}, but there are ${numUnits} units`);
      }
      const sample = spikes.sampleIndex[i];
      if (!(Number.isInteger(sample) && sample >= 0)) {
        // Every builder ends here, so this one check covers fromSamplesAndLabels, fromUnitDict, fromPeaks...
        const unitId = JSON.stringify(options.unitIds[u]);
        throw new InvalidArgumentError(
          `sample index ${sample} (unit ${unitId}, segment ${spikes.segmentIndex[i]}) is not a non-negative integer`,
          { sampleIndex: sample, unitId: options.unitIds[u], segmentIndex: spikes.segmentIndex[i] },
        );
      }
    }
    this.spikes = spikes;
    this.notJsonReason = "its spikes live in memory; save() it to a folder to get a JSON description";
    this.kwargs = {
      spikes,
      sampling_frequency: options.samplingFrequency,
      unit_ids: options.unitIds,
      num_segments: numSegments,
    };
  }

  /** Move the spike vector into SharedArrayBuffers (once) so workers read it without a copy. */
  shareMemory(): void {
    if (this.spikes.sampleIndex.buffer instanceof SharedArrayBuffer) return;
    this.spikes = toSharedSpikeVector(this.spikes);
    this.kwargs = { ...this.kwargs, spikes: this.spikes };
  }

  protected computeSpikeVector(): SpikeVector {
    return this.spikes;
  }

  /** From an unsorted vector: sorted by (segment, sample), ties kept in input order. */
  static fromSpikeVector(
    spikes: SpikeVector,
    samplingFrequency: number,
    unitIds: readonly Id[],
    numSegments?: number,
  ): NumpySorting {
    return new NumpySorting({
      spikes: sortSpikeVector(spikes, "input"),
      samplingFrequency,
      unitIds,
      numSegments,
    });
  }

  /**
   * From sample indices and labels (one pair per segment). Unit ids default to the sorted unique
   * labels. Unlike SpikeInterface (which maps them to unit 0), labels not in `unitIds` are an error.
   */
  static fromSamplesAndLabels(
    samplesList: PerSegment<ArrayLike<number>>,
    labelsList: PerSegment<ArrayLike<Id>>,
    samplingFrequency: number,
    unitIds?: readonly Id[],
  ): NumpySorting {
    const samples = perSegment(samplesList, isNumberList);
    const labels = perSegment(labelsList, isNumberList);
    if (samples.length !== labels.length) {
      throw new InvalidArgumentError(`${samples.length} sample arrays but ${labels.length} label arrays`);
    }
    const ids = unitIds ?? sortedUniqueIds(labels.flatMap((l) => Array.from(l)));
    const index = new Map(ids.map((id, i) => [id, i]));
    const total = samples.reduce((a, s) => a + s.length, 0);
    const v = {
      sampleIndex: new Float64Array(total),
      unitIndex: new Int32Array(total),
      segmentIndex: new Int32Array(total),
    };
    let k = 0;
    samples.forEach((s, seg) => {
      if (s.length !== labels[seg].length) {
        throw new InvalidArgumentError(
          `segment ${seg}: ${s.length} samples but ${labels[seg].length} labels`,
        );
      }
      for (let i = 0; i < s.length; i++, k++) {
        const u = index.get(labels[seg][i]);
        if (u === undefined)
          throw new InvalidArgumentError(
            `label ${JSON.stringify(labels[seg][i])} is not one of the unit ids`,
          );
        v.sampleIndex[k] = s[i];
        v.unitIndex[k] = u;
        v.segmentIndex[k] = seg;
      }
    });
    return NumpySorting.fromSpikeVector(v, samplingFrequency, ids, Math.max(1, samples.length));
  }

  /** Times in seconds are converted with round(t * fs), half to even. */
  static fromTimesAndLabels(
    timesList: PerSegment<ArrayLike<number>>,
    labelsList: PerSegment<ArrayLike<Id>>,
    samplingFrequency: number,
    unitIds?: readonly Id[],
  ): NumpySorting {
    const times = perSegment(timesList, isNumberList);
    const samples = times.map((t) => Float64Array.from(t, (x) => roundHalfEven(x * samplingFrequency)));
    return NumpySorting.fromSamplesAndLabels(samples, labelsList, samplingFrequency, unitIds);
  }

  /** From `{unitId: frames}` (or one such map per segment); unit ids in the first map's order. */
  static fromUnitDict(
    unitsDictList: PerSegment<Record<string, ArrayLike<number>> | Map<Id, ArrayLike<number>>>,
    samplingFrequency: number,
  ): NumpySorting {
    const list = (Array.isArray(unitsDictList) ? unitsDictList : [unitsDictList]) as (
      | Record<string, ArrayLike<number>>
      | Map<Id, ArrayLike<number>>
    )[];
    const entries = list.map(
      (d) => (d instanceof Map ? [...d.entries()] : Object.entries(d)) as [Id, ArrayLike<number>][],
    );
    const unitIds = entries[0].map(([id]) => id);
    const index = new Map(unitIds.map((id, i) => [id, i]));
    const cols: { s: number[]; u: number[]; g: number[] } = { s: [], u: [], g: [] };
    entries.forEach((segEntries, seg) => {
      for (const [id, frames] of segEntries) {
        const u = index.get(id);
        if (u === undefined)
          throw new InvalidArgumentError(`segment ${seg} has unit ${JSON.stringify(id)} not in segment 0`);
        for (let i = 0; i < frames.length; i++) {
          cols.s.push(frames[i]);
          cols.u.push(u);
          cols.g.push(seg);
        }
      }
    });
    const v = {
      sampleIndex: Float64Array.from(cols.s),
      unitIndex: Int32Array.from(cols.u),
      segmentIndex: Int32Array.from(cols.g),
    };
    // Built in unit order, so ties at equal samples keep unit order (the generic builder's rule).
    return new NumpySorting({
      spikes: sortSpikeVector(v, "unit"),
      samplingFrequency,
      unitIds,
      numSegments: list.length,
    });
  }

  /**
   * One unit per channel from detected peaks (spec api.md §4.4 from_peaks): each peak's channel index
   * becomes its unit index, so `unitIds` usually are the recording's channel ids. Peaks need not be
   * sorted; equal samples keep channel order.
   */
  static fromPeaks(peaks: Peaks, samplingFrequency: number, unitIds: readonly Id[]): NumpySorting {
    const n = peaks.sampleIndex.length;
    if (peaks.channelIndex.length !== n || peaks.segmentIndex.length !== n) {
      throw new InvalidArgumentError(
        `peaks columns have different lengths: ${n} sampleIndex, ${peaks.channelIndex.length} channelIndex, ${peaks.segmentIndex.length} segmentIndex`,
      );
    }
    for (let i = 0; i < n; i++) {
      // Int32Array.from would truncate 1.5 to channel 1 silently.
      if (!Number.isInteger(peaks.channelIndex[i]) || !Number.isInteger(peaks.segmentIndex[i])) {
        throw new InvalidArgumentError(
          `peak ${i} has channel index ${peaks.channelIndex[i]} and segment index ${peaks.segmentIndex[i]}: both must be integers`,
        );
      }
    }
    const v = {
      sampleIndex: Float64Array.from(peaks.sampleIndex),
      unitIndex: Int32Array.from(peaks.channelIndex),
      segmentIndex: Int32Array.from(peaks.segmentIndex),
    };
    return new NumpySorting({ spikes: sortSpikeVector(v, "unit"), samplingFrequency, unitIds });
  }

  /** Copy of any sorting's spike vector; metadata only with `withMetadata`. */
  static fromSorting(sorting: BaseSorting, { withMetadata = false, shared = false } = {}): NumpySorting {
    const v = sorting.toSpikeVector();
    const ctor = shared ? SharedMemorySorting : NumpySorting;
    const out = new ctor({
      spikes: shared ? toSharedSpikeVector(v) : v,
      samplingFrequency: sorting.samplingFrequency,
      unitIds: sorting.unitIds,
      numSegments: sorting.getNumSegments(),
    });
    for (let s = 0; s < sorting.getNumSegments(); s++) {
      out.setSegmentTStart(s, sorting.getStartTime({ segmentIndex: s }) || null);
    }
    const rec = sorting.getRecording();
    if (rec !== null) out.registerRecording(rec, { checkSpikeFrames: false });
    if (withMetadata) sorting.copyMetadata(out);
    return out;
  }
}

/** NumpySorting whose spike vector lives in SharedArrayBuffers (readable by workers without a copy). */
export class SharedMemorySorting extends NumpySorting {
  override readonly className: string = "spikeinterface.core.numpyextractors.SharedMemorySorting";
  constructor(options: NumpySortingOptions) {
    const s = options.spikes;
    const shared = s.sampleIndex.buffer instanceof SharedArrayBuffer ? s : toSharedSpikeVector(s);
    super({ ...options, spikes: shared });
  }
}

sortingViews.toNumpySorting = (parent, shared) => NumpySorting.fromSorting(parent, { shared });

const loadNumpySorting = (shared: boolean) => (k: Record<string, unknown>) => {
  const spikes = k.spikes as Partial<SpikeVector> | undefined;
  requireTypedArrayKwargs(
    `spikeinterface.core.numpyextractors.${shared ? "SharedMemorySorting" : "NumpySorting"}`,
    "spikes",
    [spikes?.sampleIndex, spikes?.unitIndex, spikes?.segmentIndex],
  );
  return new (shared ? SharedMemorySorting : NumpySorting)({
    spikes: spikes as SpikeVector,
    samplingFrequency: k.sampling_frequency as number,
    unitIds: k.unit_ids as Id[],
    numSegments: k.num_segments as number | undefined,
  });
};
registerExtractorClass("spikeinterface.core.numpyextractors.NumpySorting", loadNumpySorting(false));
registerExtractorClass("spikeinterface.core.numpyextractors.SharedMemorySorting", loadNumpySorting(true));

registerSaver("sorting", "memory", async (extractor, options) => {
  const source = extractor as BaseSorting;
  return NumpySorting.fromSorting(source, { withMetadata: true, shared: options.sharedmem !== false });
});
