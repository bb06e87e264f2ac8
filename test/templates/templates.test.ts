import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError, isSiError } from "../../src/index.js";
import { createDummyProbeFromLocations } from "../../src/probe/attach-views.js";
import { Probe } from "../../src/probe/probe.js";
import { ChannelSparsity } from "../../src/sparsity/channel-sparsity.js";
import { Templates } from "../../src/templates/templates.js";
import { CHANNEL_IDS, fixtureLocations, readNpy, UNIT_IDS } from "../tools/fixture-data.js";

/** 3 units × 4 samples × 3 channels, value = 100·unit + 10·sample + channel + 1. */
function small(): Templates {
  const data = Float32Array.from({ length: 36 }, (_, i) => {
    const u = Math.floor(i / 12);
    const s = Math.floor(i / 3) % 4;
    return 100 * u + 10 * s + (i % 3) + 1;
  });
  return new Templates({ templatesArray: data, shape: [3, 4, 3], samplingFrequency: 10000, nbefore: 1 });
}

describe("Templates", () => {
  test("derived fields and default ids", () => {
    const t = small();
    assert.deepEqual([t.numUnits, t.numSamples, t.numChannels, t.nafter], [3, 4, 3, 3]);
    assert.equal(t.msBefore, 0.1);
    assert.equal(t.msAfter, 0.3);
    assert.deepEqual(t.unitIds, [0, 1, 2]);
    assert.deepEqual(t.channelIds, [0, 1, 2]);
    assert.equal(t.isInUV, true);
    assert.equal(t.areTemplatesSparse(), false);
  });
  test("bad input names the value", () => {
    const data = new Float64Array(36);
    assert.throws(
      () => new Templates({ templatesArray: data, shape: [3, 4, 4], samplingFrequency: 1, nbefore: 0 }),
      (e) => e instanceof InvalidArgumentError && /36 values/.test(e.message),
    );
    assert.throws(
      () => new Templates({ templatesArray: data, shape: [3, 4, 3], samplingFrequency: 1, nbefore: 9 }),
      (e) => e instanceof InvalidArgumentError && /nbefore 9/.test(e.message),
    );
    assert.throws(
      () =>
        new Templates({
          templatesArray: data,
          shape: [3, 4, 3],
          samplingFrequency: 1,
          nbefore: 0,
          unitIds: [1],
        }),
      (e) => e instanceof InvalidArgumentError && /1 unit ids for 3 units/.test(e.message),
    );
    // a mask whose templates are not sparse-shaped
    assert.throws(
      () =>
        new Templates({
          templatesArray: Float64Array.from({ length: 8 }, () => 1),
          shape: [1, 4, 2],
          samplingFrequency: 1,
          nbefore: 0,
          sparsityMask: [[1, 0, 0]],
        }),
      (e) => e instanceof InvalidArgumentError && /not sparse/.test(e.message),
    );
    assert.throws(
      () => small().getChannelLocations(),
      (e) => isSiError(e, "no_probe"),
    );
  });
  test("sparse round trip, one dense template, dtype kept", () => {
    const t = small();
    const mask = [
      [1, 0, 1],
      [0, 1, 0],
      [1, 1, 1],
    ];
    const sparse = t.toSparse(mask);
    assert.deepEqual(sparse.shape, [3, 4, 3]);
    assert.ok(sparse.templatesArray instanceof Float32Array);
    const one = sparse.getOneTemplateDense(1);
    assert.deepEqual(Array.from(one.data.subarray(0, 3)), [0, 102, 0]);
    const dense = sparse.toDense();
    const back = dense.getDenseTemplates().data;
    for (let i = 0; i < 36; i++) {
      const u = Math.floor(i / 12);
      assert.equal(back[i], mask[u][i % 3] ? t.templatesArray[i] : 0);
    }
    assert.throws(() => sparse.toSparse(mask), InvalidArgumentError);
    const narrow = t.toSparse([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    assert.deepEqual(narrow.shape, [3, 4, 1]);
    assert.deepEqual(Array.from(narrow.templatesArray.subarray(4, 8)), [102, 112, 122, 132]);
  });
  test("selectUnits (dense and sparse) and selectChannels", () => {
    const t = small();
    const picked = t.selectUnits([2, 0]);
    assert.deepEqual(picked.unitIds, [2, 0]);
    assert.equal(picked.templatesArray[0], 201);
    const sparse = t.toSparse([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const sub = sparse.selectUnits([2]);
    assert.deepEqual(Array.from(sub.sparsity!.mask), [0, 0, 1]);
    assert.equal(sub.templatesArray[0], 203);
    const chans = t.selectChannels([2, 0]);
    assert.deepEqual(chans.channelIds, [2, 0]);
    assert.deepEqual(Array.from(chans.templatesArray.subarray(0, 2)), [3, 1]);
    assert.throws(() => sparse.selectChannels([0]), InvalidArgumentError);
    assert.throws(
      () => t.selectUnits([7]),
      (e) => isSiError(e, "unknown_id") && /7/.test((e as Error).message),
    );
  });
  test("toDict / fromDict / JSON with a probe", () => {
    const probe = createDummyProbeFromLocations([
      [0, 0],
      [0, 10],
      [0, 20],
    ]);
    const t = small()
      .with({ probe, unitIds: ["a", "b", "c"] })
      .toSparse([
        [1, 1, 0],
        [0, 1, 0],
        [1, 1, 1],
      ]);
    const d = t.toDict();
    assert.deepEqual(Object.keys(d), [
      "templates_array",
      "sparsity_mask",
      "channel_ids",
      "unit_ids",
      "sampling_frequency",
      "nbefore",
      "is_in_uV",
      "probe",
    ]);
    assert.deepEqual(d.sparsity_mask?.[1], [false, true, false]);
    const back = Templates.fromJson(t.toJson(), { probeFromDict: (x) => Probe.fromDict(x as never) });
    assert.ok(back.templatesArray instanceof Float64Array);
    assert.ok(back.equals(t));
    assert.deepEqual(Array.from(back.getChannelLocations()), [0, 0, 0, 10, 0, 20]);
    assert.throws(
      () => Templates.fromDict(d),
      (e) => e instanceof InvalidArgumentError && /probe/.test(e.message),
    );
    assert.equal(back.equals(back.with({ nbefore: 2 })), false);
  });
  test("fixture: the sparse analyzer's templates are zero outside its sparsity", () => {
    const average = readNpy("analyzer/analyzer_binary_folder/extensions/templates/average.npy");
    const mask = readNpy("analyzer/analyzer_binary_folder/sparsity_mask.npy");
    const t = new Templates({
      templatesArray: average.data as Float64Array,
      shape: [6, 90, 16],
      samplingFrequency: 30000,
      nbefore: 30,
      unitIds: UNIT_IDS,
      channelIds: CHANNEL_IDS,
      probe: createDummyProbeFromLocations(fixtureLocations()),
    });
    const sparse = t.toSparse(
      new ChannelSparsity({ mask: mask.data as Uint8Array, unitIds: UNIT_IDS, channelIds: CHANNEL_IDS }),
    );
    assert.deepEqual(sparse.shape, [6, 90, 16]); // unit 0 uses all 16 channels
    assert.deepEqual(Array.from(sparse.getDenseTemplates().data), Array.from(t.templatesArray));
    assert.deepEqual(sparse.getMainChannelIds(), ["11", "15", "8", "9", "6", "14"]);
  });
});
