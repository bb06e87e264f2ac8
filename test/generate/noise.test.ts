import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { fillNoiseBlock, NoiseBlockCache, type NoiseStrategy, readNoise } from "../../src/generate/noise.js";
import { invalid, mean, std } from "./stats.js";

const base = { numChannels: 3, blockSize: 97, seed: 11, segmentIndex: 0, channelIndices: null } as const;

function column(data: ArrayLike<number>, numChannels: number, c: number): Float64Array {
  return Float64Array.from({ length: data.length / numChannels }, (_, i) => data[i * numChannels + c]);
}

describe("readNoise block determinism", () => {
  for (const strategy of ["on_the_fly", "tile_pregenerated"] as NoiseStrategy[]) {
    test(`${strategy}: reading [a,b) then [b,c) equals reading [a,c), for random chunkings`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 600 }),
          fc.array(fc.integer({ min: 0, max: 250 }), { minLength: 1, maxLength: 6 }),
          fc.constantFrom<"float32" | "int16">("float32", "int16"),
          (a, lengths, dtype) => {
            // Fresh cache per run so a cached block cannot hide a generation difference.
            const options = {
              ...base,
              strategy,
              dtype,
              noiseLevels: [1, 2.5, 40],
              cache: new NoiseBlockCache(),
            };
            const c = a + lengths.reduce((x, y) => x + y, 0);
            const whole = readNoise({ ...options, start: a, end: c });
            const parts: number[] = [];
            let pos = a;
            for (const len of lengths) {
              parts.push(
                ...readNoise({ ...options, start: pos, end: pos + len, cache: new NoiseBlockCache() }),
              );
              pos += len;
            }
            assert.deepEqual(Array.from(whole), parts);
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  test("same seed → identical output; other seed or segment → different output", () => {
    const read = (seed: number, segmentIndex: number) =>
      readNoise({ ...base, seed, segmentIndex, start: 50, end: 400, strategy: "on_the_fly" });
    assert.deepEqual(read(11, 0), read(11, 0));
    assert.notDeepEqual(read(11, 0), read(12, 0));
    assert.notDeepEqual(read(11, 0), read(11, 1));
  });

  test("tile_pregenerated repeats with period blockSize and equals block 0 of on_the_fly", () => {
    const tiled = readNoise({ ...base, start: 0, end: 3 * 97, strategy: "tile_pregenerated" });
    const k = 3 * 97;
    assert.deepEqual(tiled.subarray(0, k), tiled.subarray(k, 2 * k));
    assert.deepEqual(tiled.subarray(0, k), tiled.subarray(2 * k, 3 * k));
    const fly = readNoise({ ...base, start: 0, end: 2 * 97, strategy: "on_the_fly" });
    assert.deepEqual(fly.subarray(0, k), tiled.subarray(0, k));
    assert.notDeepEqual(fly.subarray(k, 2 * k), tiled.subarray(k, 2 * k));
  });

  test("fillNoiseBlock is block b of on_the_fly, scaled by the noise levels", () => {
    const levels = [0.5, 3, 7];
    const block = fillNoiseBlock({ ...base, numSamples: 97, blockIndex: 4, noiseLevels: levels });
    const read = readNoise({
      ...base,
      start: 4 * 97,
      end: 5 * 97,
      strategy: "on_the_fly",
      noiseLevels: levels,
    });
    assert.deepEqual(read, block);
    const out = new Float32Array(97 * 3);
    assert.equal(fillNoiseBlock({ ...base, out, numSamples: 97, blockIndex: 4, noiseLevels: levels }), out);
    assert.deepEqual(out, block);
  });

  test("whole-block reads (generated straight into the output) equal the cached path", () => {
    const options = { ...base, strategy: "on_the_fly" as const, noiseLevels: [2, 1, 0.5] };
    const direct = readNoise({ ...options, start: 97, end: 3 * 97 });
    const cached = readNoise({ ...options, start: 97, end: 3 * 97, channelIndices: [0, 1, 2] });
    assert.deepEqual(direct, cached);
  });

  test("channelIndices selects (and reorders) columns of the full read", () => {
    const full = readNoise({ ...base, start: 10, end: 300, strategy: "on_the_fly" });
    const picked = readNoise({
      ...base,
      start: 10,
      end: 300,
      strategy: "on_the_fly",
      channelIndices: [2, 0],
    });
    assert.deepEqual(column(picked, 2, 0), column(full, 3, 2));
    assert.deepEqual(column(picked, 2, 1), column(full, 3, 0));
  });

  test("int16 is the float noise rounded half to even and saturated", () => {
    const options = {
      ...base,
      start: 0,
      end: 500,
      strategy: "on_the_fly" as const,
      noiseLevels: [3, 100, 20000],
    };
    const f = readNoise({ ...options, dtype: "float32" });
    const q = readNoise({ ...options, dtype: "int16" });
    assert.ok(q instanceof Int16Array);
    let saturated = 0;
    for (let i = 0; i < f.length; i++) {
      const expected = Math.min(32767, Math.max(-32768, Math.round(f[i])));
      assert.ok(Math.abs(q[i] - expected) <= (Math.abs(f[i] % 1) === 0.5 ? 1 : 0));
      if (Math.abs(q[i]) >= 32767) saturated++;
    }
    assert.ok(saturated > 0, "std 20000 must saturate some int16 samples");
  });

  test("float64 holds the float32 draws times the levels", () => {
    const options = { ...base, start: 3, end: 260, strategy: "on_the_fly" as const, channelIndices: [1, 2] };
    const levels = [1, 0.1, 3];
    const f64 = readNoise({ ...options, dtype: "float64", noiseLevels: levels });
    const unit = readNoise({ ...options, dtype: "float32" });
    assert.ok(f64 instanceof Float64Array);
    for (let i = 0; i < f64.length; i++) assert.equal(f64[i], unit[i] * levels[1 + (i % 2)]);
  });

  test("an empty range gives an empty array", () => {
    assert.equal(readNoise({ ...base, start: 5, end: 5 }).length, 0);
  });
});

describe("noise statistics", () => {
  test("gaussian: per-channel std within 2 % of the noise levels, mean ~0, channels uncorrelated", () => {
    const levels = [1, 5, 0.2, 12];
    const n = 1_000_000;
    const data = readNoise({
      channelIndices: null,
      numChannels: 4,
      blockSize: 30_000,
      seed: 77,
      segmentIndex: 0,
      start: 0,
      end: n,
      strategy: "on_the_fly",
      noiseLevels: levels,
    });
    const cols = levels.map((_, c) => column(data, 4, c));
    levels.forEach((level, c) => {
      assert.ok(Math.abs(std(cols[c]) / level - 1) < 0.02, `channel ${c}: ${std(cols[c])}`);
      assert.ok(Math.abs(mean(cols[c])) < 0.01 * level);
    });
    let r = 0;
    for (let i = 0; i < n; i++) r += cols[0][i] * cols[1][i];
    assert.ok(Math.abs(r / n / 5) < 0.005);
  });

  test("uniform: std equals the noise level, values bounded by level·√3", () => {
    const data = readNoise({
      ...base,
      numChannels: 1,
      start: 0,
      end: 1_000_000,
      blockSize: 10_000,
      strategy: "on_the_fly",
      distribution: "uniform",
      noiseLevels: 4,
    });
    assert.ok(Math.abs(std(data) / 4 - 1) < 0.02);
    const bound = 4 * Math.sqrt(3) + 1e-5;
    assert.ok(data.every((v) => Math.abs(v) <= bound));
  });
});

describe("noise argument errors name the bad value", () => {
  const ok = { ...base, start: 0, end: 10 };
  test("ranges, sizes, levels, channels, seeds, enums", () => {
    assert.throws(() => readNoise({ ...ok, start: 20, end: 10 }), invalid(/\[20, 10\)/));
    assert.throws(() => readNoise({ ...ok, start: -1 }), invalid(/-1/));
    assert.throws(() => readNoise({ ...ok, blockSize: 0 }), invalid(/blockSize.*0/));
    assert.throws(() => readNoise({ ...ok, noiseLevels: [1, 2] }), invalid(/2 values for 3 channels/));
    assert.throws(() => readNoise({ ...ok, noiseLevels: -2 }), invalid(/-2/));
    assert.throws(() => readNoise({ ...ok, channelIndices: [0, 3] }), invalid(/channel index 3/));
    assert.throws(() => readNoise({ ...ok, seed: -5 }), invalid(/-5/));
    // @ts-expect-error: a bad strategy from untyped input
    assert.throws(() => readNoise({ ...ok, strategy: "tile" }), invalid(/"tile"/));
    // @ts-expect-error: a bad dtype from untyped input
    assert.throws(() => readNoise({ ...ok, dtype: "int32" }), invalid(/"int32"/));
    assert.throws(
      () => fillNoiseBlock({ ...base, numSamples: 10, blockIndex: 0, out: new Float32Array(5) }),
      invalid(/5 values/),
    );
  });
});
