import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import "../../../src/index.js";
import { extractorFromDict } from "../../../src/base/provenance.js";
import { InvalidArgumentError } from "../../../src/errors.js";
import {
  MockRecording,
  NoiseGeneratorRecording,
} from "../../../src/generate/recordings/noise-generator-recording.js";
import type { BaseRecording } from "../../../src/recording/base-recording.js";
import { mean, std } from "../stats.js";

function column(data: ArrayLike<number>, numChannels: number, c: number): Float64Array {
  return Float64Array.from({ length: data.length / numChannels }, (_, i) => data[i * numChannels + c]);
}

describe("NoiseGeneratorRecording", () => {
  test("ids, shape, dtype and kwargs follow SpikeInterface", () => {
    const rec = new NoiseGeneratorRecording({
      numChannels: 3,
      samplingFrequency: 1000,
      durations: [2.5, 1.0005],
      seed: 5,
    });
    assert.deepEqual(rec.channelIds, ["0", "1", "2"]);
    assert.equal(rec.getNumSamples({ segmentIndex: 0 }), 2500);
    assert.equal(rec.getNumSamples({ segmentIndex: 1 }), 1000);
    assert.equal(rec.dtype, "float32");
    assert.deepEqual(Object.keys(rec.kwargs).sort(), [
      "cov_matrix",
      "dtype",
      "durations",
      "noise_block_size",
      "noise_levels",
      "num_channels",
      "sampling_frequency",
      "seed",
      "strategy",
    ]);
    assert.equal(rec.kwargs.strategy, "tile_pregenerated");
    assert.equal(rec.kwargs.noise_block_size, 30000);
  });

  test("a missing seed is drawn and stored, so the object can be rebuilt", async () => {
    const a = new NoiseGeneratorRecording({ numChannels: 2, samplingFrequency: 1000, durations: [1] });
    assert.equal(typeof a.kwargs.seed, "number");
    const b = (await extractorFromDict(a.toDict({ recursive: true }))) as BaseRecording;
    const ta = await a.getTraces({ startFrame: 10, endFrame: 50 });
    const tb = await b.getTraces({ startFrame: 10, endFrame: 50 });
    assert.deepEqual(Array.from(tb.data), Array.from(ta.data));
  });

  for (const dtype of ["float32", "int16"] as const) {
    for (const strategy of ["on_the_fly", "tile_pregenerated"] as const) {
      test(`${dtype}/${strategy}: per-channel std and mean as requested`, async () => {
        const levels = [1.5, 5, 20];
        const rec = new NoiseGeneratorRecording({
          numChannels: 3,
          samplingFrequency: 10000,
          durations: [4],
          noiseLevels: levels,
          dtype,
          seed: 123,
          strategy,
          noiseBlockSize: 10000,
        });
        const t = await rec.getTraces({ startFrame: 0, endFrame: 40000 });
        assert.equal(t.dtype, dtype);
        levels.forEach((level, c) => {
          const x = column(t.data, 3, c);
          // int16 rounding adds 1/12 of variance.
          const expected = dtype === "int16" ? Math.sqrt(level * level + 1 / 12) : level;
          // tile_pregenerated repeats one 10000-sample block: 10000 independent values.
          assert.ok(Math.abs(std(x) / expected - 1) < 0.04, `channel ${c}: std ${std(x)} vs ${expected}`);
          assert.ok(Math.abs(mean(x)) < (4 * expected) / Math.sqrt(10000), `channel ${c}: mean ${mean(x)}`);
        });
      });
    }
  }

  test("tile_pregenerated tiles one block; on_the_fly does not repeat", async () => {
    const make = (strategy: "on_the_fly" | "tile_pregenerated") =>
      new NoiseGeneratorRecording({
        numChannels: 2,
        samplingFrequency: 1000,
        durations: [1],
        seed: 9,
        strategy,
        noiseBlockSize: 100,
      });
    const tile = (await make("tile_pregenerated").getTraces({ startFrame: 0, endFrame: 300 })).data;
    assert.deepEqual(Array.from(tile.subarray(0, 200)), Array.from(tile.subarray(200, 400)));
    assert.deepEqual(Array.from(tile.subarray(0, 200)), Array.from(tile.subarray(400, 600)));
    const fly = (await make("on_the_fly").getTraces({ startFrame: 0, endFrame: 300 })).data;
    assert.deepEqual(Array.from(fly.subarray(0, 200)), Array.from(tile.subarray(0, 200)));
    assert.notDeepEqual(Array.from(fly.subarray(0, 200)), Array.from(fly.subarray(200, 400)));
  });

  test("segments get different noise", async () => {
    const rec = new NoiseGeneratorRecording({
      numChannels: 2,
      samplingFrequency: 1000,
      durations: [1, 1],
      seed: 1,
    });
    const a = await rec.getTraces({ segmentIndex: 0, startFrame: 0, endFrame: 50 });
    const b = await rec.getTraces({ segmentIndex: 1, startFrame: 0, endFrame: 50 });
    assert.notDeepEqual(Array.from(a.data), Array.from(b.data));
  });

  for (const strategy of ["on_the_fly", "tile_pregenerated"] as const) {
    test(`${strategy}: getTraces is block-deterministic for random chunkings and channel subsets`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 400 }),
          fc.array(fc.integer({ min: 1, max: 230 }), { minLength: 1, maxLength: 5 }),
          fc.constantFrom<"float32" | "int16">("float32", "int16"),
          fc.subarray(["0", "1", "2"], { minLength: 1 }),
          async (a, lengths, dtype, channelIds) => {
            const make = () =>
              new NoiseGeneratorRecording({
                numChannels: 3,
                samplingFrequency: 1000,
                durations: [1.5],
                noiseLevels: [1, 3, 30],
                dtype,
                seed: 77,
                strategy,
                noiseBlockSize: 97,
              });
            const c = Math.min(1500, a + lengths.reduce((x, y) => x + y, 0));
            const whole = await make().getTraces({ startFrame: a, endFrame: c, channelIds });
            // A fresh object per chunk: no cached block can hide a generation difference.
            const parts: number[] = [];
            for (let pos = a, k = 0; pos < c; pos += lengths[k++ % lengths.length]) {
              const end = Math.min(c, pos + lengths[k % lengths.length]);
              parts.push(...(await make().getTraces({ startFrame: pos, endFrame: end, channelIds })).data);
            }
            assert.deepEqual(Array.from(whole.data), parts);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  test("a 1-hour, 384-channel, 30 kHz recording reads a window without allocating it", async () => {
    for (const strategy of ["on_the_fly", "tile_pregenerated"] as const) {
      const rec = new NoiseGeneratorRecording({
        numChannels: 384,
        samplingFrequency: 30000,
        durations: [3600],
        dtype: "int16",
        noiseLevels: 20,
        seed: 3,
        strategy,
      });
      assert.equal(rec.getNumSamples(), 108_000_000);
      assert.ok(rec.getTotalMemorySize() > 80e9); // what a dense copy would need
      const before = process.memoryUsage();
      const t = await rec.getTraces({ startFrame: 54_000_000, endFrame: 54_003_000 });
      const after = process.memoryUsage();
      assert.deepEqual(t.shape, [3000, 384]);
      assert.ok(Math.abs(std(t.data) / 20 - 1) < 0.02);
      // One noise block (30000 × 384 float32 = 46 MB) at most, far from the 83 GB of the recording.
      const grown = after.rss - before.rss + (after.arrayBuffers - before.arrayBuffers);
      assert.ok(grown < 250e6, `memory grew by ${grown} bytes`);
      rec.clearCache();
    }
  });
});

describe("MockRecording", () => {
  test("std 1 float32 noise; only float32/float64 allowed", async () => {
    const rec = new MockRecording({ numChannels: 2, samplingFrequency: 10000, durations: [2], seed: 4 });
    assert.equal(rec.className, "spikeinterface.core.generate.MockRecording");
    const t = await rec.getTraces({ startFrame: 0, endFrame: 20000 });
    assert.ok(Math.abs(std(t.data) - 1) < 0.03);
    assert.throws(
      () =>
        new MockRecording({
          numChannels: 2,
          samplingFrequency: 1000,
          durations: [1],
          dtype: "int16" as unknown as "float32",
        }),
      (e) => e instanceof InvalidArgumentError && /int16/.test(e.message),
    );
    const r64 = new MockRecording({
      numChannels: 2,
      samplingFrequency: 1000,
      durations: [1],
      dtype: "float64",
      seed: 4,
    });
    assert.ok((await r64.getTraces({ startFrame: 0, endFrame: 10 })).data instanceof Float64Array);
  });

  test("bad parameters give errors naming the value", () => {
    const base = { numChannels: 2, samplingFrequency: 1000, durations: [1] };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ durations: [-1] }, /durations\[0\].*-1/],
      [{ durations: [] }, /durations/],
      [{ samplingFrequency: 0 }, /samplingFrequency.*0/],
      [{ samplingFrequency: -5 }, /samplingFrequency/],
      [{ numChannels: 0 }, /numChannels.*0/],
      [{ noiseBlockSize: 0 }, /noiseBlockSize/],
      [{ strategy: "tiled" }, /strategy.*tiled/],
      [{ seed: -1 }, /seed/],
    ];
    for (const [extra, pattern] of cases) {
      assert.throws(
        () => new MockRecording({ ...base, ...extra } as never),
        (e) => e instanceof InvalidArgumentError && pattern.test(e.message),
        JSON.stringify(extra),
      );
    }
    assert.throws(
      () => new NoiseGeneratorRecording({ ...base, noiseLevels: [1, -2] }),
      (e) => e instanceof InvalidArgumentError && /-2/.test(e.message),
    );
    assert.throws(
      () => new NoiseGeneratorRecording({ ...base, noiseLevels: [1, 2, 3] }),
      (e) => e instanceof InvalidArgumentError && /3 values for 2 channels/.test(e.message),
    );
  });
});
