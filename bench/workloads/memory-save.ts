/**
 * MEM (issue 6): peak memory of a save must stay near nJobs × chunk size whatever the recording's
 * length. Each save runs in a fresh process (bench/memory-child.ts) so its peak RSS is its own: a
 * lazy noise recording of `--duration` seconds and of 10× that, binary and zarr, nJobs 2.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchContext, emit } from "../context.js";

const CHILD = fileURLToPath(new URL("../memory-child.js", import.meta.url));

export function memorySave(ctx: BenchContext): void {
  for (const format of ["binary", "zarr"] as const) {
    for (const duration of [ctx.durationSeconds, 10 * ctx.durationSeconds]) {
      const folder = join(ctx.work, `mem-${format}-${duration}`);
      const out = execFileSync(
        process.execPath,
        [
          CHILD,
          "--duration",
          String(duration),
          "--format",
          format,
          "--folder",
          folder,
          "--channels",
          String(ctx.numChannels),
        ],
        { encoding: "utf8", maxBuffer: 1 << 20 },
      );
      rmSync(folder, { recursive: true, force: true });
      rmSync(`${folder}.zarr`, { recursive: true, force: true });
      emit({
        workload: "MEM",
        format,
        nJobs: 2,
        durationSeconds: duration,
        ...JSON.parse(out.trim().split("\n").pop() ?? "{}"),
      });
    }
  }
}
