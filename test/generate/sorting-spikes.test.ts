import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  duplicateUnitsSpikes,
  generateSortingSpikes,
  segmentsOf,
  splitUnitsSpikes,
} from "../../src/generate/sorting-spikes.js";
import { splitByUnit } from "../../src/generate/spike-order.js";
import { nextIntegerIds, splitUnitIds } from "../../src/generate/unit-ids.js";
import type { SpikeVector } from "../../src/sorting/spike-vector.js";
import { invalid } from "./stats.js";

function assertSorted(v: SpikeVector): void {
  for (let i = 1; i < v.sampleIndex.length; i++) {
    const dg = v.segmentIndex[i] - v.segmentIndex[i - 1];
    const ds = v.sampleIndex[i] - v.sampleIndex[i - 1];
    const du = v.unitIndex[i] - v.unitIndex[i - 1];
    assert.ok(dg > 0 || (dg === 0 && (ds > 0 || (ds === 0 && du >= 0))), `order broken at ${i}`);
  }
}

describe("generateSortingSpikes", () => {
  test("defaults: 2 segments of ⌊d·fs⌋ samples, ~3 Hz per unit, sorted, reproducible", () => {
    const v = generateSortingSpikes({ seed: 42 });
    assertSorted(v);
    assert.deepEqual(v, generateSortingSpikes({ seed: 42 }));
    const segments = segmentsOf(v, 2);
    const lengths = [Math.floor(10.325 * 30000), Math.floor(3.5 * 30000)];
    segments.forEach((s, i) => {
      assert.ok(s.sampleIndex.every((t) => t >= 0 && t < lengths[i]));
      const expected = 5 * 3 * [10.325, 3.5][i];
      assert.ok(Math.abs(s.sampleIndex.length - expected) < 4 * Math.sqrt(expected));
    });
    // Segments use independent streams.
    assert.notDeepEqual(segments[0].sampleIndex.subarray(0, 10), segments[1].sampleIndex.subarray(0, 10));
  });

  test("empty units have no spikes, even with border spikes; border spikes sit in the borders", () => {
    const v = generateSortingSpikes({
      numUnits: 4,
      durations: [2, 1],
      firingRates: 20,
      emptyUnits: [1, 3],
      addSpikesOnBorders: true,
      numSpikesPerBorder: 5,
      borderSizeSamples: 30,
      seed: 8,
    });
    assertSorted(v);
    assert.ok(v.unitIndex.every((u) => u === 0 || u === 2));
    const segments = segmentsOf(v, 2);
    const plain = segmentsOf(
      generateSortingSpikes({ numUnits: 4, durations: [2, 1], firingRates: 20, emptyUnits: [1, 3], seed: 8 }),
      2,
    );
    segments.forEach((s, i) => {
      const n = [60000, 30000][i];
      assert.equal(s.sampleIndex.length, plain[i].sampleIndex.length + 10);
      const near = (t: number) => t < 30 || t >= n - 30;
      const countNear = (a: Float64Array) => a.filter(near).length;
      assert.ok(countNear(s.sampleIndex) - countNear(plain[i].sampleIndex) === 10);
    });
  });

  test("bad options name the value", () => {
    assert.throws(() => generateSortingSpikes({ numUnits: 0 }), invalid(/numUnits.*0/));
    assert.throws(() => generateSortingSpikes({ emptyUnits: [7] }), invalid(/7/));
    assert.throws(() => generateSortingSpikes({ durations: [] }), invalid(/durations is empty/));
    assert.throws(() => generateSortingSpikes({ durations: [-2] }), invalid(/duration.*-2/));
    assert.throws(
      () => generateSortingSpikes({ durations: [0.0001], addSpikesOnBorders: true, seed: 1 }),
      invalid(/borderSizeSamples 20 exceeds the 3 samples/),
    );
  });
});

describe("duplicateUnitsSpikes", () => {
  const original = generateSortingSpikes({ numUnits: 5, durations: [20, 5], firingRates: 10, seed: 3 });

  test("each copy is its unit shifted by a nonzero shift in [-maxShift, maxShift], clipped", () => {
    const { spikes, shifts } = duplicateUnitsSpikes({
      spikes: original,
      numUnits: 5,
      numSegments: 2,
      num: 3,
      seed: 1,
    });
    assertSorted(spikes);
    assert.equal(shifts.length, 3);
    assert.ok(shifts.every((s) => s !== 0 && s >= -5 && s <= 5));
    const orig = segmentsOf(original, 2);
    segmentsOf(spikes, 2).forEach((seg, s) => {
      const before = splitByUnit(orig[s], 5);
      const copies = splitByUnit(seg, 8);
      for (let i = 0; i < 3; i++) {
        const last = before[i][before[i].length - 1];
        const expected = Float64Array.from(before[i], (t) => Math.min(last, Math.max(0, t + shifts[i])));
        assert.deepEqual(copies[5 + i], expected.sort());
      }
      for (let u = 0; u < 5; u++) assert.equal(copies[u].length, 0);
    });
  });

  test("ratio keeps ⌊n·ratio⌋ spikes of each unit", () => {
    const { spikes } = duplicateUnitsSpikes({
      spikes: original,
      numUnits: 5,
      numSegments: 2,
      ratio: 0.3,
      seed: 2,
    });
    const orig = segmentsOf(original, 2);
    segmentsOf(spikes, 2).forEach((seg, s) => {
      const before = splitByUnit(orig[s], 5);
      const copies = splitByUnit(seg, 9);
      for (let i = 0; i < 4; i++) assert.equal(copies[5 + i].length, Math.floor(before[i].length * 0.3));
    });
  });

  test("errors", () => {
    const base = { spikes: original, numUnits: 5, numSegments: 2 };
    assert.throws(() => duplicateUnitsSpikes({ ...base, num: 6 }), invalid(/6 units/));
    assert.throws(() => duplicateUnitsSpikes({ ...base, ratio: 0 }), invalid(/ratio.*0/));
    assert.throws(() => duplicateUnitsSpikes({ ...base, maxShift: 0 }), invalid(/maxShift.*0/));
  });
});

describe("splitUnitsSpikes", () => {
  const original = generateSortingSpikes({ numUnits: 4, durations: [60], firingRates: 20, seed: 5 });

  test("split units are replaced in place by parts that share their spikes about equally", () => {
    const result = splitUnitsSpikes({
      spikes: original,
      numUnits: 4,
      numSegments: 1,
      splitUnitIndices: [2, 0],
      numSplit: 3,
      seed: 4,
    });
    assert.deepEqual(Array.from(result.sourceUnit), [0, 0, 0, 1, 2, 2, 2, 3]);
    assert.deepEqual(Array.from(result.part), [0, 1, 2, -1, 0, 1, 2, -1]);
    assertSorted(result.spikes);
    const before = splitByUnit(segmentsOf(original, 1)[0], 4);
    const after = splitByUnit(segmentsOf(result.spikes, 1)[0], 8);
    for (const [u, first] of [
      [0, 0],
      [2, 4],
    ]) {
      const parts = [after[first], after[first + 1], after[first + 2]];
      const merged = Float64Array.from(parts.flatMap((p) => Array.from(p))).sort();
      assert.deepEqual(merged, before[u]);
      // Each part gets 1/3 of the spikes, within 4 binomial sigmas.
      const n = before[u].length;
      const sigma = Math.sqrt((n * 2) / 9);
      for (const p of parts) assert.ok(Math.abs(p.length - n / 3) < 4 * sigma, `${p.length} of ${n}`);
    }
    assert.deepEqual(after[3], before[1]);
    assert.deepEqual(after[7], before[3]);
  });

  test("errors: empty, repeated or unknown split units", () => {
    const base = { spikes: original, numUnits: 4, numSegments: 1 };
    assert.throws(() => splitUnitsSpikes({ ...base, splitUnitIndices: [] }), invalid(/empty/));
    assert.throws(
      () => splitUnitsSpikes({ ...base, splitUnitIndices: [1, 1] }),
      invalid(/1 is listed twice/),
    );
    assert.throws(() => splitUnitsSpikes({ ...base, splitUnitIndices: [9] }), invalid(/9/));
  });
});

describe("unit ids for added units", () => {
  test("continue after the largest id, keeping strings as strings", () => {
    assert.deepEqual(nextIntegerIds(["0", "1", "12"], 3), ["13", "14", "15"]);
    assert.deepEqual(nextIntegerIds([4, 2], 2), [5, 6]);
    assert.throws(() => nextIntegerIds(["a", "1"], 1), invalid(/"a"/));
  });

  test("splitUnitIds numbers parts in the order of splitIds and lists outputs in unit order", () => {
    const ids = splitUnitIds(["0", "1", "2", "3"], ["2", "0"], 2);
    assert.deepEqual(ids.splitUnitIndices, [2, 0]);
    assert.deepEqual(ids.newIds.get("2"), ["4", "5"]);
    assert.deepEqual(ids.newIds.get("0"), ["6", "7"]);
    assert.deepEqual(ids.outputIds, ["6", "7", "1", "4", "5", "3"]);
    assert.throws(() => splitUnitIds(["0"], ["9"], 2), invalid(/"9"/));
  });
});
