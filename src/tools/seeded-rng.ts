/**
 * The tools' view of the project's seeded generator (src/generate/rng.ts): chunk starts and spike
 * subsets draw from `createRng(seed)`. It is not numpy's PCG64, so results match Python
 * statistically, not bitwise; explicit slices / indices are accepted wherever exactness matters.
 */
import { InvalidArgumentError } from "../errors.js";
import { createRng } from "../generate/rng.js";
import { ensureSeed } from "../generate/seeds.js";

export interface RandomSource {
  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Uniform integer in [low, high] (both inclusive, as numpy's `integers(..., endpoint=True)`). */
  integer(low: number, high: number): number;
  /** `k` distinct values of 0..n-1, in random order. */
  choose(n: number, k: number): Int32Array;
}

/** A generator from `seed` (a non-negative integer), or an unpredictable one when seed is null. */
export function createSeededRng(seed: number | null | undefined): RandomSource {
  const rng = createRng(ensureSeed(seed));
  return {
    nextFloat: () => rng.random(),
    integer: (low, high) => {
      if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high < low) {
        throw new InvalidArgumentError(`invalid integer range [${low}, ${high}]`, { low, high });
      }
      return rng.integers(low, high + 1);
    },
    choose: (n, k) => rng.choice(n, k, { replace: false }),
  };
}

/** `k` distinct values of 0..n-1 chosen uniformly, in ascending order. */
export function chooseWithoutReplacement(rng: RandomSource, n: number, k: number): Int32Array {
  if (k > n) throw new InvalidArgumentError(`cannot choose ${k} of ${n} without replacement`);
  return rng.choose(n, k).sort();
}
