import assert from "node:assert/strict";
import { describe, test } from "node:test";
import "../../../src/index.js";
import { extractorFromDict } from "../../../src/base/provenance.js";
import { InvalidArgumentError } from "../../../src/errors.js";
import { generateRecording } from "../../../src/generate/recordings/generate-recording.js";
import { deriveSeed } from "../../../src/generate/seeds.js";
import { generateSnippets } from "../../../src/generate/snippets.js";
import { generateSorting } from "../../../src/generate/sortings/generate-sorting.js";
import type { BaseRecording } from "../../../src/recording/base-recording.js";
import type { BaseSorting } from "../../../src/sorting/base-sorting.js";
import { mean, std } from "../stats.js";

const invalid = (pattern: RegExp) => (e: unknown) =>
  e instanceof InvalidArgumentError && pattern.test(e.message);

describe("generateRecording", () => {
  test("the seed's example: 2 segments, 4 channels, durations [10.325, 3.5] s, probe attached", async () => {
    const recording = generateRecording({
      numChannels: 4,
      samplingFrequency: 30000,
      durations: [10.325, 3.5],
      setProbe: true,
    });
    assert.equal(recording.getNumSegments(), 2);
    assert.equal(recording.getNumChannels(), 4);
    assert.equal(recording.getNumSamples({ segmentIndex: 0 }), 309750);
    assert.equal(recording.getNumSamples({ segmentIndex: 1 }), 105000);
    assert.deepEqual(recording.channelIds, ["0", "1", "2", "3"]);
    assert.equal(recording.name, "SyntheticRecording");
    assert.equal(recording.isFiltered(), true);
    assert.equal(recording.dtype, "float32");
    assert.deepEqual(Array.from(recording.getChannelLocations()), [0, 0, 0, 20, 0, 40, 0, 60]);
    assert.equal(recording.kwargs.noise_block_size, 30000);
    const t = await recording.getTraces({ segmentIndex: 1, startFrame: 0, endFrame: 30000 });
    assert.ok(Math.abs(std(t.data) - 1) < 0.02);
  });

  test("defaults, ndim 3, tStarts, no probe", () => {
    const rec = generateRecording({ seed: 0 });
    assert.equal(rec.getNumChannels(), 2);
    assert.equal(rec.getNumSamples({ segmentIndex: 1 }), 75000);
    const r3 = generateRecording({ ndim: 3, tStarts: [100, 200.5], seed: 1 });
    assert.equal(r3.has3dProbe(), true);
    assert.equal(r3.getStartTime({ segmentIndex: 1 }), 200.5);
    assert.equal(generateRecording({ setProbe: false }).hasProbe(), false);
  });

  test("the same seed gives the same traces; toDict → extractorFromDict rebuilds them", async () => {
    const a = generateRecording({ seed: 42 });
    const b = generateRecording({ seed: 42 });
    const c = (await extractorFromDict(a.toDict({ recursive: true }))) as BaseRecording;
    const read = (r: BaseRecording) => r.getTraces({ segmentIndex: 1, startFrame: 1000, endFrame: 1100 });
    const ta = Array.from((await read(a)).data);
    assert.deepEqual(Array.from((await read(b)).data), ta);
    assert.deepEqual(Array.from((await read(c)).data), ta);
    assert.equal(c.name, "SyntheticRecording");
    assert.deepEqual(Array.from(c.getChannelLocations()), Array.from(a.getChannelLocations()));
    assert.notDeepEqual(Array.from((await read(generateRecording({ seed: 43 }))).data), ta);
  });

  test("bad parameters", () => {
    assert.throws(() => generateRecording({ durations: [5, -2] }), invalid(/durations\[1\].*-2/));
    assert.throws(() => generateRecording({ samplingFrequency: 0 }), invalid(/samplingFrequency/));
    assert.throws(() => generateRecording({ numChannels: 0 }), invalid(/numChannels/));
    assert.throws(() => generateRecording({ ndim: 4 as 2 }), invalid(/ndim/));
    assert.throws(() => generateRecording({ tStarts: [0] }), invalid(/tStarts/));
  });
});

describe("generateSorting", () => {
  test("the seed's example (old argument names firingRate / refractoryPeriod)", () => {
    const sorting = generateSorting({
      numUnits: 5,
      samplingFrequency: 30000,
      durations: [10.325, 3.5],
      firingRate: 15,
      refractoryPeriod: 1.5,
      seed: 0,
    });
    assert.deepEqual(sorting.unitIds, ["0", "1", "2", "3", "4"]);
    assert.equal(sorting.getNumSegments(), 2);
    for (const [, count] of sorting.countNumSpikesPerUnit()) {
      // 13.825 s at 15 Hz: 207 spikes expected, Poisson sd ≈ 14.
      assert.ok(Math.abs(count - 207) < 70, `count ${count}`);
    }
    for (let seg = 0; seg < 2; seg++) {
      const n = Math.floor([10.325, 3.5][seg] * 30000);
      assert.ok(sorting.getLastSpikeFrame({ segmentIndex: seg }) < n);
    }
  });

  test("firing rates match the requested ones over long trains, refractory period respected", () => {
    const rates = [2, 5, 10, 20, 40];
    const duration = 300;
    const fs = 30000;
    const sorting = generateSorting({
      numUnits: 5,
      samplingFrequency: fs,
      durations: [duration],
      firingRates: rates,
      refractoryPeriodMs: 4,
      seed: 7,
    });
    rates.forEach((rate, u) => {
      const train = sorting.getUnitSpikeTrain({ unitId: String(u) });
      const measured = train.length / duration;
      // Poisson: sd of the rate estimate is sqrt(rate / duration); allow 5 sd.
      assert.ok(
        Math.abs(measured - rate) < 5 * Math.sqrt(rate / duration) + 0.05,
        `unit ${u}: ${measured} Hz vs ${rate}`,
      );
      let minIsi = Infinity;
      for (let i = 1; i < train.length; i++) minIsi = Math.min(minIsi, train[i] - train[i - 1]);
      assert.ok(minIsi > 0.004 * fs, `unit ${u}: min ISI ${minIsi} samples`);
    });
  });

  test("emptyUnits, a rate range, border spikes, tStarts", () => {
    const s = generateSorting({
      numUnits: 6,
      emptyUnits: [1, 4],
      firingRates: { low: 5, high: 10 },
      seed: 3,
    });
    assert.deepEqual(s.getEmptyUnitIds(), ["1", "4"]);
    const b = generateSorting({ numUnits: 3, durations: [2], addSpikesOnBorders: true, seed: 3 });
    const v = b.toSpikeVector().sampleIndex;
    const n = 60000;
    assert.ok(v.filter((x) => x < 20).length >= 3);
    assert.ok(v.filter((x) => x >= n - 20).length >= 3);
    const t = generateSorting({ durations: [1, 1], tStarts: [10, 20], seed: 1 });
    assert.equal(t.getStartTime({ segmentIndex: 1 }), 20);
  });

  test("reproducible from the seed; toDict → extractorFromDict gives identical trains", async () => {
    const a = generateSorting({ seed: 11 });
    const b = generateSorting({ seed: 11 });
    const c = (await extractorFromDict(a.toDict({ recursive: true }))) as BaseSorting;
    const va = a.toSpikeVector();
    for (const other of [b, c]) {
      const vo = other.toSpikeVector();
      assert.deepEqual(Array.from(vo.sampleIndex), Array.from(va.sampleIndex));
      assert.deepEqual(Array.from(vo.unitIndex), Array.from(va.unitIndex));
      assert.deepEqual(Array.from(vo.segmentIndex), Array.from(va.segmentIndex));
    }
    assert.deepEqual(c.unitIds, a.unitIds);
  });

  test("bad parameters", () => {
    assert.throws(() => generateSorting({ numUnits: 0 }), invalid(/numUnits.*0/));
    assert.throws(() => generateSorting({ durations: [-1] }), invalid(/durations\[0\]/));
    assert.throws(() => generateSorting({ samplingFrequency: -1 }), invalid(/samplingFrequency/));
    assert.throws(
      () => generateSorting({ firingRates: 300, refractoryPeriodMs: 4 }),
      invalid(/refractoryPeriodMs 4 is too long.*300 Hz/),
    );
    assert.throws(() => generateSorting({ refractoryPeriodMs: -1 }), invalid(/refractoryPeriodMs/));
    assert.throws(() => generateSorting({ emptyUnits: [7] }), invalid(/7/));
    assert.throws(() => generateSorting({ firingRate: 2, firingRates: 3 }), invalid(/not both/));
  });
});

describe("generateSnippets", () => {
  test("the seed's example: snippets of 60 samples on 2 channels from 5 units", async () => {
    const { snippets, sorting } = await generateSnippets({
      nbefore: 20,
      nafter: 40,
      numChannels: 2,
      samplingFrequency: 30000,
      durations: [10.325, 3.5],
      setProbe: true,
      numUnits: 5,
      seed: 2,
    });
    assert.equal(snippets.getNumSegments(), 2);
    assert.equal(snippets.snippetLen, 60);
    assert.equal(snippets.getNumChannels(), 2);
    assert.equal(snippets.hasProbe(), true);
    assert.equal(sorting.getNumUnits(), 5);
    for (let seg = 0; seg < 2; seg++) {
      assert.equal(
        snippets.getNumSnippets({ segmentIndex: seg }),
        sorting.getSegmentSpikes(seg).sampleIndex.length,
      );
    }
    // Every snippet is the recording's noise window: std ≈ 1 overall.
    const all = await snippets.getSnippets({ segmentIndex: 0 });
    assert.ok(Math.abs(std(all.data) - 1) < 0.05);
    assert.ok(Math.abs(mean(all.data)) < 0.05);
  });

  test("each snippet equals the generated recording's window", async () => {
    const { snippets, sorting } = await generateSnippets({ durations: [2], seed: 5, nbefore: 3, nafter: 4 });
    const recording = generateRecording({ durations: [2], seed: deriveSeed(5, "recording") });
    const frames = sorting.getSegmentSpikes(0).sampleIndex;
    const data = (await snippets.getSnippets()).data;
    for (const k of [0, Math.floor(frames.length / 2), frames.length - 1]) {
      const f = frames[k];
      const t = await recording.getTraces({ startFrame: f - 3, endFrame: f + 4 });
      assert.deepEqual(Array.from(data.subarray(k * 14, k * 14 + 14)), Array.from(t.data));
    }
  });
});
