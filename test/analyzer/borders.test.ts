/**
 * examples.md §11: waveforms and templates at segment borders (100 samples × 4 channels int16,
 * value = sample + 1000·channel, gain 0.5, offset 1.0, fs 1000, spikes (0,0) (1,0) (2,1) (50,1)
 * (97,0) (99,1), dense analyzer, all spikes).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createSortingAnalyzer } from "../../src/analyzer/create-sorting-analyzer.js";
import { NumpyRecording, NumpySorting } from "../../src/index.js";

function recording(): NumpyRecording {
  const data = new Int16Array(400);
  for (let s = 0; s < 100; s++) for (let c = 0; c < 4; c++) data[s * 4 + c] = s + 1000 * c;
  const rec = new NumpyRecording({ tracesList: { data, shape: [100, 4] }, samplingFrequency: 1000 });
  rec.setChannelGains(0.5);
  rec.setChannelOffsets(1.0);
  return rec;
}

const sorting = () =>
  NumpySorting.fromSamplesAndLabels([0, 1, 2, 50, 97, 99], [0, 0, 1, 1, 0, 1], 1000, [0, 1]);

/** Channel 0 of spike i of a (n, samples, 4) array. */
function channel0(data: ArrayLike<number>, i: number, ns: number): number[] {
  return Array.from({ length: ns }, (_, t) => data[(i * ns + t) * 4]);
}

describe("waveforms and templates at borders (examples.md §11)", async () => {
  const an = await createSortingAnalyzer({ sorting: sorting(), recording: recording(), sparse: false });
  await an.compute("random_spikes", { method: "all" });
  await an.compute("waveforms", { msBefore: 2, msAfter: 3 });
  const wf = an.getExtension("waveforms")?.getData();

  test("W1 shape, dtype", () => {
    assert.ok(wf !== undefined);
    assert.equal(wf.dtype, "float32");
    assert.deepEqual(wf.shape, [6, 5, 4]);
    assert.equal(an.getExtension("waveforms")?.params.dtype, "<f4");
  });

  test("W2–W5 the border rule nbefore <= s < numSamples − nafter", () => {
    assert.ok(wf !== undefined);
    const zeros = [0, 0, 0, 0, 0];
    assert.deepEqual(channel0(wf.data, 0, 5), zeros);
    assert.deepEqual(channel0(wf.data, 1, 5), zeros);
    assert.deepEqual(channel0(wf.data, 2, 5), [1.0, 1.5, 2.0, 2.5, 3.0]);
    assert.deepEqual(channel0(wf.data, 4, 5), zeros, "spike 97: its window fits but s >= 100 − 3");
    assert.deepEqual(channel0(wf.data, 5, 5), zeros);
  });

  test("W6 templates from waveforms: float64, zero-waveforms averaged in", async () => {
    await an.compute("templates", { operators: ["average", "std", "median", ["percentile", 5.0]] });
    const t = an.getExtension("templates");
    assert.ok(t !== null);
    assert.deepEqual([...t.data.keys()], ["average", "std", "median", "percentile_5"]);
    for (const arr of t.data.values()) assert.equal(arr.kind === "array" && arr.dtype, "float64");
    assert.ok(Array.from(t.getData().data.subarray(0, 20)).every((v) => v === 0));
    assert.equal(t.getData({ operator: "percentile", percentile: 5 }).shape[0], 2);
  });

  test("W7 templates without waveforms: float32, skipped border spikes count in the divisor", async () => {
    const an2 = await createSortingAnalyzer({ sorting: sorting(), recording: recording(), sparse: false });
    await an2.compute("random_spikes", { method: "all" });
    await an2.compute("templates", { msBefore: 1, msAfter: 2 });
    const avg = an2.getExtension("templates")?.getData();
    assert.ok(avg !== undefined);
    assert.equal(avg.dtype, "float32");
    assert.deepEqual(channel0(avg.data, 0, 3), [Math.fround(50 / 3), 17.0, Math.fround(52 / 3)]);
  });

  test("W8 returnInUV false: int16 waveforms, float64 templates", async () => {
    const an3 = await createSortingAnalyzer({
      sorting: sorting(),
      recording: recording(),
      sparse: false,
      returnInUV: false,
    });
    await an3.compute(["random_spikes", "waveforms", "templates"], {
      extensionParams: { random_spikes: { method: "all" }, waveforms: { msBefore: 2, msAfter: 3 } },
    });
    const w = an3.getExtension("waveforms")?.getData();
    assert.equal(w?.dtype, "int16");
    assert.equal(an3.getExtension("waveforms")?.params.dtype, "<i2");
    assert.deepEqual(channel0(w?.data ?? [], 2, 5), [0, 1, 2, 3, 4]);
    assert.equal(an3.getExtension("templates")?.getData().dtype, "float64");
  });
});
