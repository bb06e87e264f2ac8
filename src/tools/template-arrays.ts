/**
 * Amplitudes and main channels computed straight from a dense templates array
 * (units × samples × channels, C order), spec api.md §9. These are the array-level rules that
 * `Templates`, the sparsity builders and the SortingAnalyzer share; the object-level helpers live in
 * ./template-tools.ts.
 */
import { InvalidArgumentError } from "../errors.js";

export type PeakSign = "neg" | "pos" | "both";
export type PeakMode = "extremum" | "at_index" | "peak_to_peak";
export type FloatArray = Float32Array | Float64Array;

/** A dense templates array with its shape. */
export interface DenseTemplatesArray {
  readonly data: FloatArray;
  readonly shape: readonly [numUnits: number, numSamples: number, numChannels: number];
}

const PEAK_SIGNS: readonly string[] = ["neg", "pos", "both"];
const PEAK_MODES: readonly string[] = ["extremum", "at_index", "peak_to_peak"];

export function checkPeakSign(peakSign: string): PeakSign {
  if (!PEAK_SIGNS.includes(peakSign)) {
    throw new InvalidArgumentError(
      `peakSign must be "neg", "pos" or "both", got ${JSON.stringify(peakSign)}`,
      {
        peakSign,
      },
    );
  }
  return peakSign as PeakSign;
}

export function checkPeakMode(peakMode: string): PeakMode {
  if (!PEAK_MODES.includes(peakMode)) {
    throw new InvalidArgumentError(
      `peakMode must be "extremum", "at_index" or "peak_to_peak", got ${JSON.stringify(peakMode)}`,
      { peakMode },
    );
  }
  return peakMode as PeakMode;
}

export function checkDenseTemplatesArray(t: DenseTemplatesArray): void {
  const [u, s, c] = t.shape;
  if (t.data.length !== u * s * c) {
    throw new InvalidArgumentError(
      `templates array has ${t.data.length} values, shape [${u}, ${s}, ${c}] needs ${u * s * c}`,
    );
  }
}

function checkNbefore(nbefore: number, numSamples: number): void {
  if (!Number.isInteger(nbefore) || nbefore < 0 || nbefore >= numSamples) {
    throw new InvalidArgumentError(`nbefore ${nbefore} is outside the ${numSamples} template samples`, {
      nbefore,
    });
  }
}

/**
 * Per-channel value of one unit under a sign/mode rule, written into `out` (length numChannels).
 * `mainChannelRule` selects the variant used to pick the main channel (neg/extremum negates the
 * minimum so that argmax finds the most negative trough); otherwise SpikeInterface's
 * `get_template_amplitudes` rule (signed values, before the optional abs).
 */
function perChannelValues(
  t: DenseTemplatesArray,
  unit: number,
  peakSign: PeakSign,
  peakMode: PeakMode,
  nbefore: number,
  mainChannelRule: boolean,
  out: Float64Array,
): void {
  const [, s, c] = t.shape;
  const d = t.data;
  const base = unit * s * c;
  const f32 = d instanceof Float32Array;
  if (peakMode === "at_index") {
    checkNbefore(nbefore, s);
    const row = base + nbefore * c;
    for (let ch = 0; ch < c; ch++) out[ch] = peakSign === "both" ? Math.abs(d[row + ch]) : d[row + ch];
    return;
  }
  const min = new Float64Array(c).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(c).fill(Number.NEGATIVE_INFINITY);
  // numpy's max/min return NaN when a NaN is present; remember it per channel.
  const hasNaN = new Uint8Array(c);
  for (let i = 0, at = base; i < s; i++) {
    for (let ch = 0; ch < c; ch++, at++) {
      const v = d[at];
      if (v < min[ch]) min[ch] = v;
      if (v > max[ch]) max[ch] = v;
      if (Number.isNaN(v)) hasNaN[ch] = 1;
    }
  }
  if (s === 0) throw new InvalidArgumentError("templates have 0 samples");
  for (let ch = 0; ch < c; ch++) {
    if (hasNaN[ch]) out[ch] = Number.NaN;
    // numpy's ptp stays in the array's dtype: round the difference to float32 for float32 templates.
    else if (peakMode === "peak_to_peak") out[ch] = f32 ? Math.fround(max[ch] - min[ch]) : max[ch] - min[ch];
    else if (peakSign === "both") out[ch] = Math.max(max[ch], -min[ch]);
    else if (peakSign === "neg") out[ch] = mainChannelRule ? -min[ch] : min[ch];
    else out[ch] = max[ch];
  }
}

export interface AmplitudeOptions {
  peakSign: PeakSign;
  peakMode: PeakMode;
  nbefore: number;
  /** Return |amplitude| (default true, as SpikeInterface). */
  absValue?: boolean;
}

/**
 * Amplitude of every unit on every channel: a units × channels Float64Array (C order).
 * extremum: both → max|t|, neg → min t, pos → max t; at_index → t[nbefore] (|t| for both);
 * peak_to_peak → max − min. Then |·| when absValue.
 */
export function templateAmplitudesFromArray(t: DenseTemplatesArray, options: AmplitudeOptions): Float64Array {
  checkDenseTemplatesArray(t);
  const peakSign = checkPeakSign(options.peakSign);
  const peakMode = checkPeakMode(options.peakMode);
  const [u, , c] = t.shape;
  const out = new Float64Array(u * c);
  const row = new Float64Array(c);
  for (let unit = 0; unit < u; unit++) {
    perChannelValues(t, unit, peakSign, peakMode, options.nbefore, false, row);
    for (let ch = 0; ch < c; ch++)
      out[unit * c + ch] = options.absValue === false ? row[ch] : Math.abs(row[ch]);
  }
  return out;
}

/** numpy argmax: first maximum wins; a NaN is the maximum (its first occurrence). */
export function argmax(values: ArrayLike<number>, start = 0, end = values.length): number {
  let best = start;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (Number.isNaN(v)) return i - start;
    if (v > values[best]) best = i;
  }
  return best - start;
}

/** numpy argmin: first minimum wins; a NaN is the minimum (its first occurrence). */
export function argmin(values: ArrayLike<number>, start = 0, end = values.length): number {
  let best = start;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (Number.isNaN(v)) return i - start;
    if (v < values[best]) best = i;
  }
  return best - start;
}

/**
 * Main channel index of every unit (SpikeInterface's `_get_main_channel_from_template_array`):
 * argmax over channels of extremum/both max|t|, extremum/neg −min t, extremum/pos max t,
 * at_index/both |t[nbefore]|, at_index/neg-or-pos t[nbefore] (for "neg" this picks the most
 * positive value — a SpikeInterface quirk kept for compatibility), peak_to_peak max − min.
 * Ties: the first channel wins.
 */
export function mainChannelsFromTemplatesArray(
  t: DenseTemplatesArray,
  options: { peakSign: PeakSign; peakMode: PeakMode; nbefore: number },
): Int32Array {
  checkDenseTemplatesArray(t);
  const peakSign = checkPeakSign(options.peakSign);
  const peakMode = checkPeakMode(options.peakMode);
  const [u, , c] = t.shape;
  const out = new Int32Array(u);
  if (c === 0 && u > 0) throw new InvalidArgumentError("templates have 0 channels: no main channel");
  const row = new Float64Array(c);
  for (let unit = 0; unit < u; unit++) {
    perChannelValues(t, unit, peakSign, peakMode, options.nbefore, true, row);
    out[unit] = argmax(row);
  }
  return out;
}

/**
 * Per unit, the position of the peak on the main channel minus nbefore: argmax |t| (both),
 * argmin t (neg) or argmax t (pos).
 */
export function peakShiftsFromTemplatesArray(
  t: DenseTemplatesArray,
  mainChannels: ArrayLike<number>,
  options: { peakSign: PeakSign; nbefore: number },
): Int32Array {
  checkDenseTemplatesArray(t);
  const peakSign = checkPeakSign(options.peakSign);
  const [u, s, c] = t.shape;
  if (mainChannels.length !== u) {
    throw new InvalidArgumentError(`${mainChannels.length} main channels for ${u} units`);
  }
  const out = new Int32Array(u);
  const trace = new Float64Array(s);
  for (let unit = 0; unit < u; unit++) {
    const ch = mainChannels[unit];
    if (!(ch >= 0 && ch < c)) throw new InvalidArgumentError(`main channel ${ch} outside ${c} channels`);
    for (let i = 0; i < s; i++) {
      const v = t.data[(unit * s + i) * c + ch];
      trace[i] = peakSign === "both" ? Math.abs(v) : v;
    }
    const pos = peakSign === "neg" ? argmin(trace) : argmax(trace);
    out[unit] = pos - options.nbefore;
  }
  return out;
}
