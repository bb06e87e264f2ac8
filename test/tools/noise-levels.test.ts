import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { InvalidArgumentError, isSiError, NumpyRecording } from "../../src/index.js";
import { medianInPlace } from "../../src/tools/median.js";
import { meanOverChunks, noiseLevelsOfChunk } from "../../src/tools/noise-chunk.js";
import {
  getNoiseLevels,
  noiseLevelPropertyKey,
  setNoiseLevelsParallelRunner,
} from "../../src/tools/noise-levels.js";
import type { ChunkSlice } from "../../src/tools/random-chunks.js";
import { makeTraces } from "../../src/traces.js";
import { loadFixtureRecording, readJson } from "./fixture-data.js";

interface NoiseFixture {
  random_slices: [number, number, number][];
  mad_uV: number[];
  mad_raw: number[];
  std_uV: number[];
  rms_raw: number[];
}

const expected = readJson<{ noise_levels: NoiseFixture }>("recording/expected.json").noise_levels;
const slices: ChunkSlice[] = expected.random_slices;

describe("getNoiseLevels reproduces Python's stored values from its slices (examples.md §9)", () => {
  test("mad in µV: float32, exact", async () => {
    const rec = loadFixtureRecording();
    const got = await getNoiseLevels(rec, { slices });
    assert.ok(got instanceof Float32Array);
    assert.deepEqual(Array.from(got), expected.mad_uV);
    assert.equal(got[0], 1.5322697162628174);
  });
  test("mad raw: float64, exact", async () => {
    const got = await getNoiseLevels(loadFixtureRecording(), { slices, returnInUV: false });
    assert.ok(got instanceof Float64Array);
    assert.deepEqual(Array.from(got), expected.mad_raw);
  });
  test("std in µV: float32, exact", async () => {
    const got = await getNoiseLevels(loadFixtureRecording(), { slices, method: "std" });
    assert.deepEqual(Array.from(got), expected.std_uV);
  });
  test("rms raw: int16 squares wrap like numpy, exact", async () => {
    const got = await getNoiseLevels(loadFixtureRecording(), { slices, method: "rms", returnInUV: false });
    assert.deepEqual(Array.from(got), expected.rms_raw);
    assert.equal(got[0], 8.683872638773565);
  });
  test("cached as a property and returned unless forceRecompute", async () => {
    const rec = loadFixtureRecording();
    const first = await getNoiseLevels(rec, { slices });
    assert.deepEqual(
      Array.from(rec.getProperty("noise_level_mad_scaled") as Float32Array),
      Array.from(first),
    );
    // other slicing options are ignored while the cache exists (SpikeInterface's behaviour)
    const again = await getNoiseLevels(rec, { randomSlicesKwargs: { numChunksPerSegment: 2, seed: 1 } });
    assert.deepEqual(Array.from(again), Array.from(first));
    const recomputed = await getNoiseLevels(rec, {
      forceRecompute: true,
      randomSlicesKwargs: { numChunksPerSegment: 2, chunkDuration: "10ms", seed: 1 },
    });
    assert.notDeepEqual(Array.from(recomputed), Array.from(first));
    assert.equal(noiseLevelPropertyKey("rms", false), "noise_level_rms_raw");
  });
  test("cache does not follow the data into a channel slice (P19)", async () => {
    const rec = loadFixtureRecording();
    await getNoiseLevels(rec, { slices });
    assert.equal(rec.selectChannels(["0", "1"]).getProperty("noise_level_mad_scaled"), null);
  });
  test("random slices give values close to the fixture's", async () => {
    const got = await getNoiseLevels(loadFixtureRecording(), {
      randomSlicesKwargs: { numChunksPerSegment: 10, chunkDuration: "50ms", seed: 0 },
    });
    for (let c = 0; c < got.length; c++) assert.ok(Math.abs(got[c] - expected.mad_uV[c]) < 0.25);
  });
});

describe("bad input", () => {
  test("unknown method names the value", async () => {
    await assert.rejects(
      getNoiseLevels(loadFixtureRecording(), { method: "var" as "mad", slices }),
      (e) => e instanceof InvalidArgumentError && /"var"/.test(e.message),
    );
  });
  test("µV on an int16 recording without gains throws", async () => {
    const rec = new NumpyRecording({
      tracesList: { data: new Int16Array(2000), shape: [1000, 2] },
      samplingFrequency: 1000,
    });
    await assert.rejects(getNoiseLevels(rec, { slices: [[0, 0, 100]] }), (e) =>
      isSiError(e, "missing_property"),
    );
  });
});

describe("per-chunk arithmetic", () => {
  test("median follows numpy (even length: mean of the two middle values)", () => {
    assert.equal(medianInPlace(Float64Array.from([5, 1, 3]), false), 3);
    assert.equal(medianInPlace(Float64Array.from([4, 1, 3, 2]), false), 2.5);
    assert.ok(Number.isNaN(medianInPlace(Float64Array.from([1, Number.NaN, 3]), false)));
    const a = Float32Array.from([1.1, 2.3, 5.7, 9.1]);
    assert.equal(medianInPlace(a, true), Math.fround(Math.fround(2.3) + Math.fround(5.7)) / 2);
  });
  test("median of large random arrays equals the sorted middle", () => {
    for (const n of [1, 2, 601, 1000, 15001]) {
      const a = Float64Array.from({ length: n }, () => Math.round(Math.random() * 50));
      const sorted = a.slice().sort();
      const want = n % 2 ? sorted[n >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      assert.equal(medianInPlace(a, false), want);
    }
  });
  test("single channel uses numpy's pairwise float32 sums", () => {
    const data = Float32Array.from({ length: 1500 }, (_, i) => Math.fround(Math.sin(i) * 10 + 3.3));
    const t = makeTraces(data, 1500, 1);
    const std = noiseLevelsOfChunk(t, "std");
    assert.ok(std instanceof Float32Array && std[0] > 6 && std[0] < 8);
    const mean = meanOverChunks([Float32Array.of(1), Float32Array.of(2)], 1);
    assert.equal(mean[0], 1.5);
  });
});

describe("worker threads (job kwargs)", () => {
  /** Runs `fn` with the installed worker runner wrapped to count the chunks it really ran. */
  async function countingWorkerChunks(fn: () => Promise<void>): Promise<number> {
    const { workerNoiseLevelsRunner } = await import("../../src/tools/noise-levels-node.js");
    let chunks = 0;
    setNoiseLevelsParallelRunner((job) => {
      chunks += job.slices.length;
      return workerNoiseLevelsRunner(job);
    });
    try {
      await fn();
    } finally {
      setNoiseLevelsParallelRunner(workerNoiseLevelsRunner);
    }
    return chunks;
  }

  test("getNoiseLevels with nJobs 2 and 3 equals nJobs 1, bit for bit, through the workers", async () => {
    const serial = await getNoiseLevels(loadFixtureRecording(), { slices, method: "std", nJobs: 1 });
    const results: number[][] = [];
    const ran = await countingWorkerChunks(async () => {
      for (const nJobs of [2, 3]) {
        results.push(
          Array.from(await getNoiseLevels(loadFixtureRecording(), { slices, method: "std", nJobs })),
        );
      }
      const mad = await getNoiseLevels(loadFixtureRecording(), { slices, nJobs: 2 });
      assert.deepEqual(Array.from(mad), expected.mad_uV);
    });
    assert.equal(ran, 3 * slices.length);
    for (const r of results) assert.deepEqual(r, Array.from(serial));
  });

  test("random int16 data: default slicing gives the same levels for nJobs 1 and 2 (raw and µV)", async () => {
    const T = 30000;
    const C = 7;
    const data = new Int16Array(T * C);
    let s = 99;
    for (let i = 0; i < data.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      data[i] = ((s >>> 16) % 301) - 150;
    }
    const rec = () => {
      const r = new NumpyRecording({ tracesList: { data, shape: [T, C] }, samplingFrequency: 30000 });
      r.setChannelGains(0.195);
      r.setChannelOffsets(-3);
      return r;
    };
    const randomSlicesKwargs = { numChunksPerSegment: 6, chunkSize: 2000, seed: 5 };
    for (const returnInUV of [true, false]) {
      const one = await getNoiseLevels(rec(), { randomSlicesKwargs, returnInUV, nJobs: 1 });
      const two = await getNoiseLevels(rec(), { randomSlicesKwargs, returnInUV, nJobs: 2 });
      assert.deepEqual(Array.from(two), Array.from(one));
      assert.ok(one[0] > 10 && one[0] < 200, `noise ${one[0]}`);
    }
  });

  test("getNoiseLevelsParallel (deprecated) forwards its jobKwargs", async () => {
    const { getNoiseLevelsParallel } = await import("../../src/tools/noise-levels-node.js");
    const ran = await countingWorkerChunks(async () => {
      const mad = await getNoiseLevelsParallel(loadFixtureRecording(), { slices, jobKwargs: { nJobs: 2 } });
      assert.deepEqual(Array.from(mad), expected.mad_uV);
    });
    assert.equal(ran, slices.length);
  });

  test("nJobs 1 stays in this thread", async () => {
    const ran = await countingWorkerChunks(async () => {
      await getNoiseLevels(loadFixtureRecording(), { slices, nJobs: 1 });
    });
    assert.equal(ran, 0);
  });
});

describe("counting MAD equals the selection MAD", () => {
  test("property: raw and µV, any spread (wide ranges fall back to selection)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 32767 }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.infiniteStream(fc.double({ min: -1, max: 1, noNaN: true })),
        async (T, C, spread, gain, stream) => {
          const data = Int16Array.from({ length: T * C }, () => Math.round(stream.next().value * spread));
          const raw = noiseLevelsOfChunk(makeTraces(data, T, C), "mad");
          const asFloat = noiseLevelsOfChunk(makeTraces(Float64Array.from(data), T, C), "mad");
          assert.deepEqual(Array.from(raw), Array.from(asFloat));
          const rec = new NumpyRecording({ tracesList: { data, shape: [T, C] }, samplingFrequency: 1000 });
          rec.setChannelGains(gain);
          rec.setChannelOffsets(0.25);
          const fast = await getNoiseLevels(rec, { slices: [[0, 0, T]] });
          const slow = noiseLevelsOfChunk(await rec.getTraces({ returnInUV: true }), "mad");
          assert.deepEqual(Array.from(fast), Array.from(slow));
        },
      ),
      { numRuns: 200 },
    );
  });
});

test("very wide int16 ranges over many channels use the selection path", () => {
  const T = 11;
  const C = 200;
  const data = Int16Array.from({ length: T * C }, (_, i) => ((i * 7919) % 65536) - 32768);
  const raw = noiseLevelsOfChunk(makeTraces(data, T, C), "mad");
  const asFloat = noiseLevelsOfChunk(makeTraces(Float64Array.from(data), T, C), "mad");
  assert.deepEqual(Array.from(raw), Array.from(asFloat));
});
