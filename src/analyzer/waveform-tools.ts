/**
 * Waveform extraction and template accumulation over a recording (SpikeInterface's
 * waveform_tools: extract_waveforms_to_single_buffer, estimate_templates_with_accumulator). Each
 * chunk of the recording is read once for all the spikes it holds; see ./tasks for the per-chunk
 * work and ./chunk-runner.ts for how chunks are run (in this thread or on worker threads).
 */
import { type DType, isFloatDType, type NumberArray } from "../dtype.js";
import { InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import type { JobKwargs } from "../jobs/job-kwargs.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { SpikeVector } from "../sorting/spike-vector.js";
import { type AnalyzerArray, makeArray, storageFor } from "./analyzer-array.js";
import { planAnalyzerChunks, runAnalyzerChunks } from "./chunk-runner.js";
import type { ChannelScaling, SpikeColumns, WindowTaskArgs } from "./tasks/chunk-spikes.js";

export interface WindowOptions {
  recording: BaseRecording;
  /** The spikes to cut, sorted by segment then sample (a subset of a sorting's spike vector). */
  spikes: SpikeVector;
  numUnits: number;
  nbefore: number;
  nafter: number;
  returnInUV: boolean;
  /** units × channels (1 = active), or null for dense. */
  sparsityMask?: Uint8Array | null;
  jobKwargs?: JobKwargs;
}

/** The float32 gains/offsets that turn this recording's raw values into µV, or null for raw. */
export function scalingFor(recording: BaseRecording, returnInUV: boolean): ChannelScaling | null {
  if (!returnInUV) return null;
  if (recording.hasScaleableTraces()) {
    return {
      gains: Float32Array.from(recording.getChannelGains() as ArrayLike<number>),
      offsets: Float32Array.from(recording.getChannelOffsets() as ArrayLike<number>),
    };
  }
  if (isFloatDType(recording.getDtype())) return null;
  throw new SpikeInterfaceError(
    "missing_property",
    `${recording.name} (${recording.getDtype()}) cannot give traces in µV: it has no gain_to_uV/offset_to_uV`,
  );
}

function sharedOrNot(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

function shareColumns(spikes: SpikeVector, shared: boolean): SpikeColumns {
  if (!shared) return spikes;
  const n = spikes.sampleIndex.length;
  const s = new Float64Array(sharedOrNot(n * 8, true));
  const u = new Int32Array(sharedOrNot(n * 4, true));
  const g = new Int32Array(sharedOrNot(n * 4, true));
  s.set(spikes.sampleIndex);
  u.set(spikes.unitIndex);
  g.set(spikes.segmentIndex);
  return { sampleIndex: s, unitIndex: u, segmentIndex: g };
}

/** Active channel count of the widest unit (all channels when dense). */
export function windowWidth(
  numChannels: number,
  mask: Uint8Array | null | undefined,
  numUnits: number,
): number {
  if (mask === null || mask === undefined) return numChannels;
  let max = 0;
  for (let u = 0; u < numUnits; u++) {
    let k = 0;
    for (let c = 0; c < numChannels; c++) k += mask[u * numChannels + c];
    max = Math.max(max, k);
  }
  return max;
}

function checkWindow(o: WindowOptions): void {
  for (const [name, v] of [
    ["nbefore", o.nbefore],
    ["nafter", o.nafter],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new InvalidArgumentError(`${name} must be an integer >= 0, got ${v}`);
  }
  const c = o.recording.getNumChannels();
  if (o.sparsityMask && o.sparsityMask.length !== o.numUnits * c) {
    throw new InvalidArgumentError(
      `sparsity mask has ${o.sparsityMask.length} values for ${o.numUnits} units × ${c} channels`,
    );
  }
}

function baseArgs(o: WindowOptions, shared: boolean): WindowTaskArgs {
  const rec = o.recording;
  const mask = o.sparsityMask ?? null;
  let sharedMask: Uint8Array | null = null;
  if (mask !== null) {
    sharedMask = new Uint8Array(sharedOrNot(mask.length, shared));
    sharedMask.set(mask);
  }
  return {
    spikes: shareColumns(o.spikes, shared),
    numSamples: Array.from({ length: rec.getNumSegments() }, (_, s) =>
      rec.getNumSamples({ segmentIndex: s }),
    ),
    nbefore: o.nbefore,
    nafter: o.nafter,
    numUnits: o.numUnits,
    numChannels: rec.getNumChannels(),
    scaling: scalingFor(rec, o.returnInUV),
    sparsityMask: sharedMask,
  };
}

/**
 * All waveforms in one (numSpikes, nbefore + nafter, width) array, row i = spike i. `dtype`
 * defaults to the recording's; border spikes (window outside the segment) stay zero.
 */
export async function extractWaveformsToSingleBuffer(
  options: WindowOptions & { dtype?: DType | null; jobName?: string },
): Promise<AnalyzerArray> {
  checkWindow(options);
  const rec = options.recording;
  const dtype: DType = options.dtype ?? rec.getDtype();
  const width = windowWidth(rec.getNumChannels(), options.sparsityMask, options.numUnits);
  const numSpikes = options.spikes.sampleIndex.length;
  const ns = options.nbefore + options.nafter;
  const shape = [numSpikes, ns, width];
  if (numSpikes === 0 || width === 0 || ns === 0)
    return makeArray(storageFor(dtype, numSpikes * ns * width), shape, dtype);
  const plan = planAnalyzerChunks(rec, options.jobKwargs ?? {});
  const template = storageFor(dtype, 0);
  const ctor = template.constructor as new (buffer: ArrayBuffer | SharedArrayBuffer) => NumberArray;
  const output = new ctor(sharedOrNot(numSpikes * ns * width * template.BYTES_PER_ELEMENT, plan.parallel));
  await runAnalyzerChunks(
    plan,
    rec,
    "waveforms",
    { ...baseArgs(options, plan.parallel), output, width },
    options.jobName ?? "extract waveforms",
  );
  // Kept over the SharedArrayBuffer when parallel: copying hundreds of MB back would cost more
  // than the workers saved, and Node treats it like any other buffer.
  return makeArray(output, shape, dtype);
}

export interface AccumulatedTemplates {
  /** (units, samples, width) float32 means; zeros for units without spikes. */
  average: Float32Array;
  /** Same shape; null unless asked for. */
  std: Float32Array | null;
  shape: [number, number, number];
}

/**
 * Per-unit mean (and std) of the spikes' windows in one pass, without keeping waveforms. Sums are
 * float32 like SpikeInterface's; the divisor is the unit's number of given spikes, skipped border
 * spikes included (they count as zeros, as in SpikeInterface).
 */
export async function estimateTemplatesWithAccumulator(
  options: WindowOptions & { returnStd?: boolean; jobName?: string },
): Promise<AccumulatedTemplates> {
  checkWindow(options);
  const rec = options.recording;
  const n = options.spikes.sampleIndex.length;
  if (n === 0) {
    throw new InvalidArgumentError("estimateTemplatesWithAccumulator needs at least one spike");
  }
  const width = windowWidth(rec.getNumChannels(), options.sparsityMask, options.numUnits);
  const ns = options.nbefore + options.nafter;
  const U = options.numUnits;
  const unitSize = U * ns * width;
  const plan = planAnalyzerChunks(rec, options.jobKwargs ?? {});
  const slots = plan.nJobs;
  const sums = new Float32Array(sharedOrNot(slots * unitSize * 4, plan.parallel));
  const returnStd = options.returnStd ?? false;
  const squares = returnStd ? new Float32Array(sharedOrNot(slots * unitSize * 4, plan.parallel)) : null;
  const slotCounter = new Int32Array(sharedOrNot(4, plan.parallel));
  await runAnalyzerChunks(
    plan,
    rec,
    "accumulator",
    { ...baseArgs(options, plan.parallel), sums, squares, width, slotCounter, slots },
    options.jobName ?? "estimate templates",
  );
  const total = sumSlots(sums, slots, unitSize);
  const totalSq = squares === null ? null : sumSlots(squares, slots, unitSize);
  const counts = new Float64Array(U);
  for (let i = 0; i < n; i++) counts[options.spikes.unitIndex[i]]++;
  const average = new Float32Array(unitSize);
  const std = totalSq === null ? null : new Float32Array(unitSize);
  const per = ns * width;
  for (let u = 0; u < U; u++) {
    const count = counts[u];
    if (count === 0) continue;
    for (let k = u * per; k < (u + 1) * per; k++) {
      const m = Math.fround(total[k] / count);
      average[k] = m;
      if (std !== null && totalSq !== null) {
        // SpikeInterface's float32 residual (sq - 2·m·sum) + count·m², the last term in float64.
        const d = Math.fround(totalSq[k] - Math.fround(Math.fround(2 * m) * total[k]));
        const r = d + count * Math.fround(m * m);
        std[k] = Math.sqrt(r < 0 ? 0 : r / count);
      }
    }
  }
  return { average, std, shape: [U, ns, width] };
}

/** Slot 0 + slot 1 + … in float32 (np.sum over the worker axis). */
function sumSlots(a: Float32Array, slots: number, size: number): Float32Array {
  const out = a.slice(0, size);
  for (let s = 1; s < slots; s++) {
    const off = s * size;
    for (let k = 0; k < size; k++) out[k] += a[off + k];
  }
  return out;
}

/** True when a spike lies outside its segment of the recording (SpikeInterface's has_exceeding_spikes). */
export function hasExceedingSpikes(spikes: SpikeVector, numSamples: readonly number[]): boolean {
  const s = spikes.sampleIndex;
  const g = spikes.segmentIndex;
  for (let i = 0; i < s.length; i++) {
    if (s[i] < 0 || g[i] >= numSamples.length || s[i] > numSamples[g[i]] - 1) return true;
  }
  return false;
}
