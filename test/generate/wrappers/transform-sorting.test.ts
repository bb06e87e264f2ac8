import assert from "node:assert/strict";
import { describe, test } from "node:test";
import "../../../src/index.js";
import { extractorFromDict } from "../../../src/base/provenance.js";
import { InvalidArgumentError } from "../../../src/errors.js";
import { generateSorting } from "../../../src/generate/sortings/generate-sorting.js";
import {
  injectSomeDuplicateUnits,
  injectSomeSplitUnits,
  TransformSorting,
} from "../../../src/generate/sortings/transform-sorting.js";
import type { BaseSorting } from "../../../src/sorting/base-sorting.js";
import { NumpySorting } from "../../../src/sorting/numpy-sorting.js";

const invalid = (pattern: RegExp) => (e: unknown) =>
  e instanceof InvalidArgumentError && pattern.test(e.message);

function trains(sorting: BaseSorting, segmentIndex = 0): Map<string, Float64Array> {
  return new Map(
    sorting.unitIds.map((id) => [String(id), sorting.getUnitSpikeTrain({ unitId: id, segmentIndex })]),
  );
}

describe("injectSomeDuplicateUnits", () => {
  const sorting = generateSorting({ numUnits: 5, durations: [60, 20], firingRates: 10, seed: 4 });

  test("new units are shifted copies of the first units, ids continue after the max", () => {
    const dup = injectSomeDuplicateUnits(sorting, { num: 3, maxShift: 5, seed: 1 });
    assert.deepEqual(dup.unitIds, ["0", "1", "2", "3", "4", "5", "6", "7"]);
    for (const seg of [0, 1]) {
      const t = trains(dup, seg);
      for (let i = 0; i < 3; i++) {
        const original = t.get(String(i)) as Float64Array;
        const copy = t.get(String(5 + i)) as Float64Array;
        assert.equal(copy.length, original.length);
        const shifts = new Set(Array.from(copy, (s, k) => s - original[k]));
        // One shift per copy, nonzero, in [−5, 5] (except spikes clipped to [0, the unit's last spike]).
        const inner = Array.from(copy, (s, k) => s - original[k]).filter(
          (_, k) => original[k] > 10 && original[k] < original[original.length - 1] - 10,
        );
        assert.equal(new Set(inner).size, 1, `copy of ${i}: shifts ${[...shifts]}`);
        assert.ok(inner[0] !== 0 && Math.abs(inner[0]) <= 5);
      }
      // The original units are untouched.
      const before = trains(sorting, seg);
      for (const id of ["0", "1", "2", "3", "4"]) assert.deepEqual(t.get(id), before.get(id));
    }
    assert.equal(
      dup.addedSpikesMask.reduce((a, b) => a + b, 0),
      dup.countTotalNumSpikes() - sorting.countTotalNumSpikes(),
    );
  });

  test("ratio keeps that fraction of each unit's spikes", () => {
    const dup = injectSomeDuplicateUnits(sorting, { num: 2, ratio: 0.3, seed: 2 });
    const counts = dup.countNumSpikesPerUnit();
    for (const [orig, copy] of [
      ["0", "5"],
      ["1", "6"],
    ]) {
      const expected = (counts.get(orig) as number) * 0.3;
      assert.ok(
        Math.abs((counts.get(copy) as number) - expected) <= 2,
        `${copy}: ${counts.get(copy)} vs ${expected}`,
      );
    }
  });

  test("rebuilt from toDict with identical trains; integer ids stay integers", async () => {
    const dup = injectSomeDuplicateUnits(sorting, { num: 2, seed: 3 });
    const rebuilt = (await extractorFromDict(dup.toDict({ recursive: true }))) as BaseSorting;
    assert.equal(rebuilt.className, "spikeinterface.core.generate.TransformSorting");
    assert.deepEqual(
      Array.from(rebuilt.toSpikeVector().sampleIndex),
      Array.from(dup.toSpikeVector().sampleIndex),
    );
    assert.deepEqual(
      Array.from(rebuilt.toSpikeVector().unitIndex),
      Array.from(dup.toSpikeVector().unitIndex),
    );
    const ints = NumpySorting.fromSamplesAndLabels(
      [Float64Array.from([5, 9, 30])],
      [Int32Array.from([3, 7, 3])],
      1000,
    );
    assert.deepEqual(injectSomeDuplicateUnits(ints, { num: 1, seed: 0 }).unitIds, [3, 7, 8]);
  });

  test("errors", () => {
    assert.throws(() => injectSomeDuplicateUnits(sorting, { num: 6 }), invalid(/cannot duplicate 6 units/));
    assert.throws(() => injectSomeDuplicateUnits(sorting, { ratio: 1.5 }), invalid(/ratio/));
  });
});

describe("injectSomeSplitUnits", () => {
  const sorting = generateSorting({ numUnits: 4, durations: [100], firingRates: 20, seed: 6 });

  test("each split unit's spikes are shared at random between its parts", () => {
    const { sorting: split, newUnitIds } = injectSomeSplitUnits(sorting, {
      splitIds: ["1", "3"],
      numSplit: 3,
      outputIds: true,
      seed: 1,
    });
    assert.deepEqual(split.unitIds, ["0", "4", "5", "6", "2", "7", "8", "9"]);
    assert.deepEqual(newUnitIds.get("1"), ["4", "5", "6"]);
    assert.deepEqual(newUnitIds.get("3"), ["7", "8", "9"]);
    const before = trains(sorting);
    const after = trains(split);
    for (const [old, parts] of newUnitIds) {
      const merged = Float64Array.from(
        parts.flatMap((p) => Array.from(after.get(String(p)) as Float64Array)),
      ).sort();
      assert.deepEqual(merged, before.get(String(old)));
      const n = (before.get(String(old)) as Float64Array).length;
      for (const p of parts) {
        const share = (after.get(String(p)) as Float64Array).length / n;
        // Binomial(n ≈ 2000, 1/3): sd ≈ 0.011.
        assert.ok(Math.abs(share - 1 / 3) < 0.06, `part ${p}: ${share}`);
      }
    }
    assert.deepEqual(after.get("0"), before.get("0"));
    assert.deepEqual(after.get("2"), before.get("2"));
  });

  test("without outputIds a sorting is returned; errors name the bad ids", () => {
    const s = injectSomeSplitUnits(sorting, { splitIds: ["0"], seed: 2 });
    assert.equal(s.getNumUnits(), 5);
    assert.throws(() => injectSomeSplitUnits(sorting, { splitIds: ["9"] }), invalid(/"9" is not a unit id/));
    assert.throws(() => injectSomeSplitUnits(sorting, { splitIds: [] }), invalid(/splitIds/));
  });
});

describe("TransformSorting", () => {
  test("added spikes on existing units, refractory filtering and metadata", () => {
    const parent = NumpySorting.fromSamplesAndLabels(
      [Float64Array.from([100, 500, 900])],
      [["a", "b", "a"]],
      1000,
      ["a", "b"],
    );
    parent.setProperty("quality", [1.5, 2.5]);
    parent.annotate({ origin: "test" });
    const added = {
      sampleIndex: Float64Array.from([102, 300, 302, 700]),
      unitIndex: Int32Array.from([0, 0, 0, 2]),
      segmentIndex: Int32Array.from([0, 0, 0, 0]),
    };
    const t = new TransformSorting(parent, {
      addedSpikesExistingUnits: {
        sampleIndex: added.sampleIndex.subarray(0, 3),
        unitIndex: added.unitIndex.subarray(0, 3),
        segmentIndex: added.segmentIndex.subarray(0, 3),
      },
      addedSpikesNewUnits: {
        sampleIndex: Float64Array.from([700]),
        unitIndex: Int32Array.from([2]),
        segmentIndex: Int32Array.from([0]),
      },
      newUnitIds: ["c"],
      refractoryPeriodMs: 5,
    });
    assert.deepEqual(t.unitIds, ["a", "b", "c"]);
    // 102 is within 5 ms of 100 and 302 within 5 ms of the added 300: both dropped.
    assert.deepEqual(Array.from(t.getUnitSpikeTrain({ unitId: "a" })), [100, 300, 900]);
    assert.deepEqual(Array.from(t.getUnitSpikeTrain({ unitId: "c" })), [700]);
    assert.deepEqual(Array.from(t.addedSpikesMask), [0, 1, 0, 1, 0]);
    assert.deepEqual(Array.from(t.getProperty("quality") as Float64Array).slice(0, 2), [1.5, 2.5]);
    assert.equal(t.getAnnotation("origin"), "test");
    assert.throws(() => new TransformSorting(parent, { newUnitIds: ["a"] }), invalid(/already unit ids/));
    assert.throws(
      () => new TransformSorting(parent, { addedSpikesNewUnits: added }),
      invalid(/need newUnitIds/),
    );
  });
});
