/**
 * In-memory objects (NumpyRecording, NumpySorting, NumpySnippets) say they are not JSON-serializable,
 * and a dict of theirs that went through JSON is refused by class, key and reason.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { dtypeOf } from "../../src/dtype.js";
import {
  extractorFromDict,
  isSiError,
  NumpyRecording,
  NumpySnippets,
  NumpySorting,
  SharedMemorySorting,
} from "../../src/index.js";

const rec = () =>
  new NumpyRecording({
    tracesList: { data: Int16Array.of(1, 2, 3, 4), shape: [2, 2] },
    samplingFrequency: 1000,
  });
const sorting = () => NumpySorting.fromUnitDict({ a: [1, 5] }, 1000);
const snippets = () =>
  new NumpySnippets({
    snippetsList: { data: new Float32Array(4), shape: [1, 2, 2] },
    spikesFramesList: [3],
    samplingFrequency: 1000,
  });

const throughJson = (d: unknown) => JSON.parse(JSON.stringify(d));

describe("in-memory dicts", () => {
  const cases = [
    ["NumpyRecording", rec, "traces_list", /its traces live in memory/],
    ["NumpySorting", sorting, "spikes", /its spikes live in memory/],
    ["NumpySnippets", snippets, "snippets_list", /its snippets live in memory/],
  ] as const;
  for (const [name, make, key, reason] of cases) {
    test(`${name}: not JSON-serializable, with the reason`, () => {
      const r = make().checkSerializability();
      assert.equal(r.json, false);
      assert.match(r.reason ?? "", reason);
    });

    test(`${name}: the dict rebuilds in memory but not after JSON`, async () => {
      const obj = make();
      const again = await extractorFromDict(obj.toDict());
      assert.equal(again.className, obj.className);
      await assert.rejects(extractorFromDict(throughJson(obj.toDict())), (e: unknown) => {
        assert.ok(isSiError(e, "not_dumpable"), String(e));
        assert.match(
          e.message,
          new RegExp(
            `^${name} cannot be rebuilt from this dict: kwargs\\.${key} holds an object \\(Object\\)`,
          ),
        );
        assert.match(e.message, /not JSON-serializable .*save\(\) it to a folder/);
        return true;
      });
    });
  }

  test("shared-memory sortings name their own class", async () => {
    const shared = SharedMemorySorting.fromSorting(sorting(), { shared: true });
    await assert.rejects(
      extractorFromDict(throughJson(shared.toDict())),
      /^SpikeInterfaceError: SharedMemorySorting cannot be rebuilt/,
    );
  });

  test("dtypeOf names what it got instead of a typed array", () => {
    assert.throws(() => dtypeOf({ 0: 1 } as never), /expected a typed array, got an object \(Object\)/);
    assert.throws(() => dtypeOf([1, 2] as never), /expected a typed array, got an array/);
  });
});
