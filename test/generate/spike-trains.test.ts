import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { splitByUnit } from "../../src/generate/spike-order.js";
import {
  cleanRefractoryPeriod,
  ensureFiringRates,
  synthesizePoissonSpikeVector,
  synthesizeRandomFirings,
  synthetizeSpikeTrainBadIsi,
} from "../../src/generate/spike-trains.js";
import { invalid } from "./stats.js";

function assertSortedBySampleThenUnit(s: { sampleIndex: Float64Array; unitIndex: Int32Array }): void {
  for (let i = 1; i < s.sampleIndex.length; i++) {
    const ds = s.sampleIndex[i] - s.sampleIndex[i - 1];
    assert.ok(ds > 0 || (ds === 0 && s.unitIndex[i] > s.unitIndex[i - 1]), `order broken at ${i}`);
  }
}

function minIsi(train: Float64Array): number {
  let m = Infinity;
  for (let i = 1; i < train.length; i++) m = Math.min(m, train[i] - train[i - 1]);
  return m;
}

describe("synthesizePoissonSpikeVector", () => {
  test("100 s trains: rates within 5 % (and 4 sigma) of the requested ones, no ISI within the refractory period", () => {
    const rates = [10, 15, 20, 50, 100];
    const fs = 30_000;
    const duration = 100;
    const spikes = synthesizePoissonSpikeVector({
      numUnits: 5,
      samplingFrequency: fs,
      duration,
      refractoryPeriodMs: 4,
      firingRates: rates,
      seed: 3,
    });
    assert.ok(spikes.sampleIndex instanceof Float64Array && spikes.unitIndex instanceof Int32Array);
    assertSortedBySampleThenUnit(spikes);
    const trains = splitByUnit(spikes, 5);
    rates.forEach((rate, u) => {
      const measured = trains[u].length / duration;
      assert.ok(Math.abs(measured / rate - 1) < 0.05, `unit ${u}: ${measured} Hz for ${rate}`);
      const expected = rate * duration;
      assert.ok(Math.abs(trains[u].length - expected) < 4 * Math.sqrt(expected));
      // 4 ms at 30 kHz = 120 frames of dead time plus a geometric interval >= 1.
      assert.ok(minIsi(trains[u]) >= 121, `unit ${u}: min ISI ${minIsi(trains[u])}`);
    });
    assert.ok(spikes.sampleIndex[0] >= 1);
    assert.ok(spikes.sampleIndex[spikes.sampleIndex.length - 1] <= duration * fs - 1);
  });

  test("ISIs beyond the dead time are geometric: their mean matches 1/rate − refractory", () => {
    const spikes = synthesizePoissonSpikeVector({ numUnits: 1, duration: 200, firingRates: 20, seed: 9 });
    const train = spikes.sampleIndex;
    let sum = 0;
    for (let i = 1; i < train.length; i++) sum += train[i] - train[i - 1];
    const meanIsiMs = (sum / (train.length - 1) / 30_000) * 1000;
    assert.ok(Math.abs(meanIsiMs / 50 - 1) < 0.03, `mean ISI ${meanIsiMs} ms`);
  });

  test("defaults (20 units, 60 s, 3 Hz, seed 0) are reproducible; total rate within 4 sigma", () => {
    const a = synthesizePoissonSpikeVector();
    const b = synthesizePoissonSpikeVector();
    assert.deepEqual(a, b);
    const expected = 20 * 60 * 3;
    assert.ok(Math.abs(a.sampleIndex.length - expected) < 4 * Math.sqrt(expected));
    assert.notDeepEqual(synthesizePoissonSpikeVector({ seed: 1 }), a);
  });

  test("a unit's train does not depend on the other units' rates", () => {
    const one = splitByUnit(synthesizePoissonSpikeVector({ numUnits: 2, firingRates: [5, 5], seed: 4 }), 2);
    const two = splitByUnit(synthesizePoissonSpikeVector({ numUnits: 2, firingRates: [5, 30], seed: 4 }), 2);
    assert.deepEqual(one[0], two[0]);
  });

  test("bad parameters: the error names the value", () => {
    assert.throws(() => synthesizePoissonSpikeVector({ duration: -1 }), invalid(/duration.*-1/));
    assert.throws(() => synthesizePoissonSpikeVector({ numUnits: 0 }), invalid(/numUnits.*0/));
    assert.throws(
      () => synthesizePoissonSpikeVector({ samplingFrequency: 0 }),
      invalid(/samplingFrequency.*0/),
    );
    assert.throws(
      () => synthesizePoissonSpikeVector({ refractoryPeriodMs: 100, firingRates: 10 }),
      invalid(/refractoryPeriodMs 100 .*10 Hz/),
    );
    assert.throws(
      () => synthesizePoissonSpikeVector({ firingRates: [1, 2] }),
      invalid(/2 values for 20 units/),
    );
    assert.throws(() => synthesizePoissonSpikeVector({ firingRates: -3, numUnits: 1 }), invalid(/-3/));
  });

  test("zero duration or zero rate gives no spikes", () => {
    assert.equal(synthesizePoissonSpikeVector({ duration: 0 }).sampleIndex.length, 0);
    const trains = splitByUnit(
      synthesizePoissonSpikeVector({ numUnits: 2, firingRates: [0, 5], seed: 1 }),
      2,
    );
    assert.equal(trains[0].length, 0);
    assert.ok(trains[1].length > 0);
  });
});

describe("ensureFiringRates", () => {
  test("scalar, array and {low, high} range", () => {
    assert.deepEqual(ensureFiringRates(4, 3, 0), Float64Array.from([4, 4, 4]));
    assert.deepEqual(ensureFiringRates([1, 2], 2, 0), Float64Array.from([1, 2]));
    const drawn = ensureFiringRates({ low: 2, high: 8 }, 1000, 5);
    assert.ok(drawn.every((r) => r >= 2 && r < 8));
    assert.deepEqual(drawn, ensureFiringRates({ low: 2, high: 8 }, 1000, 5));
    const m = drawn.reduce((a, b) => a + b, 0) / drawn.length;
    assert.ok(Math.abs(m - 5) < 0.2);
    assert.throws(() => ensureFiringRates({ low: 5, high: 1 }, 2, 0), invalid(/high.*1/));
  });
});

describe("synthesizeRandomFirings", () => {
  test("⌊rate·duration⌋ spikes per unit, none closer than the refractory period, sorted", () => {
    for (const addShiftShuffle of [false, true]) {
      const spikes = synthesizeRandomFirings({
        numUnits: 4,
        duration: 30,
        firingRates: [3, 6, 10, 15],
        addShiftShuffle,
        seed: 12,
      });
      assertSortedBySampleThenUnit(spikes);
      const trains = splitByUnit(spikes, 4);
      [3, 6, 10, 15].forEach((rate, u) => {
        assert.equal(trains[u].length, rate * 30);
        assert.ok(minIsi(trains[u]) >= 120, `unit ${u}: ${minIsi(trains[u])}`);
        assert.ok(trains[u].every((t) => Number.isInteger(t) && t >= 0 && t < 30 * 30_000));
      });
    }
  });

  test("seeded runs repeat; unseeded runs draw a fresh seed", () => {
    assert.deepEqual(
      synthesizeRandomFirings({ seed: 1, duration: 5 }),
      synthesizeRandomFirings({ seed: 1, duration: 5 }),
    );
    assert.notDeepEqual(synthesizeRandomFirings({ duration: 5 }), synthesizeRandomFirings({ duration: 5 }));
  });
});

describe("cleanRefractoryPeriod", () => {
  test("SpikeInterface's iteration: repeated passes dropping the later spike of close pairs", () => {
    assert.deepEqual(cleanRefractoryPeriod([0, 1, 2], 1), Float64Array.from([0]));
    // sorted [0, 1.5, 2.5, 3]: diffs 1.5, 1, 0.5 drop 2.5 and 3 in the same pass.
    assert.deepEqual(cleanRefractoryPeriod([3, 0, 1.5, 2.5], 1.2), Float64Array.from([0, 1.5]));
    // [0, 1.3, 2.0, 3.4]: pass 1 drops 2.0; pass 2 sees 1.3 → 3.4 (2.1) and stops.
    assert.deepEqual(cleanRefractoryPeriod([0, 1.3, 2.0, 3.4], 1.2), Float64Array.from([0, 1.3, 3.4]));
    assert.deepEqual(cleanRefractoryPeriod([], 1), new Float64Array(0));
  });

  test("property: result sorted, a subset keeping the first spike, no pair within the period", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 20 }),
        (times, period) => {
          const out = cleanRefractoryPeriod(times, period);
          for (let i = 1; i < out.length; i++) assert.ok(out[i] - out[i - 1] > period);
          const pool = [...times].sort((a, b) => a - b);
          if (pool.length > 0) assert.equal(out[0], pool[0]);
          for (const t of out) assert.ok(pool.includes(t));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("bad input is refused", () => {
    assert.throws(() => cleanRefractoryPeriod([1, 2], -1), invalid(/-1/));
    assert.throws(() => cleanRefractoryPeriod([1, Number.NaN], 1), invalid(/position 1/));
  });
});

describe("synthetizeSpikeTrainBadIsi", () => {
  test("regular train plus violations right after the first spikes", () => {
    const train = synthetizeSpikeTrainBadIsi({ duration: 1, baselineRate: 10, numViolations: 3 });
    assert.equal(train.length, 13);
    assert.ok(Math.abs(train[0] - 0.1) < 1e-15);
    assert.ok(Math.abs(train[1] - 0.10001) < 1e-12);
    assert.ok(Math.abs(train[12] - 1.0) < 1e-12);
    let violations = 0;
    for (let i = 1; i < train.length; i++) if (train[i] - train[i - 1] < 1.5e-3) violations++;
    assert.equal(violations, 3);
    assert.ok(train.every((t, i) => i === 0 || t >= train[i - 1]));
  });

  test("violations landing at or after the duration are dropped", () => {
    // 2 spikes at 0.5 and 1.0 s; the copy of 1.0 s + 0.1 passes the 1 s duration.
    const train = synthetizeSpikeTrainBadIsi({
      duration: 1,
      baselineRate: 2,
      numViolations: 2,
      violationDelta: 0.1,
    });
    assert.deepEqual(Array.from(train), [0.5, 0.6, 1]);
    assert.throws(
      () => synthetizeSpikeTrainBadIsi({ duration: 1, baselineRate: 0, numViolations: 1 }),
      invalid(/0/),
    );
    assert.throws(
      () => synthetizeSpikeTrainBadIsi({ duration: 1, baselineRate: 5, numViolations: 1.5 }),
      invalid(/1\.5/),
    );
  });
});
