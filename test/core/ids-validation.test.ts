/**
 * Id lists: scalars and strings are not lists (spec examples I9), empty channel selections are
 * refused by name, and mixed integer/string ids become strings as numpy makes them (I3).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError, NumpyRecording, NumpySnippets } from "../../src/index.js";

const rec = () =>
  new NumpyRecording({
    tracesList: { data: Int16Array.from({ length: 30 }, (_, i) => i), shape: [10, 3] },
    samplingFrequency: 1000,
    channelIds: ["a", "b", "c"],
  });

const snippets = () =>
  new NumpySnippets({
    snippetsList: { data: new Float32Array(2 * 4 * 3), shape: [2, 4, 3] },
    spikesFramesList: [5, 9],
    samplingFrequency: 1000,
    nbefore: 1,
  });

function refuses(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InvalidArgumentError, String(e));
    assert.match(e.message, message);
    return true;
  });
}

describe("id lists must be lists", () => {
  test("idsToIndices(2) throws (I9)", () => {
    refuses(() => rec().idsToIndices(2 as never), /idsToIndices: channel ids must be an array, got number 2/);
  });

  test('getTraces({channelIds: "ab"}) names the string, not its characters', async () => {
    await assert.rejects(
      rec().getTraces({ channelIds: "ab" as never }),
      /channel ids must be an array, got string "ab"/,
    );
  });

  test("typed arrays of integer ids are lists", () => {
    const r = new NumpyRecording({
      tracesList: { data: new Int16Array(6), shape: [3, 2] },
      samplingFrequency: 1000,
      channelIds: Int32Array.of(7, 9) as unknown as number[],
    });
    assert.deepEqual([...r.idsToIndices(Int32Array.of(9, 7) as unknown as number[])], [1, 0]);
  });

  test("a string given as constructor ids is refused", () => {
    refuses(
      () =>
        new NumpyRecording({
          tracesList: { data: new Int16Array(4), shape: [2, 2] },
          samplingFrequency: 1000,
          channelIds: "ab" as never,
        }),
      /channel ids must be an array, got string "ab"/,
    );
  });

  test("renameChannels of a string is refused (it used to rename to its characters)", () => {
    refuses(
      () => rec().renameChannels("xyz" as never),
      /renameChannels: channel ids must be an array, got string "xyz"/,
    );
  });

  test("removeChannels of a scalar is refused", () => {
    refuses(() => rec().removeChannels("a" as never), /checkKnownIds: channel ids must be an array/);
  });
});

describe("empty channel lists", () => {
  test("views", () => {
    refuses(() => rec().selectChannels([]), /selectChannels: the channel id list is empty/);
    refuses(() => rec().channelSlice([], []), /channelSlice: the channel id list is empty/);
    refuses(() => rec().removeChannels(["a", "b", "c"]), /removeChannels \(it would remove every channel\)/);
    refuses(() => snippets().selectChannels([]), /selectChannels: the channel id list is empty/);
  });

  test("reads", async () => {
    await assert.rejects(rec().getTraces({ channelIds: [] }), /getTraces: the channel id list is empty/);
    await assert.rejects(
      snippets().getSnippets({ channelIds: [] }),
      /getSnippets: the channel id list is empty/,
    );
  });

  test("one channel still works", async () => {
    const t = await rec().selectChannels(["b"]).getTraces({ startFrame: 0, endFrame: 2 });
    assert.deepEqual([...t.data], [1, 4]);
  });
});

describe("mixed integer and string ids (I3)", () => {
  test("become strings, as numpy converts them", () => {
    const r = new NumpyRecording({
      tracesList: { data: new Int16Array(4), shape: [2, 2] },
      samplingFrequency: 1000,
      channelIds: [3, "a"],
    });
    assert.deepEqual(r.channelIds, ["3", "a"]);
    assert.equal(r.idToIndex("3"), 0);
  });

  test("all-integer and all-string lists are kept as given", () => {
    const ints = new NumpyRecording({
      tracesList: { data: new Int16Array(4), shape: [2, 2] },
      samplingFrequency: 1000,
      channelIds: [3, 4],
    });
    assert.deepEqual(ints.channelIds, [3, 4]);
    assert.deepEqual(rec().channelIds, ["a", "b", "c"]);
  });
});
