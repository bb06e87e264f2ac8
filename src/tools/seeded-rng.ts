/**
 * A small seeded generator (xoshiro128** seeded through splitmix32) for the random choices of the
 * tools: chunk starts and spike subsets. It cannot reproduce numpy's PCG64 draws, so results match
 * Python statistically, not bitwise; explicit slices / indices are accepted wherever exactness
 * matters.
 *
 * TODO: switch to the project's `createRng(seed)` (src/generate/rng.ts) once it exists, so every
 * seeded function in the library shares one generator.
 */
import { InvalidArgumentError } from "../errors.js";

export interface RandomSource {
  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Uniform integer in [low, high] (both inclusive). */
  integer(low: number, high: number): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

class Xoshiro128 implements RandomSource {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // Mix both 32-bit halves of the seed so seeds above 2^32 differ too.
    const next = splitmix32((seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x27d4eb2d));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  private nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  nextFloat(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  integer(low: number, high: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high < low) {
      throw new InvalidArgumentError(`invalid integer range [${low}, ${high}]`, { low, high });
    }
    return low + Math.floor(this.nextFloat() * (high - low + 1));
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A generator from `seed` (a non-negative integer), or an unpredictable one when seed is null. */
export function createSeededRng(seed: number | null | undefined): RandomSource {
  if (seed === null || seed === undefined) return new Xoshiro128(Math.floor(Math.random() * 2 ** 52));
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidArgumentError(`seed must be a non-negative integer, got ${seed}`, { seed });
  }
  return new Xoshiro128(seed);
}

/** `k` distinct values of 0..n-1 chosen uniformly (partial Fisher–Yates), in ascending order. */
export function chooseWithoutReplacement(rng: RandomSource, n: number, k: number): Int32Array {
  if (k > n) throw new InvalidArgumentError(`cannot choose ${k} of ${n} without replacement`);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = rng.integer(i, n - 1);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.subarray(0, k).sort();
}
