/**
 * SortingAnalyzer.splitUnits on merge-helpers' analyzer (a unit's average template at offset k on
 * channel c is mean(spike samples) + k − 2 + 1000·c).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { loadSortingAnalyzer } from "../../src/analyzer/node.js";
import { applyMergesToSorting, ChannelSparsity, NumpySorting } from "../../src/index.js";
import { applySplitsToSorting } from "../../src/sorting/apply-splits.js";
import { collectWarnings, tempFolder } from "./helpers.js";
import { A, analyzer, at, B, C } from "./merge-helpers.js";

const train = (an: { sorting: { getUnitSpikeTrain(o: { unitId: string }): Float64Array } }, unitId: string) =>
  Array.from(an.sorting.getUnitSpikeTrain({ unitId }));

describe("splitUnits", async () => {
  const an = await analyzer();
  const { analyzer: split, newUnitIds } = await an.splitUnits({
    splitUnits: { a: [[0, 1], [2]] },
    returnNewUnitIds: true,
  });

  test("new units take the spikes at the given positions; ids appended", () => {
    assert.deepEqual(newUnitIds, [["a-split0", "a-split1"]]);
    assert.deepEqual(split.unitIds, ["b", "c", "a-split0", "a-split1"]);
    assert.deepEqual(train(split, "a-split0"), [10, 30]);
    assert.deepEqual(train(split, "a-split1"), [50]);
    assert.deepEqual(train(split, "b"), B);
    assert.deepEqual(split.sorting.getProperty("is_split"), [false, false, true, true]);
  });

  test("templates of the new units are computed from the waveforms; others unchanged", () => {
    const avg = split.getExtension("templates")?.getData().data ?? [];
    assert.equal(at(avg, 2, 2, 1), 20 + 1000);
    assert.equal(at(avg, 3, 0, 3), 50 - 2 + 3000);
    assert.equal(at(avg, 0, 2, 0), 61.5);
    const s = split.getExtension("templates")?.getData({ operator: "std" }).data ?? [];
    assert.equal(at(s, 2, 2, 0), 10);
    assert.equal(at(s, 3, 2, 0), 0);
  });

  test("random spikes and waveforms unchanged (the spike vector keeps its order)", () => {
    for (const name of ["random_spikes", "waveforms", "noise_levels"]) {
      assert.deepEqual(split.getExtension(name)?.data, an.getExtension(name)?.data, name);
    }
    assert.deepEqual(split.getExtension("waveforms")?.getWaveformsOneUnit("a-split1").shape, [1, 5, 4]);
  });

  test("split then merge gives back the original trains and templates", async () => {
    const back = await split.mergeUnits({ mergeUnitGroups: [["a-split0", "a-split1"]], newUnitIds: ["a"] });
    assert.deepEqual(back.unitIds, ["b", "c", "a"]);
    assert.deepEqual(train(back, "a"), A);
    assert.deepEqual(train(back, "b"), B);
    assert.deepEqual(train(back, "c"), C);
    const avg = back.getExtension("templates")?.getData().data ?? [];
    assert.ok(Math.abs(at(avg, 2, 2, 1) - (30 + 1000)) < 1e-4);
  });

  test('newIdStrategy "split", newUnitIds, Map input', async () => {
    const s1 = await an.splitUnits({ splitUnits: { b: [[1], [0]] }, newIdStrategy: "split" });
    assert.deepEqual(s1.unitIds, ["a", "c", "b-0", "b-1"]);
    assert.deepEqual(train(s1, "b-0"), [90]);
    const s2 = await an.splitUnits({
      splitUnits: new Map([["c", [[0, 1], [2], [3]]]]),
      newUnitIds: [["x", "y", "z"]],
    });
    assert.deepEqual(s2.unitIds, ["a", "b", "x", "y", "z"]);
    assert.deepEqual(train(s2, "z"), [170]);
  });

  test("errors: unknown unit, one part, not a partition, clashing ids", async () => {
    await assert.rejects(an.splitUnits({ splitUnits: { zz: [[0], [1]] } }), /zz/);
    await assert.rejects(an.splitUnits({ splitUnits: { a: [[0, 1, 2]] } }), /at least two parts/);
    await assert.rejects(an.splitUnits({ splitUnits: { a: [[0, 1], [1]] } }), /1 is used twice/);
    await assert.rejects(an.splitUnits({ splitUnits: { a: [[0, 5], [1]] } }), /5 is not in \[0, 3\)/);
    await assert.rejects(an.splitUnits({ splitUnits: { a: [[0], [1]] } }), /covers 2 spikes, the unit has 3/);
    await assert.rejects(an.splitUnits({ splitUnits: {} }), /at least one unit/);
    await assert.rejects(
      an.splitUnits({ splitUnits: { a: [[0], [1, 2]] }, newUnitIds: [["b", "q"]] }),
      /"b" already exists/,
    );
  });
});

describe("splitUnits without waveforms, sparse, to a folder", async () => {
  const mask = [1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1];
  const sparsity = new ChannelSparsity({ mask, unitIds: ["a", "b", "c"], channelIds: [0, 1, 2, 3] });
  const an = await analyzer({ sparsity, waveforms: false });

  test("templates copied from the parent, with a warning; sparsity inherited", async () => {
    const { value: split, warnings } = await collectWarnings(() =>
      an.splitUnits({ splitUnits: { a: [[0], [1, 2]] } }),
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /without the "waveforms" extension/);
    assert.deepEqual(
      Array.from(split.sparsity?.mask ?? []),
      [0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0],
    );
    const avg = split.getExtension("templates")?.getData();
    const before = an.getExtension("templates")?.getData();
    assert.equal(at(avg?.data ?? [], 3, 2, 1), at(before?.data ?? [], 0, 2, 1));
    assert.equal(at(avg?.data ?? [], 2, 2, 1), 1030);
  });

  test("binary folder reloads", async () => {
    const folder = join(tempFolder("si-split-"), "split");
    await an.splitUnits({
      splitUnits: {
        c: [
          [0, 2],
          [1, 3],
        ],
      },
      format: "binary_folder",
      folder,
    });
    const back = await loadSortingAnalyzer(folder);
    assert.deepEqual(back.unitIds, ["a", "b", "c-split0", "c-split1"]);
    assert.deepEqual(train(back, "c-split1"), [130, 170]);
    assert.deepEqual(back.getExtension("templates")?.getData().shape, [4, 5, 4]);
  });
});

describe("applySplitsToSorting then applyMergesToSorting (property)", () => {
  test("any partition of any unit, merged back, gives the original trains", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 2 })), {
          minLength: 2,
          maxLength: 40,
        }),
        fc.integer({ min: 2, max: 4 }),
        fc.integer(),
        (spikes, parts, seed) => {
          const sorting = NumpySorting.fromSamplesAndLabels(
            spikes.map((s) => s[0]),
            spikes.map((s) => s[1]),
            1000,
            [0, 1, 2],
          );
          const unit = spikes[0][1];
          const n = sorting.countNumSpikesPerUnitArray()[unit];
          fc.pre(n >= parts);
          // positions dealt to parts by a seeded shuffle, every part non-empty
          const order = Array.from({ length: n }, (_, i) => i).sort(
            (a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13) || a - b,
          );
          const split = order.reduce<number[][]>(
            (acc, p, i) => {
              acc[i % parts].push(p);
              return acc;
            },
            Array.from({ length: parts }, () => []),
          );
          const { sorting: s2, newUnitIds } = applySplitsToSorting(sorting, new Map([[unit, split]]));
          const { sorting: back } = applyMergesToSorting(s2, newUnitIds, { newUnitIds: [unit] });
          for (const id of [0, 1, 2]) {
            assert.deepEqual(
              Array.from(back.getUnitSpikeTrain({ unitId: id })),
              Array.from(sorting.getUnitSpikeTrain({ unitId: id })),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("applySplitsToSorting on a large unit", () => {
  test("a unit of 300,000 spikes splits in two (no call-stack overflow)", () => {
    const n = 300_000;
    const samples = Float64Array.from({ length: n }, (_, i) => 10 * i);
    const sorting = NumpySorting.fromSamplesAndLabels(samples, new Array<number>(n).fill(7), 30000);
    const even = Uint32Array.from({ length: n / 2 }, (_, i) => 2 * i);
    const odd = Uint32Array.from({ length: n / 2 }, (_, i) => 2 * i + 1);
    const { sorting: out, newUnitIds } = applySplitsToSorting(sorting, new Map([[7, [even, odd]]]));
    const [a, b] = newUnitIds[0];
    const ta = out.getUnitSpikeTrain({ unitId: a });
    const tb = out.getUnitSpikeTrain({ unitId: b });
    assert.equal(ta.length, n / 2);
    assert.equal(tb.length, n / 2);
    assert.deepEqual([ta[0], ta[1], ta[n / 2 - 1]], [0, 20, 10 * (n - 2)]);
    assert.deepEqual([tb[0], tb[1], tb[n / 2 - 1]], [10, 30, 10 * (n - 1)]);
  });
});
