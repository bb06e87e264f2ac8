/**
 * Seeds of the library's generators: checking them, drawing a fresh one, and deriving independent
 * child seeds for sub-streams (one per segment, per noise block, per purpose).
 *
 * A seed is a non-negative safe integer (0 … 2^53 − 1) so it survives JSON provenance unchanged.
 * (SpikeInterface draws 63-bit seeds; a JS number cannot hold those exactly, so ours are 53-bit.)
 *
 * Child seeds are a hash chain of SplitMix64's finaliser, the same mixing that seeds the xoshiro
 * state (rng.ts). Hashing (seed, keys…) rather than adding offsets (`seed + segmentIndex`, as
 * SpikeInterface does) keeps streams of neighbouring seeds from overlapping: segment 1 of seed 7
 * is unrelated to segment 0 of seed 8. The 64-bit arithmetic uses BigInt; it runs once per stream,
 * never per sample.
 */
import { InvalidArgumentError } from "../errors.js";

const MASK64 = (1n << 64n) - 1n;
/** 2^64 / golden ratio, SplitMix64's increment. */
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
/** Separates string keys from number keys so `"1"` and `1` derive different seeds. */
const STRING_TAG = 0x5bd1e9955bd1e995n;

/** SplitMix64's output function (Stafford's "mix13" variant): a bijection on 64-bit words. */
export function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** The first `count` outputs of SplitMix64 started at `state` (used to fill generator states). */
export function splitMix64(state: bigint, count: number): bigint[] {
  const out: bigint[] = [];
  let s = state & MASK64;
  for (let i = 0; i < count; i++) {
    s = (s + GOLDEN_GAMMA) & MASK64;
    out.push(mix64(s));
  }
  return out;
}

/** Throws unless `seed` is a non-negative safe integer; returns it. */
export function checkSeed(seed: number, what = "seed"): number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidArgumentError(`${what} must be a non-negative safe integer, got ${String(seed)}`, {
      seed,
    });
  }
  return seed;
}

/** A key of `deriveSeed`: an integer (segment, block, unit index…) or a label naming a purpose. */
export type SeedKey = number | string;

function keyBits(key: SeedKey): bigint {
  if (typeof key === "number") {
    if (!Number.isSafeInteger(key)) {
      throw new InvalidArgumentError(`deriveSeed keys must be safe integers or strings, got ${key}`, { key });
    }
    return BigInt.asUintN(64, BigInt(key));
  }
  if (typeof key !== "string") {
    throw new InvalidArgumentError(`deriveSeed keys must be safe integers or strings, got ${typeof key}`);
  }
  // FNV-1a over UTF-16 code units, then tagged so strings never collide with small integers.
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < key.length; i++) {
    h = ((h ^ BigInt(key.charCodeAt(i))) * 0x100000001b3n) & MASK64;
  }
  return h ^ STRING_TAG;
}

/**
 * A child seed that depends on `seed` and on every key, in order: `deriveSeed(s, 0, 3)` is the
 * seed of (segment 0, block 3). Deterministic on every platform; the result is again a valid seed.
 */
export function deriveSeed(seed: number, ...keys: SeedKey[]): number {
  checkSeed(seed);
  let h = mix64((BigInt(seed) + GOLDEN_GAMMA) & MASK64);
  for (const key of keys) {
    h = mix64((h ^ mix64((keyBits(key) + GOLDEN_GAMMA) & MASK64)) + GOLDEN_GAMMA * 2n);
    h &= MASK64;
  }
  return Number(h >> 11n);
}

/**
 * A fresh unpredictable seed, for callers that were given `seed: undefined`: they should store the
 * value they got (in their kwargs) so the object can be rebuilt identically later.
 */
export function randomSeed(): number {
  const words = new Uint32Array(2);
  const cryptoObj = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (cryptoObj?.getRandomValues) {
    cryptoObj.getRandomValues(words);
  } else {
    words[0] = Math.floor(Math.random() * 2 ** 32);
    words[1] = Math.floor(Math.random() * 2 ** 32);
  }
  return (words[0] >>> 11) * 2 ** 32 + words[1];
}

/** `seed` when given, otherwise a fresh `randomSeed()` (SpikeInterface's `_ensure_seed`). */
export function ensureSeed(seed: number | null | undefined): number {
  return seed === null || seed === undefined ? randomSeed() : checkSeed(seed);
}
