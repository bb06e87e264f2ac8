import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import "../../../src/index.js";
import { extractorFromDict } from "../../../src/base/provenance.js";
import { fromTransferable, toTransferable } from "../../../src/base/transfer.js";
import { InvalidArgumentError } from "../../../src/errors.js";
import { generateGroundTruthRecording } from "../../../src/generate/recordings/generate-ground-truth.js";
import { InjectTemplatesRecording } from "../../../src/generate/recordings/inject-templates-recording.js";
import { NoiseGeneratorRecording } from "../../../src/generate/recordings/noise-generator-recording.js";
import type { BaseRecording } from "../../../src/recording/base-recording.js";
import { NumpyRecording } from "../../../src/recording/numpy-recording.js";
import type { BaseSorting } from "../../../src/sorting/base-sorting.js";
import { NumpySorting } from "../../../src/sorting/numpy-sorting.js";
import { std } from "../stats.js";

const invalid = (pattern: RegExp) => (e: unknown) =>
  e instanceof InvalidArgumentError && pattern.test(e.message);

/** 2 units × 5 samples × 2 channels, distinct values so misplacements show. */
function smallTemplates(): { data: Float32Array; shape: number[] } {
  return { data: Float32Array.from({ length: 20 }, (_, i) => i + 1), shape: [2, 5, 2] };
}

function smallSorting(): NumpySorting {
  return NumpySorting.fromSamplesAndLabels(
    [Float64Array.from([0, 3, 10, 40, 47]), Float64Array.from([2, 8])],
    [
      ["a", "b", "a", "b", "a"],
      ["b", "a"],
    ],
    1000,
    ["a", "b"],
  );
}

/** The dense reference: templates added spike by spike over the whole segment. */
function denseReference(
  numSamples: number,
  frames: number[],
  units: number[],
  t: { data: Float32Array; shape: number[] },
  nbefore: number[],
  amps: number[] | null,
): Float64Array {
  const [, width, c] = t.shape;
  const out = new Float64Array(numSamples * c);
  frames.forEach((f, i) => {
    const u = units[i];
    for (let r = 0; r < width; r++) {
      const row = f - nbefore[u] + r;
      if (row < 0 || row >= numSamples) continue;
      for (let ch = 0; ch < c; ch++) out[row * c + ch] += t.data[(u * width + r) * c + ch] * (amps?.[i] ?? 1);
    }
  });
  return out;
}

describe("InjectTemplatesRecording", () => {
  test("without a parent: exactly the templates at the spikes, clipped at the segment edges", async () => {
    const t = smallTemplates();
    const rec = new InjectTemplatesRecording({
      sorting: smallSorting(),
      templates: t,
      nbefore: 2,
      numSamples: 50,
    });
    assert.equal(rec.dtype, "float32");
    assert.deepEqual(rec.channelIds, [0, 1]);
    const got = await rec.getTraces({ segmentIndex: 0 });
    const ref = denseReference(50, [0, 3, 10, 40, 47], [0, 1, 0, 1, 0], t, [2, 2], null);
    assert.deepEqual(Array.from(got.data), Array.from(ref));
    // Default numSamples: last spike + template length.
    const auto = new InjectTemplatesRecording({ sorting: smallSorting(), templates: t, nbefore: 2 });
    assert.equal(auto.getNumSamples({ segmentIndex: 0 }), 52);
    assert.equal(auto.getNumSamples({ segmentIndex: 1 }), 13);
  });

  test("per-unit nbefore (default: the template peak) and per-spike amplitude factors", async () => {
    const t = smallTemplates();
    const amps = [1, 0.5, 2, -1, 3, 1.5, 0.25];
    const rec = new InjectTemplatesRecording({
      sorting: smallSorting(),
      templates: t,
      nbefore: [0, 4],
      amplitudeFactor: amps,
      numSamples: [50, 20],
    });
    const got = await rec.getTraces({ segmentIndex: 0 });
    const ref = denseReference(50, [0, 3, 10, 40, 47], [0, 1, 0, 1, 0], t, [0, 4], amps.slice(0, 5));
    assert.deepEqual(Array.from(got.data), Array.from(Float32Array.from(ref)));
    const peak = new InjectTemplatesRecording({ sorting: smallSorting(), templates: t });
    assert.deepEqual(Array.from(peak.nbefore), [4, 4]);
  });

  test("chunked reads equal one read, for random chunkings and channel subsets (int16 parent)", async () => {
    const fs = 1000;
    const sorting = NumpySorting.fromSamplesAndLabels(
      Float64Array.from({ length: 60 }, (_, i) => 3 + i * 13 + (i % 5)),
      Int32Array.from({ length: 60 }, (_, i) => i % 2),
      fs,
    );
    const parent = new NoiseGeneratorRecording({
      numChannels: 2,
      samplingFrequency: fs,
      durations: [0.8],
      noiseLevels: 10,
      dtype: "int16",
      seed: 1,
      noiseBlockSize: 64,
      strategy: "on_the_fly",
    });
    const templates = {
      data: Float32Array.from({ length: 2 * 9 * 2 }, (_, i) => 50 * Math.sin(i)),
      shape: [2, 9, 2],
    };
    const make = () =>
      new InjectTemplatesRecording({ sorting, templates, nbefore: 3, parentRecording: parent });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 6 }),
        fc.subarray(["0", "1"], { minLength: 1 }),
        async (a, lengths, channelIds) => {
          const c = Math.min(800, a + lengths.reduce((x, y) => x + y, 0));
          const whole = await make().getTraces({ startFrame: a, endFrame: c, channelIds });
          const parts: number[] = [];
          for (let pos = a, k = 0; pos < c; pos += lengths[k++ % lengths.length]) {
            const end = Math.min(c, pos + lengths[k % lengths.length]);
            parts.push(...(await make().getTraces({ startFrame: pos, endFrame: end, channelIds })).data);
          }
          assert.equal(whole.dtype, "int16");
          assert.deepEqual(Array.from(whole.data), parts);
        },
      ),
      { numRuns: 40 },
    );
  });

  test("a NumpyRecording parent is not modified by reads", async () => {
    const data = new Float32Array(100 * 2).fill(1);
    const parent = new NumpyRecording({ tracesList: { data, shape: [100, 2] }, samplingFrequency: 1000 });
    const sorting = NumpySorting.fromSamplesAndLabels(
      [Float64Array.from([10, 50])],
      [Int32Array.from([0, 1])],
      1000,
    );
    const rec = new InjectTemplatesRecording({
      sorting,
      templates: smallTemplates(),
      nbefore: 0,
      parentRecording: parent,
    });
    await rec.getTraces();
    await rec.getTraces();
    assert.ok(data.every((v) => v === 1));
    const t = await rec.getTraces({ startFrame: 10, endFrame: 11 });
    assert.deepEqual(Array.from(t.data), [2, 3]);
  });

  test("4-D templates use the upsample slot of each spike", async () => {
    // slot s of unit u holds the constant 10·u + s + 1.
    const shape = [2, 3, 1, 4];
    const data = Float32Array.from({ length: 24 }, (_, i) => 10 * Math.floor(i / 12) + (i % 4) + 1);
    const sorting = NumpySorting.fromSamplesAndLabels(
      [Float64Array.from([0, 10])],
      [Int32Array.from([0, 1])],
      1000,
    );
    const rec = new InjectTemplatesRecording({
      sorting,
      templates: { data, shape },
      nbefore: 0,
      upsampleVector: [2, 3],
      numSamples: 20,
    });
    const t = await rec.getTraces();
    assert.equal(t.data[0], 3);
    assert.equal(t.data[10], 14);
    assert.throws(
      () => new InjectTemplatesRecording({ sorting, templates: { data, shape }, nbefore: 0 }),
      invalid(/upsampleVector/),
    );
    assert.throws(
      () =>
        new InjectTemplatesRecording({
          sorting,
          templates: { data, shape },
          nbefore: 0,
          upsampleVector: [0, 4],
        }),
      invalid(/upsampleVector\[1\] = 4/),
    );
  });

  test("mismatches give clear errors", () => {
    const t = smallTemplates();
    const threeUnits = NumpySorting.fromSamplesAndLabels(
      [Float64Array.from([1, 2, 3])],
      [Int32Array.from([0, 1, 2])],
      1000,
    );
    assert.throws(
      () => new InjectTemplatesRecording({ sorting: threeUnits, templates: t }),
      invalid(/2 units, the sorting 3/),
    );
    assert.throws(
      () =>
        new InjectTemplatesRecording({ sorting: smallSorting(), templates: { data: t.data, shape: [2, 5] } }),
      invalid(/3-D/),
    );
    assert.throws(
      () => new InjectTemplatesRecording({ sorting: smallSorting(), templates: t, amplitudeFactor: [1, 2] }),
      invalid(/amplitudeFactor has 2 values for the sorting's 7 spikes/),
    );
    const parent = new NoiseGeneratorRecording({
      numChannels: 3,
      samplingFrequency: 1000,
      durations: [1, 1],
      seed: 0,
    });
    assert.throws(
      () => new InjectTemplatesRecording({ sorting: smallSorting(), templates: t, parentRecording: parent }),
      invalid(/2 channels, the parent recording 3/),
    );
  });
});

describe("generateGroundTruthRecording", () => {
  test("the spec's metadata: probe, gains, names, sorting properties", async () => {
    const { recording, sorting } = generateGroundTruthRecording({
      durations: [10.325, 3.5],
      numChannels: 4,
      seed: 1,
    });
    assert.equal(recording.getNumSegments(), 2);
    assert.equal(recording.getNumChannels(), 4);
    assert.equal(recording.samplingFrequency, 25000);
    assert.equal(recording.name, "GroundTruthRecording");
    assert.equal(sorting.name, "GroundTruthSorting");
    assert.equal(recording.isFiltered(), true);
    assert.deepEqual(Array.from(recording.getChannelGains() as Float64Array), [1, 1, 1, 1]);
    assert.deepEqual(Array.from(recording.getChannelOffsets() as Float64Array), [0, 0, 0, 0]);
    // Two columns, 20 µm pitches.
    assert.deepEqual(Array.from(recording.getChannelLocations()), [0, 0, 0, 20, 20, 0, 20, 20]);
    assert.equal(sorting.getNumUnits(), 10);
    assert.deepEqual(sorting.getPropertyInfo("gt_unit_locations")?.shape, [10, 3]);
    const main = sorting.getProperty("main_channel_id") as string[];
    assert.equal(main.length, 10);
    assert.ok(main.every((id) => recording.channelIds.includes(id)));
    const t = await recording.getTraces({
      segmentIndex: 1,
      startFrame: 0,
      endFrame: 2000,
      returnScaled: true,
    });
    assert.deepEqual(t.shape, [2000, 4]);
  });

  test("odd channel counts put the remainder in the middle column", () => {
    const { recording } = generateGroundTruthRecording({
      numChannels: 5,
      numUnits: 2,
      durations: [1],
      seed: 2,
    });
    const xs = Array.from(recording.getChannelLocations()).filter((_, i) => i % 2 === 0);
    assert.deepEqual(xs, [0, 0, 20, 20, 20]);
  });

  test("the injected templates are recoverable: the spike-triggered mean equals the template within noise/√n", async () => {
    const noiseLevel = 5;
    const { recording, sorting } = generateGroundTruthRecording({
      durations: [30],
      numChannels: 4,
      numUnits: 1,
      generateSortingKwargs: { firingRates: 20 },
      seed: 8,
    });
    const templates = recording.templates;
    const [, width, c] = templates.shape;
    const nbefore = recording.nbefore[0];
    assert.equal(nbefore, 25); // 1 ms at 25 kHz
    const frames = sorting
      .getUnitSpikeTrain({ unitId: "0" })
      .filter((f) => f - nbefore >= 0 && f - nbefore + width <= recording.getNumSamples());
    const n = frames.length;
    assert.ok(n > 450, `${n} spikes`);
    const sum = new Float64Array(width * c);
    const residuals: number[] = [];
    for (const f of frames) {
      const t = await recording.getTraces({ startFrame: f - nbefore, endFrame: f - nbefore + width });
      for (let i = 0; i < width * c; i++) {
        sum[i] += t.data[i];
        residuals.push(t.data[i] - templates.data[i]);
      }
    }
    let peak = 0;
    let worst = 0;
    for (let i = 0; i < width * c; i++) {
      peak = Math.max(peak, Math.abs(templates.data[i]));
      worst = Math.max(worst, Math.abs(sum[i] / n - templates.data[i]));
    }
    assert.ok(peak > 20, `template peak ${peak} must dominate the tolerance`);
    // 400 values, each with sd noise/√n: the largest deviation stays under ~4.5 sd.
    assert.ok(
      worst < (4.5 * noiseLevel) / Math.sqrt(n),
      `max deviation ${worst} vs sd ${noiseLevel / Math.sqrt(n)}`,
    );
    // What is left at the spikes is the noise, at the requested level.
    assert.ok(Math.abs(std(residuals) / noiseLevel - 1) < 0.05, `residual std ${std(residuals)}`);
  });

  test("toDict({recursive}) → extractorFromDict gives identical traces and trains", async () => {
    const { recording, sorting } = generateGroundTruthRecording({
      durations: [2, 1],
      seed: 12,
      upsampleFactor: 2,
    });
    const dict = recording.toDict({ recursive: true, includeAnnotations: true, includeProperties: true });
    const rebuilt = (await extractorFromDict(dict)) as BaseRecording;
    assert.equal(rebuilt.name, "GroundTruthRecording");
    for (const seg of [0, 1]) {
      const a = await recording.getTraces({ segmentIndex: seg, startFrame: 1000, endFrame: 9000 });
      const b = await rebuilt.getTraces({ segmentIndex: seg, startFrame: 1000, endFrame: 9000 });
      assert.deepEqual(Array.from(b.data), Array.from(a.data));
    }
    const s2 = (await extractorFromDict(sorting.toDict({ recursive: true }))) as BaseSorting;
    assert.deepEqual(
      Array.from(s2.toSpikeVector().sampleIndex),
      Array.from(sorting.toSpikeVector().sampleIndex),
    );
    // SpikeInterface writes templates as nested lists (templates.tolist()): accepted too.
    const t = recording.templates;
    const [u, w, c, up] = t.shape;
    const nested = Array.from({ length: u }, (_, i) =>
      Array.from({ length: w }, (_, j) =>
        Array.from({ length: c }, (_, k) =>
          Array.from({ length: up }, (_, l) => t.data[((i * w + j) * c + k) * up + l]),
        ),
      ),
    );
    const fromNested = (await extractorFromDict({
      ...dict,
      kwargs: { ...dict.kwargs, templates: nested },
    })) as BaseRecording;
    const a = await recording.getTraces({ segmentIndex: 0, startFrame: 0, endFrame: 5000 });
    const b = await fromNested.getTraces({ segmentIndex: 0, startFrame: 0, endFrame: 5000 });
    assert.deepEqual(Array.from(b.data), Array.from(a.data));
  });

  test("survives the worker-thread transfer (structured clone of toTransferable)", async () => {
    const { recording, sorting } = generateGroundTruthRecording({
      durations: [1],
      numChannels: 6,
      numUnits: 4,
      seed: 21,
    });
    const moved = (await fromTransferable(structuredClone(toTransferable(recording)))) as BaseRecording;
    const a = await recording.getTraces({ startFrame: 0, endFrame: 25000 });
    const b = await moved.getTraces({ startFrame: 0, endFrame: 25000 });
    assert.deepEqual(Array.from(b.data), Array.from(a.data));
    assert.deepEqual(Array.from(moved.getChannelLocations()), Array.from(recording.getChannelLocations()));
    const s = (await fromTransferable(structuredClone(toTransferable(sorting)))) as BaseSorting;
    assert.deepEqual(s.getPropertyInfo("gt_unit_locations")?.shape, [4, 3]);
    assert.deepEqual(s.getProperty("main_channel_id"), sorting.getProperty("main_channel_id"));
    assert.equal(s.name, "GroundTruthSorting");
  });

  test("a given sorting, probe or templates are used; mismatches are errors", async () => {
    const first = generateGroundTruthRecording({ durations: [3], numUnits: 3, seed: 5 });
    const again = generateGroundTruthRecording({
      durations: [3],
      sorting: first.sorting,
      templates: first.recording.templates,
      probe: first.recording.getProbe(),
      seed: 99,
    });
    assert.deepEqual(Array.from(again.recording.templates.data), Array.from(first.recording.templates.data));
    assert.equal(again.sorting, first.sorting);
    assert.throws(
      () => generateGroundTruthRecording({ durations: [3, 1], sorting: first.sorting }),
      invalid(/1 segments for 2 durations/),
    );
    assert.throws(() => generateGroundTruthRecording({ numUnits: 0 }), invalid(/numUnits/));
    assert.throws(() => generateGroundTruthRecording({ durations: [-3] }), invalid(/durations/));
    assert.throws(() => generateGroundTruthRecording({ samplingFrequency: 0 }), invalid(/samplingFrequency/));
    assert.throws(
      () =>
        generateGroundTruthRecording({
          numChannels: 6,
          templates: first.recording.templates,
          durations: [3],
          sorting: first.sorting,
        }),
      invalid(/do not match/),
    );
  });
});
