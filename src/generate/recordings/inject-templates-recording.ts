/**
 * InjectTemplatesRecording (SpikeInterface's class of the same name) and `injectTemplates`: a
 * lazy recording equal to a parent recording (or zeros) plus, at every spike of a sorting, the
 * spike's unit template times an optional amplitude factor, starting `nbefore` samples before the
 * spike. Each `getTraces` request reads the parent's chunk and adds only the spikes whose
 * template overlaps it, clipped at the chunk's edges (../inject.ts), so chunked reads equal one
 * big read and nothing is precomputed beyond the per-segment spike arrays.
 */
import { registerExtractorClass } from "../../base/registry.js";
import { allocate, type NumberArray, type TraceDType } from "../../dtype.js";
import { InvalidArgumentError } from "../../errors.js";
import { BaseRecording } from "../../recording/base-recording.js";
import { BaseRecordingSegment } from "../../recording/segment.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import { warnSpikeInterface as warn } from "../../warnings.js";
import { addTemplatesToTraces, templateChannelPeaks } from "../inject.js";
import { NoiseGeneratorRecordingSegment } from "./noise-generator-recording.js";
import {
  peakSamples,
  resolveTemplates,
  type TemplatesArray,
  type TemplatesInput,
  templatesCutAtBorders,
} from "./templates-input.js";

export interface InjectTemplatesRecordingOptions {
  sorting: BaseSorting;
  /** (units, samples, channels) or (units, samples, channels, upsample), C order; or nested lists. */
  templates: TemplatesInput;
  /** Template sample aligned with the spike: one for all units or one per unit. Default: each template's peak. */
  nbefore?: number | readonly number[] | null;
  /** One factor for every spike, or one per spike of the sorting's spike vector. Default 1. */
  amplitudeFactor?: number | ArrayLike<number> | null;
  /** Traces the templates are added to; zeros when omitted. */
  parentRecording?: BaseRecording | null;
  /** Samples per segment without a parent (one for all segments or one each). Default: last spike + template length. */
  numSamples?: number | readonly number[] | null;
  /** Upsample slot of each spike (required with 4-D templates). */
  upsampleVector?: ArrayLike<number> | null;
  /** Warn when the templates do not decay to ~0 at their edges. Default false. */
  checkBorders?: boolean;
}

/** One segment's spikes, re-anchored at their template start and sorted by it. */
interface SegmentInjection {
  /** sample − nbefore[unit]: where the template's first row lands. */
  startSample: Float64Array;
  unitIndex: Int32Array;
  amplitude: Float64Array | null;
  upsample: Int32Array | null;
}

class InjectTemplatesRecordingSegment extends BaseRecordingSegment {
  // Integer traces only: per (unit, channel) template peaks, computed on the first read.
  private channelPeaks: Float64Array | null = null;

  constructor(
    samplingFrequency: number,
    private readonly dtype: TraceDType,
    private readonly spikes: SegmentInjection,
    private readonly templates: TemplatesArray,
    private readonly parent: BaseRecordingSegment | null,
    private readonly numSamples: number,
  ) {
    super(samplingFrequency, null);
    parent?.copyTimesTo(this);
  }

  getNumSamples(): number {
    return this.numSamples;
  }

  async getTraces(
    start: number,
    end: number,
    channelIndices: Int32Array | null,
    signal?: AbortSignal,
  ): Promise<NumberArray> {
    const numChannels = this.templates.shape[2];
    let traces: NumberArray;
    if (this.parent === null) {
      traces = allocate(this.dtype, (end - start) * (channelIndices?.length ?? numChannels)) as NumberArray;
    } else {
      const parentTraces = await this.parent.getTraces(start, end, channelIndices, signal);
      // Noise segments hand out fresh arrays; any other parent may return a view of its memory.
      traces = this.parent instanceof NoiseGeneratorRecordingSegment ? parentTraces : parentTraces.slice();
    }
    signal?.throwIfAborted();
    const { startSample, unitIndex, amplitude, upsample } = this.spikes;
    if (this.channelPeaks === null && !(traces instanceof Float32Array || traces instanceof Float64Array)) {
      this.channelPeaks = templateChannelPeaks(this.templates.data, this.templates.shape);
    }
    addTemplatesToTraces({
      traces,
      start,
      end,
      channelIndices,
      sampleIndex: startSample,
      unitIndex,
      templates: this.templates.data,
      templateShape: this.templates.shape,
      nbefore: 0,
      amplitudeFactor: amplitude,
      upsampleIndex: upsample,
      channelPeaks: this.channelPeaks,
    });
    return traces;
  }
}

function perUnit(value: number | readonly number[], numUnits: number, what: string): Int32Array {
  const values = typeof value === "number" ? new Array<number>(numUnits).fill(value) : [...value];
  if (values.length !== numUnits) {
    throw new InvalidArgumentError(`${what} has ${values.length} values for ${numUnits} units`, {
      [what]: value,
    });
  }
  for (const v of values) {
    if (!Number.isSafeInteger(v))
      throw new InvalidArgumentError(`${what} must be integers, got ${v}`, { [what]: value });
  }
  return Int32Array.from(values);
}

/** Spikes [a, b) of the vector re-anchored at sample − nbefore[unit], sorted by that start. */
function segmentInjection(
  sampleIndex: Float64Array,
  unitIndex: Int32Array,
  a: number,
  b: number,
  nbefore: Int32Array,
  amplitude: Float64Array | null,
  upsample: Int32Array | null,
): SegmentInjection {
  const n = b - a;
  const starts = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    starts[i] = sampleIndex[a + i] - nbefore[unitIndex[a + i]];
    if (i > 0 && starts[i] < starts[i - 1]) sorted = false;
  }
  const units = unitIndex.slice(a, b);
  const amps = amplitude === null ? null : amplitude.slice(a, b);
  const ups = upsample === null ? null : upsample.slice(a, b);
  if (sorted) return { startSample: starts, unitIndex: units, amplitude: amps, upsample: ups };
  // Per-unit nbefore can reorder neighbouring spikes; the kernel's window search needs order.
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((x, y) => starts[x] - starts[y] || x - y);
  return {
    startSample: Float64Array.from(order, (i) => starts[i]),
    unitIndex: Int32Array.from(order, (i) => units[i]),
    amplitude: amps === null ? null : Float64Array.from(order, (i) => amps[i]),
    upsample: ups === null ? null : Int32Array.from(order, (i) => ups[i]),
  };
}

export class InjectTemplatesRecording extends BaseRecording {
  readonly className: string = "spikeinterface.core.generate.InjectTemplatesRecording";
  readonly sorting: BaseSorting;
  readonly parentRecording: BaseRecording | null;
  /** The resolved templates (flat, C order). */
  readonly templates: TemplatesArray;
  /** Per-unit template sample aligned with the spike. */
  readonly nbefore: Int32Array;

  constructor(options: InjectTemplatesRecordingOptions) {
    const { sorting, parentRecording = null, checkBorders = false } = options;
    const templates = resolveTemplates(options.templates);
    const [numUnits, width, numChannels] = templates.shape;
    const is4d = templates.shape.length === 4;
    if (numUnits !== sorting.getNumUnits()) {
      throw new InvalidArgumentError(
        `templates have ${numUnits} units, the sorting ${sorting.getNumUnits()}`,
        { numUnits, sortingUnits: sorting.getNumUnits() },
      );
    }
    const numSegments = sorting.getNumSegments();
    if (parentRecording !== null) {
      if (parentRecording.getNumChannels() !== numChannels) {
        throw new InvalidArgumentError(
          `templates have ${numChannels} channels, the parent recording ${parentRecording.getNumChannels()}`,
        );
      }
      if (parentRecording.getNumSegments() !== numSegments) {
        throw new InvalidArgumentError(
          `the parent recording has ${parentRecording.getNumSegments()} segments, the sorting ${numSegments}`,
        );
      }
      if (Math.abs(parentRecording.samplingFrequency - sorting.samplingFrequency) > 1e-6) {
        throw new InvalidArgumentError(
          `the parent recording samples at ${parentRecording.samplingFrequency} Hz, the sorting at ${sorting.samplingFrequency} Hz`,
        );
      }
    }
    const dtype: TraceDType =
      parentRecording?.dtype ?? (templates.data instanceof Float64Array ? "float64" : "float32");
    const channelIds = parentRecording?.channelIds ?? Array.from({ length: numChannels }, (_, i) => i);
    super(sorting.samplingFrequency, channelIds, dtype);
    this.sorting = sorting;
    this.parentRecording = parentRecording;
    this.templates = templates;
    const nbeforeArg = options.nbefore ?? null;
    this.nbefore = nbeforeArg === null ? peakSamples(templates) : perUnit(nbeforeArg, numUnits, "nbefore");

    const vector = sorting.toSpikeVector();
    const total = vector.sampleIndex.length;
    const amplitude = perSpikeFloats(options.amplitudeFactor ?? null, total, "amplitudeFactor");
    const upsample = perSpikeSlots(options.upsampleVector ?? null, total, is4d ? templates.shape[3] : 0);
    if (is4d && upsample === null) {
      throw new InvalidArgumentError("4-D (upsampled) templates need an upsampleVector (one slot per spike)");
    }
    const numSamples = this.resolveNumSamples(
      options.numSamples ?? null,
      parentRecording,
      numSegments,
      width,
    );
    const slices = sorting.getSpikeVectorSegmentSlices();
    for (let s = 0; s < numSegments; s++) {
      const spikes = segmentInjection(
        vector.sampleIndex,
        vector.unitIndex,
        slices[2 * s],
        slices[2 * s + 1],
        this.nbefore,
        amplitude,
        upsample,
      );
      const parentSegment = parentRecording?.getSegment(s) ?? null;
      this.addRecordingSegment(
        new InjectTemplatesRecordingSegment(
          sorting.samplingFrequency,
          dtype,
          spikes,
          templates,
          parentSegment,
          numSamples[s],
        ),
      );
    }
    if (parentRecording !== null) parentRecording.copyMetadata(this);
    if (checkBorders && templatesCutAtBorders(templates)) {
      warn("the templates do not go to 0 on their edges in InjectTemplatesRecording: make the window bigger");
    }
    const amp = options.amplitudeFactor ?? null;
    this.kwargs = {
      sorting,
      // Kept as a typed array with its shape (not nested lists) so workers get it cheaply.
      templates,
      nbefore: Array.from(this.nbefore),
      amplitude_factor: amp === null || typeof amp === "number" ? amp : Float64Array.from(amp),
      upsample_vector: upsample,
      check_borders: checkBorders,
      ...(parentRecording === null ? { num_samples: numSamples } : { parent_recording: parentRecording }),
    };
  }

  private resolveNumSamples(
    value: number | readonly number[] | null,
    parent: BaseRecording | null,
    numSegments: number,
    width: number,
  ): number[] {
    if (parent !== null) {
      const fromParent = Array.from({ length: numSegments }, (_, s) =>
        parent.getNumSamples({ segmentIndex: s }),
      );
      if (value !== null) {
        const given = typeof value === "number" ? fromParent.map(() => value) : [...value];
        if (given.some((n, s) => n !== fromParent[s])) {
          throw new InvalidArgumentError(
            `numSamples ${JSON.stringify(value)} disagrees with the parent recording's ${JSON.stringify(fromParent)}`,
          );
        }
      }
      return fromParent;
    }
    if (value === null) {
      // Long enough for the last spike's whole template.
      return Array.from({ length: numSegments }, (_, s) => {
        const last = this.sorting.getSegmentSpikes(s).sampleIndex;
        return last.length === 0 ? width : last[last.length - 1] + width;
      });
    }
    const list = typeof value === "number" ? new Array<number>(numSegments).fill(value) : [...value];
    if (list.length !== numSegments) {
      throw new InvalidArgumentError(`numSamples has ${list.length} values for ${numSegments} segments`, {
        numSamples: value,
      });
    }
    for (const n of list) {
      if (!Number.isSafeInteger(n) || n < 0) {
        throw new InvalidArgumentError(`numSamples must be non-negative integers, got ${n}`, {
          numSamples: value,
        });
      }
    }
    return list;
  }
}

function perSpikeFloats(
  value: number | ArrayLike<number> | null,
  total: number,
  what: string,
): Float64Array | null {
  if (value === null) return null;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new InvalidArgumentError(`${what} must be finite, got ${value}`);
    return new Float64Array(total).fill(value);
  }
  if (value.length !== total) {
    throw new InvalidArgumentError(`${what} has ${value.length} values for the sorting's ${total} spikes`);
  }
  return Float64Array.from(value);
}

function perSpikeSlots(value: ArrayLike<number> | null, total: number, upsample: number): Int32Array | null {
  if (value === null) return null;
  if (upsample === 0) throw new InvalidArgumentError("upsampleVector needs 4-D (upsampled) templates");
  if (value.length !== total) {
    throw new InvalidArgumentError(
      `upsampleVector has ${value.length} values for the sorting's ${total} spikes`,
    );
  }
  const out = Int32Array.from(value);
  for (let i = 0; i < total; i++) {
    if (out[i] !== value[i] || out[i] < 0 || out[i] >= upsample) {
      throw new InvalidArgumentError(`upsampleVector[${i}] = ${value[i]} is not a slot in [0, ${upsample})`);
    }
  }
  return out;
}

/** Same as `new InjectTemplatesRecording(options)` (SpikeInterface's inject_templates). */
export function injectTemplates(options: InjectTemplatesRecordingOptions): InjectTemplatesRecording {
  return new InjectTemplatesRecording(options);
}

/** kwargs templates: ours ({data, shape}, data a list after JSON) or SpikeInterface's nested lists. */
function templatesFromKwargs(value: unknown): TemplatesInput {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "data" in value) {
    const t = value as { data: unknown; shape: readonly number[] };
    const data = Array.isArray(t.data) ? Float64Array.from(t.data as number[]) : t.data;
    return { data: data as Float32Array | Float64Array, shape: t.shape };
  }
  return value as TemplatesInput;
}

registerExtractorClass(
  "spikeinterface.core.generate.InjectTemplatesRecording",
  (k) =>
    new InjectTemplatesRecording({
      sorting: k.sorting as BaseSorting,
      templates: templatesFromKwargs(k.templates),
      nbefore: (k.nbefore ?? null) as number | number[] | null,
      amplitudeFactor: (k.amplitude_factor ?? null) as number | ArrayLike<number> | null,
      parentRecording: (k.parent_recording ?? null) as BaseRecording | null,
      numSamples: (k.num_samples ?? null) as number | number[] | null,
      upsampleVector: (k.upsample_vector ?? null) as ArrayLike<number> | null,
      checkBorders: (k.check_borders ?? false) as boolean,
    }),
);
