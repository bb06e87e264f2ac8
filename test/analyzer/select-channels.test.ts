/** SortingAnalyzer.selectChannels on merge-helpers' analyzer (value = sample + 1000·channel). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadSortingAnalyzer } from "../../src/analyzer/node.js";
import { ChannelSparsity } from "../../src/index.js";
import { tempFolder } from "./helpers.js";
import { analyzer } from "./merge-helpers.js";

describe("selectChannels", async () => {
  const an = await analyzer();
  const sel = await an.selectChannels([3, 1]);

  test("channels in the given order: recording, templates, waveforms, noise levels", async () => {
    assert.deepEqual(sel.channelIds, [3, 1]);
    assert.equal(sel.getNumChannels(), 2);
    const traces = await sel.recording?.getTraces({ startFrame: 10, endFrame: 11 });
    assert.deepEqual(Array.from(traces?.data ?? []), [3010, 1010]);
    const avg = sel.getExtension("templates")?.getData();
    assert.deepEqual(avg?.shape, [3, 5, 2]);
    // unit a (mean sample 30), offset 2: channel 3 then channel 1
    assert.deepEqual(Array.from(avg?.data.subarray(4, 6) ?? []), [3030, 1030]);
    const wf = sel.getExtension("waveforms")?.getData();
    assert.deepEqual(wf?.shape, [9, 5, 2]);
    assert.deepEqual(Array.from(wf?.data.subarray(4, 6) ?? []), [3010, 1010]);
    const nl = an.getExtension("noise_levels")?.getData() ?? [];
    assert.deepEqual(Array.from(sel.getExtension("noise_levels")?.getData() ?? []), [nl[3], nl[1]]);
    assert.deepEqual(sel.getExtension("random_spikes")?.data, an.getExtension("random_spikes")?.data);
  });

  test("errors: unknown or repeated channel ids", async () => {
    await assert.rejects(an.selectChannels([1, 7]), /7/);
    await assert.rejects(an.selectChannels([1, 1]), /repeat/);
  });
});

describe("selectChannels, sparse", async () => {
  const mask = [1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1];
  const sparsity = new ChannelSparsity({ mask, unitIds: ["a", "b", "c"], channelIds: [0, 1, 2, 3] });
  const an = await analyzer({ sparsity });
  const sel = await an.selectChannels([2, 1]);

  test("masks keep the selected columns; waveforms repacked onto each unit's new channels", () => {
    assert.deepEqual(Array.from(sel.sparsity?.mask ?? []), [1, 1, 1, 1, 1, 0]);
    const wf = sel.getExtension("waveforms")?.getData();
    assert.deepEqual(wf?.shape, [9, 5, 2]);
    // spike 0 (a, sample 10), offset 2: new channel 0 is channel 2, new channel 1 is channel 1
    assert.deepEqual(Array.from(wf?.data.subarray(4, 6) ?? []), [2010, 1010]);
    // spike 5 (c, sample 110): only channel 2 is left, then zero
    assert.deepEqual(Array.from(wf?.data.subarray((5 * 5 + 2) * 2, (5 * 5 + 2) * 2 + 2) ?? []), [2110, 0]);
    const dense = sel.getExtension("waveforms")?.getWaveformsOneUnit("c", { forceDense: true });
    assert.deepEqual(Array.from(dense?.data.subarray(4, 6) ?? []), [2110, 0]);
  });
});

describe("selectChannels of a recordingless analyzer", async () => {
  const an = await analyzer();
  const folder = join(tempFolder("si-selch-"), "an");
  await an.saveAs({ format: "binary_folder", folder });
  // the in-memory recording has no JSON form: the analyzer reopens without it
  const back = await loadSortingAnalyzer(folder);

  test("the stored attributes are sliced", async () => {
    assert.equal(back.hasRecording(), false);
    const sel = await back.selectChannels([0, 2]);
    assert.deepEqual(sel.channelIds, [0, 2]);
    assert.equal(sel.getNumChannels(), 2);
    assert.deepEqual(sel.getExtension("templates")?.getData().shape, [3, 5, 2]);
  });
});
