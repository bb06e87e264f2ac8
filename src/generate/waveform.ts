/**
 * The single-channel fake spike of SpikeInterface's template generator: three exponential pieces
 * (depolarisation down to the negative peak, repolarisation up to a positive bump, recovery back to
 * zero), Gaussian-smoothed, with the negative peak pinned at sample `nbefore`.
 */
import { InvalidArgumentError } from "../errors.js";

// Rounding and ms→samples are the core's (src/recording/time.ts); re-exported for this module's users.
import { msToSamples } from "../recording/time.js";

export { msToSamples, roundHalfEven } from "../recording/time.js";

/**
 * ⌊durationMs·fs/1000⌋ samples of an exponential ramp from startAmp to endAmp with time constant
 * tauMs (flip: the ramp runs from endAmp to startAmp, reversed in time).
 */
export function expGrowth(
  startAmp: number,
  endAmp: number,
  durationMs: number,
  tauMs: number,
  samplingFrequency: number,
  flip = false,
): Float64Array {
  if (flip) [startAmp, endAmp] = [endAmp, startAmp];
  const size = Math.floor((durationMs * samplingFrequency) / 1000);
  const y = new Float64Array(size + 1);
  for (let i = 0; i <= size; i++) y[i] = Math.exp(((i / samplingFrequency) * 1000) / tauMs);
  const first = y[0];
  const scale = (endAmp - startAmp) / (y[size] - first);
  for (let i = 0; i <= size; i++) y[i] = y[i] * scale - first * scale + startAmp;
  if (flip) y.reverse();
  return y.slice(0, size);
}

export interface FakeWaveformOptions {
  samplingFrequency: number;
  /** Default 1 ms. */
  msBefore?: number;
  /** Default 3 ms. */
  msAfter?: number;
  /** Default −1. */
  negativeAmplitude?: number;
  /** Default 0.15. */
  positiveAmplitude?: number;
  /** Default 0.1 ms. */
  depolarizationMs?: number;
  /** Default 0.6 ms. */
  repolarizationMs?: number;
  /** Default 1.1 ms. */
  recoveryMs?: number;
  /** Std of the Gaussian smoothing, default 0.05 ms; 0 disables smoothing. */
  smoothMs?: number;
}

function fail(message: string, details: Record<string, unknown>): never {
  throw new InvalidArgumentError(message, details);
}

/**
 * A fake spike of msToSamples(msBefore) + msToSamples(msAfter) samples (float64), its minimum at
 * index msToSamples(msBefore).
 */
export function generateSingleFakeWaveform(options: FakeWaveformOptions): Float64Array {
  const {
    samplingFrequency: fs,
    msBefore = 1,
    msAfter = 3,
    negativeAmplitude = -1,
    positiveAmplitude = 0.15,
    depolarizationMs = 0.1,
    repolarizationMs = 0.6,
    recoveryMs = 1.1,
    smoothMs = 0.05,
  } = options;
  for (const [name, v] of Object.entries({ depolarizationMs, repolarizationMs, recoveryMs })) {
    if (!(v > 0) || !Number.isFinite(v)) fail(`${name} must be > 0, got ${v}`, { [name]: v });
  }
  if (!(smoothMs >= 0) || !Number.isFinite(smoothMs))
    fail(`smoothMs must be >= 0, got ${smoothMs}`, { smoothMs });
  if (!(msAfter > depolarizationMs + repolarizationMs)) {
    fail(
      `msAfter ${msAfter} must exceed depolarizationMs + repolarizationMs (${depolarizationMs + repolarizationMs})`,
      {
        msAfter,
      },
    );
  }
  if (!(msBefore > depolarizationMs)) {
    fail(`msBefore ${msBefore} must exceed depolarizationMs ${depolarizationMs}`, { msBefore });
  }
  const nbefore = msToSamples(msBefore, fs);
  const nafter = msToSamples(msAfter, fs);
  const width = nbefore + nafter;
  const wf = new Float64Array(width);

  const ndepo = Math.floor((depolarizationMs * fs) / 1000);
  if (ndepo >= nafter)
    fail(`depolarizationMs ${depolarizationMs} is too long for msAfter ${msAfter}`, { ndepo });
  wf.set(expGrowth(0, negativeAmplitude, depolarizationMs, depolarizationMs * 0.2, fs), nbefore - ndepo);

  const nrepol = Math.floor((repolarizationMs * fs) / 1000);
  wf.set(
    expGrowth(negativeAmplitude, positiveAmplitude, repolarizationMs, repolarizationMs * 0.5, fs, true),
    nbefore,
  );

  const nrecov = Math.floor((recoveryMs * fs) / 1000);
  if (nrecov + nrepol >= nafter) {
    fail(`msAfter ${msAfter} is too short for repolarizationMs + recoveryMs`, { msAfter, recoveryMs });
  }
  wf.set(expGrowth(positiveAmplitude, 0, recoveryMs, recoveryMs * 0.5, fs, true), nbefore + nrepol);

  const smoothed = smoothKeepingPeak(wf, (smoothMs * fs) / 1000);

  // Smoothing can move the minimum: shift the waveform so it sits exactly at nbefore again.
  let argmin = 0;
  for (let i = 1; i < width; i++) if (smoothed[i] < smoothed[argmin]) argmin = i;
  if (argmin > nbefore) smoothed.copyWithin(0, argmin - nbefore);
  else if (argmin < nbefore) smoothed.copyWithin(nbefore - argmin, 0, width - (nbefore - argmin));
  return smoothed;
}

/** Convolve with a normalised Gaussian (σ in samples, ±4σ support, numpy "same" mode), rescaled to keep max |x|. */
function smoothKeepingPeak(wf: Float64Array, sigma: number): Float64Array {
  const half = Math.floor(sigma * 4);
  if (sigma === 0 || half === 0) return wf;
  const kernel = new Float64Array(2 * half + 1);
  let sum = 0;
  for (let b = -half; b <= half; b++) sum += kernel[b + half] = Math.exp(-(b * b) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  const n = wf.length;
  if (kernel.length > n) {
    fail(`smoothing kernel (${kernel.length} samples) is longer than the waveform (${n})`, { sigma });
  }
  const out = new Float64Array(n);
  let oldMax = 0;
  let newMax = 0;
  for (let t = 0; t < n; t++) {
    // "same" mode keeps the centre of the full convolution; the kernel is symmetric.
    let acc = 0;
    for (let b = -half; b <= half; b++) {
      const src = t - b;
      if (src >= 0 && src < n) acc += wf[src] * kernel[b + half];
    }
    out[t] = acc;
    oldMax = Math.max(oldMax, Math.abs(wf[t]));
  }
  for (let t = 0; t < n; t++) newMax = Math.max(newMax, Math.abs(out[t]));
  if (newMax > 0) for (let t = 0; t < n; t++) out[t] *= oldMax / newMax;
  return out;
}
