/**
 * snippets.save() (npy folder and memory), frameSlice views and frame windows in getSnippets.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { FrameRangeError, FrameSliceSnippets, InvalidArgumentError, NumpySnippets } from "../../src/index.js";
import { loadExtractor } from "../../src/node.js";

const LEN = 3;
const CH = 2;
/** 4 snippets at frames 10, 20, 20, 35; value = 100·snippet + 10·sample + channel. */
function makeSnippets(numSegments = 1): NumpySnippets {
  const one = () => ({
    data: Int16Array.from({ length: 4 * LEN * CH }, (_, i) => {
      const [s, t, c] = [Math.floor(i / (LEN * CH)), Math.floor(i / CH) % LEN, i % CH];
      return 100 * s + 10 * t + c;
    }),
    shape: [4, LEN, CH] as const,
  });
  const s = new NumpySnippets({
    snippetsList: Array.from({ length: numSegments }, one),
    spikesFramesList: Array.from({ length: numSegments }, () => [10, 20, 20, 35]),
    samplingFrequency: 1000,
    nbefore: 1,
    channelIds: ["a", "b"],
  });
  s.setChannelGains([2, 3]);
  s.setChannelOffsets([0, 1]);
  s.annotate({ origin: "test" });
  return s;
}

const firstValues = (data: ArrayLike<number>) =>
  Array.from({ length: data.length / (LEN * CH) }, (_, i) => data[i * LEN * CH]);

describe("snippets.save", () => {
  const dir = mkdtempSync(join(tmpdir(), "si-snippets-save-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("npy folder (the default format) round-trips data, frames and metadata", async () => {
    const src = makeSnippets(2);
    const saved = await src.save({ folder: join(dir, "npy") });
    assert.equal(saved.getNumSegments(), 2);
    assert.deepEqual([...saved.getFrames({ segmentIndex: 1 })], [10, 20, 20, 35]);
    const a = await src.getSnippets({ segmentIndex: 1 });
    const b = await saved.getSnippets({ segmentIndex: 1 });
    assert.deepEqual(b.shape, [4, LEN, CH]);
    assert.deepEqual([...b.data], [...a.data]);
    assert.deepEqual(Array.from(saved.getChannelGains() as ArrayLike<number>), [2, 3]);
    const again = (await loadExtractor(join(dir, "npy"))) as NumpySnippets;
    assert.deepEqual([...(await again.getSnippets({ segmentIndex: 0 })).data], [...a.data]);
  });

  test("memory copies the data (the source can change without changing the copy)", async () => {
    const src = makeSnippets();
    const copy = await src.save({ format: "memory" });
    assert.ok(copy instanceof NumpySnippets);
    const raw = (await src.getSnippets()).data;
    raw[0] = -7;
    assert.equal((await copy.getSnippets()).data[0], 0);
    assert.equal(copy.getAnnotation("origin"), "test");
    const scaled = await copy.getSnippets({ indices: [1], channelIds: ["b"], returnScaled: true });
    assert.deepEqual([...scaled.data], [101 * 3 + 1, 111 * 3 + 1, 121 * 3 + 1]);
  });

  test("an unknown format names the known ones", async () => {
    await assert.rejects(
      makeSnippets().save({ format: "zarr" }),
      /cannot save a snippets as "zarr": known formats/,
    );
  });
});

describe("frame windows", () => {
  test("getSnippets({startFrame, endFrame}) is half-open", async () => {
    const s = makeSnippets();
    const w = await s.getSnippets({ startFrame: 20, endFrame: 35, channelIds: ["b"] });
    assert.deepEqual(w.shape, [2, LEN, 1]);
    assert.deepEqual([...w.data], [101, 111, 121, 201, 211, 221]);
    assert.deepEqual((await s.getSnippets({ endFrame: 11 })).shape, [1, LEN, CH]);
  });

  test("bad windows are refused", async () => {
    const s = makeSnippets();
    await assert.rejects(s.getSnippets({ startFrame: 30, endFrame: 10 }), FrameRangeError);
    await assert.rejects(s.getSnippets({ startFrame: -1 }), /negative frame/);
    await assert.rejects(s.getSnippets({ endFrame: 2.5 }), /must be integers/);
    await assert.rejects(s.getSnippets({ indices: [0], startFrame: 5 }), InvalidArgumentError);
  });

  test("frameSlice re-references frames and reads the parent's snippets", async () => {
    const s = makeSnippets();
    const v = s.frameSlice(15, 35);
    assert.ok(v instanceof FrameSliceSnippets);
    assert.equal(v.getNumSnippets(), 2);
    assert.deepEqual([...v.getFrames()], [5, 5]);
    assert.deepEqual(firstValues((await v.getSnippets()).data), [100, 200]);
    assert.deepEqual(firstValues((await v.getSnippets({ indices: [1] })).data), [200]);
    assert.deepEqual([...(await v.getSnippets({ indices: [0], channelIds: ["b"] })).data], [101, 111, 121]);
    assert.deepEqual([...s.frameSlice(20, null).getFrames()], [0, 0, 15]);
    assert.deepEqual(v.getChannelGains(), s.getChannelGains());
    assert.equal(s.frameSlice(36, 40).getNumSnippets(), 0);
  });

  test("frameSlice checks its frames and segments", () => {
    assert.throws(() => makeSnippets().frameSlice(10, 5), /startFrame 10 is after endFrame 5/);
    assert.throws(() => makeSnippets().frameSlice(-3, null), FrameRangeError);
    assert.throws(() => makeSnippets(2).frameSlice(0, 5), /single-segment/);
  });
});
