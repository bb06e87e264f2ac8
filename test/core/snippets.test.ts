import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { extractorFromDict } from "../../src/base/provenance.js";
import { InvalidArgumentError, isSiError, UnknownIdError } from "../../src/errors.js";
import { parseProbeinterfaceJson } from "../../src/probe/json.js";
import type { BaseSnippets } from "../../src/snippets/base-snippets.js";
import "../../src/snippets/channel-slice-snippets.js";
import { NumpySnippets, type SnippetsInput } from "../../src/snippets/numpy-snippets.js";
import "../../src/snippets/select-segment-snippets.js";

const FIXTURE = new URL("../fixtures/python-si/snippets/", import.meta.url);
const expected = JSON.parse(readFileSync(new URL("expected.json", FIXTURE), "utf8"));

/** traces_cached_seg{i}.npy: records ('frame', '<i8'), ('snippet', '<f4', (len, channels)). */
function readSnippetsNpy(seg: number): { frames: Float64Array; snippets: SnippetsInput } {
  const bytes = new Uint8Array(readFileSync(new URL(`snippets_npy/traces_cached_seg${seg}.npy`, FIXTURE)));
  const headerLen = bytes[8] | (bytes[9] << 8);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLen));
  const [, len, ch] = /'<f4', \((\d+), (\d+)\)/.exec(header)!.map(Number);
  const n = Number(/'shape': \((\d+),\)/.exec(header)![1]);
  const view = new DataView(bytes.buffer, bytes.byteOffset + 10 + headerLen);
  const record = 8 + 4 * len * ch;
  const frames = new Float64Array(n);
  const data = new Float32Array(n * len * ch);
  for (let i = 0; i < n; i++) {
    frames[i] = Number(view.getBigInt64(i * record, true));
    for (let j = 0; j < len * ch; j++) data[i * len * ch + j] = view.getFloat32(i * record + 8 + 4 * j, true);
  }
  return { frames, snippets: { data, shape: [n, len, ch] } };
}

function fixtureSnippets(): NumpySnippets {
  const segs = [readSnippetsNpy(0), readSnippetsNpy(1)];
  return new NumpySnippets({
    snippetsList: segs.map((s) => s.snippets),
    spikesFramesList: segs.map((s) => s.frames),
    samplingFrequency: 30000,
    nbefore: 20,
    channelIds: ["0", "1", "2", "3"],
  });
}

function summary(data: ArrayLike<number>) {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) {
    sum += data[i];
    min = Math.min(min, data[i]);
    max = Math.max(max, data[i]);
  }
  return {
    sum,
    min,
    max,
    first: [...Array.prototype.slice.call(data, 0, 5)],
    last: [...Array.prototype.slice.call(data, -5)],
  };
}

function checkSummary(got: ReturnType<typeof summary>, want: Record<string, unknown>): void {
  // Python sums float32 pairwise in float32; a float64 sum agrees to ~1e-5.
  assert.ok(Math.abs(got.sum - (want.sum as number)) < 1e-4, `sum ${got.sum} vs ${want.sum}`);
  assert.equal(got.min, want.min);
  assert.equal(got.max, want.max);
  assert.deepEqual(got.first, want.first);
  assert.deepEqual(got.last, want.last);
}

describe("NumpySnippets against the Python fixture", () => {
  const s = fixtureSnippets();
  test("shape facts", () => {
    assert.deepEqual(s.channelIds, expected.channel_ids);
    assert.equal(s.nbefore, expected.nbefore);
    assert.equal(s.nafter, expected.nafter);
    assert.equal(s.snippetLen, expected.snippet_len);
    assert.equal(s.getNumSegments(), expected.num_segments);
    assert.deepEqual(
      [0, 1].map((i) => s.getNumSnippets({ segmentIndex: i })),
      expected.num_snippets,
    );
    assert.equal(s.getTotalSnippets(), 48);
    assert.equal(s.isAligned(), true);
    assert.deepEqual([...s.getFrames({ segmentIndex: 0 }).subarray(0, 5)], expected.frames_seg0_first5);
  });
  test("values", async () => {
    const first = await s.getSnippets({ segmentIndex: 0, indices: [0] });
    assert.deepEqual(first.shape, expected.snippets_seg0_first_summary.shape);
    assert.equal(first.dtype, "float32");
    checkSummary(summary(first.data), expected.snippets_seg0_first_summary);
    const all = await s.getSnippets({ segmentIndex: 1 });
    assert.deepEqual(all.shape, expected.snippets_seg1_all_summary.shape);
    checkSummary(summary(all.data), expected.snippets_seg1_all_summary);
  });
  test("probe from the fixture's probegroup.json; channel slices follow it", () => {
    const withProbe = fixtureSnippets();
    const text = readFileSync(new URL("snippets_npy/probegroup.json", FIXTURE), "utf8");
    withProbe.setProbegroup(parseProbeinterfaceJson(text));
    assert.deepEqual([...withProbe.getChannelLocations()], expected.channel_locations.flat());
    const sub = withProbe.selectChannels(["3", "1"]);
    assert.deepEqual([...sub.getChannelLocations()], [0, 60, 0, 20]);
    assert.deepEqual([...(sub.getChannelGroups() as Float64Array)], [0, 0]);
  });
  test("getTimes = frames / fs", () => {
    assert.equal(s.getTimes({ segmentIndex: 0 })[0], 1411 / 30000);
  });
});

function small(dtype: "int16" | "float32" = "int16"): NumpySnippets {
  // 2 segments; segment 0: 3 snippets of 4 samples × 3 channels, value = 100·snippet + 10·sample + channel.
  const make = (n: number) => {
    const data = dtype === "int16" ? new Int16Array(n * 12) : new Float32Array(n * 12);
    for (let i = 0; i < n; i++)
      for (let t = 0; t < 4; t++) for (let c = 0; c < 3; c++) data[i * 12 + t * 3 + c] = 100 * i + 10 * t + c;
    return { data, shape: [n, 4, 3] as [number, number, number] };
  };
  return new NumpySnippets({
    snippetsList: [make(3), make(2)],
    spikesFramesList: [
      [10, 20, 20],
      [5, 50],
    ],
    samplingFrequency: 1000,
    nbefore: 1,
    channelIds: ["a", "b", "c"],
  });
}

describe("reads", () => {
  test("indices and channels in the requested order", async () => {
    const r = await small().getSnippets({ segmentIndex: 0, indices: [2, 0], channelIds: ["c", "a"] });
    assert.deepEqual(r.shape, [2, 4, 2]);
    assert.deepEqual([...r.data.subarray(0, 8)], [202, 200, 212, 210, 222, 220, 232, 230]);
    assert.deepEqual([...r.data.subarray(8, 10)], [2, 0]);
  });
  test("all snippets of a segment are a view", async () => {
    const s = small();
    const r = await s.getSnippets({ segmentIndex: 1 });
    assert.deepEqual(r.shape, [2, 4, 3]);
    assert.equal(r.data[12], 100);
  });
  test("getSnippetsFromFrames is [start, end)", async () => {
    const s = small();
    const r = await s.getSnippetsFromFrames({ segmentIndex: 0, startFrame: 20 });
    assert.deepEqual(r.shape, [2, 4, 3]);
    assert.equal(r.data[0], 100);
    assert.deepEqual(
      (await s.getSnippetsFromFrames({ segmentIndex: 0, startFrame: 11, endFrame: 20 })).shape,
      [0, 4, 3],
    );
    assert.deepEqual((await s.getSnippetsFromFrames({ segmentIndex: 0, endFrame: 21 })).shape, [3, 4, 3]);
    const sub = await s.getSnippetsFromFrames({
      segmentIndex: 0,
      startFrame: 10,
      endFrame: 20,
      channelIds: ["b"],
    });
    assert.deepEqual([...sub.data], [1, 11, 21, 31]);
  });
  test("getFrames with indices (Python raises instead)", () => {
    assert.deepEqual([...small().getFrames({ segmentIndex: 0, indices: [2, 0] })], [20, 10]);
  });
  test("nafter, unaligned snippets", () => {
    assert.equal(small().nafter, 3);
    const u = new NumpySnippets({
      snippetsList: { data: new Float32Array(4), shape: [1, 4, 1] },
      spikesFramesList: [7],
      samplingFrequency: 1000,
    });
    assert.equal(u.isAligned(), false);
    assert.equal(u.nafter, null);
    assert.deepEqual(u.channelIds, [0]);
    assert.equal(u.getNumSnippets(), 1);
  });
});

describe("µV scaling (examples.md U10)", () => {
  test("int16 and float32 without gains are errors", async () => {
    for (const dtype of ["int16", "float32"] as const) {
      await assert.rejects(
        small(dtype).getSnippets({ segmentIndex: 0, returnInUV: true }),
        (e) => isSiError(e, "missing_property") && /offset_to_uV/.test(String(e)),
      );
    }
    const s = small("float32");
    s.setChannelGains(2);
    await assert.rejects(s.getSnippets({ segmentIndex: 0, returnScaled: true }), /gain_to_uV/);
  });
  test("float32 arithmetic with gains and offsets, per requested channel", async () => {
    const s = small();
    s.setChannelGains([0.195, 1, 2]);
    s.setChannelOffsets([-3.9, 0, 1]);
    const r = await s.getSnippets({
      segmentIndex: 0,
      indices: [0],
      channelIds: ["c", "a"],
      returnInUV: true,
    });
    assert.equal(r.dtype, "float32");
    assert.ok(r.data instanceof Float32Array);
    assert.deepEqual(
      [...r.data.subarray(0, 4)],
      [5, -3.9000000953674316, 25, Math.fround(Math.fround(10 * Math.fround(0.195)) + Math.fround(-3.9))],
    );
  });
});

describe("channel slicing and segments", () => {
  test("selectChannels, channelSlice with renaming, removeChannels", async () => {
    const s = small();
    s.setProperty("depth", [1.5, 2.5, 3.5]);
    const sub = s.selectChannels(["c", "a"]);
    assert.deepEqual(sub.channelIds, ["c", "a"]);
    assert.deepEqual([...(sub.getProperty("depth") as Float64Array)], [3.5, 1.5]);
    const r = await sub.getSnippets({ segmentIndex: 1, indices: [1], channelIds: ["a"] });
    assert.deepEqual([...r.data], [100, 110, 120, 130]);
    const renamed = s.channelSlice(["b"], ["x"]);
    assert.deepEqual(renamed.channelIds, ["x"]);
    assert.equal((await renamed.getSnippets({ segmentIndex: 0, indices: [0] })).data[0], 1);
    assert.deepEqual(s.removeChannels(["b"]).channelIds, ["a", "c"]);
    assert.equal(sub.nbefore, 1);
    assert.deepEqual([...sub.getFrames({ segmentIndex: 0 })], [10, 20, 20]);
    assert.deepEqual((await sub.getSnippetsFromFrames({ segmentIndex: 0, startFrame: 20 })).shape, [2, 4, 2]);
  });
  test("selectSegments", async () => {
    const sel = small().selectSegments(1);
    assert.equal(sel.getNumSegments(), 1);
    assert.equal(sel.getNumSnippets(), 2);
    assert.equal((await sel.getSnippets()).data[12], 100);
  });
  test("provenance round trip of a chain", async () => {
    const chain = small().selectSegments([1, 0]).channelSlice(["c", "b"], ["C", "B"]);
    assert.equal(chain.isJsonSerializable(), false);
    const back = (await extractorFromDict(chain.toDict({ recursive: true }))) as BaseSnippets;
    assert.deepEqual(back.channelIds, ["C", "B"]);
    for (const segmentIndex of [0, 1]) {
      assert.deepEqual(
        [...(await back.getSnippets({ segmentIndex })).data],
        [...(await chain.getSnippets({ segmentIndex })).data],
      );
    }
  });
});

describe("bad input", () => {
  test("unknown, duplicate and removed channels", async () => {
    const s = small();
    await assert.rejects(
      s.getSnippets({ segmentIndex: 0, channelIds: ["zz"] }),
      (e) => e instanceof UnknownIdError && /"zz"/.test(e.message),
    );
    assert.throws(
      () => s.selectChannels(["a", "a"]),
      (e) => isSiError(e, "duplicate_id") && /"a"/.test(String(e)),
    );
    assert.throws(() => s.removeChannels(["q"]), /"q"/);
    assert.throws(() => s.renameChannels(["x"]), /3/);
  });
  test("indices out of range, segments", async () => {
    const s = small();
    await assert.rejects(
      s.getSnippets({ segmentIndex: 0, indices: [3] }),
      (e) => e instanceof InvalidArgumentError && /3/.test(e.message),
    );
    await assert.rejects(s.getSnippets({ segmentIndex: 0, indices: [-1] }), /-1/);
    await assert.rejects(s.getSnippets(), (e) => isSiError(e, "missing_segment_index"));
    await assert.rejects(s.getSnippets({ segmentIndex: 2 }), (e) => isSiError(e, "segment_index"));
    await assert.rejects(
      s.getSnippetsFromFrames({ segmentIndex: 0, startFrame: 30, endFrame: 10 }),
      (e) => isSiError(e, "frame_range") && /30/.test(String(e)),
    );
  });
  test("constructor checks name the mismatch", () => {
    const data = new Int16Array(12);
    assert.throws(
      () =>
        new NumpySnippets({
          snippetsList: { data, shape: [1, 4, 3] },
          spikesFramesList: [1, 2],
          samplingFrequency: 1,
        }),
      /2 frames for 1 snippets/,
    );
    assert.throws(
      () =>
        new NumpySnippets({
          snippetsList: { data, shape: [2, 2, 3] },
          spikesFramesList: [5, 1],
          samplingFrequency: 1,
        }),
      /frame 1 \(snippet 1\) follows 5/,
    );
    assert.throws(
      () =>
        new NumpySnippets({
          snippetsList: { data, shape: [1, 4, 3] },
          spikesFramesList: [1],
          samplingFrequency: 1,
          nbefore: 5,
        }),
      /nbefore 5/,
    );
    assert.throws(
      () =>
        new NumpySnippets({
          snippetsList: { data, shape: [1, 4, 3] },
          spikesFramesList: [1],
          samplingFrequency: 1,
          channelIds: ["a"],
        }),
      /1 channel ids for 3 channels/,
    );
  });
});
