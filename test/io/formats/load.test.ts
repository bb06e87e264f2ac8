/**
 * loadExtractor beyond folders: provenance .json files and dicts (relative paths resolved against
 * the file's folder or baseFolder), folders that were moved after saving, zarr from any store.
 */
import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { join, relative } from "node:path";
import { after, describe, test } from "node:test";
import {
  BinaryFolderRecording,
  load,
  loadExtractor,
  readZarr,
  readZarrSorting,
  ZarrRecordingExtractor,
} from "../../../src/io/folders/index.js";
import { MemoryStore, type StoreKey } from "../../../src/io/zarr/store.js";
import { readBinary } from "../../../src/node.js";
import type { BaseRecording } from "../../../src/recording/base-recording.js";
import { NumpyRecording } from "../../../src/recording/numpy-recording.js";
import type { BaseSorting } from "../../../src/sorting/base-sorting.js";
import { FIX, listFiles, REC_BINARY, REC_ZARR, SORTING_FOLDER, tempDir } from "./helpers.js";

const { dir, cleanup } = tempDir("si-load-");
after(cleanup);

describe("loadExtractor", () => {
  test("load is an alias", () => {
    assert.equal(load, loadExtractor);
  });

  test("a saved folder still loads after being moved", async () => {
    const rec = (await loadExtractor(REC_BINARY)) as BaseRecording;
    const a = join(dir, "a");
    await rec.save({ folder: a });
    const b = join(dir, "moved", "b");
    cpSync(a, b, { recursive: true });
    renameSync(a, join(dir, "gone"));
    const back = (await loadExtractor(b)) as BaseRecording;
    assert.ok(back instanceof BinaryFolderRecording);
    assert.deepEqual(
      (await back.getTraces({ segmentIndex: 1 })).data,
      (await rec.getTraces({ segmentIndex: 1 })).data,
    );
    assert.equal(back.getAnnotation("experimenter"), "anchor");
  });

  test("provenance.json rebuilds the source, with paths relative to its folder", async () => {
    const raw = join(dir, "plain.raw");
    cpSync(join(REC_BINARY, "traces_cached_seg0.raw"), raw);
    const rec = readBinary({ filePaths: raw, samplingFrequency: 30000, dtype: "int16", numChannels: 16 });
    rec.setChannelGains(0.5);
    rec.setChannelOffsets(0);
    const sliced = rec.channelSlice([3, 1], ["x", "y"]);
    const folder = join(dir, "from-slice");
    await sliced.save({ folder });
    const prov = JSON.parse(readFileSync(join(folder, "provenance.json"), "utf8"));
    assert.equal(prov.class, "spikeinterface.core.channelslice.ChannelSliceRecording");
    assert.equal(prov.relative_paths, true);
    assert.equal(prov.kwargs.parent_recording.kwargs.file_paths[0], relative(folder, raw));
    assert.equal(prov.kwargs.parent_recording.kwargs.sampling_frequency, 30000);
    assert.match(readFileSync(join(folder, "provenance.json"), "utf8"), /"sampling_frequency": 30000\.0/);
    const again = (await loadExtractor(join(folder, "provenance.json"))) as BaseRecording;
    assert.deepEqual([...again.channelIds], ["x", "y"]);
    assert.deepEqual(
      (await again.getTraces({ endFrame: 50 })).data,
      (await sliced.getTraces({ endFrame: 50 })).data,
    );
    const direct = (await loadExtractor(prov, { baseFolder: folder })) as BaseRecording;
    assert.deepEqual([...direct.channelIds], ["x", "y"]);
    // a view is rebuilt in worker threads too (the whole library is loaded there for it)
    for (const format of ["binary", "zarr"]) {
      const par = (await sliced.save({
        format,
        folder: join(dir, `par-${format}`),
        nJobs: 2,
        chunkSize: 7000,
      })) as BaseRecording;
      assert.deepEqual((await par.getTraces()).data, (await sliced.getTraces()).data);
    }
  });

  test("in-memory sources write no provenance file", async () => {
    const rec = new NumpyRecording({
      tracesList: { data: new Float32Array(6), shape: [3, 2] },
      samplingFrequency: 10,
    });
    const folder = join(dir, "mem");
    await rec.save({ folder });
    assert.ok(!readdirSync(folder).includes("provenance.json"));
  });

  test("si_folder.json keeps the npy dtypes of properties (1.0 is not an int)", async () => {
    const rec = new NumpyRecording({
      tracesList: { data: new Int16Array(6), shape: [3, 2] },
      samplingFrequency: 10,
    });
    rec.setChannelGains(1);
    rec.setChannelOffsets(0);
    const folder = join(dir, "gains");
    await rec.save({ folder });
    assert.match(readFileSync(join(folder, "si_folder.json"), "utf8"), /"gain_to_uV": \[\s+1\.0,/);
    const back = (await loadExtractor(folder)) as BaseRecording;
    assert.equal(back.getPropertyInfo("gain_to_uV")!.dtype, "float64");
  });

  test("sorting folders and zarr sortings", async () => {
    const s = (await loadExtractor(SORTING_FOLDER)) as BaseSorting;
    const z = await s.save({ format: "zarr", folder: join(dir, "s") });
    const back = (await loadExtractor(join(dir, "s.zarr"))) as BaseSorting;
    assert.deepEqual(back.toSpikeVector(), z.toSpikeVector());
    assert.deepEqual(back.getProperty("quality"), s.getProperty("quality"));
  });

  test("the sorting group inside an analyzer zarr, and its provenance dict", async () => {
    const s = await readZarrSorting(`${FIX}/analyzer/analyzer.zarr`, "sorting");
    const folder = (await loadExtractor(SORTING_FOLDER)) as BaseSorting;
    assert.deepEqual(s.toSpikeVector(), folder.toSpikeVector());
    assert.equal(s.getAnnotation("sorter"), "anchor-generator");
    assert.equal(s.kwargs.zarr_group, "sorting");
    const again = (await loadExtractor(s.toDict({ recursive: true }))) as BaseSorting;
    assert.deepEqual(again.toSpikeVector(), folder.toSpikeVector());
  });

  test("zarr from any store (here in memory), as an HTTP store would be", async () => {
    const store = new MemoryStore();
    for (const f of listFiles(REC_ZARR)) {
      await store.set(`/${f}` as StoreKey, new Uint8Array(readFileSync(join(REC_ZARR, f))));
    }
    const rec = (await readZarr(store)) as BaseRecording;
    assert.ok(rec instanceof ZarrRecordingExtractor);
    assert.deepEqual([...rec.channelIds], [...(await ZarrRecordingExtractor.open(REC_ZARR)).channelIds]);
    const w = await rec.getTraces({ segmentIndex: 1, startFrame: 100, endFrame: 103, channelIds: ["4"] });
    const b = await new BinaryFolderRecording(REC_BINARY).getTraces({
      segmentIndex: 1,
      startFrame: 100,
      endFrame: 103,
      channelIds: ["4"],
    });
    assert.deepEqual(w.data, b.data);
    assert.equal(rec.isJsonSerializable(), false);
  });
});
