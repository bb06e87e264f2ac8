/**
 * The extension machinery (spec api.md §10.3): registry and defaults, compute forms, dependency
 * order, recomputing a parent deletes its children, a user-defined extension, recordingless and
 * temporary recordings, printing.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ExtensionDataValue } from "../../src/analyzer/analyzer-array.js";
import { makeArray } from "../../src/analyzer/analyzer-array.js";
import { createSortingAnalyzer } from "../../src/analyzer/create-sorting-analyzer.js";
import { AnalyzerExtension, type ExtensionParams } from "../../src/analyzer/extension.js";
import {
  getAvailableAnalyzerExtensions,
  getChildrenDependencies,
  getDefaultAnalyzerExtensionParams,
  registerAnalyzerExtension,
} from "../../src/analyzer/extension-registry.js";
import { computeRandomSpikes, computeTemplates, computeWaveforms } from "../../src/analyzer/functional.js";
import { SortingAnalyzer } from "../../src/analyzer/sorting-analyzer.js";
import { isSiError } from "../../src/index.js";
import { fixtureRecording, fixtureSorting } from "./helpers.js";

/** A user extension: spike count per unit, depending on random_spikes. */
class ComputeSpikeCounts extends AnalyzerExtension {
  static override readonly extensionName = "spike_counts_test";
  static override readonly dependOn = ["random_spikes"];
  static override readonly pythonClass = "mylab.ComputeSpikeCounts";
  static override readonly defaultOptions = { scale: 1 };

  buildParams(options: { scale?: number }): ExtensionParams {
    return { scale: options.scale ?? 1 };
  }

  protected async compute(): Promise<void> {
    const counts = this.analyzer.sorting
      .countNumSpikesPerUnitArray()
      .map((c) => c * (this.params.scale as number));
    this.data.set("counts", makeArray(counts, [counts.length], "float64"));
  }

  getData(): Float64Array {
    this.checkComputed();
    return (this.data.get("counts") as { data: Float64Array }).data;
  }

  selectUnitsData(keep: Int32Array): Map<string, ExtensionDataValue> {
    const all = this.getData();
    return new Map([
      [
        "counts",
        makeArray(
          Float64Array.from(keep, (u) => all[u]),
          [keep.length],
          "float64",
        ),
      ],
    ]);
  }
}
registerAnalyzerExtension(ComputeSpikeCounts);

// How a user extension gets typed compute()/getExtension().
declare module "../../src/analyzer/extension.js" {
  interface AnalyzerExtensionTypes {
    spike_counts_test: { extension: ComputeSpikeCounts; options: { scale?: number } };
  }
}

describe("registry", () => {
  test("core extensions, defaults, children", () => {
    const names = getAvailableAnalyzerExtensions();
    for (const n of ["random_spikes", "waveforms", "templates", "noise_levels", "spike_counts_test"])
      assert.ok(names.includes(n), n);
    assert.deepEqual(getDefaultAnalyzerExtensionParams("waveforms"), {
      msBefore: 1.0,
      msAfter: 2.0,
      dtype: null,
    });
    assert.deepEqual(getDefaultAnalyzerExtensionParams("random_spikes").maxSpikesPerUnit, 500);
    assert.deepEqual(getChildrenDependencies("random_spikes").sort(), [
      "spike_counts_test",
      "templates",
      "waveforms",
    ]);
    assert.deepEqual(getChildrenDependencies("waveforms"), ["templates"]);
    assert.throws(() => registerAnalyzerExtension(class extends ComputeSpikeCounts {}), /already registered/);
  });
});

describe("computing extensions", async () => {
  const an = await createSortingAnalyzer({ sorting: fixtureSorting(), recording: fixtureRecording() });

  test("a dict of extensions runs parents first, whatever the order given", async () => {
    await an.compute({ templates: {}, waveforms: { msBefore: 0.5 }, random_spikes: { method: "all" } });
    assert.deepEqual(an.getLoadedExtensionNames(), ["random_spikes", "waveforms", "templates"]);
    assert.equal(an.getExtension("templates")?.params.ms_before, 0.5, "templates take the waveforms' window");
  });

  test("recomputing a parent deletes its children", async () => {
    await an.compute("spike_counts_test", { scale: 2 });
    assert.equal(
      an.getExtension("spike_counts_test")?.getData()[0],
      2 * an.sorting.countNumSpikesPerUnitArray()[0],
    );
    await an.compute("waveforms");
    assert.equal(an.getExtension("templates"), null);
    assert.ok(an.getExtension("spike_counts_test") !== null, "not a child of waveforms");
    await an.compute("random_spikes", { maxSpikesPerUnit: 5, seed: 1 });
    assert.deepEqual(an.getLoadedExtensionNames(), ["random_spikes"]);
    assert.equal(an.getExtension("random_spikes")?.getData().length, 30);
  });

  test("user extensions are carried by selectUnits", async () => {
    await an.compute("spike_counts_test");
    const sel = await an.selectUnits(["2", "5"]);
    const counts = an.sorting.countNumSpikesPerUnitArray();
    assert.deepEqual(Array.from(sel.getExtension("spike_counts_test")?.getData() as Float64Array), [
      counts[2],
      counts[5],
    ]);
  });

  test("random spikes: selected positions within spike trains", () => {
    const rs = an.getExtension("random_spikes");
    assert.ok(rs !== null);
    const pos = rs.getSelectedIndicesInSpikeTrain("0", 0);
    const train = an.sorting.getUnitSpikeIndices("0", 0);
    const chosen = new Set(rs.getData());
    assert.deepEqual(
      Array.from(pos),
      Array.from(train).flatMap((s, k) => (chosen.has(s) ? [k] : [])),
    );
  });

  test("toString, accessors", () => {
    assert.match(
      String(an),
      /^SortingAnalyzer: 16 channels - 6 units - 2 segments - memory - sparse - has recording\nLoaded 2 extensions: random_spikes, spike_counts_test$/,
    );
    assert.equal(an.getNumUnits(), 6);
    assert.equal(an.getNumChannels(), 16);
    assert.equal(an.getTotalSamples(), 48000);
    assert.equal(an.getNumSamples({ segmentIndex: 1 }), 18000);
    assert.ok(Math.abs(an.getTotalDuration() - 1.6) < 1e-9);
    assert.deepEqual(Array.from(an.channelIdsToIndices(["3", "0"])), [3, 0]);
    assert.throws(
      () => an.channelIdsToIndices(["x"]),
      (e) => isSiError(e, "unknown_id"),
    );
    assert.deepEqual(an.getComputableExtensions(), getAvailableAnalyzerExtensions());
    assert.equal(an.getSortingProperty("main_channel_id")?.length, 6);
  });
});

describe("recordingless and temporary recordings", async () => {
  const src = await createSortingAnalyzer({ sorting: fixtureSorting(), recording: fixtureRecording() });
  const recordingless = new SortingAnalyzer({
    sorting: src.sorting,
    recording: null,
    recAttributes: src.recAttributes,
    format: "memory",
    sparsity: src.sparsity,
    settings: { returnInUV: true, peakSign: "both", peakMode: "extremum" },
    backend: null,
  });

  test("extensions that read traces say the recording is missing", async () => {
    await recordingless.compute("random_spikes", { method: "all" });
    await assert.rejects(recordingless.compute("waveforms"), /recording/);
    await assert.rejects(recordingless.compute("templates"), /recording/);
    assert.equal(recordingless.hasRecording(), false);
  });

  test("a matching temporary recording makes them computable", async () => {
    recordingless.setTemporaryRecording(fixtureRecording());
    await recordingless.compute("waveforms");
    assert.match(String(recordingless), / - has temporary recording\n/);
    const other = fixtureRecording().selectSegments([0]);
    assert.throws(
      () => recordingless.setTemporaryRecording(other),
      (e) => isSiError(e, "incompatible"),
    );
  });
});

describe("functional forms", () => {
  test("return the data and refuse non-analyzers", async () => {
    const an = await createSortingAnalyzer({ sorting: fixtureSorting(), recording: fixtureRecording() });
    const indices = await computeRandomSpikes(an, { method: "all" });
    assert.equal(indices.length, 116);
    const wfs = await computeWaveforms(an, { msBefore: 0.5, msAfter: 0.5 });
    assert.deepEqual(wfs.shape, [116, 30, 16]);
    const avg = await computeTemplates(an);
    assert.deepEqual(avg.shape, [6, 30, 16]);
    await assert.rejects(computeTemplates({} as SortingAnalyzer), /needs a SortingAnalyzer/);
  });
});
