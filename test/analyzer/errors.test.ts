/** Bad input gives typed errors that name the bad value. */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createSortingAnalyzer } from "../../src/analyzer/create-sorting-analyzer.js";
import { loadSortingAnalyzer } from "../../src/analyzer/node.js";
import { isSiError, NumpyRecording, NumpySorting } from "../../src/node.js";
import { ChannelSparsity } from "../../src/sparsity/channel-sparsity.js";
import { collectWarnings, fixtureRecording, fixtureSorting, tempFolder } from "./helpers.js";

function smallRecording(fs = 1000, segments = 1): NumpyRecording {
  const traces = Array.from({ length: segments }, () => ({
    data: Int16Array.from({ length: 400 }, (_, i) => (i % 7) - 3),
    shape: [100, 4] as [number, number],
  }));
  const rec = new NumpyRecording({
    tracesList: traces,
    samplingFrequency: fs,
    channelIds: ["a", "b", "c", "d"],
  });
  rec.setChannelGains(0.5);
  rec.setChannelOffsets(0);
  return rec;
}

function smallSorting(samples: number[], units: string[], fs = 1000, unitIds = ["u0", "u1"]): NumpySorting {
  return NumpySorting.fromSamplesAndLabels(samples, units, fs, unitIds);
}

const dense = { sparse: false, mainChannelIndices: [0, 1] } as const;

describe("createSortingAnalyzer input checks", () => {
  test("different sampling frequencies", async () => {
    await assert.rejects(
      createSortingAnalyzer({
        sorting: smallSorting([10, 20], ["u0", "u1"], 2000),
        recording: smallRecording(),
        ...dense,
      }),
      (e) => isSiError(e, "incompatible") && /1000 Hz.*2000 Hz/.test(e.message),
    );
  });

  test("frequencies equal up to rounding are reconciled (recording wins)", async () => {
    const an = await createSortingAnalyzer({
      sorting: smallSorting([10, 20], ["u0", "u1"], 1000.001),
      recording: smallRecording(),
      ...dense,
    });
    assert.equal(an.samplingFrequency, 1000);
  });

  test("different segment counts", async () => {
    await assert.rejects(
      createSortingAnalyzer({
        sorting: smallSorting([10, 20], ["u0", "u1"]),
        recording: smallRecording(1000, 2),
        ...dense,
      }),
      (e) => isSiError(e, "incompatible") && /1 segments.*2/.test(e.message),
    );
  });

  test("spikes beyond the recording's end are removed with a warning (spec §10.1 step 7)", async () => {
    const { warnings } = await collectWarnings(async () => {
      const an = await createSortingAnalyzer({
        sorting: smallSorting([10, 99, 100, 250], ["u0", "u1", "u1", "u0"]),
        recording: smallRecording(),
        ...dense,
      });
      assert.deepEqual(Array.from(an.sorting.getUnitSpikeTrain({ unitId: "u0" })), [10]);
      assert.deepEqual(Array.from(an.sorting.getUnitSpikeTrain({ unitId: "u1" })), [99]);
      assert.deepEqual(an.unitIds, ["u0", "u1"]);
    });
    const removed = warnings.filter((w) => /outside the recording/.test(w));
    assert.equal(removed.length, 1, warnings.join("\n"));
    assert.match(removed[0], /2 spikes outside the recording \(units \["u1", "u0"\]\)/);
  });

  test("a unit with zero spikes gets the first channel as main channel, with a warning", async () => {
    const { warnings } = await collectWarnings(async () => {
      const an = await createSortingAnalyzer({
        sorting: smallSorting([10, 20, 30], ["u1", "u1", "u1"]),
        recording: smallRecording(),
        sparse: false,
      });
      assert.equal(an.sorting.getProperty("main_channel_id")?.[0], "a");
    });
    assert.ok(
      warnings.some((w) => /units \["u0"\] have no spike away from the segment borders/.test(w)),
      warnings.join("\n"),
    );
    // with main channels given, empty units are fine (their templates stay zero)
    const an = await createSortingAnalyzer({
      sorting: smallSorting([10, 20], ["u0", "u0"]),
      recording: smallRecording(),
      ...dense,
    });
    await an.compute(["random_spikes", "templates"]);
    assert.ok(
      an
        .getExtension("templates")
        ?.getData()
        .data.every((v, i) => i < 3 * 4 || v === 0),
    );
  });

  test("bad main channels, format, sparsity", async () => {
    const base = { sorting: smallSorting([10, 20], ["u0", "u1"]), recording: smallRecording() };
    await assert.rejects(
      createSortingAnalyzer({ ...base, sparse: false, mainChannelIndices: [0, 9] }),
      /\[9\]/,
    );
    await assert.rejects(
      createSortingAnalyzer({ ...base, sparse: false, mainChannelIndices: [0] }),
      /1 main channel indices for 2 units/,
    );
    // @ts-expect-error a wrong format on purpose
    await assert.rejects(createSortingAnalyzer({ ...base, ...dense, format: "hdf5" }), /"hdf5"/);
    await assert.rejects(
      createSortingAnalyzer({ ...base, ...dense, format: "binary_folder" }),
      /needs a folder/,
    );
    const sparsity = new ChannelSparsity({
      mask: [1, 0, 0, 0, 0, 0, 1, 0],
      unitIds: ["u0", "u1"],
      channelIds: ["a", "b", "c", "d"],
    });
    await assert.rejects(
      createSortingAnalyzer({ ...base, mainChannelIndices: [0, 1], sparsity }),
      /main channel of units \["u1"\]/,
    );
  });

  test("an existing folder needs overwrite", async () => {
    const folder = join(tempFolder(), "exists");
    mkdirSync(folder);
    const base = { sorting: smallSorting([10, 20], ["u0", "u1"]), recording: smallRecording(), ...dense };
    await assert.rejects(createSortingAnalyzer({ ...base, format: "binary_folder", folder }), (e) =>
      isSiError(e, "file_exists"),
    );
    const an = await createSortingAnalyzer({ ...base, format: "binary_folder", folder, overwrite: true });
    assert.equal(an.format, "binary_folder");
  });
});

describe("extension errors", async () => {
  const an = await createSortingAnalyzer({ sorting: fixtureSorting(), recording: fixtureRecording() });

  test("an extension without its parent names the parent", async () => {
    await assert.rejects(
      an.compute("waveforms"),
      (e) => isSiError(e, "extension") && /"random_spikes"/.test(e.message),
    );
    await assert.rejects(an.compute("templates"), /"random_spikes\|waveforms"/);
    await assert.rejects(an.compute(["templates"]), /requires "random_spikes\|waveforms"/);
  });

  test("unknown extension, bad params, bad job kwargs", async () => {
    await assert.rejects(an.compute("pca"), (e) => isSiError(e, "extension") && /"pca"/.test(e.message));
    await an.compute("random_spikes", { method: "all" });
    await assert.rejects(an.compute("templates", { operators: ["mean"] }), /"mean"/);
    await assert.rejects(an.compute("waveforms", { nJob: 2 } as never), /nJob/);
    await assert.rejects(an.compute("random_spikes", { method: "sometimes" } as never), /"sometimes"/);
    await assert.rejects(an.compute(["random_spikes"], { msBefore: 1 } as never), /msBefore/);
    assert.throws(() => an.getExtension("random_spikes")?.getData() && an.getNumSamples(), /segmentIndex/);
  });
});

describe("loadSortingAnalyzer errors", () => {
  test("a folder that is not an analyzer", async () => {
    const folder = tempFolder();
    writeFileSync(join(folder, "something.json"), "{}");
    await assert.rejects(
      loadSortingAnalyzer(folder),
      (e) => isSiError(e, "file_format") && /not a SortingAnalyzer/.test(e.message),
    );
    mkdirSync(join(folder, "x.zarr"));
    await assert.rejects(loadSortingAnalyzer(join(folder, "x.zarr")), /not a SortingAnalyzer zarr/);
    await assert.rejects(loadSortingAnalyzer(join(folder, "missing")), (e) => isSiError(e, "file_not_found"));
  });
});
