/**
 * Sparsity against the analyzer fixture written by Python SpikeInterface: the default sparsity, the
 * compute_sparsity results of the sparse analyzer and of the dense analyzer (whose templates are
 * recomputed here with the accumulator from all spikes, as Python did).
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { Id } from "../../src/index.js";
import { InvalidArgumentError } from "../../src/index.js";
import { ChannelSparsity } from "../../src/sparsity/channel-sparsity.js";
import { computeSparsity } from "../../src/sparsity/compute-sparsity.js";
import { estimateSparsity } from "../../src/sparsity/estimate-sparsity.js";
import type { SortingAnalyzerLike } from "../../src/sparsity/sources.js";
import { estimateTemplatesWithAccumulator } from "../../src/templates/accumulator.js";
import type { DenseTemplatesArray } from "../../src/tools/template-arrays.js";
import {
  CHANNEL_IDS,
  fixtureLocations,
  loadFixtureRecording,
  loadFixtureSorting,
  maskToIdLists,
  readJson,
  readNpy,
  UNIT_IDS,
} from "../tools/fixture-data.js";

type IdLists = Record<string, string[]>;
interface Expected {
  main_channel_indices: number[];
  default_sparsity_unit_id_to_channel_ids: IdLists;
  sparsity: Record<string, IdLists>;
  sparsity_dense_analyzer: Record<string, IdLists> & {
    templates_average_summary: { sum: number; min: number; max: number; first: number[]; last: number[] };
    noise_levels: number[];
  };
}
const expected = readJson<Expected>("analyzer/expected.json");
const asLists = (m: IdLists) => UNIT_IDS.map((u) => m[u]);
const idLists = (s: ChannelSparsity) => maskToIdLists(s.mask, 16, CHANNEL_IDS);

/** A SortingAnalyzerLike over fixture data (dense unless `sparsity` is given). */
function fakeAnalyzer(templates: DenseTemplatesArray, sparsity: ChannelSparsity | null): SortingAnalyzerLike {
  const recording = loadFixtureRecording();
  return {
    unitIds: UNIT_IDS,
    channelIds: CHANNEL_IDS,
    sparsity,
    returnInUV: true,
    peakSign: "both",
    peakMode: "extremum",
    sorting: loadFixtureSorting(),
    recording,
    getChannelLocations: () => fixtureLocations(),
    getMainChannelIndices: () => expected.main_channel_indices,
    getDenseTemplatesArray: () => ({ ...templates, nbefore: 30 }),
    getNoiseLevelsData: () => Float32Array.from(expected.sparsity_dense_analyzer.noise_levels),
    getDenseWaveformsOneUnit: () => null,
  };
}

describe("sparse analyzer fixture (compute_sparsity on the loaded analyzer)", () => {
  const average = readNpy("analyzer/analyzer_binary_folder/extensions/templates/average.npy");
  const mask = readNpy("analyzer/analyzer_binary_folder/sparsity_mask.npy");
  const sparsity = new ChannelSparsity({
    mask: mask.data as Uint8Array,
    unitIds: UNIT_IDS,
    channelIds: CHANNEL_IDS,
  });
  const analyzer = fakeAnalyzer({ data: average.data as Float64Array, shape: [6, 90, 16] }, sparsity);

  test("the default sparsity is radius 100 µm around the main channels", () => {
    const s = ChannelSparsity.fromRadiusAndMainChannel({
      unitIds: UNIT_IDS,
      channelIds: CHANNEL_IDS,
      mainChannelIndices: expected.main_channel_indices,
      channelLocations: fixtureLocations(),
      radiusUm: 100,
    });
    assert.ok(s.equals(sparsity));
    assert.deepEqual(idLists(s), asLists(expected.default_sparsity_unit_id_to_channel_ids));
  });
  test("radius 40", () => {
    assert.deepEqual(
      idLists(computeSparsity(analyzer, { method: "radius", radiusUm: 40 })),
      asLists(expected.sparsity.radius_40),
    );
  });
  test("best channels 3", () => {
    const s = computeSparsity(analyzer, { method: "best_channels", numChannels: 3 });
    assert.deepEqual(idLists(s), asLists(expected.sparsity.best_channels_3));
  });
  test("by property 'group'", () => {
    const s = computeSparsity(analyzer, { method: "by_property", byProperty: "group" });
    assert.deepEqual(idLists(s), asLists(expected.sparsity.by_property_group));
  });
  test("snr on a sparse analyzer is refused (as Python's assertion)", () => {
    assert.throws(() => computeSparsity(analyzer, { method: "snr", threshold: 5 }), /dense/);
  });
  test("Z11: a sign given with an analyzer is refused", () => {
    assert.throws(
      () => computeSparsity(analyzer, { method: "best_channels", numChannels: 3, peakSign: "neg" }),
      (e) => e instanceof InvalidArgumentError && /"neg"/.test(e.message),
    );
  });
});

describe("dense analyzer fixture (templates from the accumulator)", () => {
  let analyzer: SortingAnalyzerLike;
  before(async () => {
    const sorting = loadFixtureSorting();
    const t = await estimateTemplatesWithAccumulator(
      loadFixtureRecording(),
      sorting.toSpikeVector(),
      UNIT_IDS,
      30,
      60,
    );
    analyzer = fakeAnalyzer({ data: t.average, shape: t.shape }, null);
  });

  test("templates match Python's summary (float32, exact values)", () => {
    const { data } = analyzer.getDenseTemplatesArray()!;
    const summary = expected.sparsity_dense_analyzer.templates_average_summary;
    assert.ok(data instanceof Float32Array);
    assert.deepEqual(Array.from(data.subarray(0, 5)), summary.first);
    assert.deepEqual(Array.from(data.subarray(data.length - 5)), summary.last);
    assert.equal(Math.min(...data), summary.min);
    assert.equal(Math.max(...data), summary.max);
    const sum = data.reduce((a, v) => a + v, 0);
    assert.ok(Math.abs(sum - summary.sum) < 1e-2, `sum ${sum} vs ${summary.sum}`);
  });
  for (const [name, options] of [
    ["radius_40", { method: "radius", radiusUm: 40 }],
    ["best_channels_3", { method: "best_channels", numChannels: 3 }],
    ["snr_5", { method: "snr", threshold: 5 }],
    ["amplitude_50uV", { method: "amplitude", threshold: 50 }],
    ["by_property_group", { method: "by_property", byProperty: "group" }],
  ] as const) {
    test(name, () => {
      const s = computeSparsity(analyzer, options);
      assert.deepEqual(idLists(s), asLists(expected.sparsity_dense_analyzer[name]));
    });
  }
  test("snr_3_peak_to_peak", () => {
    const s = ChannelSparsity.fromSnr(analyzer, { threshold: 3, amplitudeMode: "peak_to_peak" });
    assert.deepEqual(idLists(s), asLists(expected.sparsity_dense_analyzer.snr_3_peak_to_peak));
  });
  test("snr without the noise_levels extension is an extension error", () => {
    const noNoise = { ...analyzer, getNoiseLevelsData: () => null };
    assert.throws(() => computeSparsity(noNoise, { method: "snr", threshold: 5 }), /noise_levels/);
  });
});

describe("estimateSparsity", () => {
  test("radius with main channel indices reads no traces and equals the default sparsity", async () => {
    const s = await estimateSparsity(loadFixtureSorting(), loadFixtureRecording(), {
      mainChannelIndices: expected.main_channel_indices,
    });
    assert.deepEqual(idLists(s), asLists(expected.default_sparsity_unit_id_to_channel_ids));
  });
  test("radius from estimated raw templates finds the same main channels", async () => {
    const s = await estimateSparsity(loadFixtureSorting(), loadFixtureRecording(), {
      method: "radius",
      radiusUm: 40,
      msBefore: 1,
      msAfter: 2,
    });
    assert.deepEqual(idLists(s), asLists(expected.sparsity.radius_40));
  });
  test("by_property and bad methods", async () => {
    const s = await estimateSparsity(loadFixtureSorting(), loadFixtureRecording(), {
      method: "by_property",
      byProperty: "group",
    });
    assert.deepEqual(idLists(s), asLists(expected.sparsity.by_property_group));
    await assert.rejects(
      estimateSparsity(loadFixtureSorting(), loadFixtureRecording(), { method: "energy" as "radius" }),
      (e) => e instanceof InvalidArgumentError && /"energy"/.test(e.message),
    );
    await assert.rejects(
      estimateSparsity(loadFixtureSorting(), loadFixtureRecording(), { method: "snr" }),
      (e) => e instanceof InvalidArgumentError && /noiseLevels/.test(e.message),
    );
  });
  test("best channels / snr on raw templates", async () => {
    const best = await estimateSparsity(loadFixtureSorting(), loadFixtureRecording(), {
      method: "best_channels",
      numChannels: 3,
    });
    assert.equal(best.maxNumActiveChannels, 3);
    // the same channels as Python's compute_sparsity on the µV templates (uniform gains here)
    assert.deepEqual(idLists(best), asLists(expected.sparsity.best_channels_3));
    const ids: Id[][] = idLists(best);
    ids.forEach((chans, u) => {
      assert.ok(chans.includes(CHANNEL_IDS[expected.main_channel_indices[u]]));
    });
    const snr = await estimateSparsity(loadFixtureSorting(), loadFixtureRecording(), {
      method: "snr",
      threshold: 5,
      noiseLevels: new Float64Array(16).fill(8),
    });
    assert.ok(snr.mask.some((v) => v === 1));
  });
});
