/**
 * Bad inputs give typed errors that name the file at fault, and saves never leave a half-written
 * folder behind nor replace an existing one without `overwrite: true`.
 */
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import type { NumberArray } from "../../../src/dtype.js";
import { FileFormatError, isSiError, type SpikeInterfaceError } from "../../../src/errors.js";
import {
  loadExtractor,
  NumpyFolderSorting,
  readNpzSorting,
  saveNpyFolderSnippets,
  writeNpzSorting,
} from "../../../src/io/folders/index.js";
import { liveWorkerCount } from "../../../src/jobs/worker-pool.js";
import type { BaseRecording } from "../../../src/recording/base-recording.js";
import { NumpyRecording } from "../../../src/recording/numpy-recording.js";
import { NumpySnippets } from "../../../src/snippets/numpy-snippets.js";
import {
  listFiles,
  REC_BINARY,
  REC_ZARR,
  SORTING_FOLDER,
  SORTING_NPZ,
  sameBytes,
  tempDir,
} from "./helpers.js";

const { dir, cleanup } = tempDir("si-bad-");
after(cleanup);

function copyOf(src: string, name: string): string {
  const dst = join(dir, name);
  cpSync(src, dst, { recursive: true });
  return dst;
}

/** Asserts a FileFormatError (or another typed error) whose message names `file`. */
async function rejectsNaming(fn: () => Promise<unknown> | unknown, file: string, code = "file_format") {
  await assert.rejects(
    async () => fn(),
    (err: unknown) => {
      assert.ok(isSiError(err), `not a SpikeInterfaceError: ${String(err)}`);
      assert.equal((err as SpikeInterfaceError).code, code, (err as Error).message);
      assert.ok((err as Error).message.includes(file), `"${(err as Error).message}" does not name ${file}`);
      return true;
    },
  );
}

describe("loading bad folders and files", () => {
  test("a missing path", async () => {
    await rejectsNaming(() => loadExtractor(join(dir, "nope")), "nope", "file_not_found");
  });

  test("a folder that is not a SpikeInterface folder", async () => {
    const d = join(dir, "plain");
    mkdirSync(d);
    writeFileSync(join(d, "notes.txt"), "hello");
    await rejectsNaming(() => loadExtractor(d), d);
  });

  test("a truncated .raw (partial last sample)", async () => {
    const d = copyOf(REC_BINARY, "truncated");
    const raw = join(d, "traces_cached_seg1.raw");
    truncateSync(raw, readFileSync(raw).length - 3);
    await rejectsNaming(() => loadExtractor(d), raw);
  });

  test("a missing .raw", async () => {
    const d = copyOf(REC_BINARY, "missing-raw");
    rmSync(join(d, "traces_cached_seg0.raw"));
    await rejectsNaming(() => loadExtractor(d), join(d, "traces_cached_seg0.raw"));
  });

  test("a time vector that does not match the .raw", async () => {
    const rec = new NumpyRecording({
      tracesList: { data: new Int16Array(20), shape: [10, 2] },
      samplingFrequency: 10,
    });
    rec.setTimes(Float64Array.from({ length: 10 }, (_, i) => i * 0.2));
    const d = join(dir, "times");
    await rec.save({ folder: d });
    const raw = join(d, "traces_cached_seg0.raw");
    truncateSync(raw, 4 * 8); // a whole number of samples, but fewer than the times
    await rejectsNaming(() => loadExtractor(d), join(d, "times_cached_seg0.npy"));
  });

  test("corrupt JSON", async () => {
    const d = copyOf(REC_BINARY, "corrupt-json");
    writeFileSync(
      join(d, "si_folder.json"),
      '{"class": "spikeinterface.core.binaryfolder.BinaryFolderRecording",',
    );
    await rejectsNaming(() => loadExtractor(d), join(d, "si_folder.json"));
    const e = copyOf(REC_BINARY, "corrupt-binary-json");
    writeFileSync(join(e, "binary.json"), "not json at all");
    await rejectsNaming(() => loadExtractor(e), join(e, "binary.json"));
  });

  test("binary.json with a missing key", async () => {
    const d = copyOf(REC_BINARY, "bad-kwargs");
    const path = join(d, "binary.json");
    const json = JSON.parse(readFileSync(path, "utf8"));
    delete json.kwargs.num_channels;
    writeFileSync(path, JSON.stringify(json));
    await rejectsNaming(() => loadExtractor(d), path);
    await assert.rejects(() => loadExtractor(d), /num_channels/);
  });

  test("an unknown class", async () => {
    const d = copyOf(REC_BINARY, "unknown-class");
    const path = join(d, "si_folder.json");
    const json = JSON.parse(readFileSync(path, "utf8"));
    json.class = "spikeinterface.extractors.neoextractors.SomethingRecording";
    writeFileSync(path, JSON.stringify(json));
    await rejectsNaming(() => loadExtractor(d), path, "unknown_class");
    await assert.rejects(() => loadExtractor(d), /SomethingRecording/);
  });

  test("a zarr missing a segment", async () => {
    const d = copyOf(REC_ZARR, "missing-seg.zarr");
    rmSync(join(d, "traces_seg1"), { recursive: true });
    await rejectsNaming(() => loadExtractor(d), "traces_seg1");
  });

  test("a zarr without the required attributes", async () => {
    const d = copyOf(REC_ZARR, "no-attrs.zarr");
    const attrs = JSON.parse(readFileSync(join(d, ".zattrs"), "utf8"));
    delete attrs.sampling_frequency;
    writeFileSync(join(d, ".zattrs"), JSON.stringify(attrs));
    await rejectsNaming(() => loadExtractor(d), ".zattrs");
  });

  test("a truncated spikes.npy and a broken numpysorting_info.json", async () => {
    const d = copyOf(SORTING_FOLDER, "truncated-sorting");
    truncateSync(join(d, "spikes.npy"), 200);
    assert.throws(
      () => new NumpyFolderSorting(d),
      (e: unknown) => e instanceof FileFormatError && e.message.includes("spikes.npy"),
    );
    const e = copyOf(SORTING_FOLDER, "bad-info");
    writeFileSync(join(e, "numpysorting_info.json"), '{"sampling_frequency": 30000.0}');
    await rejectsNaming(() => loadExtractor(e), join(e, "numpysorting_info.json"));
  });

  test("an npz without a segment member, and a file that is not a zip", () => {
    assert.throws(() => readNpzSorting(join(dir, "absent.npz")), /absent\.npz/);
    const p = join(dir, "garbage.npz");
    writeFileSync(p, "garbage");
    assert.throws(
      () => readNpzSorting(p),
      (e: unknown) => e instanceof FileFormatError && e.message.includes(p),
    );
    assert.ok(sameBytes(SORTING_NPZ, SORTING_NPZ));
  });

  test("pickle files and relative dicts without a base folder", async () => {
    const p = join(dir, "x.pkl");
    writeFileSync(p, "\x80\x04");
    await rejectsNaming(() => loadExtractor(p), p);
    const dict = JSON.parse(readFileSync(join(REC_BINARY, "si_folder.json"), "utf8"));
    await assert.rejects(
      () => loadExtractor(dict),
      (e: unknown) => isSiError(e, "invalid_argument"),
    );
  });
});

/** A recording whose reads fail from `failAt` on (to interrupt saves midway). */
class FailingRecording extends NumpyRecording {
  failAt = 0;
  override async getTraces(options: Parameters<BaseRecording["getTraces"]>[0] = {}) {
    if ((options.startFrame ?? 0) >= this.failAt) throw new Error("disk on fire");
    return super.getTraces(options);
  }
}

function failing(): FailingRecording {
  const data = Int16Array.from({ length: 200 }, (_, i) => i) as NumberArray;
  const rec = new FailingRecording({ tracesList: { data, shape: [100, 2] }, samplingFrequency: 100 });
  rec.failAt = 50;
  return rec;
}

/** Every file under `folder` with its bytes (base64), to compare before and after. */
const contents = (folder: string) =>
  listFiles(folder).map((f) => [f, readFileSync(join(folder, f)).toString("base64")]);

const siblings = (target: string) => readdirSync(dirname(target)).filter((n) => n.includes(basename(target)));

describe("safe saves", () => {
  for (const format of ["binary", "zarr"]) {
    test(`${format}: an existing folder is refused and left untouched`, async () => {
      const rec = new NumpyRecording({
        tracesList: { data: new Int16Array(8), shape: [4, 2] },
        samplingFrequency: 10,
      });
      const target = join(dir, `existing-${format}${format === "zarr" ? ".zarr" : ""}`);
      mkdirSync(target);
      writeFileSync(join(target, "keep.txt"), "precious");
      await rejectsNaming(() => rec.save({ format, folder: target }), target, "file_exists");
      assert.deepEqual(listFiles(target), ["keep.txt"]);
      assert.equal(readFileSync(join(target, "keep.txt"), "utf8"), "precious");
      await rec.save({ format, folder: target, overwrite: true });
      assert.ok(!listFiles(target).includes("keep.txt"));
      assert.deepEqual(siblings(target), [basename(target)]);
    });

    test(`${format}: a save failing midway leaves nothing at the target`, async () => {
      const target = join(dir, `failing-${format}`);
      await assert.rejects(() => failing().save({ format, folder: target, chunkSize: 10 }), /disk on fire/);
      assert.deepEqual(siblings(target), []);
    });

    test(`${format}: a failing overwrite keeps the old folder`, async () => {
      const ok = new NumpyRecording({
        tracesList: { data: new Int16Array(8), shape: [4, 2] },
        samplingFrequency: 10,
      });
      const target = join(dir, `keep-${format}`);
      const saved = await ok.save({ format, folder: target });
      const path = format === "zarr" ? `${target}.zarr` : target;
      const before = listFiles(path);
      await assert.rejects(
        () => failing().save({ format, folder: target, chunkSize: 10, overwrite: true }),
        /chunk \d+ .*failed: disk on fire/,
      );
      assert.deepEqual(listFiles(path), before);
      assert.deepEqual(siblings(path), [basename(path)]);
      assert.deepEqual((await (saved as BaseRecording).getTraces()).data, new Int16Array(8));
    });
  }

  test("nJobs 2: a save failing midway in the workers leaves nothing, and no worker", async () => {
    // A registered class (a zarr folder) so that the workers really run (a FailingRecording, a
    // subclass, would be run in the calling thread); one chunk file is corrupted.
    const src = await new NumpyRecording({
      tracesList: { data: new Int16Array(2000 * 2).fill(3), shape: [2000, 2] },
      samplingFrequency: 100,
    }).save({ format: "zarr", folder: join(dir, "corrupt-src"), chunkSize: 100 });
    writeFileSync(join(dir, "corrupt-src.zarr", "traces_seg0", "15.0"), "not a blosc chunk at all");
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      for (const format of ["binary", "zarr"]) {
        const target = join(dir, `failing-2-${format}`);
        await assert.rejects(
          () => src.save({ format, folder: target, nJobs: 2, chunkSize: 100, progressBar: false }),
          /chunk 15 \(segment 0, frames 1500-1600\) failed: .*traces_seg0\/15\.0/,
        );
        assert.deepEqual(siblings(target), []);
        assert.equal(liveWorkerCount(), 0);
      }
    } finally {
      process.off("warning", onWarning);
    }
    assert.deepEqual(warnings, []);
  });

  test("an existing zarr sorting, .npz file or snippets folder is refused and left byte-identical", async () => {
    const s = new NumpyFolderSorting(SORTING_FOLDER);
    const zarrTarget = join(dir, "sorting-existing.zarr");
    await s.save({ format: "zarr", folder: zarrTarget });
    const npzTarget = join(dir, "existing.npz");
    writeNpzSorting(s, npzTarget);
    const snippets = new NumpySnippets({
      snippetsList: [{ data: Int16Array.from({ length: 3 * 4 * 2 }, (_, i) => i), shape: [3, 4, 2] }],
      spikesFramesList: [Float64Array.of(5, 10, 20)],
      samplingFrequency: 1000,
      nbefore: 1,
    });
    const snipTarget = join(dir, "snippets-existing");
    await saveNpyFolderSnippets(snippets, { folder: snipTarget });
    const before = [zarrTarget, snipTarget].map(contents);
    const npzBefore = readFileSync(npzTarget);
    await rejectsNaming(() => s.save({ format: "zarr", folder: zarrTarget }), zarrTarget, "file_exists");
    await rejectsNaming(() => writeNpzSorting(s, npzTarget), npzTarget, "file_exists");
    await rejectsNaming(
      () => saveNpyFolderSnippets(snippets, { folder: snipTarget }),
      snipTarget,
      "file_exists",
    );
    assert.deepEqual([zarrTarget, snipTarget].map(contents), before);
    assert.ok(readFileSync(npzTarget).equals(npzBefore));
    for (const t of [zarrTarget, npzTarget, snipTarget]) assert.deepEqual(siblings(t), [basename(t)]);
  });

  test("sortings: existing folder refused", async () => {
    const s = new NumpyFolderSorting(SORTING_FOLDER);
    const target = join(dir, "sorting-existing");
    await s.save({ folder: target });
    const before = listFiles(target);
    for (const format of ["numpy_folder", "npz_folder"]) {
      await rejectsNaming(() => s.save({ format, folder: target }), target, "file_exists");
    }
    assert.deepEqual(listFiles(target), before);
  });
});
