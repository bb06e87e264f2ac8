/**
 * Analyzers written by Python SpikeInterface 0.105 (binary_folder and zarr) load, and what they
 * hold equals expected.json: settings, sparsity, main channels, random spikes, waveforms,
 * templates and noise levels.
 */
import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadSortingAnalyzer } from "../../src/analyzer/node.js";
import type { SortingAnalyzer } from "../../src/analyzer/sorting-analyzer.js";
import { ANALYZER_FIXTURES, collectWarnings, expected, summary, tempFolder } from "./helpers.js";

for (const name of ["analyzer_binary_folder", "analyzer.zarr"]) {
  describe(`Python ${name}`, async () => {
    const { value: analyzer, warnings } = await collectWarnings(() =>
      loadSortingAnalyzer(join(ANALYZER_FIXTURES, name)),
    );
    const an = analyzer as SortingAnalyzer;

    test("format, ids, sizes, settings", () => {
      assert.equal(an.format, name.endsWith(".zarr") ? "zarr" : "binary_folder");
      assert.deepEqual([...an.unitIds], expected.unit_ids);
      assert.deepEqual([...an.channelIds], expected.channel_ids);
      assert.equal(an.samplingFrequency, 30000);
      assert.equal(an.getNumSegments(), 2);
      assert.deepEqual(
        [0, 1].map((s) => an.getNumSamples({ segmentIndex: s })),
        expected.get_num_samples,
      );
      assert.equal(an.getTotalSamples(), 48000);
      assert.equal(an.returnInUV, expected.return_in_uV);
      assert.equal(an.peakSign, "both");
      assert.equal(an.peakMode, "extremum");
      assert.equal(an.getDtype(), "int16");
      assert.equal(an.isFiltered(), true);
      assert.equal(an.isSparse(), true);
      assert.equal(an.getChannelLocations().length, 32);
    });

    test("the recording is rebuilt from its provenance (relative path to the binary folder)", () => {
      assert.deepEqual(warnings, []);
      assert.equal(an.hasRecording(), true);
      assert.equal(an.getTotalDuration(), expected.get_total_duration);
      assert.match(
        String(an),
        /^SortingAnalyzer: 16 channels - 6 units - 2 segments - (binary_folder|zarr) - sparse - has recording\n/,
      );
    });

    test("sparsity and main channels", () => {
      const sp = an.sparsity;
      assert.ok(sp !== null);
      assert.deepEqual(
        Object.fromEntries(sp.unitIdToChannelIds),
        expected.default_sparsity_unit_id_to_channel_ids,
      );
      assert.deepEqual(Array.from(an.getMainChannelIndices()), expected.main_channel_indices);
      assert.deepEqual(an.getMainChannels({ outputs: "id" }), Object.values(expected.extremum_channels.both));
    });

    test("extensions loaded with their params", () => {
      assert.deepEqual(an.getLoadedExtensionNames().sort(), [
        "noise_levels",
        "random_spikes",
        "templates",
        "waveforms",
      ]);
      assert.deepEqual(an.getExtension("random_spikes")?.params, expected.random_spikes.params);
      assert.deepEqual(an.getExtension("waveforms")?.params, expected.waveforms.params);
      assert.deepEqual(an.getExtension("templates")?.params, expected.templates.params);
      assert.deepEqual(an.getExtension("noise_levels")?.params, expected.noise_levels_extension.params);
      assert.equal(an.getExtension("templates")?.runInfo?.run_completed, true);
    });

    test("random spikes and waveforms", () => {
      assert.deepEqual(
        Array.from(an.getExtension("random_spikes")?.getData() ?? []),
        expected.random_spikes.indices,
      );
      const wf = an.getExtension("waveforms");
      assert.ok(wf !== null);
      assert.deepEqual(wf.getData().shape, expected.waveforms.all_shape);
      assert.equal(wf.getData().dtype, "float32");
      assert.equal(wf.nbefore, expected.waveforms.nbefore);
      assert.equal(wf.nafter, expected.waveforms.nafter);
      const u0 = wf.getWaveformsOneUnit("0");
      assert.deepEqual(u0.shape, expected.waveforms.unit0_sparse_shape);
      const c = u0.shape[2];
      const atNbefore = Array.from(u0.data.subarray(30 * c, 31 * c));
      assert.deepEqual(atNbefore, expected.waveforms.unit0_sparse_first_wf_at_nbefore);
    });

    test("templates average and std", () => {
      const t = an.getExtension("templates");
      assert.ok(t !== null);
      for (const op of ["average", "std"] as const) {
        const arr = t.getData({ operator: op });
        const exp = expected.templates[`${op}_summary`];
        assert.deepEqual(arr.shape, exp.shape);
        assert.equal(arr.dtype, exp.dtype);
        const s = summary(arr.data);
        assert.equal(s.sum, exp.sum);
        assert.equal(s.min, exp.min);
        assert.equal(s.max, exp.max);
        assert.deepEqual(Array.from(arr.data.subarray(0, 5)), exp.first);
        assert.deepEqual(Array.from(arr.data.subarray(arr.data.length - 5)), exp.last);
      }
      const u1 = t.getUnitTemplate("1");
      const main = 15;
      const trace = Array.from({ length: 90 }, (_, i) => u1.data[i * 16 + main]);
      assert.deepEqual(trace, expected.templates.units["1"].average_on_extremum_channel);
      assert.throws(() => t.getData({ operator: "median" }), /not computed/);
    });

    test("noise levels", () => {
      assert.deepEqual(
        Array.from(an.getExtension("noise_levels")?.getData() ?? []),
        expected.noise_levels_extension.data,
      );
    });
  });
}

describe("a moved analyzer folder opens without its recording", () => {
  test("recordingless mode, with a warning", async () => {
    const folder = join(tempFolder(), "moved");
    cpSync(join(ANALYZER_FIXTURES, "analyzer_binary_folder"), folder, { recursive: true });
    const { value: an, warnings } = await collectWarnings(() => loadSortingAnalyzer(folder));
    assert.equal(an.hasRecording(), false);
    assert.ok(
      warnings.some((w) => w.includes("recordingless")),
      warnings.join("\n"),
    );
    assert.throws(() => an.requireRecording(), /recordingless/);
    assert.equal(
      String(an),
      "SortingAnalyzer: 16 channels - 6 units - 2 segments - binary_folder - sparse\nLoaded 4 extensions: noise_levels, random_spikes, waveforms, templates",
    );
    assert.equal(an.getTotalDuration(), 1.6);
    await assert.rejects(an.compute("waveforms"), /recording/);
  });
});
