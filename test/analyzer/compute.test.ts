/**
 * Computing from the fixture recording and sorting reproduces Python's analyzer: the default
 * sparsity, and with the same random spikes (all 116 here) the waveforms and the templates — from
 * waveforms (float64) and from the accumulator without waveforms (float32, dense analyzer) — to
 * float32 precision; in this thread and on two worker threads.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createSortingAnalyzer } from "../../src/analyzer/create-sorting-analyzer.js";
import { npyToAnalyzerArray, readNpyFile } from "../../src/analyzer/formats/npy-io.js";
import "../../src/analyzer/node.js";
import { ANALYZER_FIXTURES, expected, fixtureRecording, fixtureSorting, summary } from "./helpers.js";

const RANDOM = { maxSpikesPerUnit: 40, seed: 2205 };

function assertAllClose(
  actual: ArrayLike<number>,
  wanted: readonly number[],
  rel: number,
  what: string,
): void {
  for (let i = 0; i < wanted.length; i++) assertClose(actual[i], wanted[i], rel, `${what} ${i}`);
}

function assertClose(actual: number, wanted: number, rel: number, what: string): void {
  const tol = rel * Math.max(1, Math.abs(wanted));
  assert.ok(Math.abs(actual - wanted) <= tol, `${what}: ${actual} vs ${wanted}`);
}

describe("computed like Python (sparse analyzer, waveforms, templates)", async () => {
  const an = await createSortingAnalyzer({ sorting: fixtureSorting(), recording: fixtureRecording() });
  await an.compute(["random_spikes", "waveforms", "templates"], {
    extensionParams: { random_spikes: RANDOM },
  });

  test("sparsity and main channels from the main_channel_id property", () => {
    assert.deepEqual(
      Object.fromEntries(an.sparsity?.unitIdToChannelIds ?? []),
      expected.default_sparsity_unit_id_to_channel_ids,
    );
    assert.deepEqual(Array.from(an.getMainChannelIndices()), expected.main_channel_indices);
    assert.equal(
      String(an),
      "SortingAnalyzer: 16 channels - 6 units - 2 segments - memory - sparse - has recording\nLoaded 3 extensions: random_spikes, waveforms, templates",
    );
  });

  test("random spikes: all 116 (fewer than 40 per unit), sorted", () => {
    assert.deepEqual(
      Array.from(an.getExtension("random_spikes")?.getData() ?? []),
      expected.random_spikes.indices,
    );
  });

  test("waveforms params and values", () => {
    const wf = an.getExtension("waveforms");
    assert.ok(wf !== null);
    assert.deepEqual(wf.params, expected.waveforms.params);
    assert.deepEqual(wf.getData().shape, expected.waveforms.all_shape);
    const u0 = wf.getWaveformsOneUnit("0");
    assert.deepEqual(
      Array.from(u0.data.subarray(30 * 16, 31 * 16)),
      expected.waveforms.unit0_sparse_first_wf_at_nbefore,
    );
  });

  test("templates from waveforms equal Python's", () => {
    const t = an.getExtension("templates");
    assert.ok(t !== null);
    assert.deepEqual(t.params, expected.templates.params);
    for (const op of ["average", "std"] as const) {
      const arr = t.getData({ operator: op });
      const exp = expected.templates[`${op}_summary`];
      const s = summary(arr.data);
      assertClose(s.sum, exp.sum, 1e-6, `${op} sum`);
      assert.equal(s.min, exp.min);
      assert.equal(s.max, exp.max);
      assertAllClose(arr.data.subarray(0, 5), exp.first, 1e-6, `${op} first`);
    }
  });

  test("every waveform and template value equals Python's stored arrays (float32 precision)", () => {
    const stored = (name: string) => {
      const path = join(ANALYZER_FIXTURES, "analyzer_binary_folder", "extensions", name);
      return npyToAnalyzerArray(readNpyFile(path), path);
    };
    const pairs = [
      ["waveforms/waveforms.npy", an.getExtension("waveforms")?.getData()],
      ["templates/average.npy", an.getExtension("templates")?.getData({ operator: "average" })],
      ["templates/std.npy", an.getExtension("templates")?.getData({ operator: "std" })],
    ] as const;
    for (const [name, ours] of pairs) {
      const py = stored(name);
      assert.ok(ours !== undefined, name);
      assert.deepEqual(ours.shape, py.shape, name);
      let worst = 0;
      for (let i = 0; i < py.data.length; i++) {
        const d =
          Math.abs(Number(ours.data[i]) - Number(py.data[i])) / Math.max(1, Math.abs(Number(py.data[i])));
        if (d > worst) worst = d;
      }
      assert.ok(worst <= 2 ** -23, `${name}: largest relative difference ${worst}`);
    }
  });

  test("median and percentiles on demand (added to params)", async () => {
    const t = an.getExtension("templates");
    assert.ok(t !== null);
    const median = await t.getTemplates({ operator: "median" });
    assert.deepEqual(median.shape, [6, 90, 16]);
    const p5 = await t.getTemplates({ operator: "percentile", percentile: 5 });
    assert.ok(t.data.has("percentile_5"));
    assert.deepEqual(t.params.operators, ["average", "std", "median", ["percentile", 5]]);
    const avg = t.getData();
    // 5th percentile ≤ median everywhere a unit has spikes
    let below = 0;
    for (let i = 0; i < p5.data.length; i++) if (p5.data[i] <= median.data[i] + 1e-9) below++;
    assert.equal(below, p5.data.length);
    assert.equal(avg.data.length, median.data.length);
  });
});

describe("dense analyzer, templates without waveforms (accumulator)", async () => {
  const rec = fixtureRecording();
  const an = await createSortingAnalyzer({ sorting: fixtureSorting(), recording: rec, sparse: false });
  await an.compute("random_spikes", RANDOM);
  await an.compute("templates", { operators: ["average", "std"] });

  test("float32 average equals Python's accumulator", () => {
    const arr = an.getExtension("templates")?.getData();
    assert.ok(arr !== undefined);
    const exp = expected.sparsity_dense_analyzer.templates_average_summary;
    assert.equal(arr.dtype, "float32");
    assert.deepEqual(arr.shape, exp.shape);
    const s = summary(arr.data);
    assertClose(s.sum, exp.sum, 1e-6, "sum");
    assert.equal(s.min, exp.min);
    assert.equal(s.max, exp.max);
    assertAllClose(arr.data.subarray(0, 5), exp.first, 1e-6, "first");
    assertAllClose(arr.data.subarray(arr.data.length - 5), exp.last, 1e-6, "last");
    assert.ok(an.getExtension("templates")?.data.has("std"));
  });

  test("estimated main channels (no main_channel_id property) match Python's", async () => {
    const sorting = fixtureSorting();
    sorting.deleteProperty("main_channel_id");
    const est = await createSortingAnalyzer({ sorting, recording: rec, sparse: false, seed: 7 });
    assert.deepEqual(
      Array.from(est.getMainChannelIndices()),
      expected.sparsity_dense_analyzer.main_channel_indices,
    );
  });

  test("two worker threads give the same waveforms and templates", async () => {
    const job = { nJobs: 2, chunkDuration: "200ms" } as const;
    const par = await createSortingAnalyzer({ sorting: fixtureSorting(), recording: rec, sparse: false });
    await par.compute("random_spikes", RANDOM);
    await par.compute("templates", { operators: ["average"], ...job });
    const seq = an.getExtension("templates")?.getData().data ?? new Float32Array(0);
    const got = par.getExtension("templates")?.getData().data ?? new Float32Array(0);
    assert.equal(got.length, seq.length);
    for (let i = 0; i < got.length; i++) assertClose(got[i], seq[i], 1e-5, `template value ${i}`);
    await par.compute("waveforms", job);
    await an.compute("waveforms");
    assert.deepEqual(
      par.getExtension("waveforms")?.getData().data,
      an.getExtension("waveforms")?.getData().data,
    );
  });
});
