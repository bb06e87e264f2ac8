import assert from "node:assert/strict";
import { test } from "node:test";
import { createSortingAnalyzer } from "../../src/analyzer/create-sorting-analyzer.js";
import type { ComputeNoiseLevels } from "../../src/analyzer/extensions/noise-levels.js";
import "../../src/node.js";
import { setNoiseLevelsParallelRunner } from "../../src/tools/noise-levels.js";
import { workerNoiseLevelsRunner } from "../../src/tools/noise-levels-node.js";
import { fixtureRecording, fixtureSorting } from "./helpers.js";

test("noise_levels extension: job kwargs reach getNoiseLevels; nJobs 2 equals nJobs 1 and is not a param", async () => {
  const randomSlicesKwargs = { numChunksPerSegment: 4, chunkDuration: "50ms", seed: 7 };
  const levels: number[][] = [];
  const workerChunks: number[] = [];
  setNoiseLevelsParallelRunner((job) => {
    workerChunks.push(job.slices.length);
    return workerNoiseLevelsRunner(job);
  });
  try {
    for (const nJobs of [1, 2]) {
      // A fresh recording each time: the noise cache lives on the recording.
      const an = await createSortingAnalyzer({ sorting: fixtureSorting(), recording: fixtureRecording() });
      const ext = (await an.compute("noise_levels", { randomSlicesKwargs, nJobs })) as ComputeNoiseLevels;
      assert.equal("n_jobs" in ext.params, false);
      levels.push(Array.from(ext.getData()));
    }
  } finally {
    setNoiseLevelsParallelRunner(workerNoiseLevelsRunner);
  }
  // 2 segments × 4 chunks, through the workers once (nJobs 2 only).
  assert.deepEqual(workerChunks, [8]);
  assert.equal(levels[0].length, 16);
  assert.ok(levels[0].every((v) => v > 0));
  assert.deepEqual(levels[1], levels[0]);
});
