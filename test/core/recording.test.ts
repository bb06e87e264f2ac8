import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  appendRecordings,
  concatenateRecordings,
  FrameRangeError,
  isSiError,
  NumpyRecording,
  SpikeInterfaceError,
  splitRecording,
  UnknownIdError,
} from "../../src/index.js";

function r1(): NumpyRecording {
  // examples.md §3: 100 samples, 2 channels, fs 30 kHz, values arange(200) int16
  const data = Int16Array.from({ length: 200 }, (_, i) => i);
  return new NumpyRecording({ tracesList: { data, shape: [100, 2] }, samplingFrequency: 30000 });
}

function r2(): NumpyRecording {
  return new NumpyRecording({
    tracesList: { data: new Float32Array(100), shape: [100, 1] },
    samplingFrequency: 1000,
    tStarts: [10.0],
  });
}

describe("time ↔ sample (examples.md §1)", () => {
  test("T1-T4 half-to-even rounding, no clamping", () => {
    const r = r1();
    assert.equal(r.timeToSampleIndex(0.5 / 30000), 0);
    assert.equal(r.timeToSampleIndex(1.5 / 30000), 2);
    assert.equal(r.timeToSampleIndex(2.5 / 30000), 2);
    assert.equal(r.timeToSampleIndex(-1.0), -30000);
    assert.equal(r.timeToSampleIndex(100.0), 3000000);
  });
  test("T5-T11 with t_start", () => {
    const r = r2();
    assert.equal(r.timeToSampleIndex(10.0025), 2);
    assert.equal(r.timeToSampleIndex(10.0015), 2);
    assert.equal(r.timeToSampleIndex(10.0035), 4);
    assert.equal(r.getStartTime(), 10.0);
    assert.equal(r.getEndTime(), 10.099);
    assert.equal(r.getDuration(), 0.1000000000000002);
    assert.equal(r.sampleIndexToTime(5), 10.005);
    assert.equal(r1().getEndTime(), 0.0033);
    assert.equal(r1().getDuration(), 0.003333333333333333);
  });
  test("T12-T14 with a time vector", () => {
    const r = r2();
    r.setTimes(Float64Array.from({ length: 100 }, (_, i) => 5.0 + i / 1000));
    assert.equal(r.timeToSampleIndex(5.0), 0);
    assert.equal(r.timeToSampleIndex(5.0015), 1);
    assert.equal(r.timeToSampleIndex(5.0019), 1);
    assert.equal(r.timeToSampleIndex(4.0), -1);
    assert.equal(r.timeToSampleIndex(100.0), 99);
    assert.equal(r.getEndTime(), 5.099);
    assert.equal(r.getDuration(), 0.1000000000000002);
    assert.equal(r.frameSlice(10, 20).getTimes()[0], 5.01);
  });
});

describe("frame and time slicing (examples.md §2)", () => {
  test("F1-F2 slices keep absolute time", () => {
    const s = r2().frameSlice(10, 20);
    assert.equal(s.getStartTime(), 10.01);
    assert.equal(s.getTimes()[0], 10.01);
    assert.equal(s.getEndTime(), 10.019);
    assert.equal(s.timeToSampleIndex(10.015), 5);
  });
  test("F4-F9 bounds", () => {
    assert.equal(r1().frameSlice(5, 0).getNumSamples(), 95);
    assert.equal(r1().frameSlice(0, 0).getNumSamples(), 100);
    assert.equal(r1().frameSlice(null, null).getNumSamples(), 100);
    assert.throws(() => r1().frameSlice(-1, 10), FrameRangeError);
    assert.throws(() => r1().frameSlice(10, 10), FrameRangeError);
    assert.throws(() => r1().frameSlice(10, 101), /101/);
    assert.deepEqual(r1().frameSlice(10, null).kwargs.end_frame, 100);
  });
  test("F10-F14 timeSlice", () => {
    const s = r2().timeSlice(10.0105, 10.0205);
    assert.equal(s.getNumSamples(), 10);
    assert.equal(s.getStartTime(), 10.011);
    assert.equal(r2().timeSlice(null, 10.05).getNumSamples(), 50);
    assert.throws(() => r2().timeSlice(9.0, 10.05), FrameRangeError);
    assert.equal(r2().timeSlice(10.0, 10.099).getNumSamples(), 99);
    assert.throws(() => r2().timeSlice(10.0, 10.0995), /10.0995/);
  });
});

describe("getTraces bounds (examples.md §3)", () => {
  test("G1-G3, G10", async () => {
    const r = r1();
    assert.deepEqual((await r.getTraces({ endFrame: 1000 })).shape, [100, 2]);
    assert.deepEqual((await r.getTraces({ startFrame: 90, endFrame: 1000 })).shape, [10, 2]);
    assert.deepEqual((await r.getTraces({ endFrame: 0 })).shape, [0, 2]);
    const t = await r.getTraces({ channelIds: [1, 0], startFrame: 0, endFrame: 2 });
    assert.deepEqual([...t.data], [1, 0, 3, 2]);
    assert.equal(t.dtype, "int16");
  });
  test("G4-G8 are errors here, not Python slicing accidents", async () => {
    const r = r1();
    await assert.rejects(
      r.getTraces({ startFrame: 150 }),
      (e) => isSiError(e, "frame_range") && /150/.test(String(e)),
    );
    await assert.rejects(r.getTraces({ startFrame: 50, endFrame: 40 }), FrameRangeError);
    await assert.rejects(r.getTraces({ startFrame: -5 }), /-5/);
    await assert.rejects(r.getTraces({ startFrame: 2.7, endFrame: 5 }), /2.7/);
  });
  test("G11-G13 ids and segments", async () => {
    const r = r1();
    await assert.rejects(
      r.getTraces({ channelIds: [5] }),
      (e) => e instanceof UnknownIdError && /5/.test(e.message),
    );
    await assert.rejects(r.getTraces({ segmentIndex: 1 }), (e) => isSiError(e, "segment_index"));
    const multi = appendRecordings([r, r]);
    await assert.rejects(
      multi.getTraces(),
      (e) => isSiError(e, "missing_segment_index") && /segmentIndex/.test(String(e)),
    );
  });
  test("full-channel contiguous reads are views", async () => {
    const r = r1();
    const t = await r.getTraces({ startFrame: 10, endFrame: 20 });
    assert.equal(t.data.buffer, r.getTracesArrays()[0].buffer);
  });
});

describe("µV scaling (examples.md §4)", () => {
  const base = () =>
    new NumpyRecording({
      tracesList: { data: Int16Array.from({ length: 30 }, (_, i) => i - 5), shape: [10, 3] },
      samplingFrequency: 1000,
    });
  test("U1-U2 integer recordings need gain and offset", async () => {
    const r = base();
    await assert.rejects(r.getTraces({ returnInUV: true, endFrame: 1 }), SpikeInterfaceError);
    r.setChannelGains(0.195);
    await assert.rejects(r.getTraces({ returnScaled: true, endFrame: 1 }), /offset_to_uV/);
  });
  test("U3 float32 arithmetic", async () => {
    const r = base();
    r.setChannelGains(0.195);
    r.setChannelOffsets(-3.9);
    const t = await r.getTraces({ returnScaled: true, endFrame: 1 });
    assert.equal(t.dtype, "float32");
    assert.deepEqual([...t.data], [-4.875, -4.680000305175781, -4.485000133514404]);
  });
  test("U5-U8 float recordings", async () => {
    const f64 = new NumpyRecording({
      tracesList: { data: new Float64Array([1, 2]), shape: [1, 2] },
      samplingFrequency: 1,
    });
    assert.equal((await f64.getTraces({ returnInUV: true })).dtype, "float64");
    f64.setChannelGains(2);
    assert.equal((await f64.getTraces({ returnInUV: true })).data[1], 2);
    f64.setChannelOffsets(0);
    const t = await f64.getTraces({ returnInUV: true });
    assert.equal(t.dtype, "float32");
    assert.deepEqual([...t.data], [2, 4]);
  });
});

describe("segments", () => {
  test("concatenate reads across boundaries; split round-trips", async () => {
    const a = r1();
    const b = r1().frameSlice(50, 100);
    const c = concatenateRecordings([a, b]);
    assert.equal(c.getNumSegments(), 1);
    assert.equal(c.getNumSamples(), 150);
    const t = await c.getTraces({ startFrame: 98, endFrame: 102, channelIds: [1] });
    assert.deepEqual([...t.data], [197, 199, 101, 103]);
    const app = appendRecordings([a, b]);
    const parts = splitRecording(app);
    assert.equal(parts.length, 2);
    assert.deepEqual([...(await parts[1].getTraces({ endFrame: 1 })).data], [100, 101]);
  });
});

describe("save to memory", () => {
  test("copies traces and metadata but not noise caches", async () => {
    const r = r1().frameSlice(10, 20);
    r.setProperty("quality", [1.5, 2.5]);
    r.setProperty("noise_level_mad_raw", [1, 1]);
    r.annotate({ experimenter: "x" });
    const saved = await r.save({ format: "memory" });
    assert.deepEqual([...(await saved.getTraces()).data], [...(await r.getTraces()).data]);
    assert.deepEqual([...(saved.getProperty("quality") as Float64Array)], [1.5, 2.5]);
    assert.equal(saved.getProperty("noise_level_mad_raw"), null);
    assert.equal(saved.getAnnotation("experimenter"), "x");
    assert.equal(saved.getStartTime(), r.getStartTime());
    await assert.rejects(r.save({ format: "nope" }), /nope/);
  });
});
