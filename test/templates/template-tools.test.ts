import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError, isSiError } from "../../src/index.js";
import type { SortingAnalyzerLike } from "../../src/sparsity/sources.js";
import { Templates } from "../../src/templates/templates.js";
import {
  mainChannelsFromTemplatesArray,
  templateAmplitudesFromArray,
} from "../../src/tools/template-arrays.js";
import {
  getDenseTemplatesArray,
  getMainChannelIndices,
  getTemplateAmplitudeOnMainChannel,
  getTemplateAmplitudes,
  getTemplateExtremumAmplitude,
  getTemplateExtremumChannel,
  getTemplateExtremumChannelPeakShift,
} from "../../src/tools/template-tools.js";
import {
  CHANNEL_IDS,
  loadFixtureRecording,
  loadFixtureSorting,
  readJson,
  readNpy,
  UNIT_IDS,
} from "../tools/fixture-data.js";

interface Expected {
  extremum_channels: Record<"neg" | "pos" | "both" | "main_channel_ids", Record<string, string>> & {
    neg_index: Record<string, number>;
    amplitude_on_main_channel: Record<string, number>;
  };
}
const expected = readJson<Expected>("analyzer/expected.json").extremum_channels;

function fixtureTemplates(): Templates {
  const average = readNpy("analyzer/analyzer_binary_folder/extensions/templates/average.npy");
  return new Templates({
    templatesArray: average.data as Float64Array,
    shape: [6, 90, 16],
    samplingFrequency: 30000,
    nbefore: 30,
    unitIds: UNIT_IDS,
    channelIds: CHANNEL_IDS,
  });
}

describe("template tools on the fixture's templates", () => {
  const t = fixtureTemplates();
  test("extremum channels as ids and indices", () => {
    const ids = getTemplateExtremumChannel(t);
    assert.deepEqual(Object.fromEntries(ids), expected.both);
    assert.deepEqual(Object.fromEntries(getTemplateExtremumChannel(t, { peakSign: "neg" })), expected.neg);
    // Deliberate difference: Python ignores an explicit sign (its "pos" row is the analyzer's main
    // channels); here "pos" is honoured and picks each unit's largest positive peak.
    const pos = getTemplateExtremumChannel(t, { peakSign: "pos", outputs: "index" });
    const rule = mainChannelsFromTemplatesArray(t.getDenseTemplates(), {
      peakSign: "pos",
      peakMode: "extremum",
      nbefore: 30,
    });
    assert.deepEqual([...pos.values()], Array.from(rule));
    assert.deepEqual(
      Object.fromEntries(getTemplateExtremumChannel(t, { outputs: "index" })),
      expected.neg_index,
    );
  });
  test("amplitude on the main channel (both / extremum)", () => {
    const amps = getTemplateAmplitudeOnMainChannel(t, { peakSign: "both", peakMode: "extremum" });
    assert.deepEqual(Object.fromEntries(amps), expected.amplitude_on_main_channel);
  });
  test("deprecated extremum amplitude: neg / at_index by default", () => {
    const amps = getTemplateExtremumAmplitude(t);
    const data = t.templatesArray;
    UNIT_IDS.forEach((u, i) => {
      const main = expected.neg_index[u];
      assert.equal(amps.get(u), Math.abs(data[(i * 90 + 30) * 16 + main]));
    });
  });
  test("amplitudes per channel: signs and modes", () => {
    const both = getTemplateAmplitudes(t, { peakSign: "both", peakMode: "extremum" });
    assert.equal(both.get("0")![11], expected.amplitude_on_main_channel["0"]);
    const signed = getTemplateAmplitudes(t, { peakSign: "neg", peakMode: "extremum", absValue: false });
    assert.equal(signed.get("0")![11], -expected.amplitude_on_main_channel["0"]);
    const ptp = getTemplateAmplitudes(t, { peakSign: "both", peakMode: "peak_to_peak" });
    assert.ok(ptp.get("0")![11] >= both.get("0")![11]);
  });
});

describe("array rules", () => {
  // one unit, 5 samples, 2 channels: channel 0 trough −8 at sample 3, channel 1 peak +6 at sample 1
  const t = {
    data: Float64Array.from([0, 0, 0, 6, 0, 0, -8, 0, 0, 0]),
    shape: [1, 5, 2] as const,
  };
  test("main channel per sign and mode", () => {
    const main = (peakSign: "both" | "neg" | "pos", peakMode: "extremum" | "at_index" | "peak_to_peak") =>
      mainChannelsFromTemplatesArray(t, { peakSign, peakMode, nbefore: 2 })[0];
    assert.equal(main("both", "extremum"), 0);
    assert.equal(main("neg", "extremum"), 0);
    assert.equal(main("pos", "extremum"), 1);
    assert.equal(main("both", "peak_to_peak"), 0);
    assert.equal(main("both", "at_index"), 0); // all zero at nbefore: first channel wins
  });
  test("peak shift relative to nbefore", () => {
    const tpl = new Templates({
      templatesArray: t.data,
      shape: [1, 5, 2],
      samplingFrequency: 1000,
      nbefore: 2,
    });
    assert.deepEqual(Object.fromEntries(getTemplateExtremumChannelPeakShift(tpl)), { 0: 1 });
    assert.deepEqual(Object.fromEntries(getTemplateExtremumChannelPeakShift(tpl, { peakSign: "pos" })), {
      0: -2,
    });
  });
  test("NaN propagates like numpy's max", () => {
    const nan = { data: Float64Array.from([1, Number.NaN, 2, 3]), shape: [1, 2, 2] as const };
    const amps = templateAmplitudesFromArray(nan, { peakSign: "both", peakMode: "extremum", nbefore: 0 });
    assert.equal(amps[0], 2);
    assert.ok(Number.isNaN(amps[1]));
  });
  test("bad sign / mode / shape name the value", () => {
    assert.throws(
      () => mainChannelsFromTemplatesArray(t, { peakSign: "up" as "pos", peakMode: "extremum", nbefore: 0 }),
      (e) => e instanceof InvalidArgumentError && /"up"/.test(e.message),
    );
    assert.throws(
      () => templateAmplitudesFromArray(t, { peakSign: "pos", peakMode: "max" as "extremum", nbefore: 0 }),
      (e) => e instanceof InvalidArgumentError && /"max"/.test(e.message),
    );
    assert.throws(
      () =>
        templateAmplitudesFromArray(
          { data: t.data, shape: [1, 5, 3] },
          { peakSign: "pos", peakMode: "extremum", nbefore: 0 },
        ),
      (e) => e instanceof InvalidArgumentError && /10 values/.test(e.message),
    );
  });
});

describe("with a SortingAnalyzer-like input", () => {
  const t = fixtureTemplates();
  const analyzer: SortingAnalyzerLike = {
    unitIds: UNIT_IDS,
    channelIds: CHANNEL_IDS,
    sparsity: null,
    returnInUV: true,
    peakSign: "both",
    peakMode: "extremum",
    sorting: loadFixtureSorting(),
    recording: loadFixtureRecording(),
    getChannelLocations: () => new Float64Array(32),
    getMainChannelIndices: () => [0, 1, 2, 3, 4, 5], // stored main channels win over the templates
    getDenseTemplatesArray: () => ({ data: t.templatesArray, shape: t.shape, nbefore: 30 }),
    getNoiseLevelsData: () => null,
    getDenseWaveformsOneUnit: () => null,
  };
  test("main channels are the analyzer's; a sign given is refused", () => {
    assert.deepEqual(Array.from(getMainChannelIndices(analyzer)), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(getTemplateExtremumChannel(analyzer).get("5"), "5");
    assert.throws(
      () => getTemplateAmplitudes(analyzer, { peakSign: "neg" }),
      (e) => e instanceof InvalidArgumentError && /"neg"/.test(e.message),
    );
    assert.throws(() => getMainChannelIndices(analyzer, { peakMode: "at_index" }), /"at_index"/);
  });
  test("amplitudes use the analyzer's sign and mode", () => {
    const a = getTemplateAmplitudes(analyzer);
    assert.equal(a.get("0")![11], expected.amplitude_on_main_channel["0"]);
  });
  test("templates extension missing / wrong scaling", () => {
    const none = { ...analyzer, getDenseTemplatesArray: () => null };
    assert.throws(
      () => getTemplateAmplitudes(none),
      (e) => isSiError(e, "extension"),
    );
    assert.throws(() => getDenseTemplatesArray(analyzer, { returnInUV: false }), /returnInUV false/);
    assert.equal(getDenseTemplatesArray(t, { returnInUV: true }).data, t.templatesArray);
  });
});
