/** W5: 1000 random 1 ms windows × all channels of getTraces (binary; zarr when W2 left a copy). */

import type { BaseRecording } from "../../src/index.js";
import { readBinary } from "../../src/node.js";
import { type BenchContext, emit, timed } from "../context.js";

async function windows(
  rec: BaseRecording,
  ctx: BenchContext,
): Promise<{ seconds: number; checksum: number }> {
  const win = Math.floor(ctx.samplingFrequency / 1000);
  let x = 12345;
  const starts = Array.from({ length: 1000 }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % (ctx.numSamples - win);
  });
  await rec.getTraces({ startFrame: 0, endFrame: win });
  const t = await timed(async () => {
    let acc = 0;
    for (const s of starts) acc += (await rec.getTraces({ startFrame: s, endFrame: s + win })).data[0];
    return acc;
  });
  return { seconds: t.seconds, checksum: t.value };
}

export async function w5(
  ctx: BenchContext,
  loadZarr?: (path: string) => Promise<BaseRecording>,
): Promise<void> {
  const readMB = (1000 * Math.floor(ctx.samplingFrequency / 1000) * ctx.numChannels * 2) / 1e6;
  const binary = readBinary({
    filePaths: ctx.rawPath,
    samplingFrequency: ctx.samplingFrequency,
    dtype: "int16",
    numChannels: ctx.numChannels,
  });
  const b = await windows(binary, ctx);
  emit({
    workload: "W5",
    source: "binary",
    nJobs: 1,
    seconds: b.seconds,
    ms_per_window: b.seconds,
    MB_per_s: readMB / b.seconds,
    checksum: b.checksum,
  });
  const zarrPath = ctx.artifacts.get("zarr");
  if (zarrPath !== undefined && loadZarr !== undefined) {
    const z = await windows(await loadZarr(zarrPath), ctx);
    emit({
      workload: "W5",
      source: "zarr",
      nJobs: 1,
      seconds: z.seconds,
      ms_per_window: z.seconds,
      MB_per_s: readMB / z.seconds,
      checksum: z.checksum,
    });
  }
}
