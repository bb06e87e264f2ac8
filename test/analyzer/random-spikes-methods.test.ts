/**
 * random_spikes "percentage" and "maximum_rate": SpikeInterface HEAD drops their parameter from
 * params, so both methods always fail there; here the parameter is kept (params.json included) and
 * each unit gets floor(n × percentage), or floor(duration × rate), spikes (capped by max_spikes_per_unit).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createSortingAnalyzer } from "../../src/analyzer/create-sorting-analyzer.js";
import "../../src/analyzer/node.js";
import { fixtureRecording, fixtureSorting, tempFolder } from "./helpers.js";

function perUnitCounts(units: Int32Array, numUnits: number): number[] {
  const counts = new Array<number>(numUnits).fill(0);
  for (const u of units) counts[u]++;
  return counts;
}

describe("random_spikes percentage and maximum_rate", () => {
  test("percentage: floor(n × p) spikes per unit, the parameter kept on disk", async () => {
    const folder = join(tempFolder(), "an");
    const an = await createSortingAnalyzer({
      sorting: fixtureSorting(),
      recording: fixtureRecording(),
      format: "binary_folder",
      folder,
    });
    const ext = await an.compute("random_spikes", { method: "percentage", percentage: 0.5, seed: 1 });
    const total = Array.from(an.sorting.countNumSpikesPerUnitArray());
    assert.deepEqual(
      perUnitCounts(ext.getRandomSpikes().unitIndex, an.getNumUnits()),
      total.map((n) => Math.floor(n * 0.5)),
    );
    const params = JSON.parse(
      readFileSync(join(folder, "extensions", "random_spikes", "params.json"), "utf8"),
    );
    assert.deepEqual(params, {
      method: "percentage",
      max_spikes_per_unit: 500,
      margin_size: null,
      seed: 1,
      percentage: 0.5,
    });
  });

  test("maximum_rate: floor(spike duration × rate) per unit, capped by the unit's spikes", async () => {
    const an = await createSortingAnalyzer({ sorting: fixtureSorting(), recording: fixtureRecording() });
    const ext = await an.compute("random_spikes", { method: "maximum_rate", maximumRate: 6, seed: 2 });
    // SpikeInterface's duration for rates: per segment (last spike + 1) / fs, summed
    let duration = 0;
    for (let s = 0; s < an.sorting.getNumSegments(); s++) {
      const v = an.sorting.getSegmentSpikes(s).sampleIndex;
      duration += (v[v.length - 1] + 1) / an.samplingFrequency;
    }
    const want = Math.floor(duration * 6);
    const total = Array.from(an.sorting.countNumSpikesPerUnitArray());
    assert.deepEqual(
      perUnitCounts(ext.getRandomSpikes().unitIndex, an.getNumUnits()),
      total.map((n) => Math.min(n, want)),
    );
    assert.equal(ext.params.maximum_rate, 6);
    assert.equal("percentage" in ext.params, false);
  });

  test("the default method keeps Python's four keys only", async () => {
    const an = await createSortingAnalyzer({ sorting: fixtureSorting(), recording: fixtureRecording() });
    const ext = await an.compute("random_spikes", { seed: 3 });
    assert.deepEqual(Object.keys(ext.params), ["method", "max_spikes_per_unit", "margin_size", "seed"]);
  });
});
