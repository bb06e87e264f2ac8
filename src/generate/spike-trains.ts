/**
 * Synthetic spike trains (SpikeInterface generate.py, "spiketrain zone"): Poisson trains with a
 * refractory period, the older random-firings generator, refractory cleaning and a train with a
 * chosen number of ISI violations. Same parameters, defaults and distributions as SpikeInterface;
 * the numbers differ because the generator differs (rng.ts).
 *
 * Each unit draws from its own stream deriveSeed(seed, purpose, unit), so a unit's train does not
 * change when another unit's rate does.
 */
import { InvalidArgumentError } from "../errors.js";
import { createRng, type Rng } from "./rng.js";
import { checkSeed, deriveSeed, ensureSeed } from "./seeds.js";
import { mergeUnitTrains, type SegmentSpikes } from "./spike-order.js";

/** A range of firing rates: each unit gets a uniform draw in [low, high) (Python's tuple form). */
export interface FiringRateRange {
  readonly low: number;
  readonly high: number;
}

/** One rate for all units, one per unit, or a range to draw from (Hz). */
export type FiringRates = number | ArrayLike<number> | FiringRateRange;

export function checkNumber(value: number, what: string, { min = -Infinity, strictMin = false } = {}): void {
  const ok = typeof value === "number" && Number.isFinite(value) && (strictMin ? value > min : value >= min);
  if (!ok) {
    const bound = min === -Infinity ? "" : ` ${strictMin ? ">" : ">="} ${min}`;
    throw new InvalidArgumentError(`${what} must be a finite number${bound}, got ${String(value)}`, {
      [what]: value,
    });
  }
}

export function checkNumUnits(numUnits: number): void {
  if (!Number.isSafeInteger(numUnits) || numUnits < 1) {
    throw new InvalidArgumentError(`numUnits must be a positive integer, got ${String(numUnits)}`, {
      numUnits,
    });
  }
}

export function checkSamplingFrequency(samplingFrequency: number): void {
  checkNumber(samplingFrequency, "samplingFrequency", { min: 0, strictMin: true });
}

/**
 * Firing rate of each unit (SpikeInterface's `_ensure_firing_rates`): a scalar is repeated, an
 * array must have one value per unit, a range is drawn uniformly from deriveSeed(seed,
 * "firing_rates"). Rates must be finite and >= 0 (0 Hz is a silent unit).
 */
export function ensureFiringRates(firingRates: FiringRates, numUnits: number, seed: number): Float64Array {
  checkNumUnits(numUnits);
  const rates = new Float64Array(numUnits);
  if (typeof firingRates === "number") {
    rates.fill(firingRates);
  } else if ("length" in firingRates) {
    if (firingRates.length !== numUnits) {
      throw new InvalidArgumentError(`firingRates has ${firingRates.length} values for ${numUnits} units`);
    }
    for (let u = 0; u < numUnits; u++) rates[u] = firingRates[u];
  } else if (typeof firingRates === "object" && firingRates !== null && "low" in firingRates) {
    const { low, high } = firingRates;
    checkNumber(low, "firingRates.low", { min: 0 });
    checkNumber(high, "firingRates.high", { min: low });
    const rng = createRng(deriveSeed(checkSeed(seed), "firing_rates"));
    for (let u = 0; u < numUnits; u++) rates[u] = low + (high - low) * rng.random();
  } else {
    throw new InvalidArgumentError(
      `firingRates must be a number, an array or {low, high}, got ${String(firingRates)}`,
    );
  }
  for (let u = 0; u < numUnits; u++) {
    if (!Number.isFinite(rates[u]) || rates[u] < 0) {
      throw new InvalidArgumentError(`firing rate of unit ${u} must be finite and >= 0, got ${rates[u]}`, {
        unit: u,
        rate: rates[u],
      });
    }
  }
  return rates;
}

/** A growable Float64Array (per-unit trains whose length is only known at the end). */
class GrowingArray {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export interface PoissonSpikeVectorOptions {
  /** Default 20. */
  numUnits?: number;
  /** Hz, default 30000. */
  samplingFrequency?: number;
  /** Seconds, default 60. */
  duration?: number;
  /** Default 4 ms. */
  refractoryPeriodMs?: number;
  /** Hz, default 3. */
  firingRates?: FiringRates;
  /** Default 0 (as in SpikeInterface). */
  seed?: number;
}

/** The options both train generators share, with SpikeInterface's defaults, checked. */
function trainOptions(options: PoissonSpikeVectorOptions) {
  const {
    numUnits = 20,
    samplingFrequency = 30000,
    duration = 60,
    refractoryPeriodMs = 4,
    firingRates = 3,
  } = options;
  checkNumUnits(numUnits);
  checkSamplingFrequency(samplingFrequency);
  checkNumber(duration, "duration", { min: 0 });
  checkNumber(refractoryPeriodMs, "refractoryPeriodMs", { min: 0 });
  return { numUnits, samplingFrequency, duration, refractoryPeriodMs, firingRates };
}

/** A unit cannot fire at `rate` with a dead time of 1 / rate or longer: refuse it rather than fire less. */
function checkRefractoryFits(rates: ArrayLike<number>, refractoryPeriodMs: number): void {
  for (let u = 0; u < rates.length; u++) {
    if (refractoryPeriodMs / 1000 >= 1 / rates[u]) {
      throw new InvalidArgumentError(
        `refractoryPeriodMs ${refractoryPeriodMs} is too long for the firing rate ${rates[u]} Hz of unit ${u}`,
        { refractoryPeriodMs, rate: rates[u], unit: u },
      );
    }
  }
}

/**
 * Poisson spike trains with a dead time, merged into one vector sorted by (sample, unit).
 *
 * Inter-spike intervals are geometric (discrete exponential) with the rate raised to
 * r / (1 − r·refractory) so that, once `refractory` frames are added to every interval after the
 * first, the mean rate is r again (Deger et al. 2012). Frames are < ⌊duration·fs⌋.
 * Unlike SpikeInterface, trains are not truncated at a precomputed maximum count.
 */
export function synthesizePoissonSpikeVector(options: PoissonSpikeVectorOptions = {}): SegmentSpikes {
  const { numUnits, samplingFrequency, duration, refractoryPeriodMs, firingRates } = trainOptions(options);
  const seed = options.seed === undefined ? 0 : options.seed; // as a destructuring default: null is checked, not replaced
  checkSeed(seed);
  const rates = ensureFiringRates(firingRates, numUnits, seed);
  const refractorySeconds = refractoryPeriodMs / 1000;
  const refractoryFrames = Math.floor(refractorySeconds * samplingFrequency);
  checkRefractoryFits(rates, refractoryPeriodMs);
  const maxFrame = Math.floor(duration * samplingFrequency) - 1;
  const trains: Float64Array[] = [];
  for (let u = 0; u < numUnits; u++) {
    const rate = rates[u];
    if (rate === 0 || maxFrame < 1) {
      trains.push(new Float64Array(0));
      continue;
    }
    const modifiedRate = rate / (1 - rate * refractorySeconds);
    const p = Math.min(modifiedRate / samplingFrequency, 1);
    const rng = createRng(deriveSeed(seed, "poisson", u));
    const expected = maxFrame * (rate / samplingFrequency);
    const train = new GrowingArray(Math.ceil(expected + 6 * Math.sqrt(expected)));
    let frame = rng.geometric(p);
    while (frame <= maxFrame) {
      train.push(frame);
      frame += rng.geometric(p) + refractoryFrames;
    }
    trains.push(train.toArray());
  }
  return mergeUnitTrains(trains);
}

export interface RandomFiringsOptions extends PoissonSpikeVectorOptions {
  /** Jitter half of the spikes forward by refractory…20·refractory frames (less flat ACG). */
  addShiftShuffle?: boolean;
}

/**
 * SpikeInterface's older generator: per unit, n = ⌊rate·duration⌋; draw ⌊n + 10√n⌋ uniform
 * frames in [0, ⌊fs·duration⌋), sort, optionally shift half of them, drop the earlier spike of
 * every pair closer than the refractory period (one pass, which leaves none closer), keep n of the
 * rest at random. Sorted by (sample, unit). `seed` undefined draws a fresh one.
 * (SpikeInterface does not re-sort after the shift; here the shifted train is re-sorted first so
 * the refractory pass sees true neighbours.)
 */
export function synthesizeRandomFirings(options: RandomFiringsOptions = {}): SegmentSpikes {
  const { numUnits, samplingFrequency, duration, refractoryPeriodMs, firingRates } = trainOptions(options);
  const addShiftShuffle = options.addShiftShuffle ?? false;
  const seed = ensureSeed(options.seed);
  const rates = ensureFiringRates(firingRates, numUnits, seed);
  checkRefractoryFits(rates, refractoryPeriodMs);
  const refractory = Math.floor((refractoryPeriodMs / 1000) * samplingFrequency);
  const segmentSize = Math.floor(samplingFrequency * duration);
  const trains: Float64Array[] = [];
  for (let u = 0; u < numUnits; u++) {
    const nSpikes = Math.floor(rates[u] * duration);
    const n = Math.floor(nSpikes + 10 * Math.sqrt(nSpikes));
    if (n === 0 || segmentSize === 0) {
      trains.push(new Float64Array(0));
      continue;
    }
    const rng = createRng(deriveSeed(seed, "random_firings", u));
    let times: Float64Array = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = rng.integers(0, segmentSize);
    times.sort();
    if (addShiftShuffle) times = shiftHalf(times, rng, refractory, segmentSize);
    times = dropEarlierOfClosePairs(times, refractory);
    if (times.length > nSpikes) {
      const keep = rng.choice(times.length, nSpikes, { replace: false });
      const picked = new Float64Array(nSpikes);
      for (let i = 0; i < nSpikes; i++) picked[i] = times[keep[i]];
      times = picked;
    }
    trains.push(times);
  }
  return mergeUnitTrains(trains);
}

/** Shift a random half of the spikes by ⌊a + (b − a)·x²⌋, a = refractory, b = 20·refractory. */
function shiftHalf(times: Float64Array, rng: Rng, refractory: number, segmentSize: number): Float64Array {
  const some = rng.choice(times.length, Math.floor(times.length / 2), { replace: false });
  const a = refractory;
  const b = refractory * 20;
  for (let i = 0; i < some.length; i++) {
    const x = rng.random();
    times[some[i]] += Math.trunc(a + (b - a) * x * x);
  }
  const kept = times.filter((t) => t >= 0 && t < segmentSize);
  return kept.sort();
}

/** One pass over a sorted train: drop times[i] whenever times[i+1] − times[i] < refractory. */
function dropEarlierOfClosePairs(times: Float64Array, refractory: number): Float64Array {
  const out = new Float64Array(times.length);
  let k = 0;
  for (let i = 0; i < times.length; i++) {
    if (i + 1 < times.length && times[i + 1] - times[i] < refractory) continue;
    out[k++] = times[i];
  }
  return out.slice(0, k);
}

/**
 * Sort `times` and remove refractory violations the SpikeInterface way: repeat passes that drop
 * the later spike of every pair with difference <= `refractoryPeriod` (differences taken in the
 * current train) until none is left. Note this can drop more than a greedy scan: [0, 1, 2] with
 * period 1 keeps only [0]. Units of times and period must agree (samples, seconds or ms).
 */
export function cleanRefractoryPeriod(times: ArrayLike<number>, refractoryPeriod: number): Float64Array {
  checkNumber(refractoryPeriod, "refractoryPeriod", { min: 0 });
  let current = Float64Array.from(times);
  for (let i = 0; i < current.length; i++) {
    if (!Number.isFinite(current[i])) {
      throw new InvalidArgumentError(`spike time at position ${i} is not finite: ${current[i]}`, {
        index: i,
      });
    }
  }
  current.sort();
  for (;;) {
    const next = new Float64Array(current.length);
    let k = 0;
    for (let i = 0; i < current.length; i++) {
      if (i > 0 && current[i] - current[i - 1] <= refractoryPeriod) continue;
      next[k++] = current[i];
    }
    if (k === current.length) return current;
    current = next.slice(0, k);
  }
}

export interface BadIsiOptions {
  /** Seconds. */
  duration: number;
  /** Rate of the regular train (Hz). */
  baselineRate: number;
  /** How many extra spikes to add right after the first spikes of the train. */
  numViolations: number;
  /** Offset of each extra spike after its original (seconds), default 1e-5. */
  violationDelta?: number;
}

/**
 * A regular train (⌊duration·rate⌋ spikes every 1/rate s, the first at 1/rate) plus copies of its
 * first `numViolations` spikes shifted by `violationDelta` (kept when < duration), sorted, in
 * seconds. Times accumulate 1/rate one step at a time, as numpy's cumsum does.
 */
export function synthetizeSpikeTrainBadIsi(options: BadIsiOptions): Float64Array {
  const { duration, baselineRate, numViolations, violationDelta = 1e-5 } = options;
  checkNumber(duration, "duration", { min: 0 });
  checkNumber(baselineRate, "baselineRate", { min: 0, strictMin: true });
  checkNumber(violationDelta, "violationDelta");
  if (!Number.isSafeInteger(numViolations) || numViolations < 0) {
    throw new InvalidArgumentError(`numViolations must be a non-negative integer, got ${numViolations}`, {
      numViolations,
    });
  }
  const n = Math.floor(duration * baselineRate);
  const isi = 1 / baselineRate;
  const train = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += isi;
    train[i] = t;
  }
  const extra: number[] = [];
  for (let i = 0; i < Math.min(numViolations, n); i++) {
    const v = train[i] + violationDelta;
    if (v < duration) extra.push(v);
  }
  const out = new Float64Array(n + extra.length);
  out.set(train);
  out.set(extra, n);
  return out.sort();
}
