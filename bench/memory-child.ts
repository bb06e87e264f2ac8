/**
 * One save in a fresh process, for the memory workload: a lazy 384-channel int16 noise recording
 * of `--duration` seconds saved to `--folder` (binary or zarr) with `--n-jobs`, then one JSON line
 * with the process's peak resident memory (worker threads included: they share the process).
 */
import { parseArgs } from "node:util";
import { NoiseGeneratorRecording } from "../src/node.js";

const { values } = parseArgs({
  options: {
    duration: { type: "string" },
    format: { type: "string", default: "binary" },
    "n-jobs": { type: "string", default: "2" },
    folder: { type: "string" },
    channels: { type: "string", default: "384" },
  },
});
if (values.duration === undefined || values.folder === undefined)
  throw new Error("memory-child needs --duration and --folder");
const format = values.format === "zarr" ? "zarr" : "binary";
const rec = new NoiseGeneratorRecording({
  numChannels: Number(values.channels),
  samplingFrequency: 30000,
  durations: [Number(values.duration)],
  noiseLevels: 20,
  dtype: "int16",
  seed: 0,
  strategy: "tile_pregenerated",
});
const t0 = performance.now();
await rec.save({
  format,
  folder: values.folder,
  nJobs: Number(values["n-jobs"]),
  chunkDuration: "1s",
  progressBar: false,
});
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, traceMB: (rec.getTotalSamples() * rec.getNumChannels() * 2) / 1e6 })}\n`,
);
