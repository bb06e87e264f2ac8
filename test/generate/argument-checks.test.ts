/**
 * Generators refuse impossible arguments with typed errors (no silent under-firing, no bare
 * RangeError), and generateTemplates takes an options object as well as the positional form.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { generateChannelLocations, generateUnitLocations } from "../../src/generate/locations.js";
import { synthesizeRandomFirings } from "../../src/generate/spike-trains.js";
import { generateTemplates } from "../../src/generate/templates.js";
import { invalid } from "./stats.js";

describe("synthesizeRandomFirings refractory check", () => {
  test("300 Hz with a 4 ms dead time is impossible (it used to give 71 spikes)", () => {
    assert.throws(
      () =>
        synthesizeRandomFirings({
          numUnits: 1,
          firingRates: 300,
          refractoryPeriodMs: 4,
          duration: 1,
          seed: 0,
        }),
      invalid(/refractoryPeriodMs 4 is too long for the firing rate 300 Hz of unit 0/),
    );
  });

  test("names the unit whose rate does not fit", () => {
    assert.throws(
      () =>
        synthesizeRandomFirings({ numUnits: 3, firingRates: [10, 20, 400], refractoryPeriodMs: 3, seed: 0 }),
      invalid(/400 Hz of unit 2/),
    );
  });

  test("a rate that fits still fires about rate × duration spikes", () => {
    const { sampleIndex } = synthesizeRandomFirings({
      numUnits: 1,
      firingRates: 200,
      refractoryPeriodMs: 2,
      duration: 2,
      seed: 0,
    });
    assert.ok(sampleIndex.length > 300 && sampleIndex.length <= 400, `${sampleIndex.length} spikes`);
  });
});

describe("generateTemplates arguments", () => {
  const channels = generateChannelLocations({ numChannels: 4, numColumns: 1, contactSpacingUm: 25 });
  const units = generateUnitLocations(2, channels, { seed: 2, maximumZ: 50 });

  test("negative or non-finite windows are typed errors naming the value", () => {
    assert.throws(
      () => generateTemplates(channels, units, 25000, 1, -2),
      invalid(/msAfter must be .* got -2/),
    );
    assert.throws(
      () => generateTemplates(channels, units, 25000, Number.NaN, 2),
      invalid(/msBefore .* got NaN/),
    );
    assert.throws(() => generateTemplates(channels, units, 0, 1, 2), invalid(/samplingFrequency .* got 0/));
  });

  test("the options object gives the positional form's templates", () => {
    const positional = generateTemplates(channels, units, 25000, 1, 2, { seed: 5, dtype: "float64" });
    const named = generateTemplates({
      channelLocations: channels,
      unitsLocations: units,
      samplingFrequency: 25000,
      msBefore: 1,
      msAfter: 2,
      seed: 5,
      dtype: "float64",
    });
    assert.ok(named instanceof Float64Array);
    assert.equal(named.length, 2 * (25 + 50) * 4);
    assert.deepEqual(named, positional);
    assert.throws(
      () =>
        generateTemplates({
          channelLocations: channels,
          unitsLocations: units,
          samplingFrequency: 25000,
          msBefore: 1,
          msAfter: -2,
        }),
      invalid(/msAfter/),
    );
  });
});
