/**
 * W2: load the W1 binary folder and save it as zarr with the default compressor (Blosc zstd
 * clevel 5 bit-shuffle), chunkDuration "1s", nJobs 1 and 2; reports the bytes on disk. The last
 * copy is kept for W5 (`ctx.artifacts.get("zarr")`).
 */
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadExtractor } from "../../src/io/folders/index.js";
import type { BaseRecording } from "../../src/recording/base-recording.js";
import { type BenchContext, emit, timed } from "../context.js";
import { ensureBinaryFolder } from "./w1-save-binary.js";

function bytesOnDisk(path: string): number {
  let total = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    total += e.isDirectory() ? bytesOnDisk(p) : statSync(p).size;
  }
  return total;
}

export async function w2(ctx: BenchContext): Promise<void> {
  const source = await ensureBinaryFolder(ctx);
  const jobs = [1, 2];
  for (const nJobs of jobs) {
    const target = join(ctx.work, `w2-copy-${nJobs}.zarr`);
    const t = await timed(async () => {
      const rec = (await loadExtractor(source)) as BaseRecording;
      await rec.save({ format: "zarr", folder: target, nJobs, chunkDuration: "1s", progressBar: false });
    });
    const bytes = bytesOnDisk(target);
    emit({
      workload: "W2",
      nJobs,
      seconds: t.seconds,
      MB_per_s: ctx.traceMB / t.seconds,
      zarr_bytes_on_disk: bytes,
      compression_ratio: (ctx.traceMB * 1e6) / bytes,
    });
    if (nJobs === jobs[jobs.length - 1]) ctx.artifacts.set("zarr", target);
    else rmSync(target, { recursive: true, force: true });
  }
}
