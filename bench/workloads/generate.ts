/**
 * Generators workload (issue 3): throughput of the lazy toy-data recordings at `ctx.numChannels`
 * (384 by default), 30 kHz, read in 1 s chunks on one core; MB/s counts the bytes returned.
 *  - NoiseGeneratorRecording, int16 and float32, both strategies (on_the_fly generates every
 *    sample; tile_pregenerated copies one cached block);
 *  - InjectTemplatesRecording (ground-truth style: 50 units at 15 Hz over on_the_fly noise),
 *    int16 and float32 parents.
 * Setup (template generation) is untimed. Also reports CPU-time throughput (the machine is shared).
 */
import { generateGroundTruthRecording } from "../../src/generate/recordings/generate-ground-truth.js";
import { InjectTemplatesRecording } from "../../src/generate/recordings/inject-templates-recording.js";
import { NoiseGeneratorRecording } from "../../src/generate/recordings/noise-generator-recording.js";
import type { BaseRecording } from "../../src/index.js";
import { type BenchContext, emit } from "../context.js";

async function readAll(
  rec: BaseRecording,
  seconds: number,
): Promise<{ wall: number; cpu: number; mb: number }> {
  const fs = rec.samplingFrequency;
  const n = Math.floor(seconds * fs);
  const bytes = rec.getSampleSizeInBytes();
  // Warm-up read (JIT, first block allocation), untimed.
  await rec.getTraces({ startFrame: 0, endFrame: Math.min(n, fs) });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let acc = 0;
  for (let start = 0; start < n; start += fs) {
    const t = await rec.getTraces({ startFrame: start, endFrame: Math.min(n, start + fs) });
    acc += t.data[0];
  }
  const wall = (performance.now() - t0) / 1000;
  const cpuUsage = process.cpuUsage(cpu0);
  if (Number.isNaN(acc)) throw new Error("NaN in generated traces");
  return { wall, cpu: (cpuUsage.user + cpuUsage.system) / 1e6, mb: (n * bytes) / 1e6 };
}

export async function generateBench(ctx: BenchContext): Promise<void> {
  const fs = ctx.samplingFrequency;
  const c = ctx.numChannels;
  // Enough to be stable, short enough to keep `npm run bench` quick.
  const seconds = Math.max(2, Math.min(ctx.durationSeconds, 20));
  const report = (what: string, dtype: string, r: { wall: number; cpu: number; mb: number }) =>
    emit({
      workload: "generate",
      what,
      dtype,
      numChannels: c,
      seconds_of_data: seconds,
      nJobs: 1,
      seconds: r.wall,
      MB: r.mb,
      MB_per_s: r.mb / r.wall,
      MB_per_cpu_s: r.mb / r.cpu,
    });

  for (const dtype of ["int16", "float32"] as const) {
    for (const strategy of ["on_the_fly", "tile_pregenerated"] as const) {
      const rec = new NoiseGeneratorRecording({
        numChannels: c,
        samplingFrequency: fs,
        durations: [seconds],
        noiseLevels: 20,
        dtype,
        seed: 0,
        strategy,
        noiseBlockSize: fs,
      });
      report(`NoiseGeneratorRecording ${strategy}`, dtype, await readAll(rec, seconds));
    }
  }

  const { recording: gt, sorting } = generateGroundTruthRecording({
    durations: [seconds],
    samplingFrequency: fs,
    numChannels: c,
    numUnits: 50,
    generateProbeKwargs: { numColumns: 4 },
    seed: 0,
  });
  report(
    `InjectTemplatesRecording (50 units, ${sorting.countTotalNumSpikes()} spikes)`,
    "float32",
    await readAll(gt, seconds),
  );
  const int16Parent = new NoiseGeneratorRecording({
    numChannels: c,
    samplingFrequency: fs,
    durations: [seconds],
    noiseLevels: 20,
    dtype: "int16",
    seed: 0,
    strategy: "on_the_fly",
    noiseBlockSize: fs,
  });
  const injected16 = new InjectTemplatesRecording({
    sorting,
    templates: gt.templates,
    nbefore: Array.from(gt.nbefore),
    parentRecording: int16Parent,
  });
  report(
    `InjectTemplatesRecording (50 units, ${sorting.countTotalNumSpikes()} spikes)`,
    "int16",
    await readAll(injected16, seconds),
  );
}
