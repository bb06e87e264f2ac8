/**
 * What we write matches what Python SpikeInterface writes for the same objects: the same files,
 * the same JSON (key sets; text too where the content is the same), byte-identical .raw and .npy
 * files, and zarr arrays with the same .zarray metadata and values.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { unzipSync } from "fflate";
import {
  BinaryFolderRecording,
  loadExtractor,
  NumpyFolderSorting,
  saveNpyFolderSnippets,
  writeNpzSorting,
  ZarrRecordingExtractor,
  ZarrSortingExtractor,
} from "../../../src/io/folders/index.js";
import { FileSystemStore } from "../../../src/io/zarr/fs-store.node.js";
import { readWhole } from "../../../src/io/zarr/index.js";
import type { BaseRecording } from "../../../src/recording/base-recording.js";
import type { BaseSnippets } from "../../../src/snippets/base-snippets.js";
import {
  FIX,
  keyShape,
  listFiles,
  REC_BINARY,
  REC_ZARR,
  readJson,
  SNIPPETS_FOLDER,
  SORTING_FOLDER,
  SORTING_NPZ,
  sameBytes,
  tempDir,
} from "./helpers.js";

const { dir, cleanup } = tempDir();
after(cleanup);

const withoutProvenance = (files: string[]) => files.filter((f) => !f.startsWith("provenance."));
const text = (p: string) => readFileSync(p, "utf8");

function compareFolder(ours: string, theirs: string, { exactJson = true } = {}): void {
  const files = withoutProvenance(listFiles(ours));
  assert.deepEqual(files, withoutProvenance(listFiles(theirs)));
  for (const f of files) {
    const a = join(ours, f);
    const b = join(theirs, f);
    if (f.endsWith(".json")) {
      assert.deepEqual(keyShape(readJson(a)), keyShape(readJson(b)), `${f}: key set`);
      if (exactJson) assert.equal(text(a), text(b), `${f}: text`);
    } else assert.ok(sameBytes(a, b), `${f}: bytes differ`);
  }
}

describe("binary folder written like Python's", () => {
  for (const nJobs of [1, 2]) {
    test(`same files, JSON and bytes (nJobs ${nJobs}, chunked)`, async () => {
      const rec = (await loadExtractor(REC_BINARY)) as BaseRecording;
      const folder = join(dir, `rec_bin_${nJobs}`);
      const saved = await rec.save({
        folder,
        nJobs,
        chunkDuration: "250ms",
        copyFiles: false,
        progressBar: false,
      });
      assert.ok(saved instanceof BinaryFolderRecording);
      compareFolder(folder, REC_BINARY);
      // the source was a folder: provenance.json describes it, with a relative path
      const prov = readJson(join(folder, "provenance.json"));
      assert.equal(prov.class, "spikeinterface.core.binaryfolder.BinaryFolderRecording");
      assert.equal(prov.relative_paths, true);
      assert.ok(!prov.kwargs.folder_path.startsWith("/"));
    });
  }

  test("whole-file copies give the same folder", async () => {
    const rec = (await loadExtractor(REC_BINARY)) as BaseRecording;
    const folder = join(dir, "rec_bin_copy");
    await rec.save({ folder });
    compareFolder(folder, REC_BINARY);
  });
});

describe("zarr recording written like Python's", () => {
  for (const nJobs of [1, 2]) {
    test(`same arrays, .zarray text, attrs keys and values (nJobs ${nJobs})`, async () => {
      const rec = (await loadExtractor(REC_BINARY)) as BaseRecording;
      const saved = await rec.save({
        format: "zarr",
        folder: join(dir, `rec_${nJobs}`),
        nJobs,
        chunkDuration: "250ms",
        progressBar: false,
      });
      assert.ok(saved instanceof ZarrRecordingExtractor);
      const ours = join(dir, `rec_${nJobs}.zarr`);
      const files = listFiles(ours);
      assert.deepEqual(
        files.filter((f) => f !== ".zmetadata"),
        listFiles(REC_ZARR),
      );
      for (const f of files.filter((x) => x.endsWith(".zarray") || x.endsWith(".zgroup"))) {
        assert.equal(text(join(ours, f)), text(join(REC_ZARR, f)), f);
      }
      const attrs = readJson(join(ours, ".zattrs"));
      const pyAttrs = readJson(join(REC_ZARR, ".zattrs"));
      assert.deepEqual(Object.keys(attrs).sort(), Object.keys(pyAttrs).sort());
      for (const k of [
        "annotations",
        "num_segments",
        "probegroup",
        "sampling_frequency",
        "zarr_class_info",
      ]) {
        assert.deepEqual(attrs[k], pyAttrs[k], k);
      }
      // uncompressed arrays are byte-identical; compressed ones decode to the same values
      for (const f of files.filter((x) => /^(channel_ids|t_starts|properties\/[^/]+)\/0$/.test(x))) {
        assert.ok(sameBytes(join(ours, f), join(REC_ZARR, f)), f);
      }
      const a = new FileSystemStore(ours);
      const b = new FileSystemStore(REC_ZARR);
      for (const name of ["traces_seg0", "traces_seg1"]) {
        assert.deepEqual(await readWhole(a, name), await readWhole(b, name), name);
      }
      const zm = readJson(join(ours, ".zmetadata"));
      assert.equal(zm.zarr_consolidated_format, 1);
      assert.deepEqual(zm.metadata[".zattrs"], attrs);
    });
  }
});

describe("sortings written like Python's", () => {
  test("numpy folder", async () => {
    const s = new NumpyFolderSorting(SORTING_FOLDER);
    const folder = join(dir, "sorting");
    const saved = await s.save({ folder });
    assert.ok(saved instanceof NumpyFolderSorting);
    compareFolder(folder, SORTING_FOLDER);
  });

  test("npz file: same members, byte for byte", async () => {
    const s = new NumpyFolderSorting(SORTING_FOLDER);
    const path = writeNpzSorting(s, join(dir, "sorting"));
    assert.ok(path.endsWith("sorting.npz"));
    const ours = unzipSync(readFileSync(path));
    const theirs = unzipSync(readFileSync(SORTING_NPZ));
    assert.deepEqual(Object.keys(ours), Object.keys(theirs));
    for (const k of Object.keys(theirs)) assert.deepEqual(ours[k], theirs[k], k);
  });

  test("npz folder", async () => {
    const s = new NumpyFolderSorting(SORTING_FOLDER);
    const folder = join(dir, "sorting_npz");
    await s.save({ folder, format: "npz_folder" });
    assert.deepEqual(listFiles(folder), [
      "npz.json",
      "properties/group.npy",
      "properties/gt_unit_locations.npy",
      "properties/main_channel_id.npy",
      "properties/quality.npy",
      "provenance.json",
      "si_folder.json",
      "sorting_cached.npz",
    ]);
    const npz = readJson(join(folder, "npz.json"));
    assert.equal(npz.kwargs.file_path, "sorting_cached.npz");
    assert.equal(
      readJson(join(folder, "si_folder.json")).class,
      "spikeinterface.core.sortingfolder.NpzFolderSorting",
    );
  });

  test("zarr: the layout of the analyzer's sorting group, plus zarr_class_info", async () => {
    const s = new NumpyFolderSorting(SORTING_FOLDER);
    const saved = await s.save({ folder: join(dir, "sorting"), format: "zarr" });
    assert.ok(saved instanceof ZarrSortingExtractor);
    const ours = join(dir, "sorting.zarr");
    const py = `${FIX}/analyzer/analyzer.zarr/sorting`;
    assert.deepEqual(
      listFiles(ours).filter((f) => f !== ".zmetadata"),
      listFiles(py),
    );
    for (const f of listFiles(py).filter((x) => x.endsWith(".zarray"))) {
      assert.equal(text(join(ours, f)), text(join(py, f)), f);
    }
    const attrs = readJson(join(ours, ".zattrs"));
    const { zarr_class_info, ...rest } = attrs;
    assert.deepEqual(rest, readJson(join(py, ".zattrs")));
    assert.equal(zarr_class_info.class, "spikeinterface.core.zarrextractors.ZarrSortingExtractor");
    for (const f of listFiles(py).filter(
      (x) => !x.startsWith("spikes/sample") && !x.startsWith("spikes/unit"),
    )) {
      if (!f.endsWith(".zattrs") && !f.endsWith(".zarray"))
        assert.ok(sameBytes(join(ours, f), join(py, f)), f);
    }
    assert.deepEqual(saved.toSpikeVector(), s.toSpikeVector());
  });
});

describe("snippets written like Python's", () => {
  test("npy folder", async () => {
    const sn = (await loadExtractor(SNIPPETS_FOLDER)) as BaseSnippets;
    const folder = join(dir, "snippets");
    await saveNpyFolderSnippets(sn, { folder });
    compareFolder(folder, SNIPPETS_FOLDER);
  });
});
