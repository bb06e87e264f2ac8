/**
 * The rules that turn templates, geometry or properties into a sparsity mask (spec api.md §7.1
 * builders). Each returns the mask with its ids; `ChannelSparsity`'s static `from*` methods wrap
 * them. Kept apart from the class so the class does not depend on the template tools.
 */
import type { Id } from "../base/ids.js";
import { InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import type { PeakMode, PeakSign } from "../tools/template-arrays.js";
import { getMainChannelIndices, templateAmplitudesMatrix } from "../tools/template-tools.js";
import {
  isTemplatesLike,
  locationsOf,
  type SortingAnalyzerLike,
  type TemplatesOrAnalyzer,
} from "./sources.js";

export interface SparsityParts {
  mask: Uint8Array;
  unitIds: readonly Id[];
  channelIds: readonly Id[];
}

function checkPositiveInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${what} must be a non-negative integer, got ${value}`, { [what]: value });
  }
}

function checkFinite(value: number, what: string): void {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new InvalidArgumentError(`${what} must be a number, got ${String(value)}`, { [what]: value });
  }
}

/** Row `i` of the Euclidean distance matrix, computed as numpy's norm does (sqrt of summed squares). */
function distancesFrom(locations: Float64Array, ndim: number, i: number, out: Float64Array): void {
  const n = out.length;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < ndim; k++) {
      const d = locations[i * ndim + k] - locations[j * ndim + k];
      s += d * d;
    }
    out[j] = Math.sqrt(s);
  }
}

/** Indices sorted ascending by value (stable: lower index first among ties; NaN last, as numpy). */
function stableArgsort(values: Float64Array): Int32Array {
  const order = Int32Array.from(values, (_, i) => i);
  const key = (v: number) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v);
  return order.sort((a, b) => {
    const ka = key(values[a]);
    const kb = key(values[b]);
    if (ka !== kb) return ka < kb ? -1 : 1;
    const na = Number.isNaN(values[a]) ? 1 : 0;
    const nb = Number.isNaN(values[b]) ? 1 : 0;
    return na - nb || a - b;
  });
}

/**
 * The `numChannels` channels with the largest |amplitude|, from the reversed ascending argsort, so
 * the higher channel index wins among equal amplitudes (as numpy's small-array argsort gives).
 */
export function bestChannelsMask(
  obj: TemplatesOrAnalyzer,
  options: { numChannels: number; peakSign?: PeakSign | null; amplitudeMode?: PeakMode | null },
): SparsityParts {
  checkPositiveInteger(options.numChannels, "numChannels");
  const amps = templateAmplitudesMatrix(obj, {
    peakSign: options.peakSign,
    // SpikeInterface's default is "extremum"; an explicit null means "the analyzer's peak mode".
    peakMode: options.amplitudeMode === undefined ? "extremum" : options.amplitudeMode,
  }).values;
  const u = obj.unitIds.length;
  const c = obj.channelIds.length;
  const mask = new Uint8Array(u * c);
  for (let unit = 0; unit < u; unit++) {
    const row = amps.subarray(unit * c, (unit + 1) * c).map(Math.abs);
    const order = stableArgsort(row).reverse();
    for (let k = 0; k < Math.min(options.numChannels, c); k++) mask[unit * c + order[k]] = 1;
  }
  return { mask, unitIds: obj.unitIds, channelIds: obj.channelIds };
}

/** The `numChannels` channels nearest to each unit's main channel (itself included). */
export function closestChannelsMask(
  obj: TemplatesOrAnalyzer,
  options: { numChannels: number; peakSign?: PeakSign | null; peakMode?: PeakMode | null },
): SparsityParts {
  checkPositiveInteger(options.numChannels, "numChannels");
  const { data, ndim } = locationsOf(obj);
  const main = getMainChannelIndices(obj, isTemplatesLike(obj) ? options : {});
  const u = obj.unitIds.length;
  const c = obj.channelIds.length;
  const mask = new Uint8Array(u * c);
  const dist = new Float64Array(c);
  for (let unit = 0; unit < u; unit++) {
    distancesFrom(data, ndim, main[unit], dist);
    const order = stableArgsort(dist);
    for (let k = 0; k < Math.min(options.numChannels, c); k++) mask[unit * c + order[k]] = 1;
  }
  return { mask, unitIds: obj.unitIds, channelIds: obj.channelIds };
}

/** Channels within `radiusUm` (inclusive) of each unit's main channel. */
export function radiusAndMainChannelMask(options: {
  unitIds: readonly Id[];
  channelIds: readonly Id[];
  mainChannelIndices: ArrayLike<number>;
  /** Flat numChannels × ndim positions. */
  channelLocations: Float64Array;
  radiusUm: number;
}): SparsityParts {
  const { unitIds, channelIds, mainChannelIndices, channelLocations, radiusUm } = options;
  checkFinite(radiusUm, "radiusUm");
  const u = unitIds.length;
  const c = channelIds.length;
  if (mainChannelIndices.length !== u) {
    throw new InvalidArgumentError(`${mainChannelIndices.length} main channel indices for ${u} units`);
  }
  const ndim = c === 0 ? 2 : channelLocations.length / c;
  if (!Number.isInteger(ndim) || ndim < 1) {
    throw new InvalidArgumentError(`${channelLocations.length} location values for ${c} channels`);
  }
  const mask = new Uint8Array(u * c);
  const dist = new Float64Array(c);
  for (let unit = 0; unit < u; unit++) {
    const main = mainChannelIndices[unit];
    if (!Number.isInteger(main) || main < 0 || main >= c) {
      throw new InvalidArgumentError(
        `main channel index ${main} of unit ${String(unitIds[unit])} is outside ${c} channels`,
      );
    }
    distancesFrom(channelLocations, ndim, main, dist);
    for (let ch = 0; ch < c; ch++) if (dist[ch] <= radiusUm) mask[unit * c + ch] = 1;
  }
  return { mask, unitIds, channelIds };
}

/** Radius around the main channel: from Templates (sign/mode) or the analyzer's main channels. */
export function radiusMask(
  obj: TemplatesOrAnalyzer,
  options: { radiusUm: number; peakSign?: PeakSign | null; peakMode?: PeakMode | null },
): SparsityParts {
  const main = getMainChannelIndices(obj, isTemplatesLike(obj) ? options : {});
  return radiusAndMainChannelMask({
    unitIds: obj.unitIds,
    channelIds: obj.channelIds,
    mainChannelIndices: main,
    channelLocations: locationsOf(obj).data,
    radiusUm: options.radiusUm,
  });
}

function requireDense(obj: TemplatesOrAnalyzer, method: string): void {
  if (obj.sparsity !== null) {
    throw new InvalidArgumentError(
      `sparsity method ${JSON.stringify(method)} needs a dense SortingAnalyzer or Templates (this one is sparse)`,
    );
  }
}

/** Keep channels whose |amplitude| / noise >= threshold (inclusive). */
export function snrMask(
  obj: TemplatesOrAnalyzer,
  options: {
    threshold: number;
    amplitudeMode?: PeakMode | null;
    peakSign?: PeakSign | null;
    noiseLevels?: ArrayLike<number> | null;
  },
): SparsityParts {
  checkFinite(options.threshold, "threshold");
  requireDense(obj, "snr");
  let noise: ArrayLike<number> | null | undefined;
  if (isTemplatesLike(obj)) {
    noise = options.noiseLevels;
    if (noise === null || noise === undefined) {
      throw new InvalidArgumentError(
        "sparsity from snr with Templates needs noiseLevels (see getNoiseLevels)",
      );
    }
  } else {
    noise = obj.getNoiseLevelsData();
    if (noise === null) {
      throw new SpikeInterfaceError(
        "extension",
        "sparsity from snr needs the analyzer's noise_levels extension",
      );
    }
  }
  const c = obj.channelIds.length;
  if (noise.length !== c) throw new InvalidArgumentError(`${noise.length} noise levels for ${c} channels`);
  const { values, float32 } = templateAmplitudesMatrix(obj, {
    peakSign: options.peakSign,
    peakMode: options.amplitudeMode,
  });
  // float32 amplitudes over float32 noise divide in float32 in numpy: round like it.
  const f32 = float32 && noise instanceof Float32Array;
  const mask = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const r = Math.abs(values[i]) / noise[i % c];
    if ((f32 ? Math.fround(r) : r) >= options.threshold) mask[i] = 1;
  }
  return { mask, unitIds: obj.unitIds, channelIds: obj.channelIds };
}

/** Keep channels whose |amplitude| >= threshold (µV; the templates must be in µV). */
export function amplitudeMask(
  obj: TemplatesOrAnalyzer,
  options: { threshold: number; amplitudeMode?: PeakMode | null; peakSign?: PeakSign | null },
): SparsityParts {
  checkFinite(options.threshold, "threshold");
  requireDense(obj, "amplitude");
  const inUV = isTemplatesLike(obj) ? obj.isInUV : obj.returnInUV;
  if (!inUV) {
    throw new InvalidArgumentError(
      "sparsity from amplitude needs templates in µV (isInUV / returnInUV true)",
    );
  }
  const { values } = templateAmplitudesMatrix(obj, {
    peakSign: options.peakSign,
    peakMode: options.amplitudeMode,
  });
  const mask = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) if (Math.abs(values[i]) >= options.threshold) mask[i] = 1;
  return { mask, unitIds: obj.unitIds, channelIds: obj.channelIds };
}

/**
 * Energy rule (dense analyzer with noise_levels and waveforms): per unit and channel
 * ‖wfs[:, :, c]‖ / (sqrt(nbefore + nafter) · noise_c · sqrt(numSpikes)) >= threshold.
 * Computed in float64 (numpy works in float32 here; only exact-boundary cases can differ).
 */
export function energyMask(analyzer: SortingAnalyzerLike, options: { threshold: number }): SparsityParts {
  checkFinite(options.threshold, "threshold");
  if (isTemplatesLike(analyzer)) {
    throw new InvalidArgumentError('sparsity method "energy" needs a SortingAnalyzer, not Templates');
  }
  requireDense(analyzer, "energy");
  const noise = analyzer.getNoiseLevelsData();
  if (noise === null) {
    throw new SpikeInterfaceError(
      "extension",
      "sparsity from energy needs the analyzer's noise_levels extension",
    );
  }
  const u = analyzer.unitIds.length;
  const c = analyzer.channelIds.length;
  const mask = new Uint8Array(u * c);
  const energy = new Float64Array(c);
  analyzer.unitIds.forEach((unitId, unit) => {
    const wfs = analyzer.getDenseWaveformsOneUnit(unitId);
    if (wfs === null) {
      throw new SpikeInterfaceError(
        "extension",
        "sparsity from energy needs the analyzer's waveforms extension",
      );
    }
    const numSpikes = wfs.shape[0];
    energy.fill(0);
    for (let i = 0; i < wfs.data.length; i++) energy[i % c] += wfs.data[i] * wfs.data[i];
    const scale = Math.sqrt(wfs.nbefore + wfs.nafter);
    for (let ch = 0; ch < c; ch++) {
      const ratio = Math.sqrt(energy[ch]) / (scale * noise[ch] * Math.sqrt(numSpikes));
      if (ratio >= options.threshold) mask[unit * c + ch] = 1;
    }
  });
  return { mask, unitIds: analyzer.unitIds, channelIds: analyzer.channelIds };
}

/** Unit u gets the channels whose recording property equals u's sorting property value. */
export function propertyMask(
  sorting: BaseSorting,
  recording: BaseRecording,
  byProperty: string,
): SparsityParts {
  const recValues = recording.getProperty(byProperty);
  if (recValues === null) {
    throw new SpikeInterfaceError(
      "missing_property",
      `${JSON.stringify(byProperty)} is not a recording property`,
    );
  }
  const unitValues = sorting.getProperty(byProperty);
  if (unitValues === null) {
    throw new SpikeInterfaceError(
      "missing_property",
      `${JSON.stringify(byProperty)} is not a sorting property`,
    );
  }
  const u = sorting.getNumUnits();
  const c = recording.getNumChannels();
  const mask = new Uint8Array(u * c);
  for (let unit = 0; unit < u; unit++) {
    const value = unitValues[unit];
    let found = false;
    for (let ch = 0; ch < c; ch++) {
      if (recValues[ch] === value) {
        mask[unit * c + ch] = 1;
        found = true;
      }
    }
    if (!found) {
      throw new InvalidArgumentError(
        `unit ${String(sorting.unitIds[unit])} has ${byProperty}=${String(value)}, which no recording channel has`,
      );
    }
  }
  return { mask, unitIds: sorting.unitIds, channelIds: recording.channelIds };
}
