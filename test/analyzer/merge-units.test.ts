/**
 * SortingAnalyzer.mergeUnits on merge-helpers' analyzer: a unit's average template at offset k on
 * channel c is mean(spike samples) + k − 2 + 1000·c, its std is the std of its spike samples.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadSortingAnalyzer } from "../../src/analyzer/node.js";
import { ChannelSparsity } from "../../src/index.js";
import { collectWarnings, tempFolder } from "./helpers.js";
import { A, analyzer, at, B, C, mean, std } from "./merge-helpers.js";

describe("mergeUnits (dense)", async () => {
  const an = await analyzer();
  const merged = await an.mergeUnits({ mergeUnitGroups: [["a", "b"]] });

  test("the merged unit's train is the union; ids: kept units then the new one", () => {
    assert.deepEqual(merged.unitIds, ["c", "merge0"]);
    assert.deepEqual(
      Array.from(merged.sorting.getUnitSpikeTrain({ unitId: "merge0" })),
      [...A, ...B].sort((x, y) => x - y),
    );
    assert.deepEqual(Array.from(merged.sorting.getUnitSpikeTrain({ unitId: "c" })), C);
    assert.deepEqual(merged.sorting.getProperty("is_merged"), [false, true]);
  });

  test("average: the spike-count-weighted mean of the group's templates (float32 weights)", () => {
    const avg = merged.getExtension("templates")?.getData();
    assert.ok(avg !== undefined);
    const wa = Math.fround(Math.fround(3) / Math.fround(5));
    const wb = Math.fround(Math.fround(2) / Math.fround(5));
    for (const c of [0, 3]) {
      for (const k of [0, 4]) {
        // by hand: templates a = 30 + k − 2 + 1000c, b = 61.5 + k − 2 + 1000c
        const expected = (30 + k - 2 + 1000 * c) * wa + (61.5 + k - 2 + 1000 * c) * wb;
        assert.equal(at(avg.data, 1, k, c), expected);
        assert.ok(Math.abs(at(avg.data, 1, k, c) - (42.6 + k - 2 + 1000 * c)) < 1e-4); // mean of the union
      }
    }
    // the kept unit is unchanged
    assert.equal(at(avg.data, 0, 2, 1), mean(C) + 1000);
  });

  test("std of the merged unit: recomputed from the merged waveforms (std of the union)", () => {
    const s = merged.getExtension("templates")?.getData({ operator: "std" });
    assert.ok(s !== undefined);
    assert.ok(Math.abs(at(s.data, 1, 3, 2) - std([...A, ...B])) < 1e-4);
    assert.ok(Math.abs(at(s.data, 0, 3, 2) - std(C)) < 1e-4);
  });

  test("random spikes, waveforms and noise levels carried over", () => {
    const rs = merged.getExtension("random_spikes");
    assert.deepEqual(Array.from(rs?.getData() ?? []), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const wf = merged.getExtension("waveforms")?.getData();
    assert.deepEqual(wf?.shape, [9, 5, 4]);
    // spike 1 of the vector (sample 30, unit a) at offset 2 on channel 1
    assert.equal(wf?.data[(1 * 5 + 2) * 4 + 1], 30 + 1000);
    assert.deepEqual(
      Array.from(merged.getExtension("noise_levels")?.getData() ?? []),
      Array.from(an.getExtension("noise_levels")?.getData() ?? []),
    );
  });

  test("soft merge ≈ hard merge (recomputed from the recording)", async () => {
    const hard = await an.mergeUnits({ mergeUnitGroups: [["a", "b"]], mergingMode: "hard", nJobs: 1 });
    const soft = merged.getExtension("templates")?.getData().data ?? [];
    const exact = hard.getExtension("templates")?.getData().data ?? [];
    assert.equal(exact.length, soft.length);
    for (let i = 0; i < exact.length; i++) assert.ok(Math.abs(exact[i] - soft[i]) < 1e-4);
    assert.ok(Math.abs(at(exact, 1, 2, 0) - 42.6) < 1e-5);
  });

  test("newUnitIds, take_first, join and returnNewUnitIds", async () => {
    const r = await an.mergeUnits({
      mergeUnitGroups: [["a", "b"]],
      newUnitIds: ["b"],
      returnNewUnitIds: true,
    });
    assert.deepEqual(r.newUnitIds, ["b"]);
    assert.deepEqual(r.analyzer.unitIds, ["b", "c"]);
    const first = await an.mergeUnits({ mergeUnitGroups: [["b", "a"]], newIdStrategy: "take_first" });
    assert.deepEqual(first.unitIds, ["b", "c"]);
    const joined = await an.mergeUnits({ mergeUnitGroups: [["a", "c"]], newIdStrategy: "join" });
    assert.deepEqual(joined.unitIds, ["b", "a-c"]);
  });

  test("censorMs drops spikes closer than that within the merged unit (and their selection)", async () => {
    const censored = await an.mergeUnits({ mergeUnitGroups: [["a", "b"]], censorMs: 5 });
    // 33 is 3 samples after 30
    assert.deepEqual(Array.from(censored.sorting.getUnitSpikeTrain({ unitId: "merge0" })), [10, 30, 50, 90]);
    assert.deepEqual(
      Array.from(censored.getExtension("random_spikes")?.getData() ?? []),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
    const wf = censored.getExtension("waveforms")?.getData();
    assert.deepEqual(wf?.shape, [8, 5, 4]);
    // rows follow the spike vector (10, 30, 33, 50, 90...): row 2 is now the spike at 50
    assert.equal(wf?.data[(2 * 5 + 2) * 4], 50);
    const s = censored.getExtension("templates")?.getData({ operator: "std" });
    assert.ok(Math.abs(at(s?.data ?? [], 1, 0, 0) - std([10, 30, 50, 90])) < 1e-4);
  });

  test("errors: unknown ids, overlapping groups, groups of one, clashing new ids", async () => {
    await assert.rejects(an.mergeUnits({ mergeUnitGroups: [["a", "zz"]] }), /zz/);
    await assert.rejects(
      an.mergeUnits({
        mergeUnitGroups: [
          ["a", "b"],
          ["b", "c"],
        ],
      }),
      /"b" is in two merge groups/,
    );
    await assert.rejects(an.mergeUnits({ mergeUnitGroups: [["a"]] }), /at least two units/);
    await assert.rejects(an.mergeUnits({ mergeUnitGroups: [] }), /at least one group/);
    await assert.rejects(
      an.mergeUnits({ mergeUnitGroups: [["a", "b"]], newUnitIds: ["c"] }),
      /"c" already exists/,
    );
    await assert.rejects(
      an.mergeUnits({ mergeUnitGroups: [["a", "b"]], mergingMode: "firm" as "soft" }),
      /mergingMode/,
    );
  });
});

describe("mergeUnits without waveforms: std pooled from averages and stds", async () => {
  const an = await analyzer({ waveforms: false });
  const merged = await an.mergeUnits({ mergeUnitGroups: [["a", "b"]] });
  test("pooled std = std of the union", () => {
    const s = merged.getExtension("templates")?.getData({ operator: "std" });
    assert.equal(s?.dtype, "float32");
    // channel 0 (the accumulator's float32 std loses digits on the 3000-µV channel 3)
    assert.ok(Math.abs(at(s?.data ?? [], 1, 1, 0) - std([...A, ...B])) < 1e-4);
  });
});

describe("mergeUnits (sparse)", async () => {
  const mask = [
    [1, 1, 1, 0],
    [0, 1, 1, 1],
    [0, 0, 1, 1],
  ];
  const sparsity = new ChannelSparsity({
    mask: mask.flat(),
    unitIds: ["a", "b", "c"],
    channelIds: [0, 1, 2, 3],
  });
  const an = await analyzer({ sparsity });

  test("groups whose channels overlap too little are refused, or skipped with a warning", async () => {
    await assert.rejects(
      an.mergeUnits({ mergeUnitGroups: [["a", "b"]] }),
      /overlap less than sparsityOverlap 0.75/,
    );
    const { value, warnings } = await collectWarnings(() =>
      an.mergeUnits({ mergeUnitGroups: [["a", "b"]], raiseErrorIfOverlapFails: false }),
    );
    assert.deepEqual(value.unitIds, ["a", "b", "c"]);
    assert.equal(warnings.length, 1);
  });

  test("soft: intersection channels, waveforms repacked onto them", async () => {
    const merged = await an.mergeUnits({ mergeUnitGroups: [["a", "b"]], sparsityOverlap: 0.5 });
    assert.deepEqual(Array.from(merged.sparsity?.mask ?? []), [0, 0, 1, 1, 0, 1, 1, 0]);
    const wf = merged.getExtension("waveforms")?.getData();
    assert.deepEqual(wf?.shape, [9, 5, 2]);
    // spike 0 (a, sample 10), offset 2: channels 1 and 2 (a's columns 1, 2)
    assert.deepEqual([wf?.data[(0 * 5 + 2) * 2], wf?.data[(0 * 5 + 2) * 2 + 1]], [1010, 2010]);
    // spike 2 (b, sample 33): b's columns 0, 1 are channels 1, 2
    assert.deepEqual([wf?.data[(2 * 5 + 2) * 2], wf?.data[(2 * 5 + 2) * 2 + 1]], [1033, 2033]);
    const avg = merged.getExtension("templates")?.getData();
    assert.equal(at(avg?.data ?? [], 1, 2, 0), 0, "channel 0 is off the merged unit");
    assert.ok(Math.abs(at(avg?.data ?? [], 1, 2, 1) - (42.6 + 1000)) < 1e-4);
    assert.deepEqual(merged.getExtension("waveforms")?.getWaveformsOneUnit("merge0").shape, [5, 5, 2]);
  });

  test("hard: union channels, everything recomputed", async () => {
    const merged = await an.mergeUnits({ mergeUnitGroups: [["a", "b"]], mergingMode: "hard" });
    assert.deepEqual(Array.from(merged.sparsity?.mask ?? []), [0, 0, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(merged.getExtension("waveforms")?.getData().shape, [9, 5, 4]);
    assert.ok(Math.abs(at(merged.getExtension("templates")?.getData().data ?? [], 1, 2, 0) - 42.6) < 1e-5);
  });
});

describe("mergeUnits to folders, reloaded", async () => {
  const an = await analyzer();
  const root = tempFolder("si-merge-");
  for (const format of ["binary_folder", "zarr"] as const) {
    test(format, async () => {
      const folder = join(root, format === "zarr" ? "merged.zarr" : "merged");
      const merged = await an.mergeUnits({ mergeUnitGroups: [["a", "b"]], format, folder, censorMs: 5 });
      const back = await loadSortingAnalyzer(folder);
      assert.deepEqual(back.unitIds, ["c", "merge0"]);
      assert.deepEqual(Array.from(back.sorting.getUnitSpikeTrain({ unitId: "merge0" })), [10, 30, 50, 90]);
      for (const name of ["random_spikes", "waveforms", "templates", "noise_levels"]) {
        const a = merged.getExtension(name);
        const b = back.getExtension(name);
        assert.ok(a !== null && b !== null, name);
        for (const [key, value] of a.data) assert.deepEqual(b.data.get(key), value, `${name}/${key}`);
      }
    });
  }
});
