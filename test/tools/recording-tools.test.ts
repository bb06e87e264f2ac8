import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError, isSiError, NumpyRecording } from "../../src/index.js";
import { chunkDurationToChunkSize } from "../../src/jobs/units.js";
import {
  getRandomDataChunkList,
  getRandomDataChunks,
  getRandomSampleSlices,
} from "../../src/tools/random-chunks.js";
import {
  doRecordingAttributesMatch,
  getChannelDistances,
  getClosestChannels,
  getRecAttributes,
  orderChannelsByDepth,
} from "../../src/tools/recording-tools.js";
import { loadFixtureRecording, readJson } from "./fixture-data.js";

function withLocations(locations: number[][]): NumpyRecording {
  const n = locations.length;
  const rec = new NumpyRecording({
    tracesList: { data: new Int16Array(100 * n), shape: [100, n] },
    samplingFrequency: 1000,
  });
  rec.setProperty("location", Float64Array.from(locations.flat()), { shape: [n, 2] });
  return rec;
}

describe("geometry", () => {
  test("channel distances: fixture row 0", () => {
    const rec = loadFixtureRecording();
    const d = getChannelDistances(rec);
    const want = readJson<{ channel_distances_row0: number[] }>(
      "recording/expected.json",
    ).channel_distances_row0;
    assert.deepEqual(Array.from(d.subarray(0, 16)), want);
  });
  test("closest channels skip the channel itself; ties keep channel order", () => {
    const rec = withLocations([
      [0, 0],
      [0, 10],
      [0, 20],
      [0, 30],
    ]);
    const { indices, distances, numChannels } = getClosestChannels(rec, { numChannels: 2 });
    assert.equal(numChannels, 2);
    assert.deepEqual(Array.from(indices), [1, 2, 0, 2, 1, 3, 2, 1]);
    assert.deepEqual(Array.from(distances), [10, 20, 10, 10, 10, 10, 10, 20]);
    const sub = getClosestChannels(rec, { channelIds: [3, 0] });
    assert.deepEqual(Array.from(sub.indices), [1, 0]);
  });
  test("M4: order by depth, lexsort with the last key primary", () => {
    const rec = withLocations([
      [10, 0],
      [0, 10],
      [0, 0],
      [10, 10],
    ]);
    const xy = orderChannelsByDepth(rec);
    assert.deepEqual(Array.from(xy.orderF), [2, 0, 1, 3]);
    assert.deepEqual(Array.from(xy.orderR), [1, 2, 0, 3]);
    assert.deepEqual(Array.from(orderChannelsByDepth(rec, { dimensions: "y" }).orderF), [0, 2, 1, 3]);
    assert.deepEqual(Array.from(orderChannelsByDepth(rec, { flip: true }).orderF), [3, 1, 0, 2]);
    assert.throws(
      () => orderChannelsByDepth(rec, { dimensions: "z" }),
      (e) => e instanceof InvalidArgumentError && /"z"/.test(e.message),
    );
  });
  test("no locations → no_probe error", () => {
    const rec = new NumpyRecording({
      tracesList: { data: new Int16Array(4), shape: [2, 2] },
      samplingFrequency: 10,
    });
    assert.throws(
      () => getChannelDistances(rec),
      (e) => isSiError(e, "no_probe"),
    );
  });
});

describe("recording attributes", () => {
  test("get and match", () => {
    const rec = loadFixtureRecording();
    const attrs = getRecAttributes(rec);
    assert.deepEqual(attrs.num_samples, [30000, 18000]);
    assert.equal(attrs.dtype, "int16");
    assert.equal(attrs.num_channels, 16);
    assert.ok("gain_to_uV" in attrs.properties);
    assert.deepEqual(doRecordingAttributesMatch(rec, attrs), { match: true, message: "" });
    assert.equal(doRecordingAttributesMatch(rec, { ...attrs, dtype: "<i2" }).match, true);
    const other = doRecordingAttributesMatch(rec, { ...attrs, num_samples: [30000, 1], dtype: "float32" });
    assert.equal(other.match, false);
    assert.equal(
      other.message,
      "Recordings do not match in the following attributes: ['num_samples', 'dtype']",
    );
    assert.equal(
      doRecordingAttributesMatch(rec, { ...attrs, dtype: "float32" }, { checkDtype: false }).match,
      true,
    );
    // a deep copy: mutating it leaves the recording alone
    (attrs.properties.gain_to_uV.values as Float64Array)[0] = 99;
    assert.equal((rec.getChannelGains() as Float64Array)[0], 0.195);
  });
});

describe("random chunks", () => {
  test("chunk durations", () => {
    assert.equal(chunkDurationToChunkSize("500ms", 30000), 15000);
    assert.equal(chunkDurationToChunkSize(0.5, 30000), 15000);
    assert.equal(chunkDurationToChunkSize("0.3333s", 30000), 9999);
    assert.equal(chunkDurationToChunkSize("2.5ms", 30000), 75);
    assert.throws(
      () => chunkDurationToChunkSize("1000us", 30000),
      (e) => /"1000us"/.test((e as Error).message),
    );
    assert.throws(() => chunkDurationToChunkSize("1.5S", 30000), InvalidArgumentError);
  });
  test("slices: sorted, inclusive range, per segment, seeded", () => {
    const rec = loadFixtureRecording();
    const a = getRandomSampleSlices(rec, { numChunksPerSegment: 5, chunkDuration: "50ms", seed: 2205 });
    assert.equal(a.length, 10);
    assert.deepEqual(
      a.map((s) => s[0]),
      [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
    );
    for (const [seg, s, e] of a) {
      assert.equal(e - s, 1500);
      assert.ok(s >= 0 && e <= (seg === 0 ? 30000 : 18000));
    }
    for (let i = 1; i < 5; i++) assert.ok(a[i][1] >= a[i - 1][1]);
    assert.deepEqual(
      getRandomSampleSlices(rec, { numChunksPerSegment: 5, chunkDuration: "50ms", seed: 2205 }),
      a,
    );
    // the inclusive upper bound is reachable: a segment exactly one chunk long has one possible start
    const tiny = withLocations([[0, 0]]);
    assert.deepEqual(
      getRandomSampleSlices(tiny, { chunkSize: 98, marginFrames: 1, numChunksPerSegment: 3 }),
      [
        [0, 1, 99],
        [0, 1, 99],
        [0, 1, 99],
      ],
    );
  });
  test("too-long chunks shrink to limit − 1; unknown method throws", () => {
    const rec = withLocations([[0, 0]]);
    const s = getRandomSampleSlices(rec, { chunkSize: 500, numChunksPerSegment: 2, seed: 1 });
    assert.equal(s[0][2] - s[0][1], 99);
    assert.throws(
      () => getRandomSampleSlices(rec, { method: "smart" as "full_random" }),
      (e) => e instanceof InvalidArgumentError && /"smart"/.test(e.message),
    );
  });
  test("getRandomDataChunks concatenates; list form keeps one block per slice", async () => {
    const rec = loadFixtureRecording();
    const slices = [
      [0, 0, 3],
      [1, 5, 7],
    ] as const;
    const cat = await getRandomDataChunks(rec, { slices });
    assert.deepEqual(cat.shape, [5, 16]);
    assert.equal(cat.dtype, "int16");
    const list = await getRandomDataChunkList(rec, { slices, returnInUV: true });
    assert.equal(list.length, 2);
    assert.equal(list[1].dtype, "float32");
  });
});
