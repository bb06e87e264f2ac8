/**
 * The library's one seeded pseudo-random generator.
 *
 * Choice: xoshiro128** (Blackman & Vigna, 2018) with its 128-bit state filled by SplitMix64 from
 * the seed (seeds.ts). Why this one:
 *  - every step is 32-bit integer work (`Math.imul`, shifts, xors), which JS engines compile to
 *    plain machine instructions; 64-bit generators (PCG64, xoroshiro128+) would need BigInt or
 *    16-bit limb arithmetic in JS and run several times slower;
 *  - it passes BigCrush, has period 2^128 − 1, and the "**" scrambler leaves no weak low bits;
 *  - results are bit-identical on every platform and engine (only integer ops and IEEE-754
 *    doubles with correctly rounded + − × ÷ and the input-independent tables of ziggurat.ts;
 *    `Math.log`/`Math.exp` appear only in the rare ziggurat tail/wedge paths, the exponential and
 *    geometric draws, where engines agree to the last bit in practice);
 *  - independent streams come from hashing (seed, keys…) into a new seed (`deriveSeed`), so a
 *    block of noise depends only on (seed, segment, block), never on what was drawn before.
 * It is not numpy's PCG64: the same seed gives the same *distributions* as SpikeInterface, not
 * the same numbers.
 *
 * Normal draws use the 256-layer ziggurat (ziggurat.ts); `fillNormal` keeps the generator state in
 * local variables so a Float32Array fill costs one 32-bit draw and one table compare per sample.
 */
import { InvalidArgumentError } from "../errors.js";
import { checkSeed, splitMix64 } from "./seeds.js";
import { WASM_NORMAL_CHUNK, type WasmNormal, wasmNormal } from "./wasm-normal.js";
import { ZIGGURAT, ZIGGURAT_R } from "./ziggurat.js";

const { f: F, k23: K23, w23: W23, k53: K53, w53: W53 } = ZIGGURAT;
const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;

function checkFinite(value: number, what: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${what} must be a finite number, got ${String(value)}`, {
      [what]: value,
    });
  }
}

function checkScale(value: number, what: string): void {
  checkFinite(value, what);
  if (value < 0) throw new InvalidArgumentError(`${what} must be >= 0, got ${value}`, { [what]: value });
}

/** A typed or plain array that `shuffle` can permute in place. */
export type ShuffleTarget = { length: number; [index: number]: unknown };

export class Rng {
  // The four 32-bit state words, held as int32 (JS bit operations return int32).
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Prefer `createRng(seed)`. */
  constructor(seed: number) {
    checkSeed(seed);
    const [a, b] = splitMix64(BigInt(seed), 2);
    this.s0 = Number(a & 0xffffffffn) | 0;
    this.s1 = Number(a >> 32n) | 0;
    this.s2 = Number(b & 0xffffffffn) | 0;
    this.s3 = Number(b >> 32n) | 0;
    // The all-zero state is the one fixed point of xoshiro; SplitMix64 never yields two zero words
    // in a row, but guard anyway.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform float64 in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** Uniform integer in [low, high) — numpy's `integers` convention (high excluded). Unbiased. */
  integers(low: number, high: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high <= low) {
      throw new InvalidArgumentError(`integers needs safe integers low < high, got [${low}, ${high})`, {
        low,
        high,
      });
    }
    const range = high - low;
    if (range <= TWO_POW_32) {
      // Reject the top partial copy of the range so every residue is equally likely.
      const limit = TWO_POW_32 - (TWO_POW_32 % range);
      let u = this.nextUint32();
      while (u >= limit) u = this.nextUint32();
      return low + (u % range);
    }
    if (range > TWO_POW_53) {
      throw new InvalidArgumentError(`integers range ${range} exceeds 2^53`, { low, high });
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % range);
    let u = this.random() * TWO_POW_53;
    while (u >= limit) u = this.random() * TWO_POW_53;
    return low + (u % range);
  }

  /** Uniform float64 in [low, high). */
  uniform(low = 0, high = 1): number {
    checkFinite(low, "low");
    checkFinite(high, "high");
    return low + (high - low) * this.random();
  }

  /** One normal draw (53-bit ziggurat). */
  normal(mean = 0, std = 1): number {
    checkFinite(mean, "mean");
    checkScale(std, "std");
    return mean + std * this.standardNormal53();
  }

  /** Exponential draw with mean `scale`. */
  exponential(scale = 1): number {
    checkScale(scale, "scale");
    return -Math.log(1 - this.random()) * scale;
  }

  /**
   * Number of Bernoulli(p) trials up to and including the first success (support 1, 2, …), numpy's
   * `geometric`. Inversion: P(K > k) = (1 − p)^k.
   */
  geometric(p: number): number {
    if (!(p > 0 && p <= 1)) throw new InvalidArgumentError(`geometric needs 0 < p <= 1, got ${p}`, { p });
    if (p === 1) return 1;
    const k = Math.ceil(Math.log(1 - this.random()) / Math.log1p(-p));
    return Math.max(1, k);
  }

  /**
   * Fill `out` with N(mean, std²). A Float32Array takes one 32-bit draw per sample (23-bit
   * magnitude, float32's precision); a Float64Array takes two (53-bit magnitude), so the two kinds
   * give different values for the same seed.
   */
  fillNormal(out: Float32Array | Float64Array, mean = 0, std = 1): void {
    checkFinite(mean, "mean");
    checkScale(std, "std");
    if (out instanceof Float32Array) this.fillNormal23(out, mean, std);
    else if (out instanceof Float64Array) {
      for (let i = 0; i < out.length; i++) out[i] = mean + std * this.standardNormal53();
    } else {
      throw new InvalidArgumentError("fillNormal needs a Float32Array or Float64Array");
    }
  }

  /**
   * Fill `out` with uniform values in [low, high). Float32Array: 24 random bits per sample (one
   * draw); the float32 rounding of a value just below `high` can land on `high`.
   */
  fillUniform(out: Float32Array | Float64Array, low = 0, high = 1): void {
    checkFinite(low, "low");
    checkFinite(high, "high");
    const span = high - low;
    if (out instanceof Float32Array) {
      for (let i = 0; i < out.length; i++) out[i] = low + span * ((this.nextUint32() >>> 8) / 16777216);
    } else if (out instanceof Float64Array) {
      for (let i = 0; i < out.length; i++) out[i] = low + span * this.random();
    } else {
      throw new InvalidArgumentError("fillUniform needs a Float32Array or Float64Array");
    }
  }

  /**
   * `size` indices from 0..n-1. Without replacement they are distinct and in random order (numpy's
   * `choice(n, size, replace=False)`); with replacement each is an independent uniform draw.
   */
  choice(n: number, size: number, options: { replace: boolean }): Int32Array {
    if (!Number.isSafeInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new InvalidArgumentError(`choice population must be an integer in [0, 2^31), got ${n}`, { n });
    }
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new InvalidArgumentError(`choice size must be a non-negative integer, got ${size}`, { size });
    }
    const out = new Int32Array(size);
    if (size === 0) return out;
    if (options.replace) {
      if (n === 0) throw new InvalidArgumentError(`cannot choose ${size} values from an empty population`);
      for (let i = 0; i < size; i++) out[i] = this.integers(0, n);
      return out;
    }
    if (size > n) {
      throw new InvalidArgumentError(`cannot choose ${size} of ${n} without replacement`, { n, size });
    }
    if (size * 8 >= n) {
      // Dense: partial Fisher–Yates over the whole population.
      const pool = new Int32Array(n);
      for (let i = 0; i < n; i++) pool[i] = i;
      for (let i = 0; i < size; i++) {
        const j = this.integers(i, n);
        const t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
        out[i] = pool[i];
      }
      return out;
    }
    // Sparse: Floyd's subset sampling (O(size) memory), then a shuffle for a uniform order.
    const seen = new Set<number>();
    let k = 0;
    for (let j = n - size; j < n; j++) {
      const t = this.integers(0, j + 1);
      const v = seen.has(t) ? j : t;
      seen.add(v);
      out[k++] = v;
    }
    this.shuffle(out);
    return out;
  }

  /** Fisher–Yates shuffle in place (every permutation equally likely). */
  shuffle<T extends ShuffleTarget>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.integers(0, i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /** Standard normal from one or more 64-bit draws (53-bit ziggurat). */
  private standardNormal53(): number {
    for (;;) {
      const hi = this.nextUint32();
      const lo = this.nextUint32();
      const layer = hi & 255;
      const m = (hi >>> 11) * TWO_POW_32 + lo;
      const negative = (hi & 256) !== 0;
      const z = m * W53[layer];
      if (m < K53[layer]) return negative ? -z : z;
      const v = this.slowPath(layer, z);
      if (!Number.isNaN(v)) return negative ? -v : v;
    }
  }

  /**
   * The rare ziggurat branch for magnitude `z` in `layer`: the tail sample beyond R for the base
   * layer, the wedge test for the others. Returns NaN to ask for a fresh draw.
   */
  private slowPath(layer: number, z: number): number {
    if (layer === 0) {
      // Marsaglia's tail method: R + a with a ~ Exp(R) thinned by exp(−a²/2).
      for (;;) {
        const a = -Math.log(1 - this.random()) / ZIGGURAT_R;
        const b = -Math.log(1 - this.random());
        if (b + b >= a * a) return ZIGGURAT_R + a;
      }
    }
    const y = F[layer] + this.random() * (F[layer + 1] - F[layer]);
    return y < Math.exp(-0.5 * z * z) ? z : Number.NaN;
  }

  /**
   * The float32 fill through wasm-normal.ts, chunk by chunk; the draws it leaves (fast test failed)
   * are finished here exactly as in the JS loop below.
   */
  private fillNormal23Wasm(out: Float32Array, mean: number, std: number, wasm: WasmNormal): void {
    const { state, scratch } = wasm;
    for (let offset = 0; offset < out.length; offset += WASM_NORMAL_CHUNK) {
      const n = Math.min(WASM_NORMAL_CHUNK, out.length - offset);
      this.saveState(state);
      let i = wasm.fill(0, n, mean, std);
      while (i < n) {
        this.loadState(state);
        const r = state[4];
        const layer = r & 255;
        const v = this.slowPath(layer, (r >>> 9) * W23[layer]);
        this.saveState(state);
        if (!Number.isNaN(v)) scratch[i++] = mean + std * ((r & 256) === 0 ? v : -v);
        i = wasm.fill(i, n, mean, std);
      }
      this.loadState(state);
      out.set(scratch.subarray(0, n), offset);
    }
  }

  private saveState(state: Int32Array): void {
    state[0] = this.s0;
    state[1] = this.s1;
    state[2] = this.s2;
    state[3] = this.s3;
  }

  private loadState(state: Int32Array): void {
    this.s0 = state[0];
    this.s1 = state[1];
    this.s2 = state[2];
    this.s3 = state[3];
  }

  /** The float32 fill loop, with the state in locals (the hot path of noise generation). */
  private fillNormal23(out: Float32Array, mean: number, std: number): void {
    const wasm = wasmNormal();
    if (wasm !== null) {
      this.fillNormal23Wasm(out, mean, std, wasm);
      return;
    }
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    const n = out.length;
    let i = 0;
    while (i < n) {
      const m5 = Math.imul(s1, 5);
      const r = Math.imul((m5 << 7) | (m5 >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const index = r & 511;
      const mag = r >>> 9;
      if (mag < K23[index]) {
        out[i++] = mean + std * (mag * W23[index]);
        continue;
      }
      // Rare path: hand the state back to the object, draw through its methods, take it back.
      this.s0 = s0;
      this.s1 = s1;
      this.s2 = s2;
      this.s3 = s3;
      const layer = index & 255;
      const v = this.slowPath(layer, mag * W23[layer]);
      s0 = this.s0;
      s1 = this.s1;
      s2 = this.s2;
      s3 = this.s3;
      if (!Number.isNaN(v)) out[i++] = mean + std * ((r & 256) === 0 ? v : -v);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }
}

/** A generator seeded with `seed` (a non-negative safe integer). Same seed, same stream, anywhere. */
export function createRng(seed: number): Rng {
  return new Rng(seed);
}
