/** W0: the yardstick — a plain sequential read of the raw file, and a plain copy of it. */
import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { type BenchContext, emit, timed } from "../context.js";

export async function w0(ctx: BenchContext): Promise<void> {
  const chunk = new Uint8Array(ctx.numChannels * 2 * ctx.samplingFrequency);
  const read = await timed(() => {
    const fd = openSync(ctx.rawPath, "r");
    let total = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
    }
    closeSync(fd);
    return total;
  });
  emit({
    workload: "W0",
    what: "sequential read",
    nJobs: 1,
    seconds: read.seconds,
    MB_per_s: ctx.traceMB / read.seconds,
  });
  const copyPath = join(ctx.work, "w0-copy.raw");
  const copy = await timed(() => {
    const src = openSync(ctx.rawPath, "r");
    const dst = openSync(copyPath, "w");
    for (;;) {
      const n = readSync(src, chunk, 0, chunk.length, null);
      if (n === 0) break;
      writeSync(dst, chunk, 0, n);
    }
    closeSync(src);
    closeSync(dst);
  });
  rmSync(copyPath);
  emit({
    workload: "W0",
    what: "copy to a new file",
    nJobs: 1,
    seconds: copy.seconds,
    MB_per_s: ctx.traceMB / copy.seconds,
  });
}
