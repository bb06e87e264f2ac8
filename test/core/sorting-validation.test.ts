/**
 * Sortings refuse bad frames and samples, and never hand out writable views of their cache.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FrameRangeError, InvalidArgumentError, NumpyRecording, NumpySorting } from "../../src/index.js";

const FS = 1000;
const s1 = () => NumpySorting.fromSamplesAndLabels([[30, 10, 20, 10, 5]], [[2, 1, 2, 0, 1]], FS);

describe("spike trains are copies", () => {
  test("editing a returned train does not change the sorting", () => {
    const s = s1();
    const t = s.getUnitSpikeTrain({ unitId: 2 });
    t[0] = 999;
    assert.deepEqual([...s.getUnitSpikeTrain({ unitId: 2 })], [20, 30]);
    const windowed = s.getUnitSpikeTrain({ unitId: 2, startFrame: 25 });
    windowed[0] = -1;
    assert.deepEqual([...s.getUnitSpikeTrain({ unitId: 2, startFrame: 25 })], [30]);
    assert.deepEqual([...s.toSpikeVector().sampleIndex], [5, 10, 10, 20, 30]);
  });

  test("the in-seconds train is fresh too", () => {
    const s = s1();
    const t = s.getUnitSpikeTrain({ unitId: 1, returnTimes: true });
    t.fill(0);
    assert.deepEqual([...s.getUnitSpikeTrain({ unitId: 1, returnTimes: true })], [0.005, 0.01]);
  });
});

describe("frame bounds of spike-train queries", () => {
  const cases: [string, number | null, number | null, RegExp][] = [
    ["reversed", 30, 10, /startFrame 30 is after endFrame 10/],
    ["negative start", -5, null, /negative frame: startFrame -5/],
    ["negative end", null, -1, /negative frame: startFrame null, endFrame -1/],
    ["fractional start", 2.5, null, /frames must be integers, got startFrame 2.5/],
    ["NaN end", 0, Number.NaN, /endFrame NaN/],
  ];
  for (const [name, startFrame, endFrame, message] of cases) {
    test(name, () => {
      assert.throws(
        () => s1().getUnitSpikeTrain({ unitId: 2, startFrame, endFrame }),
        (e: unknown) => {
          assert.ok(e instanceof FrameRangeError);
          assert.match(e.message, message);
          return true;
        },
      );
      // The same checks apply when times are asked for.
      assert.throws(
        () => s1().getUnitSpikeTrain({ unitId: 2, startFrame, endFrame, returnTimes: true }),
        FrameRangeError,
      );
    });
  }

  test("equal bounds are an empty window, not an error", () => {
    assert.deepEqual([...s1().getUnitSpikeTrain({ unitId: 2, startFrame: 20, endFrame: 20 })], []);
  });

  test("recordings keep the same messages", async () => {
    const rec = new NumpyRecording({
      tracesList: { data: new Int16Array(20), shape: [10, 2] },
      samplingFrequency: FS,
    });
    await assert.rejects(
      rec.getTraces({ startFrame: 5, endFrame: 2 }),
      /startFrame 5 is after endFrame 2 \(segment 0 has 10 samples\)/,
    );
    await assert.rejects(rec.getTraces({ startFrame: -1 }), FrameRangeError);
  });
});

describe("builders refuse bad sample indices", () => {
  const refuses = (build: () => unknown, message: RegExp) =>
    assert.throws(build, (e: unknown) => {
      assert.ok(e instanceof InvalidArgumentError, String(e));
      assert.match(e.message, message);
      return true;
    });

  test("fromUnitDict", () => {
    refuses(() => NumpySorting.fromUnitDict({ a: [1.5] }, FS), /sample index 1.5 \(unit "a", segment 0\)/);
    refuses(
      () => NumpySorting.fromUnitDict({ a: [3], b: [-1] }, FS),
      /sample index -1 \(unit "b", segment 0\)/,
    );
  });

  test("fromSamplesAndLabels", () => {
    refuses(
      () => NumpySorting.fromSamplesAndLabels([[4, -3]], [[0, 1]], FS),
      /sample index -3 \(unit 1, segment 0\)/,
    );
    refuses(() => NumpySorting.fromSamplesAndLabels([[0.5]], [[0]], FS), /sample index 0.5/);
  });

  test("the constructor and fromSpikeVector", () => {
    const spikes = {
      sampleIndex: Float64Array.of(Number.NaN),
      unitIndex: Int32Array.of(0),
      segmentIndex: Int32Array.of(0),
    };
    refuses(() => NumpySorting.fromSpikeVector(spikes, FS, ["u"]), /sample index NaN \(unit "u"/);
    const negSeg = {
      sampleIndex: Float64Array.of(1),
      unitIndex: Int32Array.of(0),
      segmentIndex: Int32Array.of(-1),
    };
    refuses(
      () => new NumpySorting({ spikes: negSeg, samplingFrequency: FS, unitIds: [0] }),
      /segment index -1/,
    );
  });

  test("valid zero and large samples are kept exactly", () => {
    const big = 2 ** 33 + 7; // beyond int32: sample indices are float64
    const s = NumpySorting.fromUnitDict({ a: [0, big] }, FS);
    assert.deepEqual([...s.getUnitSpikeTrain({ unitId: "a" })], [0, big]);
    assert.deepEqual([...s.getUnitSpikeTrain({ unitId: "a", startFrame: big })], [big]);
  });
});

describe("NumpySorting.fromPeaks", () => {
  test("channel index becomes unit index, sorted by segment then sample", () => {
    const peaks = {
      sampleIndex: [40, 10, 10, 5],
      channelIndex: [0, 2, 1, 2],
      segmentIndex: [0, 0, 0, 1],
      amplitude: [-50, -60, -70, -80],
    };
    const s = NumpySorting.fromPeaks(peaks, FS, ["c0", "c1", "c2"]);
    assert.equal(s.getNumSegments(), 2);
    const v = s.toSpikeVector();
    assert.deepEqual([...v.sampleIndex], [10, 10, 40, 5]);
    assert.deepEqual([...v.unitIndex], [1, 2, 0, 2]);
    assert.deepEqual([...v.segmentIndex], [0, 0, 0, 1]);
    assert.deepEqual([...s.getUnitSpikeTrain({ unitId: "c2", segmentIndex: 1 })], [5]);
  });

  test("refuses bad peaks by value", () => {
    const ok = { sampleIndex: [1], channelIndex: [0], segmentIndex: [0] };
    assert.throws(
      () => NumpySorting.fromPeaks({ ...ok, channelIndex: [3] }, FS, ["a"]),
      /unit index 3, but there are 1 units/,
    );
    assert.throws(
      () => NumpySorting.fromPeaks({ ...ok, channelIndex: [0.5] }, FS, ["a"]),
      /channel index 0.5/,
    );
    assert.throws(() => NumpySorting.fromPeaks({ ...ok, segmentIndex: [] }, FS, ["a"]), /different lengths/);
  });
});

describe("unit selections", () => {
  test("an empty unit selection is an empty sorting (as SpikeInterface's remove_units of all units)", () => {
    const s = s1();
    const none = s.selectUnits([]);
    assert.equal(none.getNumUnits(), 0);
    assert.equal(none.toSpikeVector().sampleIndex.length, 0);
    assert.equal(s.removeUnits(s.unitIds).getNumUnits(), 0);
  });

  test("a scalar or a string is not a list of unit ids", () => {
    const s = s1();
    assert.throws(() => s.idsToIndices(2 as never), /idsToIndices: unit ids must be an array, got number 2/);
    assert.throws(() => s.selectUnits("ab" as never), InvalidArgumentError);
    assert.throws(
      () => s.removeUnits("12" as never),
      /removeUnits: unit ids must be an array, got string "12"/,
    );
    assert.throws(() => s.renameUnits("xyz" as never), /renameUnits: unit ids must be an array/);
  });
});
