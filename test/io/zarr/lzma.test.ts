/**
 * LZMA (the SpikeInterface documentation's zarr example: compressor LZMA(), filters [Delta]):
 * a recording written by Python SpikeInterface 0.105.0 reads here with Python's numbers
 * (test/fixtures/generated/zarr-lzma); writing LZMA is refused with a clear error.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { isSiError, NumpyRecording, readZarr } from "../../../src/node.js";
import type { BaseRecording } from "../../../src/recording/base-recording.js";
import { tempDir } from "../formats/helpers.js";

const FOLDER = join(import.meta.dirname, "..", "..", "fixtures", "generated", "zarr-lzma");
const expected = JSON.parse(readFileSync(join(FOLDER, "expected.json"), "utf8"));

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

describe("LZMA zarr", () => {
  test("a Python SpikeInterface LZMA + Delta recording reads with Python's values", async () => {
    const rec = (await readZarr(join(FOLDER, "recording_lzma.zarr"))) as BaseRecording;
    assert.deepEqual(rec.channelIds, expected.channel_ids);
    assert.deepEqual(
      [0, 1].map((s) => rec.getNumSamples({ segmentIndex: s })),
      expected.num_samples,
    );
    const first = await rec.getTraces({ segmentIndex: 0, endFrame: 3 });
    assert.deepEqual(Array.from(first.data), expected.traces_seg0_first_rows.flat());
    assert.equal(sum((await rec.getTraces({ segmentIndex: 0 })).data), expected.traces_seg0_sum);
    assert.equal(sum((await rec.getTraces({ segmentIndex: 1 })).data), expected.traces_seg1_sum);
    const n1 = expected.num_samples[1];
    const last = await rec.getTraces({ segmentIndex: 1, startFrame: n1 - 1, returnScaled: true });
    assert.deepEqual(Array.from(last.data), expected.scaled_seg1_last_row.flat().map(Math.fround));
  });

  test("writing LZMA is refused, naming the codec, and leaves no folder", async () => {
    const { dir, cleanup } = tempDir("si-lzma-");
    try {
      const rec = new NumpyRecording({
        tracesList: { data: new Int16Array(40), shape: [10, 4] },
        samplingFrequency: 1000,
      });
      const folder = join(dir, "out.zarr");
      await assert.rejects(
        rec.save({
          format: "zarr",
          folder,
          compressor: { id: "lzma", format: 1, check: -1, preset: null, filters: null },
        }),
        (e) => isSiError(e) && /chunk \/traces_seg0\/0.0: writing LZMA is not supported/.test(e.message),
      );
      assert.throws(() => readFileSync(join(folder, ".zgroup")));
    } finally {
      cleanup();
    }
  });
});
