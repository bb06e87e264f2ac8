import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { extractorFromDict } from "../../src/base/provenance.js";
import { isSiError } from "../../src/errors.js";
import {
  KilosortSorting,
  parsePythonParams,
  readKilosort,
  readPhy,
} from "../../src/extractors/kilosort/index.js";
import { encodeNpy, npyFromTypedArray } from "../../src/io/npy/index.js";
import { NumpySorting } from "../../src/sorting/numpy-sorting.js";
import { standardKilosort, writeKilosort } from "./kilosort-fixture.js";

const root = mkdtempSync(join(tmpdir(), "si-ks-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = () => join(root, `k${n++}`);

describe("params.py", () => {
  test("Python literals without executing anything", () => {
    const p = parsePythonParams(
      [
        "import os  # ignored",
        "Sample_Rate = 30000.",
        "dat_path = r'C:\\new\\x.dat'",
        "name = 'it\\'s'",
        "flags = (True, False, None)",
        "chans = range(2, 5)",
        "gain = 1e-3  # comment",
        "weird = os.path.join('a')",
      ].join("\n"),
    );
    assert.equal(p.values.get("sample_rate"), 30000);
    assert.equal(p.values.get("dat_path"), "C:\\new\\x.dat");
    assert.equal(p.values.get("name"), "it's");
    assert.deepEqual(p.values.get("flags"), [true, false, null]);
    assert.deepEqual(p.values.get("chans"), [2, 3, 4]);
    assert.equal(p.values.get("gain"), 0.001);
    assert.equal(p.raw.get("weird"), "os.path.join('a')");
  });
});

describe("readKilosort", () => {
  test("units, spike trains, properties with their types", () => {
    const f = standardKilosort(folder());
    const s = readKilosort(f);
    assert.ok(s instanceof NumpySorting);
    assert.equal(s.samplingFrequency, 30000);
    assert.deepEqual(s.unitIds, [0, 2, 5]); // 7 has no spikes
    assert.deepEqual(Array.from(s.getUnitSpikeTrain({ unitId: 0 })), [10, 35, 150]);
    assert.deepEqual(Array.from(s.getUnitSpikeTrain({ unitId: 5 })), [40, 151]);
    assert.deepEqual(s.getProperty("quality"), ["good", "mua", "noise"]);
    assert.deepEqual(s.getProperty("KSLabel"), ["good", "mua", "good"]);
    assert.equal(s.getPropertyInfo("Amplitude")!.dtype, "int64");
    assert.deepEqual(Array.from(s.getProperty("Amplitude") as Float64Array), [30, 12, 8]);
    const contam = s.getProperty("ContamPct") as Float64Array;
    assert.equal(s.getPropertyInfo("ContamPct")!.dtype, "float64");
    assert.equal(contam[0], 1.5);
    assert.ok(Number.isNaN(contam[1])); // empty cell
    assert.deepEqual(Array.from(s.getProperty("original_cluster_id") as Float64Array), [0, 2, 5]);
    assert.equal(s.getPropertyKeys().includes("something"), false); // table without cluster_id
    assert.equal(s.getAnnotation("phy_folder"), f);
  });

  test("keepGoodOnly, removeEmptyUnits, excludeClusterGroups", () => {
    const f = standardKilosort(folder());
    const good = readKilosort(f, { keepGoodOnly: true });
    assert.deepEqual(good.unitIds, [0, 5]);
    assert.equal(good.toSpikeVector().sampleIndex.length, 5); // cluster 2's spikes dropped
    assert.deepEqual(readKilosort(f, { removeEmptyUnits: false }).unitIds, [0, 2, 5, 7]);
    assert.deepEqual(readKilosort(f, { excludeClusterGroups: ["noise", "mua"] }).unitIds, [0]);
    assert.deepEqual(readPhy(f).unitIds, [0, 2, 5, 7]);
  });

  test("no tables: every cluster, quality unsorted; spike_templates.npy fallback", () => {
    const f = writeKilosort({ folder: folder(), times: [5, 6, 9], clusters: [3, 1, 3], templatesOnly: true });
    const s = readKilosort(f);
    assert.deepEqual(s.unitIds, [1, 3]);
    assert.deepEqual(s.getProperty("quality"), ["unsorted", "unsorted"]);
    assert.deepEqual(Array.from(s.getUnitSpikeTrain({ unitId: 3 })), [5, 9]);
  });

  test("cluster_info.tsv alone is used; chan_grp becomes group, si_unit_id the unit ids", () => {
    const f = writeKilosort({
      folder: folder(),
      times: [1, 2, 3],
      clusters: [4, 8, 4],
      files: {
        "cluster_info.tsv":
          "cluster_id\tgroup\tch\tchan_grp\tsi_unit_id\n4\tgood\t12\t0\t40\n8\tmua\t3\t1\t\n",
        "cluster_group.tsv": "cluster_id\tgroup\n4\tnoise\n",
      },
    });
    const s = readKilosort(f);
    assert.deepEqual(s.unitIds, [40, 41]);
    assert.deepEqual(s.getProperty("quality"), ["good", "mua"]);
    assert.deepEqual(Array.from(s.getProperty("group") as Float64Array), [0, 1]);
    assert.deepEqual(Array.from(s.getProperty("ch") as Float64Array), [12, 3]);
  });

  test("provenance names SpikeInterface's Kilosort class and reloads", async () => {
    const f = standardKilosort(folder());
    const s = readKilosort(f, { keepGoodOnly: true });
    assert.ok(s.isJsonSerializable());
    const d = s.toDict();
    assert.equal(d.class, "spikeinterface.extractors.phykilosortextractors.KiloSortSortingExtractor");
    assert.deepEqual(d.kwargs, { folder_path: f, keep_good_only: true, remove_empty_units: true });
    const again = await extractorFromDict(d);
    assert.ok(again instanceof KilosortSorting);
    assert.deepEqual(again.unitIds, [0, 5]);
  });
});

describe("readKilosort bad input", () => {
  test("missing folder, missing files, bad sample_rate", () => {
    assert.throws(
      () => readKilosort(join(root, "none")),
      (e: unknown) => isSiError(e, "file_not_found"),
    );
    const empty = folder();
    mkdirSync(empty);
    assert.throws(() => readKilosort(empty), /not a Kilosort\/phy folder/);
    const f = writeKilosort({ folder: folder(), times: [1], clusters: [0], sampleRate: "'fast'" });
    assert.throws(() => readKilosort(f), /params\.py: sample_rate = "fast" is not a positive number/);
  });

  test("wrong dtype and length mismatches name the file", () => {
    const f = writeKilosort({ folder: folder(), times: [1, 2], clusters: [0, 1] });
    writeFileSync(join(f, "spike_clusters.npy"), encodeNpy(npyFromTypedArray(Float32Array.of(0, 1))));
    assert.throws(
      () => readKilosort(f),
      (e: unknown) =>
        isSiError(e, "file_format") && /spike_clusters\.npy: expected integers.*float32/.test(String(e)),
    );
    writeFileSync(join(f, "spike_clusters.npy"), encodeNpy(npyFromTypedArray(Int32Array.of(0, 1, 1))));
    assert.throws(() => readKilosort(f), /spike_clusters\.npy: 3 cluster labels for 2 spike times/);
    writeFileSync(join(f, "spike_times.npy"), "not an npy file");
    assert.throws(() => readKilosort(f), /spike_times\.npy/);
  });
});
