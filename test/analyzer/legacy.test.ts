/** The legacy WaveformExtractor API (spec api.md §12) over the analyzer. */
import assert from "node:assert/strict";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { analyzerArrayToNpy } from "../../src/analyzer/formats/npy-io.js";
import { extractWaveforms } from "../../src/analyzer/legacy/extract-waveforms.js";
import { MockWaveformExtractor } from "../../src/analyzer/legacy/mock-waveform-extractor.js";
import { loadWaveforms } from "../../src/analyzer/node.js";
import { SortingAnalyzer } from "../../src/analyzer/sorting-analyzer.js";
import { encodeNpy, npyFromColumns, npyFromTypedArray } from "../../src/io/npy/index.js";
import { ChannelSparsity } from "../../src/sparsity/channel-sparsity.js";
import { ANALYZER_FIXTURES, expected, fixtureRecording, fixtureSorting, tempFolder } from "./helpers.js";

describe("extractWaveforms / MockWaveformExtractor", async () => {
  const we = await extractWaveforms({
    recording: fixtureRecording(),
    sorting: fixtureSorting(),
    mode: "memory",
    maxSpikesPerUnit: 40,
    seed: 2205,
    precomputeTemplate: ["average", "std"],
  });

  test("the old attributes", () => {
    assert.ok(we instanceof MockWaveformExtractor);
    assert.equal(we.nbefore, 30);
    assert.equal(we.nafter, 60);
    assert.equal(we.nsamples, 90);
    assert.equal(we.dtype, "<f4");
    assert.equal(we.returnScaled, true);
    assert.equal(we.isSparse(), true);
    assert.equal(we.hasWaveforms(), true);
    assert.equal(we.format, "memory");
    assert.deepEqual(we.getAvailableExtensionNames(), [
      "random_spikes",
      "waveforms",
      "templates",
      "noise_levels",
    ]);
    assert.match(
      String(we),
      /^MockWaveformExtractor: mock the old WaveformExtractor with SortingAnalyzer: 16 channels/,
    );
  });

  test("getWaveforms, getSampledIndices", () => {
    const wf = we.getWaveforms("0");
    assert.deepEqual(wf.shape, expected.waveforms.unit0_sparse_shape);
    assert.deepEqual(
      Array.from(wf.data.subarray(30 * 16, 31 * 16)),
      expected.waveforms.unit0_sparse_first_wf_at_nbefore,
    );
    const sparse1 = we.getWaveforms("1");
    assert.equal(sparse1.shape[2], 11);
    assert.equal(we.getWaveforms("1", { forceDense: true }).shape[2], 16);
    const idx = we.getSampledIndices("1");
    const counts = [0, 1].map((s) => we.sorting.getUnitSpikeIndices("1", s).length);
    assert.deepEqual(Array.from(idx.segmentIndex), [
      ...new Array(counts[0]).fill(0),
      ...new Array(counts[1]).fill(1),
    ]);
  });

  test("getAllTemplates, getTemplate, precomputeTemplates", async () => {
    const all = we.getAllTemplates();
    assert.deepEqual(all.shape, [6, 90, 16]);
    const one = we.getTemplate("2", { mode: "std" });
    assert.deepEqual(one.shape, [90, 16]);
    assert.throws(() => we.getAllTemplates({ mode: "median" }), /"median" are not computed/);
    await we.precomputeTemplates(["median", "percentile"], 10);
    assert.deepEqual(we.getAllTemplates({ mode: "median", unitIds: ["1", "0"] }).shape, [2, 90, 16]);
    assert.equal(we.getAllTemplates({ mode: "percentile", percentile: 10 }).shape[0], 6);
  });
});

describe("MockWaveformExtractor.getWaveforms with a sparsity", () => {
  test("a dense analyzer's waveforms restricted to the unit's channels of the sparsity", async () => {
    const we = await extractWaveforms({
      recording: fixtureRecording(),
      sorting: fixtureSorting(),
      mode: "memory",
      sparse: false,
      maxSpikesPerUnit: 4,
      seed: 3,
    });
    const unitId = we.unitIds[1];
    const picked = [we.channelIds[5], we.channelIds[2]];
    const sparsity = ChannelSparsity.fromUnitIdToChannelIds({
      unitIdToChannelIds: new Map(we.unitIds.map((u) => [u, u === unitId ? picked : [we.channelIds[0]]])),
      unitIds: we.unitIds,
      channelIds: we.channelIds,
    });
    const dense = we.getWaveforms(unitId);
    const sparse = we.getWaveforms(unitId, { sparsity });
    const [n, ns, c] = dense.shape;
    assert.deepEqual(sparse.shape, [n, ns, 2]);
    // the mask keeps channel order: channels 2 then 5
    for (let r = 0; r < n * ns; r++) {
      assert.equal(sparse.data[r * 2], dense.data[r * c + 2]);
      assert.equal(sparse.data[r * 2 + 1], dense.data[r * c + 5]);
    }
    assert.throws(
      () => we.getWaveforms(unitId, { sparsity, forceDense: true }),
      /dense analyzer's waveforms only/,
    );
  });
});

describe("loadWaveforms", () => {
  test("an analyzer folder opens as a MockWaveformExtractor or a SortingAnalyzer", async () => {
    const we = await loadWaveforms(join(ANALYZER_FIXTURES, "analyzer_binary_folder"));
    assert.ok(we instanceof MockWaveformExtractor);
    assert.equal(we.format, "binary");
    assert.deepEqual(
      Array.from(we.getAllTemplates().data.subarray(0, 5)),
      expected.templates.average_summary.first,
    );
    const an = await loadWaveforms(join(ANALYZER_FIXTURES, "analyzer.zarr"), { output: "SortingAnalyzer" });
    assert.ok(an instanceof SortingAnalyzer);
  });

  /** An old WaveformExtractor folder of `source`'s waveforms, its params.json saying `msBefore`. */
  function writeOldFolder(source: MockWaveformExtractor, msBefore: number): string {
    const folder = join(tempFolder(), "old_we");
    mkdirSync(join(folder, "waveforms"), { recursive: true });
    cpSync(
      join(ANALYZER_FIXTURES, "analyzer_binary_folder", "recording_info"),
      join(folder, "recording_info"),
      { recursive: true },
    );
    writeFileSync(
      join(folder, "params.json"),
      JSON.stringify({ ms_before: msBefore, ms_after: 2.0, return_scaled: true, dtype: "float32" }),
    );
    writeFileSync(join(folder, "sparsity.json"), JSON.stringify(source.sparsity?.toDict()));
    for (const unitId of source.unitIds) {
      const wf = source.getWaveforms(unitId);
      const arr = { kind: "array" as const, data: wf.data, shape: wf.shape, dtype: "float32" as const };
      writeFileSync(join(folder, "waveforms", `waveforms_${unitId}.npy`), encodeNpy(analyzerArrayToNpy(arr)));
      const idx = source.getSampledIndices(unitId);
      const big = (a: Int32Array) => BigInt64Array.from(a, (v) => BigInt(v));
      const npy = npyFromColumns({ spike_index: big(idx.spikeIndex), segment_index: big(idx.segmentIndex) });
      writeFileSync(join(folder, "waveforms", `sampled_index_${unitId}.npy`), encodeNpy(npy));
    }
    const avg = source.getAllTemplates();
    writeFileSync(
      join(folder, "templates_average.npy"),
      encodeNpy(npyFromTypedArray(avg.data as Float64Array, { shape: avg.shape })),
    );
    return folder;
  }

  test("an old WaveformExtractor folder is converted", async () => {
    const source = await extractWaveforms({
      recording: fixtureRecording(),
      sorting: fixtureSorting(),
      mode: "memory",
      maxSpikesPerUnit: 10,
      seed: 1,
    });
    const folder = writeOldFolder(source, 1.0);
    const avg = source.getAllTemplates();
    const we = (await loadWaveforms(folder, { sorting: fixtureSorting() })) as MockWaveformExtractor;
    assert.equal(we.sortingAnalyzer.peakSign, "neg");
    assert.deepEqual(
      Array.from(we.sortingAnalyzer.getExtension("random_spikes")?.getData() ?? []),
      Array.from(source.sortingAnalyzer.getExtension("random_spikes")?.getData() ?? []),
    );
    for (const unitId of source.unitIds)
      assert.deepEqual(we.getWaveforms(unitId).data, source.getWaveforms(unitId).data);
    assert.deepEqual(we.getAllTemplates().data, avg.data);
    assert.deepEqual(Array.from(we.sortingAnalyzer.getMainChannelIndices()), expected.main_channel_indices);
  });
  test("old folders: the waveform length is read from the files (the old extractor truncated ms to samples)", async () => {
    // 31 samples before at 30 kHz; the old extractor wrote them for ms_before 1.05 (int(31.5) = 31),
    // where rounding would expect 32.
    const source = await extractWaveforms({
      recording: fixtureRecording(),
      sorting: fixtureSorting(),
      mode: "memory",
      msBefore: 31 / 30,
      maxSpikesPerUnit: 5,
      seed: 2,
    });
    assert.equal(source.getWaveforms(source.unitIds[0]).shape[1], 91);
    const we = (await loadWaveforms(writeOldFolder(source, 1.05), {
      sorting: fixtureSorting(),
    })) as MockWaveformExtractor;
    for (const unitId of source.unitIds)
      assert.deepEqual(we.getWaveforms(unitId).data, source.getWaveforms(unitId).data);
  });
});
