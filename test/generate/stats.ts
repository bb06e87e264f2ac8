/** Small statistics helpers for the generator tests. */
import { InvalidArgumentError } from "../../src/errors.js";

/** Predicate for assert.throws: an InvalidArgumentError whose message matches. */
export const invalid = (pattern: RegExp) => (err: unknown) =>
  err instanceof InvalidArgumentError && pattern.test(err.message);

export function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

export function std(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2;
  return Math.sqrt(s / a.length);
}

/** Central moment of order k divided by std^k (3: skewness, 4: kurtosis). */
export function standardizedMoment(a: ArrayLike<number>, k: number): number {
  const m = mean(a);
  const sd = std(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] - m) / sd) ** k;
  return s / a.length;
}

/** erfc with relative error < 1.2e-7 (Numerical Recipes' Chebyshev fit). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Kolmogorov–Smirnov statistic of a sample against a CDF. */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/** Pearson chi-square of observed counts against expected counts. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < observed.length; i++) s += (observed[i] - expected[i]) ** 2 / expected[i];
  return s;
}
