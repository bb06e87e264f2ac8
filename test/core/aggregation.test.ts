import assert from "node:assert/strict";
import { describe, test } from "node:test";
import "../../src/index.js";
import { extractorFromDict } from "../../src/base/provenance.js";
import { InvalidArgumentError, isSiError } from "../../src/errors.js";
import { generateLinearProbe } from "../../src/probe/generators.js";
import type { BaseRecording } from "../../src/recording/base-recording.js";
import { NumpyRecording } from "../../src/recording/numpy-recording.js";
import {
  aggregateChannels,
  ChannelsAggregationRecording,
} from "../../src/recording/views/aggregate-channels.js";
import { appendRecordings } from "../../src/recording/views/segments.js";
import type { BaseSorting } from "../../src/sorting/base-sorting.js";
import { NumpySorting } from "../../src/sorting/numpy-sorting.js";
import { aggregateUnits } from "../../src/sorting/views/aggregate-units.js";
import "../../src/sorting/views/units-selection.js";

/** One sample per row; channel j of `base` holds base + j + 100·sample. */
function rec(
  ids: (string | number)[],
  base = 0,
  numSamples = 3,
  dtype: "int16" | "float32" = "int16",
): NumpyRecording {
  const c = ids.length;
  const data = dtype === "int16" ? new Int16Array(numSamples * c) : new Float32Array(numSamples * c);
  for (let i = 0; i < numSamples; i++) for (let j = 0; j < c; j++) data[i * c + j] = base + j + 100 * i;
  return new NumpyRecording({
    tracesList: { data, shape: [numSamples, c] },
    samplingFrequency: 1000,
    channelIds: ids,
  });
}

describe("aggregateChannels ids (examples.md A1-A6)", () => {
  test("A1-A5", () => {
    assert.deepEqual(aggregateChannels([rec([0, 1]), rec([2, 3])]).channelIds, [0, 1, 2, 3]);
    assert.deepEqual(aggregateChannels([rec([0, 1]), rec([0, 1])]).channelIds, ["0", "1", "2", "3"]);
    assert.deepEqual(aggregateChannels([rec(["a", "b"]), rec(["c"])]).channelIds, ["a", "b", "c"]);
    assert.deepEqual(aggregateChannels([rec(["a", "b"]), rec(["a"])]).channelIds, ["0", "1", "2"]);
    assert.deepEqual(aggregateChannels([rec([0, 1]), rec(["c"])]).channelIds, ["0", "1", "2"]);
  });
  test("A6 renamed ids: duplicates or wrong count", () => {
    const inputs = () => [rec([0, 1]), rec([2])];
    assert.deepEqual(aggregateChannels(inputs(), { renamedChannelIds: ["x", "y", "z"] }).channelIds, [
      "x",
      "y",
      "z",
    ]);
    assert.throws(
      () => aggregateChannels(inputs(), { renamedChannelIds: ["x", "x", "z"] }),
      (e) => isSiError(e, "duplicate_id") && /"x"/.test(String(e)),
    );
    assert.throws(() => aggregateChannels(inputs(), { renamedChannelIds: ["x"] }), /1 ids for 3 channels/);
  });
});

describe("aggregateChannels metadata", () => {
  test("A7 aggregation_key is written onto the inputs", () => {
    const r1 = rec([0, 1]);
    const r2 = rec([2, 3]);
    const agg = aggregateChannels([r1, r2]);
    assert.deepEqual([...(r1.getProperty("aggregation_key") as Float64Array)], [0, 0]);
    assert.deepEqual([...(r2.getProperty("aggregation_key") as Float64Array)], [1, 1]);
    assert.deepEqual([...(agg.getProperty("aggregation_key") as Float64Array)], [0, 0, 1, 1]);
    const byDict = aggregateChannels({ x: rec([0]), y: rec([1]) });
    assert.deepEqual(byDict.getProperty("aggregation_key"), ["x", "y"]);
    const byMap = aggregateChannels(
      new Map([
        [5, rec([0])],
        [6, rec([1])],
      ]),
    );
    assert.deepEqual([...(byMap.getProperty("aggregation_key") as Float64Array)], [5, 6]);
  });
  test("A9 properties: only keys every input has; numeric kinds promoted", () => {
    const r1 = rec([0, 1]);
    const r2 = rec([2]);
    r1.setProperty("only1", [1.5, 2.5]);
    r1.setProperty("both", ["a", "b"]);
    r2.setProperty("both", ["c"]);
    r1.setProperty("mixed", [1, 2]);
    r2.setProperty("mixed", [0.5]);
    r1.setProperty("clash", ["s", "t"]);
    r2.setProperty("clash", [3]);
    r1.setChannelGains(2);
    r2.setChannelGains(3);
    const agg = aggregateChannels([r1, r2]);
    assert.equal(agg.getProperty("only1"), null);
    assert.deepEqual(agg.getProperty("both"), ["a", "b", "c"]);
    assert.deepEqual([...(agg.getProperty("mixed") as Float64Array)], [1, 2, 0.5]);
    assert.equal(agg.getPropertyInfo("mixed")?.dtype, "float64");
    assert.equal(agg.getProperty("clash"), null);
    assert.deepEqual([...(agg.getChannelGains() as Float64Array)], [2, 2, 3]);
  });
  test("probes: all inputs → aggregated group; only some → error naming them", () => {
    const r1 = rec([0, 1]);
    const r2 = rec([2, 3]);
    const p1 = generateLinearProbe({ numElec: 2 });
    p1.setDeviceChannelIndices([0, 1]);
    const p2 = generateLinearProbe({ numElec: 2 });
    p2.setDeviceChannelIndices([1, 0]);
    r1.setProbe(p1);
    r2.setProbe(p2);
    const agg = aggregateChannels([r1, r2]);
    assert.equal(agg.getProbegroup().probes.length, 2);
    assert.deepEqual([...(agg.getChannelGroups() as Float64Array)], [0, 0, 1, 1]);
    assert.throws(
      () => aggregateChannels([rec([0]), r1, rec([5])]),
      (e) => isSiError(e, "incompatible") && /\[0, 2\]/.test(String(e)),
    );
  });
});

describe("aggregateChannels traces", () => {
  test("A8 (fixed): a subset comes back in the requested order", async () => {
    const agg = aggregateChannels([rec([0, 1], 0, 1), rec([2, 3], 10, 1)]);
    const t = await agg.getTraces({ channelIds: [2, 0, 3, 1] });
    assert.deepEqual([...t.data], [10, 0, 11, 1]);
    assert.deepEqual(t.shape, [1, 4]);
  });
  test("all channels and single-source subsets", async () => {
    const agg = aggregateChannels([rec([0, 1], 0), rec([2], 10)]);
    assert.deepEqual([...(await agg.getTraces()).data], [0, 1, 10, 100, 101, 110, 200, 201, 210]);
    assert.deepEqual(
      [...(await agg.getTraces({ channelIds: [1, 0], startFrame: 1, endFrame: 2 })).data],
      [101, 100],
    );
    assert.deepEqual([...(await agg.getTraces({ channelIds: [2, 2, 1], endFrame: 1 })).data], [10, 10, 1]);
  });
  test("multi-segment and times of the first recording", async () => {
    const a = appendRecordings([rec([0], 0, 2), rec([0], 5, 3)]);
    const b = appendRecordings([rec([1], 50, 2), rec([1], 60, 3)]);
    const agg = aggregateChannels([a, b]);
    assert.equal(agg.getNumSegments(), 2);
    assert.deepEqual([...(await agg.getTraces({ segmentIndex: 1, endFrame: 1 })).data], [5, 60]);
    const t1 = rec([0]);
    t1.shiftTimes(2);
    assert.equal(aggregateChannels([t1, rec([1])]).getStartTime(), 2);
    const tv = rec([1]);
    tv.setTimes([0, 1, 2]);
    assert.throws(() => aggregateChannels([rec([0]), tv]), /time vector/);
  });
  test("A10 and other checks name the mismatch", () => {
    assert.throws(
      () => aggregateChannels([rec([0], 0, 3), rec([1], 0, 4)]),
      (e) => isSiError(e, "incompatible") && /\[3, 4\]/.test(String(e)),
    );
    assert.throws(() => aggregateChannels([rec([0]), rec([1], 0, 3, "float32")]), /dtype.*int16.*float32/);
    const fast = new NumpyRecording({
      tracesList: { data: new Int16Array(3), shape: [3, 1] },
      samplingFrequency: 2000,
    });
    assert.throws(() => aggregateChannels([rec([0]), fast]), /1000, 2000/);
    assert.throws(() => aggregateChannels([]), InvalidArgumentError);
    const r1 = rec([0]);
    assert.throws(() => aggregateChannels([r1, rec([1], 0, 5)]));
    assert.equal(r1.getProperty("aggregation_key"), null, "a failed aggregation leaves inputs untouched");
  });
  test("provenance round trip", async () => {
    const agg = aggregateChannels({ x: rec([0, 1], 0), y: rec([2], 10) }).channelSlice([2, 0]);
    const back = (await extractorFromDict(agg.toDict({ recursive: true }))) as BaseRecording;
    assert.deepEqual(back.channelIds, [2, 0]);
    assert.deepEqual([...(await back.getTraces()).data], [...(await agg.getTraces()).data]);
    const plain = aggregateChannels([rec([0]), rec([1])]);
    assert.ok(Array.isArray(plain.kwargs.recording_list));
    assert.ok(plain instanceof ChannelsAggregationRecording);
  });
});

function sorting(unitIds: (string | number)[], samples: number[], labels: (string | number)[]): NumpySorting {
  return NumpySorting.fromSamplesAndLabels([samples], [labels], 1000, unitIds);
}

function trains(s: BaseSorting, segmentIndex = 0): Record<string, number[]> {
  return Object.fromEntries(
    s.unitIds.map((u) => [String(u), [...s.getUnitSpikeTrain({ unitId: u, segmentIndex })]]),
  );
}

describe("aggregateUnits (examples.md A11-A15)", () => {
  test("A11-A13 ids", () => {
    assert.deepEqual(aggregateUnits([sorting([0, 1], [], []), sorting([2], [], [])]).unitIds, [0, 1, 2]);
    assert.deepEqual(aggregateUnits([sorting([0, 1], [], []), sorting([0], [], [])]).unitIds, [0, 1, 2]);
    assert.deepEqual(aggregateUnits([sorting(["a", "b"], [], []), sorting(["a"], [], [])]).unitIds, [
      "0",
      "1",
      "2",
    ]);
    assert.deepEqual(aggregateUnits([sorting([0, 1], [], []), sorting(["a"], [], [])]).unitIds, [
      "0",
      "1",
      "2",
    ]);
    assert.throws(
      () => aggregateUnits([sorting([0], [], [])], { renamedUnitIds: [1, 2] }),
      /2 ids for 1 units/,
    );
  });
  test("A14 properties", () => {
    const s1 = sorting([0, 1], [], []);
    const s2 = sorting([2], [], []);
    // JS numbers cannot say 1.0: a Float64Array makes the property float64.
    s1.setProperty("f", Float64Array.from([1, 2]));
    s2.setProperty("s", ["x"]);
    s1.setProperty("i", [1, 2]);
    s1.setProperty("k", [1, 2]);
    s2.setProperty("k", ["z"]);
    const agg = aggregateUnits([s1, s2]);
    assert.deepEqual([...(agg.getProperty("f") as Float64Array)], [1, 2, Number.NaN]);
    assert.deepEqual(agg.getProperty("s"), ["", "", "x"]);
    assert.equal(agg.getProperty("i"), null);
    assert.equal(agg.getProperty("k"), null);
  });
  test("A15 aggregation_key only for dict input; annotations kept when equal", () => {
    const s1 = sorting([0], [], []);
    const s2 = sorting([1], [], []);
    s1.annotate({ same: 1, diff: "a" });
    s2.annotate({ same: 1, diff: "b" });
    const agg = aggregateUnits([s1, s2]);
    assert.equal(agg.getProperty("aggregation_key"), null);
    assert.equal(agg.getAnnotation("same"), 1);
    assert.equal(agg.getAnnotation("diff"), null);
    assert.deepEqual(aggregateUnits({ p: s1, q: s2 }).getProperty("aggregation_key"), ["p", "q"]);
  });
  test("spike trains and spike vector order", () => {
    const s1 = sorting([0, 1], [10, 10, 30], [1, 0, 1]);
    const s2 = sorting([0], [10, 20], [0, 0]);
    const agg = aggregateUnits([s1, s2]);
    assert.deepEqual(agg.unitIds, [0, 1, 2]);
    assert.deepEqual(trains(agg), { "0": [10], "1": [10, 30], "2": [10, 20] });
    const v = agg.toSpikeVector();
    assert.deepEqual([...v.sampleIndex], [10, 10, 10, 20, 30]);
    assert.deepEqual([...v.unitIndex], [0, 1, 2, 2, 1]);
  });
  test("checks", () => {
    const multi = NumpySorting.fromSamplesAndLabels([[1], [2]], [[0], [0]], 1000);
    assert.throws(() => aggregateUnits([multi, sorting([0], [1], [0])]), /\[2, 1\]/);
    const other = NumpySorting.fromSamplesAndLabels([[1]], [[0]], 999);
    assert.throws(() => aggregateUnits([sorting([0], [1], [0]), other]), /999/);
    assert.equal(
      aggregateUnits([sorting([0], [1], [0]), other], { samplingFrequencyMaxDiff: 1 }).getNumUnits(),
      2,
    );
    const withMain = sorting([0], [1], [0]);
    withMain.setProperty("main_channel_id", ["a"]);
    assert.throws(() => aggregateUnits([withMain, sorting([1], [1], [1])]), /main_channel_id/);
    assert.throws(() => aggregateUnits([]), InvalidArgumentError);
  });
  test("provenance round trip", async () => {
    const agg = aggregateUnits({ a: sorting([0, 1], [3, 5], [0, 1]), b: sorting([7], [4], [7]) }).selectUnits(
      [7, 0],
    );
    const back = (await extractorFromDict(agg.toDict({ recursive: true }))) as BaseSorting;
    assert.deepEqual(trains(back), trains(agg));
    assert.deepEqual(back.unitIds, [7, 0]);
  });
});
