import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { BaseRecording, generateGroundTruthRecording, NumpyRecording, NumpySorting } from "../src/index.js";
import { createSortingAnalyzer, loadExtractor, loadSortingAnalyzer } from "../src/node.js";

// The README's "A taste of the API", run as written (in a temporary folder).
test("README example runs and gives the numbers it claims", async () => {
  const dir = mkdtempSync(join(tmpdir(), "si-readme-"));
  try {
    const fs = 30000;
    const data = new Int16Array(fs * 4).map((_, i) => (i % 101) - 50);
    const rec = new NumpyRecording({
      tracesList: { data, shape: [fs, 4] },
      samplingFrequency: fs,
      channelIds: ["a", "b", "c", "d"],
    });
    rec.setChannelGains(0.195);
    rec.setChannelOffsets(0);
    const sub = rec.channelSlice(["c", "a"]).frameSlice(1000, 2000);
    const traces = await sub.getTraces({ startFrame: 0, endFrame: 10, returnScaled: true });
    assert.equal(traces.dtype, "float32");
    assert.deepEqual(traces.shape, [10, 2]);
    assert.equal(traces.data[1], Math.fround(Math.fround(data[1000 * 4 + 0] * Math.fround(0.195))));

    const sorting = NumpySorting.fromTimesAndLabels([0.01, 0.02, 0.5], ["u1", "u2", "u1"], fs);
    assert.deepEqual([...sorting.getUnitSpikeTrain({ unitId: "u1" })], [300, 15000]);

    const gt = generateGroundTruthRecording({ durations: [10], numChannels: 16, numUnits: 8, seed: 0 });
    const saved = await gt.recording.save({
      folder: join(dir, "gt_rec"),
      format: "binary",
      nJobs: 2,
      progressBar: false,
    });
    const analyzer = await createSortingAnalyzer({
      sorting: gt.sorting,
      recording: saved,
      format: "zarr",
      folder: join(dir, "gt.zarr"),
      sparse: true,
    });
    await analyzer.compute(["random_spikes", "waveforms", "templates", "noise_levels"]);
    const again = await loadExtractor(join(dir, "gt_rec"));
    assert.ok(again instanceof BaseRecording, "a binary folder loads as a recording");
    // the noise-level cache that noise_levels left on `saved` is derived data: never saved
    assert.deepEqual(again.getPropertyKeys().sort(), ["gain_to_uV", "group", "offset_to_uV"]);
    assert.deepEqual(
      [...(await again.getTraces({ endFrame: 5 })).data],
      [...(await saved.getTraces({ endFrame: 5 })).data],
    );
    const reloaded = await loadSortingAnalyzer(join(dir, "gt.zarr"));
    assert.deepEqual(reloaded.getLoadedExtensionNames().sort(), [
      "noise_levels",
      "random_spikes",
      "templates",
      "waveforms",
    ]);
    assert.equal(reloaded.getNumUnits(), 8);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
