/**
 * Synthetic templates (SpikeInterface's generate_templates): each unit's fake spike
 * (waveform.ts) is copied onto every channel, scaled by a decay with the unit–channel distance and
 * delayed in proportion to that distance (a propagation speed), with sub-sample delays.
 * Per-unit shape parameters are drawn from `DEFAULT_UNIT_PARAMS_RANGE` unless given.
 */
import type { NumberArray } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import { FractionalDelay } from "./fft.js";
import { type LocationArray, locationRows } from "./locations.js";
import { createRng } from "./rng.js";
import { deriveSeed, ensureSeed } from "./seeds.js";
import { checkNumber, checkSamplingFrequency } from "./spike-trains.js";
import { generateSingleFakeWaveform, msToSamples } from "./waveform.js";

/** A range [low, high) to draw a parameter from, uniformly per unit. */
export interface ParamRange {
  readonly low: number;
  readonly high: number;
}

/** SpikeInterface's default_unit_params_range, in the order parameters are drawn. */
export const DEFAULT_UNIT_PARAMS_RANGE = {
  alpha: { low: 100, high: 500 },
  depolarizationMs: { low: 0.09, high: 0.14 },
  repolarizationMs: { low: 0.5, high: 0.8 },
  recoveryMs: { low: 1.0, high: 1.5 },
  positiveAmplitude: { low: 0.1, high: 0.25 },
  smoothMs: { low: 0.03, high: 0.07 },
  spatialDecay: { low: 10, high: 45 },
  /** µm / ms. */
  propagationSpeed: { low: 250, high: 350 },
  ellipseShrink: { low: 0.4, high: 1 },
  ellipseAngle: { low: 0, high: Math.PI * 2 },
  spatialPower: { low: 1.5, high: 2.5 },
} as const satisfies Record<string, ParamRange>;

export type UnitParamName = keyof typeof DEFAULT_UNIT_PARAMS_RANGE;
/** One value for all units, one per unit, or a range to draw from. */
export type UnitParamValue = number | ArrayLike<number> | ParamRange;
/** `propagationSpeed: null` turns the propagation delay off. */
export type UnitParams = Partial<Record<Exclude<UnitParamName, "propagationSpeed">, UnitParamValue>> & {
  propagationSpeed?: UnitParamValue | null;
};
export type ResolvedUnitParams = Record<Exclude<UnitParamName, "propagationSpeed">, Float64Array> & {
  propagationSpeed: Float64Array | null;
};

/** Per-unit parameters: given values checked, ranges drawn from deriveSeed(seed, "unit_params"). */
export function ensureUnitParams(unitParams: UnitParams, numUnits: number, seed: number): ResolvedUnitParams {
  const rng = createRng(deriveSeed(seed, "unit_params"));
  const known = new Set<string>(Object.keys(DEFAULT_UNIT_PARAMS_RANGE));
  for (const key of Object.keys(unitParams)) {
    if (!known.has(key))
      throw new InvalidArgumentError(`unknown unit parameter ${JSON.stringify(key)}`, { key });
  }
  const out: Partial<Record<UnitParamName, Float64Array | null>> = {};
  for (const name of Object.keys(DEFAULT_UNIT_PARAMS_RANGE) as UnitParamName[]) {
    const value = name in unitParams ? unitParams[name] : DEFAULT_UNIT_PARAMS_RANGE[name];
    if (value === null && name === "propagationSpeed") {
      out[name] = null;
      continue;
    }
    const values = new Float64Array(numUnits);
    if (typeof value === "number") values.fill(value);
    else if (value !== null && value !== undefined && "length" in value) {
      if (value.length !== numUnits) {
        throw new InvalidArgumentError(
          `unit parameter ${name} has ${value.length} values for ${numUnits} units`,
        );
      }
      for (let u = 0; u < numUnits; u++) values[u] = value[u];
    } else if (value !== null && value !== undefined && "low" in value) {
      for (let u = 0; u < numUnits; u++) values[u] = value.low + (value.high - value.low) * rng.random();
    } else {
      throw new InvalidArgumentError(`unit parameter ${name} has an invalid value ${String(value)}`);
    }
    for (let u = 0; u < numUnits; u++) {
      if (!Number.isFinite(values[u])) {
        throw new InvalidArgumentError(`unit parameter ${name} of unit ${u} is not finite: ${values[u]}`);
      }
    }
    out[name] = values;
  }
  return out as ResolvedUnitParams;
}

/**
 * Distances from (x, y, 0) channel points to `center` measured in the frame of an ellipsoid: the
 * offsets are rotated by the angles (about x, then y, then z, all negated) and the x and y axes
 * divided by their factors. With factors 1 and angles 0 this is the Euclidean distance.
 */
export function ellipsoidDistances(
  channelXY: { x: Float64Array; y: Float64Array },
  center: readonly [number, number, number],
  options: { xFactor?: number; yFactor?: number; xAngle?: number; yAngle?: number; zAngle?: number } = {},
): Float64Array {
  const { xFactor = 1, yFactor = 1, xAngle = 0, yAngle = 0, zAngle = 0 } = options;
  const [ca, sa] = [Math.cos(-xAngle), Math.sin(-xAngle)];
  const [cb, sb] = [Math.cos(-yAngle), Math.sin(-yAngle)];
  const [cc, sc] = [Math.cos(-zAngle), Math.sin(-zAngle)];
  const rx = [1, 0, 0, 0, ca, -sa, 0, sa, ca];
  const ry = [cb, 0, sb, 0, 1, 0, -sb, 0, cb];
  const rz = [cc, -sc, 0, sc, cc, 0, 0, 0, 1];
  const r = matmul3(matmul3(rx, ry), rz);
  const n = channelXY.x.length;
  const out = new Float64Array(n);
  // SpikeInterface measures from the probe plane: the channel z is taken as 0.
  const pz = -center[2];
  for (let c = 0; c < n; c++) {
    const px = channelXY.x[c] - center[0];
    const py = channelXY.y[c] - center[1];
    const qx = r[0] * px + r[1] * py + r[2] * pz;
    const qy = r[3] * px + r[4] * py + r[5] * pz;
    const qz = r[6] * px + r[7] * py + r[8] * pz;
    out[c] = Math.sqrt((qx / xFactor) ** 2 + (qy / yFactor) ** 2 + qz * qz);
  }
  return out;
}

function matmul3(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
  return out;
}

export interface GenerateTemplatesOptions<D extends "float32" | "float64" = "float32"> {
  /** Undefined draws a fresh seed. */
  seed?: number;
  /** Default "float32". */
  dtype?: D;
  /** Adds a last axis of this size holding sub-sample shifted versions (jitter). */
  upsampleFactor?: number | null;
  unitParams?: UnitParams;
  /** "ellipsoid" (default, anisotropic) or "sphere" (Euclidean distance). */
  mode?: "ellipsoid" | "sphere";
  /** "exponential" (default): alpha·exp(−r/decay); "power": alpha / (1 + (r/decay)^power). */
  spatialProfile?: "exponential" | "power";
}

export interface TemplatesOutput {
  float32: Float32Array;
  float64: Float64Array;
}

/** generateTemplates' arguments as one object (the positional form takes the same values). */
export interface GenerateTemplatesArgs<D extends "float32" | "float64" = "float32">
  extends GenerateTemplatesOptions<D> {
  channelLocations: LocationArray;
  unitsLocations: LocationArray;
  samplingFrequency: number;
  /** Milliseconds before and after the peak, both >= 0. */
  msBefore: number;
  msAfter: number;
}

/**
 * Templates of shape (units, nbefore + nafter, channels), or (units, nbefore + nafter, channels,
 * upsampleFactor) with upsampling, C order; nbefore = msToSamples(msBefore, fs). Channel locations
 * are (channels, 2|3) and unit locations (units, 3), in µm. Takes one options object, or
 * SpikeInterface's positional order (channelLocations, unitsLocations, fs, msBefore, msAfter, options).
 */
export function generateTemplates<D extends "float32" | "float64" = "float32">(
  args: GenerateTemplatesArgs<D>,
): TemplatesOutput[D];
export function generateTemplates<D extends "float32" | "float64" = "float32">(
  channelLocations: LocationArray,
  unitsLocations: LocationArray,
  samplingFrequency: number,
  msBefore: number,
  msAfter: number,
  options?: GenerateTemplatesOptions<D>,
): TemplatesOutput[D];
export function generateTemplates<D extends "float32" | "float64" = "float32">(
  first: LocationArray | GenerateTemplatesArgs<D>,
  unitsLocations?: LocationArray,
  samplingFrequency?: number,
  msBefore?: number,
  msAfter?: number,
  options: GenerateTemplatesOptions<D> = {},
): TemplatesOutput[D] {
  if (unitsLocations === undefined && isTemplatesArgs(first)) {
    const {
      channelLocations,
      unitsLocations: units,
      samplingFrequency: fs,
      msBefore: b,
      msAfter: a,
      ...rest
    } = first;
    return templatesFromArgs(channelLocations, units, fs, b, a, rest);
  }
  return templatesFromArgs(
    first as LocationArray,
    unitsLocations as LocationArray,
    samplingFrequency as number,
    msBefore as number,
    msAfter as number,
    options,
  );
}

function isTemplatesArgs<D extends "float32" | "float64">(
  value: LocationArray | GenerateTemplatesArgs<D>,
): value is GenerateTemplatesArgs<D> {
  return typeof value === "object" && value !== null && "channelLocations" in value;
}

function templatesFromArgs<D extends "float32" | "float64">(
  channelLocations: LocationArray,
  unitsLocations: LocationArray,
  samplingFrequency: number,
  msBefore: number,
  msAfter: number,
  options: GenerateTemplatesOptions<D>,
): TemplatesOutput[D] {
  checkSamplingFrequency(samplingFrequency);
  // A negative window used to reach `new Float64Array(negative)` and throw a bare RangeError.
  checkNumber(msBefore, "msBefore", { min: 0 });
  checkNumber(msAfter, "msAfter", { min: 0 });
  const { mode = "ellipsoid", spatialProfile = "exponential", unitParams = {} } = options;
  const dtype: "float32" | "float64" = options.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") {
    throw new InvalidArgumentError(
      `templates dtype must be float32 or float64, got ${JSON.stringify(dtype)}`,
    );
  }
  if (mode !== "ellipsoid" && mode !== "sphere") {
    throw new InvalidArgumentError(`mode must be "ellipsoid" or "sphere", got ${JSON.stringify(mode)}`);
  }
  if (spatialProfile !== "exponential" && spatialProfile !== "power") {
    throw new InvalidArgumentError(
      `spatialProfile must be "exponential" or "power", got ${JSON.stringify(spatialProfile)}`,
    );
  }
  const channels = locationRows(channelLocations, "channelLocations", [2, 3]);
  const units = locationRows(unitsLocations, "unitsLocations", [3]);
  const seed = ensureSeed(options.seed);
  const upsample = options.upsampleFactor ?? 1;
  if (!Number.isInteger(upsample) || upsample < 1) {
    throw new InvalidArgumentError(`upsampleFactor must be an integer >= 1, got ${upsample}`, { upsample });
  }
  const numUnits = units.count;
  const numChannels = channels.count;
  const width = msToSamples(msBefore, samplingFrequency) + msToSamples(msAfter, samplingFrequency);
  const fs = samplingFrequency * upsample;
  const upWidth = msToSamples(msBefore, fs) + msToSamples(msAfter, fs);
  if (upWidth !== width * upsample) {
    throw new InvalidArgumentError(
      `msBefore ${msBefore} / msAfter ${msAfter} do not give whole samples at ${upsample}× upsampling (${upWidth} != ${width} × ${upsample})`,
    );
  }
  const params = ensureUnitParams(unitParams, numUnits, seed);
  const out: NumberArray =
    dtype === "float64"
      ? new Float64Array(numUnits * width * numChannels * upsample)
      : new Float32Array(numUnits * width * numChannels * upsample);
  const delayed = new Float64Array(upWidth);
  const delayedB = new Float64Array(upWidth);
  for (let u = 0; u < numUnits; u++) {
    const wf = generateSingleFakeWaveform({
      samplingFrequency: fs,
      msBefore,
      msAfter,
      negativeAmplitude: -1,
      positiveAmplitude: params.positiveAmplitude[u],
      depolarizationMs: params.depolarizationMs[u],
      repolarizationMs: params.repolarizationMs[u],
      recoveryMs: params.recoveryMs[u],
      smoothMs: params.smoothMs[u],
    });
    const center: [number, number, number] = [units.x[u], units.y[u], units.z[u]];
    const distances = ellipsoidDistances(
      channels,
      center,
      mode === "sphere" ? {} : { yFactor: params.ellipseShrink[u], zAngle: params.ellipseAngle[u] },
    );
    const alpha = params.alpha[u];
    const decay = params.spatialDecay[u];
    const speed = params.propagationSpeed?.[u] ?? null;
    let minDistance = Infinity;
    for (let c = 0; c < numChannels; c++) minDistance = Math.min(minDistance, distances[c]);
    const factors = new Float64Array(numChannels);
    for (let c = 0; c < numChannels; c++) {
      const d = distances[c];
      factors[c] =
        spatialProfile === "exponential"
          ? alpha * Math.exp(-d / decay)
          : alpha / (1 + (d / decay) ** params.spatialPower[u]);
    }
    const unitBase = u * width * numChannels * upsample;
    // Upsampled sample t·up + f goes to template sample t, sub-sample slot f.
    const write = (c: number, source: Float64Array): void => {
      for (let t = 0; t < upWidth; t++) {
        const sample = Math.floor(t / upsample);
        out[unitBase + (sample * numChannels + c) * upsample + (t - sample * upsample)] =
          source[t] * factors[c];
      }
    };
    if (speed === null) {
      for (let c = 0; c < numChannels; c++) write(c, wf);
      continue;
    }
    // µm / (µm/ms) → ms → samples at the (upsampled) rate; channels go through the FFT in pairs.
    const shifter = new FractionalDelay(wf);
    const shift = (c: number) => ((distances[c] - minDistance) / speed / 1000) * fs;
    for (let c = 0; c < numChannels; c += 2) {
      const pair = c + 1 < numChannels;
      shifter.delayPair(shift(c), pair ? shift(c + 1) : 0, delayed, pair ? delayedB : null);
      write(c, delayed);
      if (pair) write(c + 1, delayedB);
    }
  }
  return out as TemplatesOutput[D];
}
