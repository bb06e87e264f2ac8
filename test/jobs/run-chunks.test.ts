import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { isSiError, SpikeInterfaceError } from "../../src/errors.js";
import { type Chunk, divideIntoChunks } from "../../src/jobs/chunks.js";
import { runChunks } from "../../src/jobs/run-chunks.js";
import { liveWorkerCount } from "../../src/jobs/worker-pool.js";
import type { ArrayResult } from "./fixtures/array-task.js";
import { type SumInit, value } from "./fixtures/sum-task.js";

const SUM_TASK = new URL("./fixtures/sum-task.ts", import.meta.url);
const ARRAY_TASK = new URL("./fixtures/array-task.ts", import.meta.url);
const CLOSE_TASK = new URL("./fixtures/close-task.ts", import.meta.url);

function expectedSum(chunk: Chunk, numChannels: number): number {
  let s = 0;
  for (let t = chunk.start; t < chunk.end; t++)
    for (let c = 0; c < numChannels; c++) s += value(chunk.segmentIndex, t, c);
  return s;
}

function sumJob(
  chunks: Chunk[],
  nJobs: number | "all",
  initArgs: SumInit,
  extra: object = {},
): Promise<number[]> {
  return runChunks<SumInit, number>({ chunks, task: SUM_TASK, initArgs, nJobs, ...extra });
}

async function rejectsWith(
  promise: Promise<unknown>,
  check: (err: SpikeInterfaceError) => void,
): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof SpikeInterfaceError, `expected SpikeInterfaceError, got ${String(err)}`);
    check(err);
    return true;
  });
}

describe("runChunks results", () => {
  const chunks = divideIntoChunks([1000, 0, 537], 97);
  const expected = chunks.map((c) => expectedSum(c, 3));

  for (const nJobs of [1, 2, -1, "all"] as const) {
    test(`nJobs ${nJobs}: every chunk's sum, in chunk order`, async () => {
      assert.deepEqual(await sumJob(chunks, nJobs, { numChannels: 3, jitterMs: 4 }), expected);
      assert.equal(liveWorkerCount(), 0);
    });
  }

  test("property: same results for nJobs 1 and 3 with random chunk sizes and lengths", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 50, max: 4000 }),
        async (lengths, chunkSize) => {
          const cs = divideIntoChunks(lengths, chunkSize);
          const serial = await sumJob(cs, 1, { numChannels: 2 });
          const parallel = await sumJob(cs, 3, { numChannels: 2, jitterMs: 2 });
          assert.deepEqual(parallel, serial);
          assert.deepEqual(
            serial,
            cs.map((c) => expectedSum(c, 2)),
          );
        },
      ),
      { numRuns: 8 },
    );
  });

  test("onResult is called in chunk order although workers finish out of order", async () => {
    const seen: number[] = [];
    const out = await runChunks<SumInit, number>({
      chunks,
      task: SUM_TASK,
      initArgs: { numChannels: 3, jitterMs: 15 },
      nJobs: 3,
      onResult: async (result, chunk, index) => {
        assert.equal(result, expectedSum(chunk, 3));
        assert.deepEqual(chunk, chunks[index]);
        seen.push(index);
        await new Promise((r) => setTimeout(r, 1));
      },
    });
    assert.equal(out, undefined);
    assert.deepEqual(
      seen,
      chunks.map((_, i) => i),
    );
  });

  test("in flight chunks never exceed maxInFlight", async () => {
    let inFlightMax = 0;
    let completed = 0;
    let delivered = 0;
    const progress = {
      start() {},
      tick() {
        completed++;
        inFlightMax = Math.max(inFlightMax, completed - delivered);
      },
      stop() {},
    };
    await runChunks<SumInit, number>({
      chunks,
      task: SUM_TASK,
      initArgs: { numChannels: 1, jitterMs: 10 },
      nJobs: 2,
      maxInFlight: 3,
      progress,
      onResult: () => void delivered++,
    });
    assert.equal(delivered, chunks.length);
    assert.ok(inFlightMax <= 3, `completed-but-undelivered peaked at ${inFlightMax}`);
  });

  test("no chunks: nothing runs, empty result", async () => {
    assert.deepEqual(await sumJob([], 2, { numChannels: 1 }), []);
  });

  test("typed arrays come back transferred (detached in the worker), values intact", async () => {
    const cs = divideIntoChunks([4000], 500);
    const out = await runChunks<undefined, ArrayResult>({
      chunks: cs,
      task: ARRAY_TASK,
      nJobs: 2,
      useCallingThread: false,
    });
    out.forEach((r, i) => {
      assert.equal(r.values.length, 500);
      assert.equal(r.values[0], cs[i].start);
      assert.equal(r.values[499], cs[i].start + 499);
      assert.notEqual(r.threadId, 0);
    });
    const laterOnes = out.filter((r) => r.previousDetached !== null);
    assert.ok(laterOnes.length >= cs.length - 2);
    assert.ok(laterOnes.every((r) => r.previousDetached === true));
  });

  test("a .ts task importing an ES-module-only package works in worker threads", async () => {
    const task = new URL("./fixtures/esm-dep-task.ts", import.meta.url);
    const out = await runChunks<undefined, string>({ chunks: divideIntoChunks([30], 10), task, nJobs: 2 });
    assert.deepEqual(out, ["function:0", "function:10", "function:20"]);
  });

  test("nJobs 1 runs in this thread; init once; close once", async () => {
    const folder = mkdtempSync(join(tmpdir(), "si-jobs-"));
    try {
      const out = await runChunks<{ folder: string }, number>({
        chunks: divideIntoChunks([100], 10),
        task: CLOSE_TASK,
        initArgs: { folder },
        nJobs: 1,
      });
      assert.deepEqual(out, Array(10).fill(10));
      assert.equal(readFileSync(join(folder, "log.txt"), "utf8"), "init 0\nclose 0\n");
    } finally {
      rmSync(folder, { recursive: true });
    }
  });

  test("nJobs 2: each worker runs init once and close once", async () => {
    const folder = mkdtempSync(join(tmpdir(), "si-jobs-"));
    try {
      await runChunks({
        chunks: divideIntoChunks([100], 5),
        task: CLOSE_TASK,
        initArgs: { folder },
        nJobs: 2,
      });
      const lines = readFileSync(join(folder, "log.txt"), "utf8").trim().split("\n");
      const inits = lines.filter((l) => l.startsWith("init")).map((l) => l.split(" ")[1]);
      const closes = lines.filter((l) => l.startsWith("close")).map((l) => l.split(" ")[1]);
      assert.equal(inits.length, 2);
      assert.equal(new Set(inits).size, 2);
      assert.deepEqual([...closes].sort(), [...inits].sort());
    } finally {
      rmSync(folder, { recursive: true });
    }
  });
});

describe("runChunks: the calling thread shares the work", () => {
  test("nJobs 2: this thread and one worker both process chunks; results as nJobs 1", async () => {
    // Slow enough chunks that the worker is up long before the end.
    const cs = divideIntoChunks([6000], 200);
    const serial = await runChunks<{ delayMs: number }, ArrayResult>({
      chunks: cs,
      task: ARRAY_TASK,
      nJobs: 1,
    });
    const out = await runChunks<{ delayMs: number }, ArrayResult>({
      chunks: cs,
      task: ARRAY_TASK,
      initArgs: { delayMs: 25 },
      nJobs: 2,
    });
    const threads = new Set(out.map((r) => r.threadId));
    assert.ok(threads.has(0), "no chunk ran in the calling thread");
    assert.equal(threads.size, 2, `threads ${[...threads]}`);
    assert.equal(out[0].threadId, 0, "the first chunk should not wait for a worker to start");
    assert.deepEqual(
      out.map((r) => [...r.values]),
      serial.map((r) => [...r.values]),
    );
    assert.equal(liveWorkerCount(), 0);
  });

  test("useCallingThread false: every chunk runs in one of nJobs workers", async () => {
    const out = await runChunks<{ delayMs: number }, ArrayResult>({
      chunks: divideIntoChunks([2000], 100),
      task: ARRAY_TASK,
      initArgs: { delayMs: 5 },
      nJobs: 2,
      useCallingThread: false,
    });
    assert.ok(out.every((r) => r.threadId !== 0));
  });

  test("callingThreadTask: this thread runs its own task and init args", async () => {
    const cs = divideIntoChunks([500], 100);
    const job = (own?: SumInit) =>
      runChunks<SumInit, number>({
        chunks: cs,
        task: SUM_TASK,
        initArgs: { numChannels: 2 },
        callingThreadTask: own && { task: SUM_TASK, initArgs: own },
        nJobs: 2,
      });
    assert.deepEqual(
      await job(),
      cs.map((c) => expectedSum(c, 2)),
    );
    // Only this thread's init args say fail: the job fails, so this thread used them.
    await rejectsWith(job({ numChannels: 2, failInit: true }), (err) => {
      assert.equal(err.code, "worker");
      assert.match(err.message, /failed to load or initialise: init refused on purpose/);
    });
    assert.equal(liveWorkerCount(), 0);
  });

  test("a chunk failing in the calling thread fails the job like one in a worker", async () => {
    const cs = divideIntoChunks([1000], 100);
    await rejectsWith(
      sumJob(cs, 2, { numChannels: 1, failAt: { segmentIndex: 0, frame: 50 } }, { jobName: "j" }),
      (err) => {
        assert.equal(err.code, "worker");
        assert.match(err.message, /^j: chunk 0 \(segment 0, frames 0-100\) failed: bad sample at frame 50/);
      },
    );
    assert.equal(liveWorkerCount(), 0);
  });
});

describe("runChunks failures", () => {
  const chunks = divideIntoChunks([1000, 800], 100);
  const failAt = { segmentIndex: 1, frame: 450 };

  for (const nJobs of [1, 2]) {
    test(`nJobs ${nJobs}: a failing chunk gives a worker error naming job, segment and frames`, async () => {
      await rejectsWith(sumJob(chunks, nJobs, { numChannels: 1, failAt }, { jobName: "sum job" }), (err) => {
        assert.equal(err.code, "worker");
        assert.match(
          err.message,
          /^sum job: chunk 14 \(segment 1, frames 400-500\) failed: bad sample at frame 450/,
        );
        assert.deepEqual(
          { ...err.details },
          { jobName: "sum job", chunkIndex: 14, segmentIndex: 1, start: 400, end: 500 },
        );
        assert.ok(err.cause instanceof Error);
        assert.equal(err.cause.name, "RangeError");
        assert.equal(err.cause.message, "bad sample at frame 450");
      });
      assert.equal(liveWorkerCount(), 0);
    });

    test(`nJobs ${nJobs}: init failure names the task`, async () => {
      await rejectsWith(sumJob(chunks, nJobs, { numChannels: 1, failInit: true }), (err) => {
        assert.equal(err.code, "worker");
        assert.match(err.message, /sum-task\.ts failed to load or initialise: init refused on purpose/);
      });
      assert.equal(liveWorkerCount(), 0);
    });

    test(`nJobs ${nJobs}: a task module without processChunk is rejected naming the export`, async () => {
      const task = new URL("./fixtures/no-exports-task.ts", import.meta.url);
      await rejectsWith(runChunks({ chunks, task, nJobs }), (err) => {
        assert.equal(err.code, "worker");
        assert.match(err.message, /does not export a function "processChunk"/);
        assert.ok(isSiError(err.cause, "invalid_argument"));
      });
    });

    test(`nJobs ${nJobs}: an error in onResult stops the job and is rethrown as is`, async () => {
      const mine = new Error("consumer full");
      await assert.rejects(
        runChunks<SumInit, number>({
          chunks,
          task: SUM_TASK,
          initArgs: { numChannels: 1 },
          nJobs,
          onResult: (_r, _c, i) => {
            if (i === 3) throw mine;
          },
        }),
        (err: unknown) => err === mine,
      );
      assert.equal(liveWorkerCount(), 0);
    });
  }

  test("a worker thread that dies fails its chunk with the exit code", async () => {
    const job = sumJob(chunks, 2, { numChannels: 1, exitAtStart: 300 }, { useCallingThread: false });
    await rejectsWith(job, (err) => {
      assert.equal(err.code, "worker");
      assert.match(err.message, /segment 0, frames 300-400\) failed: worker thread exited with code 3/);
    });
    assert.equal(liveWorkerCount(), 0);
  });

  test("a failing close surfaces after all chunks", async () => {
    const folder = mkdtempSync(join(tmpdir(), "si-jobs-"));
    try {
      for (const nJobs of [1, 2]) {
        await rejectsWith(
          runChunks({ chunks, task: CLOSE_TASK, initArgs: { folder, failClose: true }, nJobs }),
          (err) => {
            assert.equal(err.code, "worker");
            assert.match(err.message, /closing the task failed: close refused on purpose/);
          },
        );
      }
    } finally {
      rmSync(folder, { recursive: true });
    }
  });

  for (const nJobs of [1, 2]) {
    test(`nJobs ${nJobs}: abort stops the job with an aborted error`, async () => {
      const controller = new AbortController();
      const delivered: number[] = [];
      const job = runChunks<SumInit, number>({
        chunks,
        task: SUM_TASK,
        initArgs: { numChannels: 1, delayMs: 20 },
        nJobs,
        signal: controller.signal,
        jobName: "slow",
        onResult: (_r, _c, i) => {
          delivered.push(i);
          if (i === 2) controller.abort(new Error("user pressed ctrl-c"));
        },
      });
      await rejectsWith(job, (err) => {
        assert.equal(err.code, "aborted");
        assert.match(err.message, /^slow: aborted after \d+ of 18 chunks/);
        assert.equal((err.cause as Error).message, "user pressed ctrl-c");
      });
      assert.ok(delivered.length <= 4, `delivered ${delivered.length} chunks after abort`);
      assert.equal(liveWorkerCount(), 0);
    });
  }

  test("an already aborted signal runs nothing", async () => {
    await rejectsWith(sumJob(chunks, 2, { numChannels: 1 }, { signal: AbortSignal.abort() }), (err) => {
      assert.equal(err.code, "aborted");
    });
  });

  test("the process exits by itself after a failed parallel job (no orphan threads)", () => {
    const script = fileURLToPath(new URL("./fixtures/failing-job-script.ts", import.meta.url));
    const run = spawnSync(process.execPath, ["--import", "tsx", script], {
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(run.signal, null, "the child had to be killed: something kept it alive");
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /code=worker live=0/);
  });
});
