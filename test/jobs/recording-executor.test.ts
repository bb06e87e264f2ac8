import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { SpikeInterfaceError } from "../../src/errors.js";
import { BinaryRecordingExtractor } from "../../src/io/binary/binary-recording.js";
import { divideIntoChunks } from "../../src/jobs/chunks.js";
import {
  ChunkRecordingExecutor,
  recordingChunks,
  runRecordingChunks,
} from "../../src/jobs/recording-executor.js";
import { liveWorkerCount } from "../../src/jobs/worker-pool.js";
import type { BaseRecording } from "../../src/recording/base-recording.js";
import { NumpyRecording } from "../../src/recording/numpy-recording.js";
import "../../src/recording/views/channel-slice.js";
import type { TraceSumArgs, TraceSumResult } from "./fixtures/trace-sum-task.js";

const TASK = new URL("./fixtures/trace-sum-task.ts", import.meta.url);
const NUM_CHANNELS = 4;
const LENGTHS = [2500, 1234];

function synthetic(segment: number, n: number): Int16Array {
  const a = new Int16Array(n * NUM_CHANNELS);
  for (let i = 0; i < a.length; i++) a[i] = ((i * 37 + segment * 101) % 2001) - 1000;
  return a;
}

const recording = new NumpyRecording({
  tracesList: LENGTHS.map((n, s) => ({ data: synthetic(s, n), shape: [n, NUM_CHANNELS] as const })),
  samplingFrequency: 1000,
});

async function expectedSums(rec: BaseRecording, chunkSize: number, scale = 1): Promise<number[][]> {
  const lengths = Array.from({ length: rec.getNumSegments() }, (_, s) =>
    rec.getNumSamples({ segmentIndex: s }),
  );
  const out: number[][] = [];
  for (const c of divideIntoChunks(lengths, chunkSize)) {
    const { data, shape } = await rec.getTraces({
      segmentIndex: c.segmentIndex,
      startFrame: c.start,
      endFrame: c.end,
    });
    const sums = new Array(shape[1]).fill(0);
    for (let t = 0; t < shape[0]; t++)
      for (let j = 0; j < shape[1]; j++) sums[j] += Number(data[t * shape[1] + j]) * scale;
    out.push(sums);
  }
  return out;
}

function run(rec: BaseRecording, nJobs: number, chunkSize: number, scale = 1): Promise<TraceSumResult[]> {
  return runRecordingChunks<TraceSumArgs, TraceSumResult>({
    recording: rec,
    task: TASK,
    initArgs: { scale },
    jobKwargs: { nJobs, chunkSize, progressBar: false },
  });
}

const folder = mkdtempSync(join(tmpdir(), "si-rec-jobs-"));
after(() => rmSync(folder, { recursive: true }));

describe("recordingChunks", () => {
  test("chunk size from job kwargs (4 channels × int16 = 8 bytes per sample)", () => {
    const sizes = (kw: object) => recordingChunks(recording, kw).map((c) => c.end - c.start);
    assert.equal(sizes({ chunkMemory: "1k" })[0], 125);
    assert.equal(sizes({ chunkDuration: "500ms" })[0], 500);
    assert.deepEqual(sizes({ chunkSize: 1000 }), [1000, 1000, 500, 1000, 234]);
    assert.deepEqual(sizes({}), [1000, 1000, 500, 1000, 234]); // global "1s" at 1 kHz
  });
});

describe("runRecordingChunks", () => {
  for (const nJobs of [1, 2]) {
    test(`NumpyRecording, nJobs ${nJobs}: per-chunk channel sums equal a direct computation`, async () => {
      const out = await run(recording, nJobs, 333, 2);
      assert.deepEqual(
        out.map((r) => Array.from(r.sums)),
        await expectedSums(recording, 333, 2),
      );
      assert.ok(out.every((r) => r.className === recording.className && r.numChannels === NUM_CHANNELS));
      assert.equal(liveWorkerCount(), 0);
    });
  }

  test("in-memory traces reach workers as shared memory, not copies", async () => {
    const out = await run(recording, 2, 1000);
    assert.deepEqual(
      out.map((r) => r.sharedTraces),
      out.map(() => true),
    );
  });

  test("binary file recording and a channel slice of it give the same sums for nJobs 1 and 2", async () => {
    const path = join(folder, "traces.raw");
    const data = synthetic(0, 3000);
    writeFileSync(path, new Uint8Array(data.buffer));
    const binary = new BinaryRecordingExtractor({
      filePaths: path,
      samplingFrequency: 30000,
      dtype: "int16",
      numChannels: NUM_CHANNELS,
    });
    const sliced = binary.channelSlice([3, 1]);
    for (const rec of [binary, sliced]) {
      const serial = await run(rec, 1, 700);
      const parallel = await run(rec, 2, 700);
      assert.deepEqual(
        parallel.map((r) => Array.from(r.sums)),
        serial.map((r) => Array.from(r.sums)),
      );
      assert.deepEqual(
        serial.map((r) => Array.from(r.sums)),
        await expectedSums(rec, 700),
      );
      assert.ok(parallel.every((r) => r.className === rec.className));
    }
  });

  test("given chunks only; a chunk starting past the segment fails naming segment and frames", async () => {
    const out = await runRecordingChunks<TraceSumArgs, TraceSumResult>({
      recording,
      task: TASK,
      initArgs: { scale: 1 },
      jobKwargs: { nJobs: 2, chunkSize: 100 },
      chunks: [{ segmentIndex: 1, start: 10, end: 20 }],
    });
    assert.equal(out.length, 1);
    await assert.rejects(
      runRecordingChunks({
        recording,
        task: TASK,
        initArgs: { scale: 1 },
        jobKwargs: { nJobs: 2, chunkSize: 100 },
        chunks: [{ segmentIndex: 1, start: 1300, end: 1400 }],
        jobName: "bad slice",
      }),
      (err: unknown) =>
        err instanceof SpikeInterfaceError &&
        err.code === "worker" &&
        err.message.startsWith("bad slice: chunk 0 (segment 1, frames 1300-1400) failed"),
    );
  });

  test("ChunkRecordingExecutor class form with onResult in order", async () => {
    const seen: number[] = [];
    const executor = new ChunkRecordingExecutor<TraceSumArgs, TraceSumResult>({
      recording,
      task: TASK,
      initArgs: { scale: 1 },
      jobKwargs: { nJobs: 2, chunkSize: 500 },
      onResult: (_r, _c, i) => void seen.push(i),
    });
    assert.equal(await executor.run(), undefined);
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
