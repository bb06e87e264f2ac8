/** examples.md §12 (sparsity thresholds on Templates) turned into tests, plus ChannelSparsity basics. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { InvalidArgumentError, UnknownIdError } from "../../src/index.js";
import { createDummyProbeFromLocations } from "../../src/probe/attach-views.js";
import { ChannelSparsity } from "../../src/sparsity/channel-sparsity.js";
import { computeSparsity } from "../../src/sparsity/compute-sparsity.js";
import { Templates } from "../../src/templates/templates.js";
import { maskRows } from "../tools/fixture-data.js";

/** 2 units × 3 samples × 4 channels at y = 0, 10, 20, 30; values only at the peak sample (nbefore 1). */
function zTemplates(channelIds: readonly (string | number)[] = [0, 1, 2, 3]): Templates {
  const peaks = [
    [-10, -5, 5, -2.5],
    [-4, -4, -4, -4],
  ];
  const data = new Float64Array(2 * 3 * 4);
  peaks.forEach((row, u) => {
    row.forEach((v, c) => {
      data[(u * 3 + 1) * 4 + c] = v;
    });
  });
  return new Templates({
    templatesArray: data,
    shape: [2, 3, 4],
    samplingFrequency: 30000,
    nbefore: 1,
    channelIds,
    probe: createDummyProbeFromLocations([
      [0, 0],
      [0, 10],
      [0, 20],
      [0, 30],
    ]),
  });
}

const both = { peakSign: "both", amplitudeMode: "extremum" } as const;

describe("examples.md §12", () => {
  const t = zTemplates();
  const rows = (s: ChannelSparsity) => maskRows(s.mask, 4);
  test("Z1-Z2 radius: inclusive boundary, main channel always kept", () => {
    assert.deepEqual(rows(computeSparsity(t, { method: "radius", radiusUm: 10, ...both })), ["1100", "1100"]);
    assert.deepEqual(rows(computeSparsity(t, { method: "radius", radiusUm: 9.999, ...both })), [
      "1000",
      "1000",
    ]);
    assert.deepEqual(rows(computeSparsity(t, { method: "radius", radiusUm: 0, ...both })), ["1000", "1000"]);
  });
  test("Z3-Z4 best channels: ties go to the higher channel index", () => {
    assert.deepEqual(rows(computeSparsity(t, { method: "best_channels", numChannels: 2, ...both })), [
      "1010",
      "0011",
    ]);
    const pos = computeSparsity(t, {
      method: "best_channels",
      numChannels: 2,
      peakSign: "pos",
      amplitudeMode: "extremum",
    });
    assert.deepEqual(rows(pos), ["0011", "0011"]);
  });
  test("Z5 closest channels", () => {
    assert.deepEqual(rows(computeSparsity(t, { method: "closest_channels", numChannels: 2, ...both })), [
      "1100",
      "1100",
    ]);
  });
  test("Z6 amplitude: inclusive threshold, per sign", () => {
    const amp = (peakSign: "both" | "neg" | "pos") =>
      rows(computeSparsity(t, { method: "amplitude", threshold: 5, peakSign, amplitudeMode: "extremum" }));
    assert.deepEqual(amp("both"), ["1110", "0000"]);
    assert.deepEqual(amp("neg"), ["1100", "0000"]);
    assert.deepEqual(amp("pos"), ["0010", "0000"]);
  });
  test("Z7-Z8 snr: inclusive", () => {
    const noiseLevels = [2.5, 2.5, 2.5, 2.5];
    assert.deepEqual(
      rows(computeSparsity(t, { method: "snr", threshold: 2, noiseLevels, ...both }))[0],
      "1110",
    );
    assert.deepEqual(
      rows(computeSparsity(t, { method: "snr", threshold: 2.0001, noiseLevels, ...both }))[0],
      "1000",
    );
  });
  test("Z9, Z13: Templates need peakSign / a known template method", () => {
    assert.throws(
      () =>
        computeSparsity(t, {
          method: "snr",
          threshold: 2,
          noiseLevels: [1, 1, 1, 1],
          amplitudeMode: "extremum",
        }),
      (e) => e instanceof InvalidArgumentError && /peakSign/.test(e.message),
    );
    assert.throws(
      () => computeSparsity(t, { method: "energy", ...both }),
      (e) => e instanceof InvalidArgumentError && /"energy"/.test(e.message),
    );
    assert.throws(
      () => computeSparsity(t, { method: "nope" as "radius", ...both }),
      (e) => e instanceof InvalidArgumentError && /"nope"/.test(e.message),
    );
    assert.throws(
      () => computeSparsity(t, { method: "snr", threshold: 2, ...both }),
      (e) => e instanceof InvalidArgumentError && /noiseLevels/.test(e.message),
    );
  });
  test("Z14 main channels (at_index + neg picks the most positive value: SpikeInterface quirk)", () => {
    assert.deepEqual(Array.from(t.getMainChannels()), [0, 0]);
    assert.deepEqual(Array.from(t.getMainChannels({ peakSign: "neg" })), [0, 0]);
    assert.deepEqual(Array.from(t.getMainChannels({ peakSign: "pos" })), [2, 0]);
    assert.deepEqual(Array.from(t.getMainChannels({ peakSign: "neg", peakMode: "at_index" })), [2, 0]);
  });
  test("Z15 toDict", () => {
    const s = computeSparsity(zTemplates(["a", "b", "c", "d"]), { method: "radius", radiusUm: 10, ...both });
    assert.deepEqual(s.toDict(), {
      unit_id_to_channel_ids: { 0: ["a", "b"], 1: ["a", "b"] },
      channel_ids: ["a", "b", "c", "d"],
      unit_ids: [0, 1],
    });
    const back = ChannelSparsity.fromDict(JSON.parse(JSON.stringify(s.toDict())));
    assert.ok(back.equals(s));
    assert.deepEqual(back.unitIds, [0, 1]); // numeric ids come back from stringified keys
  });
  test("sparsity on sparse templates is refused for snr/amplitude", () => {
    const sparse = t.toSparse(ChannelSparsity.createDense(t));
    assert.throws(
      () => computeSparsity(sparse, { method: "amplitude", threshold: 1, ...both }),
      (e) => e instanceof InvalidArgumentError && /dense/.test(e.message),
    );
  });
});

describe("ChannelSparsity", () => {
  const sp = new ChannelSparsity({
    mask: [
      [true, false, true],
      [false, false, false],
    ],
    unitIds: ["u", "v"],
    channelIds: [10, 20, 30],
  });
  test("ids, indices, max active", () => {
    assert.equal(sp.maxNumActiveChannels, 2);
    assert.deepEqual(sp.unitIdToChannelIds.get("u"), [10, 30]);
    assert.deepEqual(Array.from(sp.unitIdToChannelIndices.get("v")!), []);
    assert.throws(
      () => sp.channelIdsOf("w"),
      (e) => e instanceof UnknownIdError && /"w"/.test(e.message),
    );
    assert.equal(new ChannelSparsity({ mask: [], unitIds: [], channelIds: [1] }).maxNumActiveChannels, 0);
  });
  test("bad masks name the mismatch", () => {
    assert.throws(
      () => new ChannelSparsity({ mask: new Uint8Array(5), unitIds: ["u", "v"], channelIds: [1, 2, 3] }),
      (e) => e instanceof InvalidArgumentError && /5 values/.test(e.message),
    );
    assert.throws(
      () =>
        ChannelSparsity.fromUnitIdToChannelIds({
          unitIdToChannelIds: new Map([["u", [99]]]),
          unitIds: ["u"],
          channelIds: [1],
        }),
      (e) => e instanceof UnknownIdError && /99/.test(e.message),
    );
  });
  test("densify refuses non-zero padding", () => {
    const wf = { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] };
    assert.throws(
      () => sp.densifyWaveforms(wf, "u"),
      (e) => e instanceof InvalidArgumentError && /"?u"?/.test(e.message),
    );
    const ok = sp.densifyWaveforms({ data: Float32Array.of(1, 2, 0, 4, 5, 0), shape: [2, 3] }, "u");
    assert.deepEqual(Array.from(ok.data), [1, 0, 2, 4, 0, 5]);
    assert.ok(ok.data instanceof Float32Array);
  });
  test("property: sparsify then densify restores the active channels and zeros the rest", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.infiniteStream(fc.boolean()),
        fc.infiniteStream(fc.integer({ min: -100, max: 100 })),
        (units, channels, samples, bits, values) => {
          const mask = Uint8Array.from({ length: units * channels }, () => (bits.next().value ? 1 : 0));
          const ids = Array.from({ length: units }, (_, i) => `u${i}`);
          const s = new ChannelSparsity({
            mask,
            unitIds: ids,
            channelIds: Array.from({ length: channels }, (_, i) => i),
          });
          const dense = Float64Array.from({ length: units * samples * channels }, () => values.next().value);
          const t = { data: dense, shape: [units, samples, channels] };
          const sparse = s.sparsifyTemplates(t);
          assert.deepEqual(sparse.shape, [units, samples, s.maxNumActiveChannels]);
          const back = s.densifyTemplates(sparse);
          for (let i = 0; i < dense.length; i++) {
            const u = Math.floor(i / (samples * channels));
            const c = i % channels;
            assert.equal(back.data[i], mask[u * channels + c] ? dense[i] : 0);
          }
          // a single unit's waveforms go the same way
          const wf = { data: dense.subarray(0, samples * channels), shape: [samples, channels] };
          const round = s.densifyWaveforms(s.sparsifyWaveforms(wf, ids[0]), ids[0]);
          assert.deepEqual(Array.from(round.data), Array.from(back.data.subarray(0, samples * channels)));
        },
      ),
      { numRuns: 150 },
    );
  });
});
