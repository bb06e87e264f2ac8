/** W3: getNoiseLevels with the defaults (mad, 20 random 500 ms chunks per segment, µV), nJobs 1 and 2. */
import { getNoiseLevels, readBinary } from "../../src/node.js";
import { type BenchContext, emit, timed } from "../context.js";

export async function w3(ctx: BenchContext): Promise<void> {
  const rec = readBinary({
    filePaths: ctx.rawPath,
    samplingFrequency: ctx.samplingFrequency,
    dtype: "int16",
    numChannels: ctx.numChannels,
    gainToUV: 0.195,
    offsetToUV: 0,
  });
  const readMB = (20 * 0.5 * ctx.samplingFrequency * ctx.numChannels * 2) / 1e6;
  for (const nJobs of [1, 2]) {
    const cpu0 = process.cpuUsage();
    const t = await timed(() => getNoiseLevels(rec, { forceRecompute: true, nJobs, progressBar: false }));
    const cpu = process.cpuUsage(cpu0);
    const mean = Array.from(t.value).reduce((a, b) => a + b, 0) / t.value.length;
    emit({
      workload: "W3",
      nJobs,
      seconds: t.seconds,
      // All threads of the process: on a shared machine a steadier measure than wall-clock.
      cpu_seconds: (cpu.user + cpu.system) / 1e6,
      MB_read: readMB,
      MB_per_s: readMB / t.seconds,
      noise_mean_uV: mean,
    });
  }
}
