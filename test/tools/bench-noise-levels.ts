/**
 * Benchmark (not a test): getNoiseLevels on 384 channels × 60 s of int16 noise held in memory,
 * default slicing (20 chunks × 500 ms), mad in µV. Run:
 *   node --import tsx test/tools/bench-noise-levels.ts [seconds=60] [method=mad] [uV=1]
 */
import { NumpyRecording } from "../../src/index.js";
import type { NoiseMethod } from "../../src/tools/noise-chunk.js";
import { getNoiseLevels } from "../../src/tools/noise-levels.js";
import { getNoiseLevelsParallel } from "../../src/tools/noise-levels-node.js";

const seconds = Number(process.argv[2] ?? 60);
const method = (process.argv[3] ?? "mad") as NoiseMethod;
const returnInUV = (process.argv[4] ?? "1") === "1";
const fs = 30000;
const numChannels = 384;
const n = seconds * fs;
// Shared memory, so worker threads read it without a copy.
const data = new Int16Array(new SharedArrayBuffer(n * numChannels * 2));
// Cheap pseudo-Gaussian noise (sum of 4 uniforms), σ ≈ 20 counts.
let s = 12345;
for (let i = 0; i < data.length; i++) {
  let acc = 0;
  for (let k = 0; k < 4; k++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    acc += s / 4294967296;
  }
  data[i] = Math.round((acc - 2) * 35);
}
const rec = new NumpyRecording({ tracesList: { data, shape: [n, numChannels] }, samplingFrequency: fs });
rec.setChannelGains(0.195);
rec.setChannelOffsets(0);
for (const nJobs of [1, 2]) {
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    const options = { method, returnInUV, forceRecompute: true, randomSlicesKwargs: { seed: rep } };
    const levels =
      nJobs === 1
        ? await getNoiseLevels(rec, options)
        : await getNoiseLevelsParallel(rec, { ...options, jobKwargs: { nJobs } });
    const t1 = performance.now();
    console.log(JSON.stringify({ method, returnInUV, nJobs, seconds: (t1 - t0) / 1000, first: levels[0] }));
  }
}
