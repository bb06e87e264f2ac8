import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  appendSortings,
  type BaseSorting,
  concatenateSortings,
  FrameRangeError,
  isSiError,
  NumpyRecording,
  NumpySorting,
  type SpikeVector,
  selectSegmentSorting,
  splitSorting,
  UnknownIdError,
} from "../../src/index.js";
import {
  applyMergesToSorting,
  generateUnitIdsForMergeGroup,
  randomSpikesSelection,
  spikeVectorToIndices,
  spikeVectorToSpikeTrains,
} from "../../src/sorting/sorting-tools.js";

const FS = 1000;

function rows(v: SpikeVector): [number, number, number][] {
  return Array.from(v.sampleIndex, (s, i) => [s, v.unitIndex[i], v.segmentIndex[i]]);
}

function trains(s: BaseSorting, segmentIndex = 0): Record<string, number[]> {
  return Object.fromEntries(
    s.unitIds.map((u) => [String(u), [...s.getUnitSpikeTrain({ unitId: u, segmentIndex })]]),
  );
}

/** S1: samples [30,10,20,10,5], labels [2,1,2,0,1]. */
const s1 = () => NumpySorting.fromSamplesAndLabels([[30, 10, 20, 10, 5]], [[2, 1, 2, 0, 1]], FS);
/** S9: two segments. */
const s9 = () =>
  NumpySorting.fromSamplesAndLabels(
    [
      [5, 3, 3],
      [1, 0],
    ],
    [
      [1, 1, 0],
      [0, 1],
    ],
    FS,
  );

function recording(numSamples: number, tStart: number | null = null): NumpyRecording {
  return new NumpyRecording({
    tracesList: { data: new Float32Array(numSamples), shape: [numSamples, 1] },
    samplingFrequency: FS,
    tStarts: [tStart],
  });
}

describe("spike vector order (examples.md §7)", () => {
  test("S1 ties keep input order", () => {
    const s = s1();
    assert.deepEqual(s.unitIds, [0, 1, 2]);
    assert.deepEqual(rows(s.toSpikeVector()), [
      [5, 1, 0],
      [10, 1, 0],
      [10, 0, 0],
      [20, 2, 0],
      [30, 2, 0],
    ]);
  });
  test("S2 explicit unit ids", () => {
    const s = NumpySorting.fromSamplesAndLabels([[10, 10, 10]], [[2, 0, 1]], FS, [2, 1, 0]);
    assert.deepEqual(rows(s.toSpikeVector()), [
      [10, 0, 0],
      [10, 2, 0],
      [10, 1, 0],
    ]);
  });
  test("S3 (deliberate difference): unknown labels are an error, not unit 0", () => {
    assert.throws(
      () => NumpySorting.fromSamplesAndLabels([[10, 20, 30]], [[7, 1, 9]], FS, [1, 9]),
      (e) => isSiError(e, "invalid_argument") && /7/.test(String(e)),
    );
  });
  test("S4 one segment given bare", () => {
    const s = NumpySorting.fromSamplesAndLabels([30, 10, 20, 10, 5], [2, 1, 2, 0, 1], FS);
    assert.deepEqual(rows(s.toSpikeVector()), rows(s1().toSpikeVector()));
  });
  test("S5-S6 segment counts", () => {
    assert.equal(NumpySorting.fromSamplesAndLabels([[1], []], [[0], []], FS).getNumSegments(), 2);
    assert.equal(NumpySorting.fromSamplesAndLabels([[], [1]], [[], [0]], FS).getNumSegments(), 2);
    const v = {
      sampleIndex: Float64Array.of(1),
      unitIndex: Int32Array.of(0),
      segmentIndex: Int32Array.of(0),
    };
    assert.equal(new NumpySorting({ spikes: v, samplingFrequency: FS, unitIds: [0] }).getNumSegments(), 1);
  });
  test("S7 times rounded half to even", () => {
    const s = NumpySorting.fromTimesAndLabels(
      [[0.0025, 0.0035, 0.0015, 0.0005, 0.0104999]],
      [[0, 0, 0, 0, 0]],
      FS,
    );
    assert.deepEqual([...s.getUnitSpikeTrain({ unitId: 0 })], [0, 2, 2, 4, 10]);
  });
  test("S8 fromUnitDict", () => {
    const s = NumpySorting.fromUnitDict({ b: [5, 1], a: [3] }, FS);
    assert.deepEqual(s.unitIds, ["b", "a"]);
    assert.deepEqual(rows(s.toSpikeVector()), [
      [1, 0, 0],
      [3, 1, 0],
      [5, 0, 0],
    ]);
  });
  test("S9 multi-segment and slices", () => {
    const s = s9();
    assert.deepEqual(rows(s.toSpikeVector()), [
      [3, 1, 0],
      [3, 0, 0],
      [5, 1, 0],
      [0, 1, 1],
      [1, 0, 1],
    ]);
    assert.deepEqual([...s.getSpikeVectorSegmentSlices()], [0, 3, 3, 5]);
  });
  test("S11 selectUnits re-sorts ties by the new unit index", () => {
    assert.deepEqual(rows(s9().selectUnits([1, 0]).toSpikeVector()), [
      [3, 0, 0],
      [3, 1, 0],
      [5, 0, 0],
      [0, 0, 1],
      [1, 1, 1],
    ]);
  });
  test("S12-S13 counts, removeUnits, selectUnits of unknown ids", () => {
    const s = s9();
    assert.deepEqual(
      [...s.countNumSpikesPerUnit()],
      [
        [0, 2],
        [1, 3],
      ],
    );
    assert.deepEqual([...s.countNumSpikesPerUnitArray()], [2, 3]);
    assert.deepEqual(s.removeUnits([5]).unitIds, [0, 1]);
    assert.throws(
      () => s.selectUnits([5]),
      (e) => e instanceof UnknownIdError && /5/.test(e.message),
    );
  });
});

describe("spike trains and times (examples.md S14-S25)", () => {
  test("S14-S15 frames are half-open", () => {
    assert.deepEqual([...s1().getUnitSpikeTrain({ unitId: 2, startFrame: 20, endFrame: 30 })], [20]);
    assert.deepEqual([...s1().getUnitSpikeTrain({ unitId: 2, startFrame: 20, endFrame: 31 })], [20, 30]);
  });
  test("S16-S17 seconds without a recording", () => {
    assert.deepEqual(
      [...s1().getUnitSpikeTrainInSeconds({ unitId: 2, startTime: 0.02, endTime: 0.03 })],
      [0.02],
    );
    const u = NumpySorting.fromUnitDict({ u: [10, 20, 30] }, FS);
    assert.deepEqual(
      [...u.getUnitSpikeTrainInSeconds({ unitId: "u", startTime: 0.0, endTime: 0.02 })],
      [0.01],
    );
  });
  test("S18-S19 with a registered recording: inclusive seconds", () => {
    const s = s1();
    s.registerRecording(recording(100, 5.0));
    assert.deepEqual(
      [...s.getUnitSpikeTrainInSeconds({ unitId: 2, startTime: 5.02, endTime: 5.03 })],
      [5.02, 5.03],
    );
    const u = NumpySorting.fromUnitDict({ u: [10, 20, 30] }, FS);
    assert.deepEqual(
      [...u.getUnitSpikeTrain({ unitId: "u", startFrame: 10, endFrame: 30, returnTimes: true })],
      [0.01, 0.02],
    );
    u.registerRecording(recording(100));
    assert.deepEqual(
      [...u.getUnitSpikeTrain({ unitId: "u", startFrame: 10, endFrame: 30, returnTimes: true })],
      [0.01, 0.02, 0.03],
    );
  });
  test("S20 timeToSampleIndex rounds half to even", () => {
    assert.equal(s1().timeToSampleIndex(0.0105), 10);
    assert.equal(s1().timeToSampleIndex(0.0115), 12);
  });
  test("S21-S22 start and end times", () => {
    const s = s1();
    assert.equal(s.getEndTime(), 0.03);
    s.registerRecording(recording(100, 5.0));
    assert.equal(s.getStartTime(), 5.0);
    assert.equal(s.getEndTime(), 5.099);
  });
  test("S23-S25 frame and time slices", () => {
    const f = s1().frameSlice(10, 25);
    assert.deepEqual(rows(f.toSpikeVector()), [
      [0, 0, 0],
      [0, 1, 0],
      [10, 2, 0],
    ]);
    assert.equal(f.getStartTime(), 0.01);
    assert.equal(s1().frameSlice(0, null).kwargs.end_frame, 31);
    assert.deepEqual(rows(s1().timeSlice(0.0, 0.02).toSpikeVector()), [
      [5, 1, 0],
      [10, 0, 0],
      [10, 1, 0],
    ]);
  });
});

describe("sorting-tools", () => {
  test("spikeVectorToSpikeTrains, per segment", () => {
    const s = s9();
    const out = spikeVectorToSpikeTrains(s.toSpikeVector(), s.unitIds);
    assert.equal(out.length, 2);
    assert.deepEqual([...out[0].get(0)!], [3]);
    assert.deepEqual([...out[0].get(1)!], [3, 5]);
    assert.deepEqual([...out[1].get(1)!], [0]);
    const list = spikeVectorToSpikeTrains([s.getSegmentSpikes(0), s.getSegmentSpikes(1)], s.unitIds);
    assert.deepEqual([...list[1].get(0)!], [1]);
  });
  test("spikeVectorToIndices, relative and absolute", () => {
    const s = s9();
    const rel = spikeVectorToIndices(s.toSpikeVector(), s.unitIds);
    assert.deepEqual([...rel[0].get(1)!], [0, 2]);
    assert.deepEqual([...rel[1].get(0)!], [1]);
    const abs = spikeVectorToIndices(s.toSpikeVector(), s.unitIds, { absoluteIndex: true });
    assert.deepEqual([...abs[1].get(0)!], [4]);
    assert.deepEqual([...abs[1].get(1)!], [3]);
  });
  test("randomSpikesSelection: all, uniform cap, seed, margins", () => {
    const s = s9();
    assert.deepEqual([...randomSpikesSelection(s, { method: "all" })], [0, 1, 2, 3, 4]);
    const one = randomSpikesSelection(s, { maxSpikesPerUnit: 1, seed: 3 });
    assert.equal(one.length, 2);
    const v = s.toSpikeVector();
    assert.deepEqual([...one].map((i) => v.unitIndex[i]).sort(), [0, 1]);
    assert.deepEqual([...one], [...randomSpikesSelection(s, { maxSpikesPerUnit: 1, seed: 3 })]);
    assert.deepEqual([...randomSpikesSelection(s, { seed: 1 })], [0, 1, 2, 3, 4]);
    // keep 1 <= sample < numSamples - 1: frames 3, 3 of segment 0 (5 is too late, segment 1 too short)
    const inner = randomSpikesSelection(s, { marginSize: 1, numSamples: [6, 2], seed: 0 });
    assert.deepEqual([...inner], [0, 1]);
    assert.throws(() => randomSpikesSelection(s, { marginSize: 1 }), /numSamples/);
    assert.throws(() => randomSpikesSelection(s, { method: "percentage", percentage: 1.5 }), /1.5/);
    assert.equal(randomSpikesSelection(s, { method: "percentage", percentage: 0.5, seed: 1 }).length, 2);
    // @ts-expect-error: unknown method
    assert.throws(() => randomSpikesSelection(s, { method: "best" }), /"best"/);
  });
  test("randomSpikesSelection: uniform law (each spike about equally likely)", () => {
    const s = NumpySorting.fromUnitDict({ u: Array.from({ length: 10 }, (_, i) => i * 10) }, FS);
    const counts = new Array(10).fill(0);
    for (let seed = 0; seed < 2000; seed++)
      for (const i of randomSpikesSelection(s, { maxSpikesPerUnit: 3, seed })) counts[i]++;
    for (const c of counts) assert.ok(Math.abs(c - 600) < 100, `count ${c} far from 600`);
  });
});

describe("applyMergesToSorting", () => {
  const base = () => NumpySorting.fromUnitDict({ a: [1, 10], b: [2, 30], c: [5], d: [7] }, FS);
  test("new ids by strategy", () => {
    assert.deepEqual(generateUnitIdsForMergeGroup([0, 5, 2], [[0, 5]]), [6]);
    assert.deepEqual(generateUnitIdsForMergeGroup(["1", "12"], [["1", "12"]]), ["13"]);
    assert.deepEqual(generateUnitIdsForMergeGroup(["a", "b"], [["a", "b"]]), ["merge0"]);
    assert.deepEqual(generateUnitIdsForMergeGroup(["a", "b"], [["a", "b"]], { newIdStrategy: "join" }), [
      "a-b",
    ]);
    assert.deepEqual(generateUnitIdsForMergeGroup([3, 4], [[4, 3]], { newIdStrategy: "take_first" }), [4]);
    assert.throws(() => generateUnitIdsForMergeGroup([3, 4, 5], [[4, 3]], { newUnitIds: [5] }), /5/);
  });
  test("merged trains, ids, properties", () => {
    const s = base();
    s.setProperty("shank", ["x", "x", "y", "z"]);
    s.setProperty("depth", Float64Array.from([1, 2, 3, 4]));
    s.setProperty("n", [1, 1, 2, 3]);
    s.setProperty("main_channel_id", ["ch1", "ch2", "ch3", "ch4"]);
    const { sorting: m, newUnitIds, keepMask } = applyMergesToSorting(s, [["a", "b"]]);
    assert.deepEqual(newUnitIds, ["merge0"]);
    assert.deepEqual(m.unitIds, ["c", "d", "merge0"]);
    assert.deepEqual(trains(m), { c: [5], d: [7], merge0: [1, 2, 10, 30] });
    assert.deepEqual(m.getProperty("shank"), ["y", "z", "x"]);
    assert.deepEqual([...(m.getProperty("depth") as Float64Array)], [3, 4, Number.NaN]);
    assert.deepEqual([...(m.getProperty("n") as Float64Array)], [2, 3, 1]);
    assert.deepEqual(m.getProperty("main_channel_id"), ["ch3", "ch4", "ch1"]);
    assert.deepEqual(m.getProperty("is_merged"), [false, false, true]);
    assert.deepEqual([...keepMask], [1, 1, 1, 1, 1, 1]);
    const disagree = base();
    disagree.setProperty("n", [1, 2, 2, 3]);
    assert.equal(applyMergesToSorting(disagree, [["a", "b"]]).sorting.getProperty("n"), null);
  });
  test("censoring drops spikes too close to the group's previous spike", () => {
    const { sorting: m, keepMask } = applyMergesToSorting(base(), [["a", "b", "c"]], {
      censorMs: 2,
      newUnitIds: ["abc"],
    });
    assert.deepEqual([...m.getUnitSpikeTrain({ unitId: "abc" })], [1, 5, 10, 30]);
    assert.equal(
      keepMask.reduce((a, b) => a + b, 0),
      5,
    );
  });
  test("take_first keeps the id in place", () => {
    const { sorting: m } = applyMergesToSorting(base(), [["b", "d"]], { newIdStrategy: "take_first" });
    assert.deepEqual(m.unitIds, ["a", "b", "c"]);
    assert.deepEqual([...m.getUnitSpikeTrain({ unitId: "b" })], [2, 7, 30]);
    assert.deepEqual(m.getProperty("is_merged"), [false, true, false]);
  });
  test("bad groups", () => {
    assert.throws(() => applyMergesToSorting(base(), [["a"]]), /at least two/);
    assert.throws(
      () => applyMergesToSorting(base(), [["a", "q"]]),
      (e) => e instanceof UnknownIdError && /"q"/.test(e.message),
    );
    assert.throws(
      () =>
        applyMergesToSorting(base(), [
          ["a", "b"],
          ["b", "c"],
        ]),
      (e) => isSiError(e, "duplicate_id") && /"b"/.test(String(e)),
    );
  });
});

describe("bad input gives typed errors naming the value", () => {
  test("unknown ids, missing segment index, reversed frames", () => {
    const s = s9();
    assert.throws(
      () => s.getUnitSpikeTrain({ unitId: 0 }),
      (e) => isSiError(e, "missing_segment_index"),
    );
    assert.throws(
      () => s.getUnitSpikeTrain({ unitId: 42, segmentIndex: 0 }),
      (e) => e instanceof UnknownIdError && /42/.test(e.message),
    );
    assert.throws(
      () => s.getUnitSpikeTrain({ unitId: 0, segmentIndex: 2 }),
      (e) => isSiError(e, "segment_index"),
    );
    assert.equal(s.timeToSampleIndex(0.003), 3, "defaults to segment 0 even on multi-segment sortings");
    assert.throws(
      () => s.timeToSampleIndex(0.003, { segmentIndex: 5 }),
      (e) => isSiError(e, "segment_index") && /5/.test(String(e)),
    );
    assert.throws(
      () => s1().frameSlice(20, 10),
      (e) => e instanceof FrameRangeError && /20/.test(e.message),
    );
    assert.throws(() => s9().frameSlice(0, 10), /single-segment/);
  });
  test("duplicate or wrong-count renames", () => {
    assert.throws(
      () => s1().renameUnits(["a", "a", "b"]),
      (e) => isSiError(e, "duplicate_id") && /"a"/.test(String(e)),
    );
    assert.throws(() => s1().renameUnits(["a"]), /3/);
    assert.throws(
      () => s1().selectUnits([0, 0]),
      (e) => isSiError(e, "duplicate_id"),
    );
  });
  test("segment utilities check their inputs", () => {
    assert.throws(() => appendSortings([s1(), s1().renameUnits(["a", "b", "c"])]), /unit ids/);
    assert.throws(() => appendSortings([]), /no sortings/);
    assert.throws(() => concatenateSortings([s1(), s1()]), /totalSamplesList/);
    assert.throws(() => concatenateSortings([s1()], { totalSamplesList: [20] }), /beyond/);
    assert.throws(
      () => selectSegmentSorting(s9(), [2]),
      (e) => isSiError(e, "segment_index") && /2/.test(String(e)),
    );
  });
});

/** Arbitrary small multi-segment sortings from (sample, unit, segment) triples. */
const arbSorting = fc
  .record({
    numUnits: fc.integer({ min: 1, max: 5 }),
    numSegments: fc.integer({ min: 1, max: 3 }),
    spikes: fc.array(fc.tuple(fc.nat(200), fc.nat(4), fc.nat(2)), { maxLength: 60 }),
  })
  .map(({ numUnits, numSegments, spikes }) => {
    const kept = spikes.filter(([, u, g]) => u < numUnits && g < numSegments);
    const v = {
      sampleIndex: Float64Array.from(kept, (t) => t[0]),
      unitIndex: Int32Array.from(kept, (t) => t[1]),
      segmentIndex: Int32Array.from(kept, (t) => t[2]),
    };
    const ids = Array.from({ length: numUnits }, (_, i) => `u${i}`);
    return NumpySorting.fromSpikeVector(v, FS, ids, numSegments);
  });

function allTrains(s: BaseSorting): Record<string, number[]>[] {
  return Array.from({ length: s.getNumSegments() }, (_, g) => trains(s, g));
}

describe("properties (fast-check)", () => {
  test("toSpikeVector and per-unit trains agree", () => {
    fc.assert(
      fc.property(arbSorting, (s) => {
        const v = s.toSpikeVector();
        for (let g = 0; g < s.getNumSegments(); g++) {
          for (let u = 0; u < s.getNumUnits(); u++) {
            const fromVector = [];
            for (let i = 0; i < v.sampleIndex.length; i++)
              if (v.unitIndex[i] === u && v.segmentIndex[i] === g) fromVector.push(v.sampleIndex[i]);
            assert.deepEqual([...s.getUnitSpikeTrain({ unitId: s.unitIds[u], segmentIndex: g })], fromVector);
          }
        }
        for (let i = 1; i < v.sampleIndex.length; i++) {
          const order = v.segmentIndex[i] - v.segmentIndex[i - 1] || v.sampleIndex[i] - v.sampleIndex[i - 1];
          assert.ok(order >= 0, "spike vector sorted by segment then sample");
        }
        const tr = spikeVectorToSpikeTrains(
          Array.from({ length: s.getNumSegments() }, (_, g) => s.getSegmentSpikes(g)),
          s.unitIds,
        );
        tr.forEach((m, g) => {
          for (const id of s.unitIds)
            assert.deepEqual([...m.get(id)!], [...s.getUnitSpikeTrain({ unitId: id, segmentIndex: g })]);
        });
      }),
    );
  });
  test("selectUnits / renameUnits / removeUnits keep trains", () => {
    fc.assert(
      fc.property(arbSorting, fc.infiniteStream(fc.boolean()), (s, coin) => {
        const picked = s.unitIds.filter(() => coin.next().value);
        const reversed = [...picked].reverse();
        const sel = s.selectUnits(reversed);
        const renamed = s.renameUnits(s.unitIds.map((u) => `new-${u}`));
        const removed = s.removeUnits(picked);
        for (let g = 0; g < s.getNumSegments(); g++) {
          const base = trains(s, g);
          for (const u of reversed) assert.deepEqual(trains(sel, g)[u], base[u]);
          for (const u of s.unitIds) assert.deepEqual(trains(renamed, g)[`new-${u}`], base[String(u)]);
          for (const u of removed.unitIds) assert.deepEqual(trains(removed, g)[String(u)], base[String(u)]);
        }
        assert.equal(removed.getNumUnits(), s.getNumUnits() - picked.length);
        assert.equal(
          sel.countTotalNumSpikes(),
          reversed.reduce<number>((a, u) => a + s.countNumSpikesPerUnit().get(u)!, 0),
        );
      }),
    );
  });
  test("append / select / split / concatenate round-trip", () => {
    fc.assert(
      fc.property(arbSorting, (s) => {
        const n = s.getNumSegments();
        const parts = Array.from({ length: n }, (_, g) => selectSegmentSorting(s, g));
        assert.deepEqual(allTrains(appendSortings(parts)), allTrains(s));
        assert.deepEqual(allTrains(s.selectSegments([...Array(n).keys()].reverse())), allTrains(s).reverse());
        const lengths = parts.map((p) => p.getLastSpikeFrame() + 1);
        const cat = concatenateSortings(parts, { totalSamplesList: lengths });
        assert.equal(cat.getNumSegments(), 1);
        assert.equal(cat.countTotalNumSpikes(), s.countTotalNumSpikes());
        const recs = lengths.map((len) => recording(len));
        const split = splitSorting(cat, recs);
        assert.deepEqual(allTrains(split), allTrains(s));
      }),
    );
  });
  test("frameSlice of frameSlice composes", () => {
    fc.assert(
      fc.property(arbSorting, fc.nat(150), fc.nat(100), fc.nat(50), fc.nat(50), (s, a, len, b, len2) => {
        const one = s.selectSegments(0);
        const outer = one.frameSlice(a, a + len + 1, { checkSpikeFrames: false });
        const inner = outer.frameSlice(Math.min(b, len), Math.min(b, len) + len2 + 1);
        const direct = one.frameSlice(a + Math.min(b, len), a + Math.min(b, len) + len2 + 1);
        const cap = a + len + 1;
        for (const u of s.unitIds) {
          const expected = [...direct.getUnitSpikeTrain({ unitId: u })].filter(
            (f) => f + a + Math.min(b, len) < cap,
          );
          assert.deepEqual([...inner.getUnitSpikeTrain({ unitId: u })], expected);
        }
      }),
    );
  });
});
