/** Save options are checked per format before any work: typos and Python names are refused. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { getSaver } from "../../../src/base/savers.js";
import { InvalidArgumentError } from "../../../src/errors.js";
import { saveBinaryFolder } from "../../../src/io/folders/save-binary.js";
import type { ProgressSink } from "../../../src/jobs/progress.js";
import { NumpyRecording } from "../../../src/recording/numpy-recording.js";
import { NumpySorting } from "../../../src/sorting/numpy-sorting.js";
import { tempDir } from "./helpers.js";

const { dir, cleanup } = tempDir("si-save-options-");
after(cleanup);

const rec = new NumpyRecording({
  tracesList: [{ data: Int16Array.from({ length: 2000 * 2 }, (_, i) => i % 100), shape: [2000, 2] }],
  samplingFrequency: 1000,
});
const sorting = NumpySorting.fromSamplesAndLabels([1, 5, 9], [0, 1, 0], 1000);

/** Rejects with an InvalidArgumentError whose message matches every pattern. */
async function refused(fn: () => Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(fn, (err: unknown) => {
    assert.ok(err instanceof InvalidArgumentError, String(err));
    for (const p of patterns) assert.match(err.message, p);
    return true;
  });
}

describe("save options", () => {
  const cases: [string, Record<string, unknown>, RegExp[]][] = [
    ["n_jobs", { format: "binary", n_jobs: 2 }, [/"n_jobs"/, /did you mean "nJobs"/]],
    ["chunk_duration", { format: "zarr", chunk_duration: "1s" }, [/"chunk_duration"/, /"chunkDuration"/]],
    ["dtpye", { format: "binary", dtpye: "float32" }, [/"dtpye"/, /did you mean "dtype"/]],
    ["compresor", { format: "zarr", compresor: null }, [/"compresor"/, /did you mean "compressor"/]],
    ["compressor_by_dataset", { format: "zarr", compressor_by_dataset: {} }, [/"compressorByDataset"/]],
    ["compressor on binary", { format: "binary", compressor: null }, [/"compressor"/, /format "binary"/]],
    ["memory nJobs 'x'", { format: "memory", nJobs: "x" }, [/nJobs="x"/]],
    ["memory n_jobs", { format: "memory", n_jobs: 2 }, [/did you mean "nJobs"/]],
    ["memory folder", { format: "memory", folder: "x" }, [/"folder"/, /format "memory"/]],
    ["overwrite 'yes'", { format: "binary", overwrite: "yes" }, [/overwrite=yes/]],
    ["progress not a sink", { format: "binary", progress: true }, [/progress=true/]],
    ["chunkSize 0", { format: "binary", chunkSize: 0 }, [/chunkSize=0/]],
  ];
  for (const [label, options, patterns] of cases) {
    test(`recording: ${label} is refused, nothing written`, async () => {
      const folder = join(dir, label.replace(/\W/g, "_"));
      const withFolder = options.format === "memory" ? options : { folder, ...options };
      await refused(() => rec.save(withFolder), ...patterns);
      assert.equal(existsSync(folder) || existsSync(`${folder}.zarr`), false);
    });
  }

  test("sortings: per-format keys, job kwargs checked", async () => {
    await refused(() => sorting.save({ folder: join(dir, "s1"), dtype: "int64" }), /"dtype"/, /numpy_folder/);
    await refused(
      () => sorting.save({ format: "zarr", folder: join(dir, "s2"), compresor: null }),
      /"compressor"/,
    );
    await refused(
      () => sorting.save({ format: "npz_folder", folder: join(dir, "s3"), n_jobs: 1 }),
      /"nJobs"/,
    );
    await refused(() => sorting.save({ format: "memory", sharedmem: false, nJobs: 0 }), /nJobs=0/);
    const copy = await sorting.save({ format: "memory", sharedmem: false, nJobs: 2 });
    assert.deepEqual([...copy.getUnitSpikeTrain({ unitId: 0 })], [1, 9]);
    assert.equal(existsSync(join(dir, "s1")), false);
  });

  test("the exported save functions check their options too", async () => {
    await refused(() => saveBinaryFolder(rec, { folder: join(dir, "direct"), dtpye: "int16" }), /"dtype"/);
    assert.equal(existsSync(join(dir, "direct")), false);
  });

  test("valid options still work (camelCase job kwargs, format keys)", async () => {
    const saved = await rec.save({
      format: "binary",
      folder: join(dir, "ok"),
      nJobs: 1,
      chunkDuration: "1s",
      dtype: "float32",
      verbose: false,
    });
    assert.equal(saved.getDtype(), "float32");
    assert.throws(() => getSaver("recording", "nope"), /known formats/);
  });

  for (const format of ["binary", "zarr"]) {
    test(`progress sink is told about the chunks (${format})`, async () => {
      const calls: string[] = [];
      const progress: ProgressSink = {
        start: (total) => calls.push(`start ${total}`),
        tick: () => calls.push("tick"),
        stop: () => calls.push("stop"),
      };
      await rec.save({ format, folder: join(dir, `p-${format}`), chunkSize: 500, progress });
      assert.deepEqual(calls, ["start 4", "tick", "tick", "tick", "tick", "stop"]);
    });
  }
});
