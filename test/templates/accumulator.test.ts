import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError, NumpyRecording, NumpySorting } from "../../src/index.js";
import { ChannelSparsity } from "../../src/sparsity/channel-sparsity.js";
import type { SortingAnalyzerLike } from "../../src/sparsity/sources.js";
import { estimateTemplatesWithAccumulator } from "../../src/templates/accumulator.js";
import { selectRandomSpikesUniform } from "../../src/templates/random-spikes.js";
import { loadFixtureSorting } from "../tools/fixture-data.js";

/** examples.md §11: 100 × 4 int16, value = sample + 1000·channel, gain 0.5, offset 1, fs 1000. */
function borderRecording(): NumpyRecording {
  const data = Int16Array.from({ length: 400 }, (_, i) => Math.floor(i / 4) + 1000 * (i % 4));
  const rec = new NumpyRecording({ tracesList: { data, shape: [100, 4] }, samplingFrequency: 1000 });
  rec.setChannelGains(0.5);
  rec.setChannelOffsets(1.0);
  return rec;
}

const borderSpikes = {
  sampleIndex: Float64Array.from([0, 1, 2, 50, 97, 99]),
  unitIndex: Int32Array.from([0, 0, 1, 1, 0, 1]),
  segmentIndex: new Int32Array(6),
};

describe("estimateTemplatesWithAccumulator", () => {
  test("W7: border spikes are skipped but still count in the denominator", async () => {
    const t = await estimateTemplatesWithAccumulator(borderRecording(), borderSpikes, [0, 1], 1, 2);
    assert.deepEqual(t.shape, [2, 3, 4]);
    const ch0 = [0, 1, 2].map((s) => t.average[s * 4]);
    assert.deepEqual(ch0, [Math.fround(50 / 3), 17, Math.fround(52 / 3)]);
    assert.equal(t.std, null);
  });
  test("std from the squared sums, chunking does not change the result", async () => {
    const a = await estimateTemplatesWithAccumulator(borderRecording(), borderSpikes, [0, 1], 1, 2, {
      returnStd: true,
      returnInUV: false,
    });
    const b = await estimateTemplatesWithAccumulator(borderRecording(), borderSpikes, [0, 1], 1, 2, {
      returnStd: true,
      returnInUV: false,
      chunkSize: 7,
    });
    assert.deepEqual(Array.from(a.average), Array.from(b.average));
    assert.deepEqual(Array.from(a.std!), Array.from(b.std!));
    // unit 1: valid spikes 2 and 50 plus the skipped 99 (counted as a zero waveform) → values x, y, 0
    const x = 1; // raw sample 1 at window start of spike 2
    const y = 49;
    const mean = (x + y) / 3;
    const std = Math.sqrt(((x - mean) ** 2 + (y - mean) ** 2 + mean ** 2) / 3);
    assert.ok(Math.abs(a.std![12] - std) < 1e-4);
  });
  test("no spikes / bad unit index throw", async () => {
    const empty = {
      sampleIndex: new Float64Array(0),
      unitIndex: new Int32Array(0),
      segmentIndex: new Int32Array(0),
    };
    await assert.rejects(
      estimateTemplatesWithAccumulator(borderRecording(), empty, [0], 1, 2),
      InvalidArgumentError,
    );
    const bad = { ...borderSpikes, unitIndex: Int32Array.from([0, 0, 5, 1, 0, 1]) };
    await assert.rejects(
      estimateTemplatesWithAccumulator(borderRecording(), bad, [0, 1], 1, 2),
      (e) => e instanceof InvalidArgumentError && /unit index 5/.test(e.message),
    );
  });
});

describe("selectRandomSpikesUniform", () => {
  test("at most N per unit, sorted, seeded, margin respected", () => {
    const sorting = loadFixtureSorting();
    const numSamples = [30000, 18000];
    const a = selectRandomSpikesUniform(sorting, {
      maxSpikesPerUnit: 5,
      numSamples,
      marginSize: 3000,
      seed: 2205,
    });
    const b = selectRandomSpikesUniform(sorting, {
      maxSpikesPerUnit: 5,
      numSamples,
      marginSize: 3000,
      seed: 2205,
    });
    assert.deepEqual(Array.from(a), Array.from(b));
    const v = sorting.toSpikeVector();
    const perUnit = new Array(6).fill(0);
    for (let k = 0; k < a.length; k++) {
      if (k > 0) assert.ok(a[k] > a[k - 1]);
      const i = a[k];
      perUnit[v.unitIndex[i]]++;
      const s = v.sampleIndex[i];
      assert.ok(s >= 3000 && s < numSamples[v.segmentIndex[i]] - 3000);
    }
    assert.ok(perUnit.every((c) => c <= 5 && c > 0));
    const all = selectRandomSpikesUniform(sorting, { maxSpikesPerUnit: 1000, seed: 1 });
    assert.equal(all.length, v.sampleIndex.length);
    assert.throws(
      () => selectRandomSpikesUniform(sorting, { maxSpikesPerUnit: 1, marginSize: 10 }),
      (e) => e instanceof InvalidArgumentError && /numSamples/.test(e.message),
    );
  });
});

describe("energy sparsity (analyzer with waveforms)", () => {
  test("keeps channels whose energy over noise reaches the threshold", () => {
    // 2 spikes × 4 samples × 2 channels; channel 0 carries ±2, channel 1 is silent
    const wfs = Float32Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? (i % 4 === 0 ? 2 : -2) : 0));
    const sorting = new NumpySorting({
      spikes: {
        sampleIndex: Float64Array.of(10),
        unitIndex: Int32Array.of(0),
        segmentIndex: Int32Array.of(0),
      },
      samplingFrequency: 1000,
      unitIds: ["u"],
    });
    const analyzer: SortingAnalyzerLike = {
      unitIds: ["u"],
      channelIds: ["a", "b"],
      sparsity: null,
      returnInUV: true,
      peakSign: "both",
      peakMode: "extremum",
      sorting,
      recording: null,
      getChannelLocations: () => new Float64Array(4),
      getMainChannelIndices: () => [0],
      getDenseTemplatesArray: () => null,
      getNoiseLevelsData: () => Float32Array.of(1, 1),
      getDenseWaveformsOneUnit: () => ({ data: wfs, shape: [2, 4, 2], nbefore: 1, nafter: 3 }),
    };
    // channel 0: ‖·‖ = sqrt(8·4) = sqrt(32); / (sqrt(4)·1·sqrt(2)) = 2
    assert.deepEqual(Array.from(ChannelSparsity.fromEnergy(analyzer, { threshold: 2 }).mask), [1, 0]);
    assert.deepEqual(Array.from(ChannelSparsity.fromEnergy(analyzer, { threshold: 2.01 }).mask), [0, 0]);
  });
});
