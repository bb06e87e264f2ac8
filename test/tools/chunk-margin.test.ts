import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { FrameRangeError, InvalidArgumentError, NumpyRecording } from "../../src/index.js";
import { getChunkWithMargin } from "../../src/tools/chunk-margin.js";

/** length × 3 int16 traces, value = 10·row + channel. */
function recording(length: number): NumpyRecording {
  const data = Int16Array.from({ length: length * 3 }, (_, i) => 10 * Math.floor(i / 3) + (i % 3));
  return new NumpyRecording({ tracesList: { data, shape: [length, 3] }, samplingFrequency: 1000 });
}

function rows(data: ArrayLike<number>, width: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < data.length; i += width) out.push(Array.from({ length: width }, (_, j) => data[i + j]));
  return out;
}

describe("getChunkWithMargin (spec §3.9)", () => {
  test("no padding: margins shrink at the edges", async () => {
    const seg = recording(20).getSegment(0);
    const a = await getChunkWithMargin(seg, { numChannels: 3, startFrame: 2, endFrame: 10, margin: 5 });
    assert.equal(a.leftMargin, 2);
    assert.equal(a.rightMargin, 5);
    assert.equal(a.traces.shape[0], 15);
    assert.deepEqual(rows(a.traces.data, 3)[0], [0, 1, 2]);
    const b = await getChunkWithMargin(seg, { numChannels: 3, startFrame: 12, endFrame: 18, margin: 5 });
    assert.deepEqual([b.leftMargin, b.rightMargin, b.traces.shape[0]], [5, 2, 13]);
    const whole = await getChunkWithMargin(seg, { numChannels: 3, margin: 5 });
    assert.deepEqual([whole.leftMargin, whole.rightMargin, whole.traces.shape[0]], [0, 0, 20]);
  });
  test("reflect padding equals numpy.pad(mode='reflect'), pads longer than the chunk included", async () => {
    const seg = recording(4).getSegment(0);
    const r = await getChunkWithMargin(seg, {
      numChannels: 3,
      startFrame: 0,
      endFrame: 2,
      margin: 2,
      addReflectPadding: true,
    });
    // numpy: np.pad(a[0:4], [(2, 0)], "reflect")  (right margin reads real samples 2..3)
    assert.deepEqual(rows(r.traces.data, 3), [
      [20, 21, 22],
      [10, 11, 12],
      [0, 1, 2],
      [10, 11, 12],
      [20, 21, 22],
      [30, 31, 32],
    ]);
    const long = await getChunkWithMargin(seg, {
      numChannels: 3,
      startFrame: 0,
      endFrame: 4,
      margin: 7,
      addReflectPadding: true,
      channelIndices: Int32Array.of(0),
    });
    // np.pad([0,10,20,30], (7, 7), "reflect")
    assert.deepEqual(
      Array.from(long.traces.data),
      [10, 0, 10, 20, 30, 20, 10, 0, 10, 20, 30, 20, 10, 0, 10, 20, 30, 20],
    );
  });
  test("zero padding with taper on float32 output", async () => {
    const seg = recording(10).getSegment(0);
    const r = await getChunkWithMargin(seg, {
      numChannels: 3,
      startFrame: 0,
      endFrame: 10,
      margin: 4,
      addZeros: true,
      windowOnMargin: true,
      dtype: "float32",
    });
    assert.ok(r.traces.data instanceof Float32Array);
    assert.equal(r.traces.shape[0], 18);
    assert.deepEqual(Array.from(r.traces.data.subarray(0, 12)), new Array(12).fill(0)); // margins are zeros
    assert.equal(r.traces.data[4 * 3], 0); // row 4 = sample 0, unchanged
    assert.equal(r.traces.data[5 * 3], 10);
  });
  test("taper multiplies margin rows by (1 − cos(πk/margin))/2", async () => {
    const ones = new NumpyRecording({
      tracesList: { data: new Float32Array(10).fill(1), shape: [10, 1] },
      samplingFrequency: 1000,
    });
    const r = await getChunkWithMargin(ones.getSegment(0), {
      numChannels: 1,
      startFrame: 4,
      endFrame: 6,
      margin: 4,
      addZeros: true,
      windowOnMargin: true,
    });
    const taper = [0, 1, 2, 3].map((k) => Math.fround((1 - Math.cos((k / 4) * Math.PI)) / 2));
    assert.deepEqual(Array.from(r.traces.data), [...taper, 1, 1, ...taper.slice().reverse()]);
  });
  test("bad input: typed errors naming the value", async () => {
    const seg = recording(10).getSegment(0);
    await assert.rejects(
      getChunkWithMargin(seg, {
        numChannels: 3,
        startFrame: 0,
        endFrame: 5,
        margin: 2,
        windowOnMargin: true,
      }),
      InvalidArgumentError,
    );
    await assert.rejects(
      getChunkWithMargin(seg, { numChannels: 3, startFrame: 0, endFrame: 5, margin: -1 }),
      (e) => e instanceof InvalidArgumentError && /-1/.test(e.message),
    );
    await assert.rejects(
      getChunkWithMargin(seg, { numChannels: 3, startFrame: 6, endFrame: 12, margin: 2 }),
      (e) => e instanceof FrameRangeError && /12/.test(e.message),
    );
    await assert.rejects(
      getChunkWithMargin(seg, {
        numChannels: 3,
        startFrame: 0,
        endFrame: 5,
        margin: 2,
        addZeros: true,
        windowOnMargin: true,
      }),
      (e) => e instanceof InvalidArgumentError && /int16/.test(e.message),
    );
  });

  test("property: equals a (zero-)padded slice of the full traces", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        async (length, a, b, margin, zeros) => {
          const start = Math.min(a, b, length);
          const end = Math.min(Math.max(a, b), length);
          const seg = recording(length).getSegment(0);
          const r = await getChunkWithMargin(seg, {
            numChannels: 3,
            startFrame: start,
            endFrame: end,
            margin,
            addZeros: zeros,
          });
          const from = zeros ? start - margin : start - r.leftMargin;
          const to = zeros ? end + margin : end + r.rightMargin;
          const want: number[] = [];
          for (let f = from; f < to; f++) {
            for (let c = 0; c < 3; c++) want.push(f >= 0 && f < length ? 10 * f + c : 0);
          }
          assert.deepEqual(Array.from(r.traces.data), want);
          assert.equal(r.traces.shape[0], to - from);
        },
      ),
      { numRuns: 200 },
    );
  });
});
