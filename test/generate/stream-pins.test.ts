/**
 * Pins of whole generated blocks (FNV-1a hashes of their bytes), recorded before the generator
 * speed-ups: every dtype, strategy, channel selection, odd read window and the injection path must
 * keep producing the same samples for the same seed, so these hashes may never change.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type NoiseDType, type NoiseStrategy, readNoise } from "../../src/generate/noise.js";
import { generateGroundTruthRecording } from "../../src/generate/recordings/generate-ground-truth.js";
import { InjectTemplatesRecording } from "../../src/generate/recordings/inject-templates-recording.js";
import { NoiseGeneratorRecording } from "../../src/generate/recordings/noise-generator-recording.js";
import { createRng } from "../../src/generate/rng.js";

function fnv1a(view: ArrayBufferView): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

async function currentHashes(): Promise<Record<string, string>> {
  const got: Record<string, string> = {};
  const f32 = new Float32Array(100_003);
  createRng(11).fillNormal(f32, 0.5, 3);
  got.fillNormal32 = fnv1a(f32);
  const f64 = new Float64Array(50_001);
  createRng(12).fillNormal(f64);
  got.fillNormal64 = fnv1a(f64);
  const u32 = new Float32Array(10_001);
  createRng(13).fillUniform(u32, -2, 5);
  got.fillUniform32 = fnv1a(u32);
  const levels = Float64Array.from({ length: 7 }, (_, c) => (c === 3 ? 1 : 5 + 900 * c));
  for (const strategy of ["on_the_fly", "tile_pregenerated"] as NoiseStrategy[]) {
    for (const dtype of ["float32", "float64", "int16"] as NoiseDType[]) {
      for (const [name, channelIndices] of [
        ["all", null],
        ["subset", [6, 0, 3, 3]],
      ] as const) {
        for (const [start, end] of [
          [0, 1000],
          [990, 3017],
          [5, 6],
        ]) {
          for (const noiseLevels of [levels, 1, 20]) {
            const out = readNoise({
              start,
              end,
              channelIndices,
              numChannels: 7,
              blockSize: 1000,
              seed: 3,
              segmentIndex: 1,
              noiseLevels,
              dtype,
              strategy,
            });
            const lv = typeof noiseLevels === "number" ? noiseLevels : "per-channel";
            got[`noise ${strategy} ${dtype} ${name} ${start}-${end} ${lv}`] = fnv1a(out);
          }
        }
      }
    }
  }
  const uniform = readNoise({
    start: 10,
    end: 2500,
    channelIndices: null,
    numChannels: 5,
    blockSize: 1000,
    seed: 4,
    segmentIndex: 0,
    distribution: "uniform",
    dtype: "int16",
    noiseLevels: 300,
    strategy: "on_the_fly",
  });
  got.uniformInt16 = fnv1a(uniform);
  const { recording: gt, sorting } = generateGroundTruthRecording({
    durations: [2],
    samplingFrequency: 10000,
    numChannels: 12,
    numUnits: 6,
    seed: 1,
  });
  got.gtFloat32 = fnv1a((await gt.getTraces({ startFrame: 0, endFrame: 20000 })).data);
  got.gtSubset = fnv1a(
    (
      await gt.getTraces({
        startFrame: 1234,
        endFrame: 15000,
        channelIds: gt.channelIds.slice(3, 9).reverse(),
      })
    ).data,
  );
  const int16Parent = new NoiseGeneratorRecording({
    numChannels: 12,
    samplingFrequency: 10000,
    durations: [2],
    noiseLevels: 20,
    dtype: "int16",
    seed: 2,
    strategy: "on_the_fly",
    noiseBlockSize: 10000,
  });
  const amplitudeFactor = Float64Array.from(
    { length: sorting.countTotalNumSpikes() },
    (_, i) => 0.5 + (i % 7) * 0.3,
  );
  const injected = new InjectTemplatesRecording({
    sorting,
    templates: gt.templates,
    nbefore: Array.from(gt.nbefore),
    parentRecording: int16Parent,
    amplitudeFactor,
  });
  got.injectInt16 = fnv1a((await injected.getTraces({ startFrame: 0, endFrame: 20000 })).data);
  got.injectInt16Subset = fnv1a(
    (
      await injected.getTraces({
        startFrame: 77,
        endFrame: 19000,
        channelIds: [injected.channelIds[5], injected.channelIds[0]],
      })
    ).data,
  );
  return got;
}

const PINS: Record<string, string> = {
  fillNormal32: "9b26a0f5",
  fillNormal64: "b9e040d4",
  fillUniform32: "54596f93",
  "noise on_the_fly float32 all 0-1000 per-channel": "c3a185e6",
  "noise on_the_fly float32 all 0-1000 1": "4611038a",
  "noise on_the_fly float32 all 0-1000 20": "98607be2",
  "noise on_the_fly float32 all 990-3017 per-channel": "de4ada64",
  "noise on_the_fly float32 all 990-3017 1": "e5419cdc",
  "noise on_the_fly float32 all 990-3017 20": "9027bd5b",
  "noise on_the_fly float32 all 5-6 per-channel": "366d7f43",
  "noise on_the_fly float32 all 5-6 1": "51461b57",
  "noise on_the_fly float32 all 5-6 20": "f7e30064",
  "noise on_the_fly float32 subset 0-1000 per-channel": "b8e31ffa",
  "noise on_the_fly float32 subset 0-1000 1": "e2d0082c",
  "noise on_the_fly float32 subset 0-1000 20": "1eed364e",
  "noise on_the_fly float32 subset 990-3017 per-channel": "9b9bcc4b",
  "noise on_the_fly float32 subset 990-3017 1": "6fce54fa",
  "noise on_the_fly float32 subset 990-3017 20": "7bbb1aa9",
  "noise on_the_fly float32 subset 5-6 per-channel": "7addfec7",
  "noise on_the_fly float32 subset 5-6 1": "734ae365",
  "noise on_the_fly float32 subset 5-6 20": "20420c07",
  "noise on_the_fly float64 all 0-1000 per-channel": "3095fca5",
  "noise on_the_fly float64 all 0-1000 1": "315444c8",
  "noise on_the_fly float64 all 0-1000 20": "76fa36db",
  "noise on_the_fly float64 all 990-3017 per-channel": "76e6195e",
  "noise on_the_fly float64 all 990-3017 1": "e8f9caab",
  "noise on_the_fly float64 all 990-3017 20": "252f6d14",
  "noise on_the_fly float64 all 5-6 per-channel": "35ba48d4",
  "noise on_the_fly float64 all 5-6 1": "45623577",
  "noise on_the_fly float64 all 5-6 20": "ab700844",
  "noise on_the_fly float64 subset 0-1000 per-channel": "57a34897",
  "noise on_the_fly float64 subset 0-1000 1": "858887c3",
  "noise on_the_fly float64 subset 0-1000 20": "7dc5188e",
  "noise on_the_fly float64 subset 990-3017 per-channel": "52bc12c4",
  "noise on_the_fly float64 subset 990-3017 1": "163ac19b",
  "noise on_the_fly float64 subset 990-3017 20": "06c8b84f",
  "noise on_the_fly float64 subset 5-6 per-channel": "3a263f80",
  "noise on_the_fly float64 subset 5-6 1": "a6d6df31",
  "noise on_the_fly float64 subset 5-6 20": "4a72ac32",
  "noise on_the_fly int16 all 0-1000 per-channel": "f6201977",
  "noise on_the_fly int16 all 0-1000 1": "f1a951c5",
  "noise on_the_fly int16 all 0-1000 20": "9b09b297",
  "noise on_the_fly int16 all 990-3017 per-channel": "f8cc31c8",
  "noise on_the_fly int16 all 990-3017 1": "956e215b",
  "noise on_the_fly int16 all 990-3017 20": "97a20369",
  "noise on_the_fly int16 all 5-6 per-channel": "411a87fd",
  "noise on_the_fly int16 all 5-6 1": "12237817",
  "noise on_the_fly int16 all 5-6 20": "81f687e5",
  "noise on_the_fly int16 subset 0-1000 per-channel": "ed7f7033",
  "noise on_the_fly int16 subset 0-1000 1": "211d4d6a",
  "noise on_the_fly int16 subset 0-1000 20": "7eecdde3",
  "noise on_the_fly int16 subset 990-3017 per-channel": "ef38c717",
  "noise on_the_fly int16 subset 990-3017 1": "58668f1a",
  "noise on_the_fly int16 subset 990-3017 20": "2db51038",
  "noise on_the_fly int16 subset 5-6 per-channel": "6fc07d6b",
  "noise on_the_fly int16 subset 5-6 1": "df630227",
  "noise on_the_fly int16 subset 5-6 20": "6659a27c",
  "noise tile_pregenerated float32 all 0-1000 per-channel": "c3a185e6",
  "noise tile_pregenerated float32 all 0-1000 1": "4611038a",
  "noise tile_pregenerated float32 all 0-1000 20": "98607be2",
  "noise tile_pregenerated float32 all 990-3017 per-channel": "629f811a",
  "noise tile_pregenerated float32 all 990-3017 1": "d8ccb597",
  "noise tile_pregenerated float32 all 990-3017 20": "addec8bb",
  "noise tile_pregenerated float32 all 5-6 per-channel": "366d7f43",
  "noise tile_pregenerated float32 all 5-6 1": "51461b57",
  "noise tile_pregenerated float32 all 5-6 20": "f7e30064",
  "noise tile_pregenerated float32 subset 0-1000 per-channel": "b8e31ffa",
  "noise tile_pregenerated float32 subset 0-1000 1": "e2d0082c",
  "noise tile_pregenerated float32 subset 0-1000 20": "1eed364e",
  "noise tile_pregenerated float32 subset 990-3017 per-channel": "ece565c0",
  "noise tile_pregenerated float32 subset 990-3017 1": "b3023efe",
  "noise tile_pregenerated float32 subset 990-3017 20": "152cf3a6",
  "noise tile_pregenerated float32 subset 5-6 per-channel": "7addfec7",
  "noise tile_pregenerated float32 subset 5-6 1": "734ae365",
  "noise tile_pregenerated float32 subset 5-6 20": "20420c07",
  "noise tile_pregenerated float64 all 0-1000 per-channel": "3095fca5",
  "noise tile_pregenerated float64 all 0-1000 1": "315444c8",
  "noise tile_pregenerated float64 all 0-1000 20": "76fa36db",
  "noise tile_pregenerated float64 all 990-3017 per-channel": "14d39c1e",
  "noise tile_pregenerated float64 all 990-3017 1": "a218e2a8",
  "noise tile_pregenerated float64 all 990-3017 20": "634ac9f0",
  "noise tile_pregenerated float64 all 5-6 per-channel": "35ba48d4",
  "noise tile_pregenerated float64 all 5-6 1": "45623577",
  "noise tile_pregenerated float64 all 5-6 20": "ab700844",
  "noise tile_pregenerated float64 subset 0-1000 per-channel": "57a34897",
  "noise tile_pregenerated float64 subset 0-1000 1": "858887c3",
  "noise tile_pregenerated float64 subset 0-1000 20": "7dc5188e",
  "noise tile_pregenerated float64 subset 990-3017 per-channel": "caec9d02",
  "noise tile_pregenerated float64 subset 990-3017 1": "d99d5f49",
  "noise tile_pregenerated float64 subset 990-3017 20": "f533322e",
  "noise tile_pregenerated float64 subset 5-6 per-channel": "3a263f80",
  "noise tile_pregenerated float64 subset 5-6 1": "a6d6df31",
  "noise tile_pregenerated float64 subset 5-6 20": "4a72ac32",
  "noise tile_pregenerated int16 all 0-1000 per-channel": "f6201977",
  "noise tile_pregenerated int16 all 0-1000 1": "f1a951c5",
  "noise tile_pregenerated int16 all 0-1000 20": "9b09b297",
  "noise tile_pregenerated int16 all 990-3017 per-channel": "83501d63",
  "noise tile_pregenerated int16 all 990-3017 1": "78cb6a81",
  "noise tile_pregenerated int16 all 990-3017 20": "074bd459",
  "noise tile_pregenerated int16 all 5-6 per-channel": "411a87fd",
  "noise tile_pregenerated int16 all 5-6 1": "12237817",
  "noise tile_pregenerated int16 all 5-6 20": "81f687e5",
  "noise tile_pregenerated int16 subset 0-1000 per-channel": "ed7f7033",
  "noise tile_pregenerated int16 subset 0-1000 1": "211d4d6a",
  "noise tile_pregenerated int16 subset 0-1000 20": "7eecdde3",
  "noise tile_pregenerated int16 subset 990-3017 per-channel": "7738260f",
  "noise tile_pregenerated int16 subset 990-3017 1": "41199351",
  "noise tile_pregenerated int16 subset 990-3017 20": "fbf1c3c4",
  "noise tile_pregenerated int16 subset 5-6 per-channel": "6fc07d6b",
  "noise tile_pregenerated int16 subset 5-6 1": "df630227",
  "noise tile_pregenerated int16 subset 5-6 20": "6659a27c",
  uniformInt16: "7bd4374d",
  gtFloat32: "bde5c69c",
  gtSubset: "d263f64b",
  injectInt16: "67e4a1e9",
  injectInt16Subset: "75466cac",
};

test("generated blocks keep their pinned hashes", async () => {
  const got = await currentHashes();
  if (process.env.PRINT_PINS) console.log(JSON.stringify(got, null, 2));
  assert.deepEqual(got, PINS);
});
