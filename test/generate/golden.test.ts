/**
 * Pinned outputs. Objects built from a stored seed (provenance kwargs) must regenerate the same
 * data in every later version and on every platform, so any change to these numbers is a breaking
 * change of the library's random streams, never a test to update casually.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readNoise } from "../../src/generate/noise.js";
import { createRng } from "../../src/generate/rng.js";
import { deriveSeed } from "../../src/generate/seeds.js";
import { synthesizePoissonSpikeVector } from "../../src/generate/spike-trains.js";

describe("pinned random streams", () => {
  test("fillNormal float32 and float64, seed 0", () => {
    const a = new Float32Array(6);
    createRng(0).fillNormal(a);
    assert.deepEqual(
      Array.from(a),
      [
        1.5525637865066528, -0.9691553115844727, -1.1698329448699951, 2.408632516860962, 0.31920790672302246,
        0.6955506205558777,
      ],
    );
    const b = new Float64Array(3);
    createRng(0).fillNormal(b);
    assert.deepEqual(Array.from(b), [1.5525638618473923, -1.169833335992347, 0.31920805543538283]);
  });

  test("deriveSeed, random, integers, geometric", () => {
    assert.equal(deriveSeed(0), 7956156453446585);
    assert.equal(deriveSeed(0, "noise", 0, 0), 8062458562120671);
    assert.equal(deriveSeed(42, 1, 2), 4454875547002300);
    const r = createRng(0);
    assert.equal(r.random(), 0.870254774404272);
    assert.equal(r.integers(0, 1000), 834);
    assert.equal(r.geometric(0.01), 145);
  });

  test("readNoise on_the_fly and a Poisson spike vector", () => {
    const noise = readNoise({
      start: 0,
      end: 2,
      channelIndices: null,
      numChannels: 2,
      blockSize: 10,
      seed: 5,
      segmentIndex: 0,
      strategy: "on_the_fly",
    });
    assert.deepEqual(
      Array.from(noise),
      [0.6428077816963196, 0.7532062530517578, 0.7023437023162842, -1.9151993989944458],
    );
    const spikes = synthesizePoissonSpikeVector({ numUnits: 3, duration: 1, firingRates: 10, seed: 0 });
    assert.equal(spikes.sampleIndex.length, 25);
    assert.deepEqual(Array.from(spikes.sampleIndex.subarray(0, 5)), [140, 614, 1110, 4257, 5746]);
    assert.deepEqual(Array.from(spikes.unitIndex.subarray(0, 5)), [0, 2, 1, 0, 0]);
  });
});
