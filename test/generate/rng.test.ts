import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { createRng } from "../../src/generate/rng.js";
import { checkSeed, deriveSeed, ensureSeed, randomSeed } from "../../src/generate/seeds.js";
import { ZIGGURAT, ZIGGURAT_V } from "../../src/generate/ziggurat.js";
import { chiSquare, invalid, ksStatistic, mean, normalCdf, standardizedMoment, std } from "./stats.js";

describe("xoshiro128** seeded by SplitMix64", () => {
  test("first outputs equal the C reference implementation (gcc, Blackman & Vigna's code)", () => {
    // Printed by the reference C xoshiro128** with its state filled from SplitMix64(seed):
    // s0 = low32(sm1), s1 = high32(sm1), s2 = low32(sm2), s3 = high32(sm2).
    const expected: Record<number, number[]> = {
      0: [3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774],
      42: [1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222],
      9007199254740991: [1233166643, 1287031142, 661813442, 2960669951, 2601079046, 1036114921],
    };
    for (const [seed, values] of Object.entries(expected)) {
      const rng = createRng(Number(seed));
      assert.deepEqual(
        values.map(() => rng.nextUint32()),
        values,
        `seed ${seed}`,
      );
    }
  });

  test("same seed, same stream; different seeds, different streams", () => {
    const a = new Float32Array(1000);
    const b = new Float32Array(1000);
    createRng(7).fillNormal(a);
    createRng(7).fillNormal(b);
    assert.deepEqual(a, b);
    createRng(8).fillNormal(b);
    assert.notDeepEqual(a, b);
  });

  test("seeds must be non-negative safe integers; the message names the value", () => {
    assert.throws(() => createRng(-1), invalid(/-1/));
    assert.throws(() => createRng(1.5), invalid(/1\.5/));
    assert.throws(() => createRng(2 ** 53), invalid(/9007199254740992/));
    assert.throws(() => checkSeed(Number.NaN), invalid(/NaN/));
  });

  test("randomSeed gives distinct safe integers; ensureSeed keeps a given seed", () => {
    const seeds = new Set(Array.from({ length: 50 }, randomSeed));
    assert.equal(seeds.size, 50);
    for (const s of seeds) assert.ok(Number.isSafeInteger(s) && s >= 0);
    assert.equal(ensureSeed(12), 12);
    assert.ok(Number.isSafeInteger(ensureSeed(undefined)));
  });
});

describe("deriveSeed", () => {
  test("deterministic, key-order sensitive, distinct over a grid of (segment, block)", () => {
    assert.equal(deriveSeed(5, 1, 2), deriveSeed(5, 1, 2));
    assert.notEqual(deriveSeed(5, 1, 2), deriveSeed(5, 2, 1));
    assert.notEqual(deriveSeed(5, 1), deriveSeed(5, "1"));
    assert.notEqual(deriveSeed(5, 0), deriveSeed(6, 0));
    // seed + segment offsets collide in SpikeInterface; hashed children do not.
    assert.notEqual(deriveSeed(7, 1), deriveSeed(8, 0));
    const seen = new Set<number>();
    for (let s = 0; s < 20; s++) for (let b = 0; b < 500; b++) seen.add(deriveSeed(123, s, b));
    assert.equal(seen.size, 20 * 500);
    for (const v of seen) assert.ok(Number.isSafeInteger(v) && v >= 0);
  });

  test("rejects non-integer keys, naming them", () => {
    assert.throws(() => deriveSeed(1, 0.5), invalid(/0\.5/));
  });

  test("child streams are uncorrelated (|r| < 0.01 over 1e5 pairs)", () => {
    const a = new Float64Array(100_000);
    const b = new Float64Array(100_000);
    createRng(deriveSeed(3, 0, 0)).fillNormal(a);
    createRng(deriveSeed(3, 0, 1)).fillNormal(b);
    let r = 0;
    for (let i = 0; i < a.length; i++) r += a[i] * b[i];
    assert.ok(Math.abs(r / a.length) < 0.01);
  });
});

describe("ziggurat tables", () => {
  test("every layer has area V and the recursion closes at the top (x[256] = 0)", () => {
    const { x, f } = ZIGGURAT;
    for (let i = 1; i < 256; i++) {
      const area = x[i] * (f[i + 1] - f[i]);
      assert.ok(Math.abs(area / ZIGGURAT_V - 1) < 1e-6, `layer ${i}: ${area}`);
    }
    assert.ok(Math.abs(ZIGGURAT_V / x[255] + f[255] - 1) < 1e-9);
  });
});

describe("normal draws", () => {
  for (const kind of ["float32", "float64"] as const) {
    test(`fillNormal(${kind}): moments, KS and tail mass of N(0, 1)`, () => {
      const n = 1_000_000;
      const a = kind === "float32" ? new Float32Array(n) : new Float64Array(n);
      createRng(2024).fillNormal(a);
      assert.ok(Math.abs(mean(a)) < 0.004);
      assert.ok(Math.abs(std(a) - 1) < 0.003);
      assert.ok(Math.abs(standardizedMoment(a, 3)) < 0.01);
      assert.ok(Math.abs(standardizedMoment(a, 4) - 3) < 0.04);
      const ks = ksStatistic(a.subarray(0, 200_000), normalCdf);
      assert.ok(ks < 1.95 / Math.sqrt(200_000), `KS ${ks}`);
      // Beyond R = 3.654 every draw comes from the tail algorithm; beyond 4 deep in it.
      let beyondR = 0;
      let beyond4 = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.abs(a[i]);
        if (v > 3.6541528853610088) beyondR++;
        if (v > 4) beyond4++;
      }
      const pR = 2 * (1 - normalCdf(3.6541528853610088));
      assert.ok(Math.abs(beyondR - n * pR) < 4 * Math.sqrt(n * pR), `tail count ${beyondR} vs ${n * pR}`);
      const p4 = 2 * (1 - normalCdf(4));
      assert.ok(Math.abs(beyond4 - n * p4) < 4 * Math.sqrt(n * p4), `${beyond4} vs ${n * p4}`);
    });
  }

  test("histogram over 80 bins in [-4, 4] fits the normal density (chi-square, p > 0.001)", () => {
    const n = 1_000_000;
    const a = new Float32Array(n);
    createRng(99).fillNormal(a);
    const bins = 80;
    const observed = new Float64Array(bins);
    for (const v of a) {
      const b = Math.floor(((v + 4) / 8) * bins);
      if (b >= 0 && b < bins) observed[b]++;
    }
    const expected = Float64Array.from(
      { length: bins },
      (_, b) => n * (normalCdf(-4 + ((b + 1) * 8) / bins) - normalCdf(-4 + (b * 8) / bins)),
    );
    // 99.9th percentile of chi-square with 79 degrees of freedom is about 124.8.
    assert.ok(chiSquare(observed, expected) < 124.8);
  });

  test("mean and std are applied; normal() matches N(mean, std)", () => {
    const a = new Float32Array(500_000);
    createRng(1).fillNormal(a, 10, 3);
    assert.ok(Math.abs(mean(a) - 10) < 0.02);
    assert.ok(Math.abs(std(a) / 3 - 1) < 0.005);
    const rng = createRng(2);
    const b = Float64Array.from({ length: 200_000 }, () => rng.normal(-2, 0.5));
    assert.ok(Math.abs(mean(b) + 2) < 0.005);
    assert.ok(Math.abs(std(b) / 0.5 - 1) < 0.01);
    assert.throws(() => rng.fillNormal(a, 0, -1), invalid(/-1/));
    assert.throws(() => rng.normal(Number.NaN), invalid(/NaN/));
  });
});

describe("other distributions", () => {
  test("fillUniform: mean, variance and range", () => {
    for (const a of [new Float32Array(400_000), new Float64Array(400_000)]) {
      createRng(4).fillUniform(a, -2, 6);
      assert.ok(Math.abs(mean(a) - 2) < 0.02);
      assert.ok(Math.abs(std(a) - 8 / Math.sqrt(12)) < 0.01);
      assert.ok(a.every((v) => v >= -2 && v <= 6));
    }
  });

  test("integers(lo, hi): high excluded, every value equally likely (chi-square)", () => {
    const rng = createRng(5);
    const counts = new Float64Array(7);
    for (let i = 0; i < 70_000; i++) {
      const v = rng.integers(-3, 4);
      assert.ok(Number.isInteger(v) && v >= -3 && v < 4);
      counts[v + 3]++;
    }
    // 99.9th percentile of chi-square with 6 degrees of freedom: 22.46.
    assert.ok(chiSquare(counts, new Float64Array(7).fill(10_000)) < 22.46);
    const big = rng.integers(0, 2 ** 40);
    assert.ok(Number.isSafeInteger(big) && big < 2 ** 40);
    assert.throws(() => rng.integers(3, 3), invalid(/\[3, 3\)/));
  });

  test("geometric(p) has mean 1/p and support >= 1; exponential has mean scale", () => {
    const rng = createRng(6);
    for (const p of [0.5, 0.01, 1e-4]) {
      const g = Float64Array.from({ length: 100_000 }, () => rng.geometric(p));
      assert.ok(g.every((v) => Number.isInteger(v) && v >= 1));
      assert.ok(Math.abs(mean(g) * p - 1) < 0.02, `p=${p}: mean ${mean(g)}`);
    }
    assert.equal(rng.geometric(1), 1);
    assert.throws(() => rng.geometric(0), invalid(/0/));
    const e = Float64Array.from({ length: 100_000 }, () => rng.exponential(2.5));
    assert.ok(Math.abs(mean(e) / 2.5 - 1) < 0.02);
  });

  test("choice without replacement: distinct, in range, every element equally likely", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.nat(),
        (n, k, seed) => {
          const size = Math.min(n, k);
          const c = createRng(seed).choice(n, size, { replace: false });
          assert.equal(c.length, size);
          assert.equal(new Set(c).size, size);
          assert.ok(c.every((v) => v >= 0 && v < n));
        },
      ),
      { numRuns: 200 },
    );
    const rng = createRng(8);
    const counts = new Float64Array(50);
    for (let i = 0; i < 4000; i++) for (const v of rng.choice(50, 5, { replace: false })) counts[v]++;
    // 99.9th percentile of chi-square with 49 degrees of freedom: 85.35.
    assert.ok(chiSquare(counts, new Float64Array(50).fill(400)) < 85.35);
    assert.throws(() => rng.choice(3, 4, { replace: false }), invalid(/4 of 3/));
    const withReplacement = rng.choice(2, 1000, { replace: true });
    assert.ok(Math.abs(mean(withReplacement) - 0.5) < 0.06);
  });

  test("shuffle permutes in place, each position uniform", () => {
    const rng = createRng(9);
    const firstSlot = new Float64Array(6);
    for (let i = 0; i < 6000; i++) {
      const a = Int32Array.from([0, 1, 2, 3, 4, 5]);
      rng.shuffle(a);
      assert.deepEqual(Array.from(a).sort(), [0, 1, 2, 3, 4, 5]);
      firstSlot[a[0]]++;
    }
    assert.ok(chiSquare(firstSlot, new Float64Array(6).fill(1000)) < 20.5);
    const words = rng.shuffle(["a", "b", "c"]);
    assert.deepEqual([...words].sort(), ["a", "b", "c"]);
  });
});
