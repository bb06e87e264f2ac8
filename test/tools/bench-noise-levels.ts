/**
 * Benchmark (not a test): getNoiseLevels on 384 channels × 60 s of int16 noise held in memory,
 * default slicing (20 chunks × 500 ms), mad in µV. Run:
 *   node --import tsx test/tools/bench-noise-levels.ts [seconds=60] [method=mad] [uV=1]
 */
import { NumpyRecording } from "../../src/index.js";
import { getNoiseLevels, type NoiseMethod } from "../../src/tools/noise-levels.js";

const seconds = Number(process.argv[2] ?? 60);
const method = (process.argv[3] ?? "mad") as NoiseMethod;
const returnInUV = (process.argv[4] ?? "1") === "1";
const fs = 30000;
const numChannels = 384;
const n = seconds * fs;
const data = new Int16Array(n * numChannels);
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
for (let rep = 0; rep < 3; rep++) {
  const t0 = performance.now();
  const levels = await getNoiseLevels(rec, {
    method,
    returnInUV,
    forceRecompute: true,
    randomSlicesKwargs: { seed: rep },
  });
  const t1 = performance.now();
  console.log(
    JSON.stringify({
      method,
      returnInUV,
      seconds: (t1 - t0) / 1000,
      channels: numChannels,
      first: levels[0],
    }),
  );
}
