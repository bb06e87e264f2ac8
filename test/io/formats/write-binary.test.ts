/**
 * writeBinaryRecording: file naming (.raw appended unless .raw/.bin/.dat), header bytes, dtype
 * casts, any chunking and job count giving the same bytes, and argument errors.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { isSiError } from "../../../src/errors.js";
import { withRawExtension, writeBinaryRecording } from "../../../src/io/folders/index.js";
import { NumpyRecording } from "../../../src/recording/numpy-recording.js";
import { tempDir } from "./helpers.js";

const { dir, cleanup } = tempDir("si-wbin-");
after(cleanup);

const data0 = Int16Array.from({ length: 3 * 40 }, (_, i) => ((i * 7919) % 3001) - 1500);
const data1 = Int16Array.from({ length: 3 * 9 }, (_, i) => -i);
const rec = new NumpyRecording({
  tracesList: [
    { data: data0, shape: [40, 3] },
    { data: data1, shape: [9, 3] },
  ],
  samplingFrequency: 1000,
});
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe("writeBinaryRecording", () => {
  test("file names", () => {
    assert.equal(withRawExtension("/a/b"), "/a/b.raw");
    assert.equal(withRawExtension("/a/b.dat"), "/a/b.dat");
    assert.equal(withRawExtension("/a/b.bin"), "/a/b.bin");
    assert.equal(withRawExtension("/a/b.npy"), "/a/b.npy.raw");
  });

  for (const [nJobs, chunkSize] of [
    [1, 7],
    [1, 1000],
    [2, 6],
  ] as const) {
    test(`same bytes with nJobs ${nJobs}, chunks of ${chunkSize}`, async () => {
      const paths = await writeBinaryRecording(rec, {
        filePaths: [join(dir, `s0-${nJobs}-${chunkSize}`), join(dir, `s1-${nJobs}-${chunkSize}.dat`)],
        nJobs,
        chunkSize,
        progressBar: false,
      });
      assert.ok(paths[0].endsWith(".raw") && paths[1].endsWith(".dat"));
      assert.deepEqual(new Uint8Array(readFileSync(paths[0])), bytesOf(data0));
      assert.deepEqual(new Uint8Array(readFileSync(paths[1])), bytesOf(data1));
    });
  }

  test("a header of byteOffset zero bytes, and a dtype cast", async () => {
    const [p] = await writeBinaryRecording(rec.selectSegments([1]), {
      filePaths: join(dir, "head"),
      byteOffset: 16,
      dtype: "float32",
      addFileExtension: false,
    });
    assert.ok(!p.endsWith(".raw"));
    const bytes = new Uint8Array(readFileSync(p));
    assert.deepEqual(bytes.subarray(0, 16), new Uint8Array(16));
    assert.deepEqual(Array.from(new Float32Array(bytes.buffer, 16)), Array.from(data1));
  });

  test("argument errors", async () => {
    await assert.rejects(
      () => writeBinaryRecording(rec, { filePaths: [join(dir, "one")] }),
      (e: unknown) =>
        isSiError(e, "invalid_argument") &&
        /1 file paths for a recording of 2 segments/.test((e as Error).message),
    );
    await assert.rejects(() =>
      writeBinaryRecording(rec, { filePaths: [join(dir, "x"), join(dir, "y")], byteOffset: -1 }),
    );
    await assert.rejects(
      () => writeBinaryRecording(rec, { filePaths: [join(dir, "x"), join(dir, "y")], nJobz: 2 } as never),
      /nJobz/,
    );
    assert.ok(!existsSync(join(dir, "one.raw")));
  });
});
