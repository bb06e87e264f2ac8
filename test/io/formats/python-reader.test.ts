/**
 * An independent reader: Debian's Python with numpy and zarr (no SpikeInterface) reads what we
 * write and reports the values, which must match ours (see ../python-reader.ts for when it skips).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { NumpyFolderSorting, writeNpzSorting } from "../../../src/io/folders/index.js";
import { generateLinearProbe } from "../../../src/probe/generators.js";
import { NumpyRecording } from "../../../src/recording/numpy-recording.js";
import { runPython, skip } from "../python-reader.js";
import { SORTING_FOLDER, tempDir } from "./helpers.js";

const { dir, cleanup } = tempDir("si-pyread-");
after(cleanup);

const SCRIPT = `
import json, sys, zipfile
import numpy as np, zarr
d = sys.argv[1]
out = {}
b = json.load(open(d + "/rec/binary.json"))
k = b["kwargs"]
raw = np.fromfile(d + "/rec/" + k["file_paths"][0], dtype=k["dtype"]).reshape(-1, k["num_channels"])
out["binary"] = {"fs": k["sampling_frequency"], "fs_type": type(k["sampling_frequency"]).__name__,
  "gains_type": type(k["gain_to_uV"][0]).__name__, "t_starts": k["t_starts"], "traces": raw.tolist(),
  "times": np.load(d + "/rec/times_cached_seg1.npy").tolist(),
  "group": np.load(d + "/rec/properties/group.npy").tolist(), "group_dtype": str(np.load(d + "/rec/properties/group.npy").dtype),
  "area": np.load(d + "/rec/properties/area.npy").tolist(),
  "probe_positions": json.load(open(d + "/rec/probegroup.json"))["probes"][0]["contact_positions"],
  "si": json.load(open(d + "/rec/si_folder.json"))["class"]}
z = zarr.open_consolidated(d + "/rec.zarr")
out["zarr"] = {"fs": z.attrs["sampling_frequency"], "n": z.attrs["num_segments"], "traces0": z["traces_seg0"][:].tolist(),
  "traces1": z["traces_seg1"][:].tolist(),
  "chunks": list(z["traces_seg0"].chunks), "compressor": z["traces_seg0"].compressor.get_config(),
  "t_starts": [None if np.isnan(x) else float(x) for x in z["t_starts"][:]], "times1": z["times_seg1"][:].tolist(),
  "ids": z["channel_ids"][:].tolist(), "area": z["properties/area"][:].tolist(), "good": z["properties/good"][:].tolist(),
  "probe_ids": z.attrs["probegroup"]["probes"][0]["contact_ids"]}
s = np.load(d + "/sorting/spikes.npy")
out["numpy_folder"] = {"descr": str(s.dtype.descr), "spikes": s.tolist(), "info": json.load(open(d + "/sorting/numpysorting_info.json"))}
npz = np.load(d + "/sorting.npz")
out["npz"] = {k: npz[k].tolist() for k in npz.files}
zs = zarr.open_consolidated(d + "/sorting.zarr")
out["zarr_sorting"] = {"sample_index": zs["spikes/sample_index"][:].tolist(), "unit_index": zs["spikes/unit_index"][:].tolist(),
  "slices": zs["spikes/segment_slices"][:].tolist(), "unit_ids": zs["unit_ids"][:].tolist(), "filters": [f.get_config() for f in zs["spikes/sample_index"].filters]}
print(json.dumps(out))
`;

describe("Python (numpy + zarr) reads what we write", { skip }, () => {
  test("binary folder, zarr recording, numpy/npz/zarr sortings", async () => {
    const c = 3;
    const seg0 = Int16Array.from({ length: 12 * c }, (_, i) => ((i * 37) % 201) - 100);
    const seg1 = Int16Array.from({ length: 5 * c }, (_, i) => -i);
    const rec = new NumpyRecording({
      tracesList: [
        { data: seg0, shape: [12, c] },
        { data: seg1, shape: [5, c] },
      ],
      samplingFrequency: 20000,
      channelIds: ["a", "b", "c"],
    });
    rec.shiftTimes(3, { segmentIndex: 0 });
    rec.setTimes([0.5, 0.6, 0.75, 0.8, 1], { segmentIndex: 1 });
    rec.setChannelGains(2);
    rec.setChannelOffsets(0);
    const p = generateLinearProbe({ numElec: c });
    p.setDeviceChannelIndices([0, 1, 2]);
    rec.setProbe(p);
    rec.setProperty("area", ["CA1", "CA3", "DG"]);
    rec.setProperty("good", [true, false, true]);
    await rec.save({ folder: join(dir, "rec") });
    await rec.save({ format: "zarr", folder: join(dir, "rec"), chunkSize: 5 });
    const sorting = new NumpyFolderSorting(SORTING_FOLDER);
    await sorting.save({ folder: join(dir, "sorting") });
    writeNpzSorting(sorting, join(dir, "sorting.npz"));
    await sorting.save({ format: "zarr", folder: join(dir, "sorting") });

    const py = JSON.parse(runPython(SCRIPT, dir));

    const rows = (a: Int16Array) =>
      Array.from({ length: a.length / c }, (_, i) => Array.from(a.subarray(i * c, i * c + c)));
    assert.deepEqual(py.binary.traces, rows(seg0));
    assert.equal(py.binary.fs_type, "float");
    assert.equal(py.binary.gains_type, "float");
    assert.deepEqual(py.binary.t_starts, [3, null]);
    assert.deepEqual(py.binary.times, [0.5, 0.6, 0.75, 0.8, 1]);
    assert.deepEqual(py.binary.group, [0, 0, 0]);
    assert.equal(py.binary.group_dtype, "int64");
    assert.deepEqual(py.binary.area, ["CA1", "CA3", "DG"]);
    assert.deepEqual(py.binary.probe_positions, [
      [0, 0],
      [0, 20],
      [0, 40],
    ]);
    assert.equal(py.binary.si, "spikeinterface.core.binaryfolder.BinaryFolderRecording");

    assert.equal(py.zarr.fs, 20000);
    assert.equal(py.zarr.n, 2);
    assert.deepEqual(py.zarr.traces0, rows(seg0));
    assert.deepEqual(py.zarr.traces1, rows(seg1));
    assert.deepEqual(py.zarr.chunks, [5, c]);
    assert.equal(py.zarr.compressor.cname, "zstd");
    assert.equal(py.zarr.compressor.shuffle, 2);
    assert.deepEqual(py.zarr.t_starts, [3, null]);
    assert.deepEqual(py.zarr.times1, [0.5, 0.6, 0.75, 0.8, 1]);
    assert.deepEqual(py.zarr.ids, ["a", "b", "c"]);
    assert.deepEqual(py.zarr.area, ["CA1", "CA3", "DG"]);
    assert.deepEqual(py.zarr.good, [true, false, true]);
    assert.deepEqual(py.zarr.probe_ids, ["0", "1", "2"]);

    const v = sorting.toSpikeVector();
    const spikes = Array.from(v.sampleIndex, (s, i) => [s, v.unitIndex[i], v.segmentIndex[i]]);
    assert.deepEqual(py.numpy_folder.spikes, spikes);
    assert.equal(
      py.numpy_folder.descr,
      "[('sample_index', '<i8'), ('unit_index', '<i8'), ('segment_index', '<i8')]",
    );
    assert.deepEqual(py.numpy_folder.info, {
      sampling_frequency: 30000,
      unit_ids: [...sorting.unitIds],
      num_segments: 2,
    });
    assert.deepEqual(py.npz.unit_ids, [...sorting.unitIds]);
    assert.deepEqual(py.npz.num_segment, [2]);
    assert.deepEqual(
      py.npz.spike_indexes_seg0.length + py.npz.spike_indexes_seg1.length,
      sorting.countTotalNumSpikes(),
    );
    assert.deepEqual(py.zarr_sorting.sample_index, Array.from(v.sampleIndex));
    assert.deepEqual(py.zarr_sorting.unit_index, Array.from(v.unitIndex));
    assert.deepEqual(py.zarr_sorting.unit_ids, [...sorting.unitIds]);
    assert.deepEqual(py.zarr_sorting.filters, [{ id: "delta", dtype: "<i8", astype: "<i8" }]);
    const slices = sorting.getSpikeVectorSegmentSlices();
    assert.deepEqual(py.zarr_sorting.slices, [
      [slices[0], slices[1]],
      [slices[2], slices[3]],
    ]);
  });
});

const CODECS_SCRIPT = `
import json, sys
import zarr
out = {}
for name in sys.argv[2:]:
    z = zarr.open_consolidated(sys.argv[1] + "/" + name + ".zarr")
    a = z["traces_seg0"]
    out[name] = {"compressor": a.compressor.get_config() if a.compressor else None,
      "filters": [f.get_config() for f in (a.filters or [])],
      "seg0": a[:].tolist(), "seg1": z["traces_seg1"][:].tolist()}
print(json.dumps(out))
`;

describe("Python (numpy + zarr) reads zarr recordings saved with other codecs", { skip }, () => {
  test("zstd, lz4, Blosc-lz4, gzip, zlib, a Delta filter: both segments", async () => {
    const c = 4;
    let x = 12345;
    const noise = (n: number) =>
      Int16Array.from({ length: n * c }, () => {
        x = (x * 1103515245 + 12345) % 2147483648;
        return (x % 2001) - 1000;
      });
    const segs = [noise(3000), noise(1234)];
    const rec = new NumpyRecording({
      tracesList: segs.map((data) => ({ data, shape: [data.length / c, c] as const })),
      samplingFrequency: 30000,
    });
    const variants: Record<string, Record<string, unknown>> = {
      zstd: { compressor: { id: "zstd", level: 3 } },
      lz4: { compressor: { id: "lz4", acceleration: 1 } },
      blosc_lz4: { compressor: { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 } },
      gzip: { compressor: { id: "gzip", level: 5 } },
      zlib: { compressor: { id: "zlib", level: 1 } },
      delta: { compressor: { id: "zstd", level: 1 }, filters: [{ id: "delta", dtype: "<i2" }] },
    };
    for (const [name, options] of Object.entries(variants)) {
      await rec.save({ format: "zarr", folder: join(dir, name), chunkSize: 1000, ...options });
    }
    const py = JSON.parse(runPython(CODECS_SCRIPT, dir, ...Object.keys(variants)));
    const rows = (a: Int16Array) =>
      Array.from({ length: a.length / c }, (_, i) => Array.from(a.subarray(i * c, i * c + c)));
    for (const [name, options] of Object.entries(variants)) {
      const got = py[name];
      assert.equal(got.compressor.id, (options.compressor as { id: string }).id, name);
      if (name === "blosc_lz4") assert.equal(got.compressor.cname, "lz4");
      assert.deepEqual(
        got.filters.map((f: { id: string }) => f.id),
        name === "delta" ? ["delta"] : [],
      );
      assert.deepEqual(got.seg0, rows(segs[0]), `${name} segment 0`);
      assert.deepEqual(got.seg1, rows(segs[1]), `${name} segment 1`);
    }
  });
});
