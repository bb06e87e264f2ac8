/**
 * W1: load a binary folder and save it to a new binary folder (chunkDuration "1s"), nJobs 1 and 2.
 * The source folder is made once, untimed: the bench raw file read with readBinary, gains 0.195 /
 * offsets 0 and a 2-column probe attached, saved with the binary saver (W2 reuses it).
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { generateMultiColumnsProbe } from "../../src/index.js";
import { loadExtractor } from "../../src/io/folders/index.js";
import { readBinary } from "../../src/node.js";
import type { BaseRecording } from "../../src/recording/base-recording.js";
import { type BenchContext, emit, timed } from "../context.js";

/** The source binary folder of W1/W2 (created on first use, untimed). */
export async function ensureBinaryFolder(ctx: BenchContext): Promise<string> {
  const existing = ctx.artifacts.get("binary_folder");
  if (existing !== undefined) return existing;
  const rec = readBinary({
    filePaths: ctx.rawPath,
    samplingFrequency: ctx.samplingFrequency,
    dtype: "int16",
    numChannels: ctx.numChannels,
  });
  rec.setChannelGains(0.195);
  rec.setChannelOffsets(0);
  const probe = generateMultiColumnsProbe({
    numColumns: 2,
    numContactPerColumn: Math.ceil(ctx.numChannels / 2),
  });
  const wired = probe.getSlice(Array.from({ length: ctx.numChannels }, (_, i) => i));
  wired.setDeviceChannelIndices(Int32Array.from({ length: ctx.numChannels }, (_, i) => i));
  rec.setProbe(wired);
  const folder = join(ctx.work, "w1-source");
  await rec.save({ folder, nJobs: 1, chunkDuration: "1s", progressBar: false });
  ctx.artifacts.set("binary_folder", folder);
  return folder;
}

/**
 * Saving an unmodified binary folder copies its .raw files whole (the kernel's copy, whatever
 * nJobs); the "chunked" variant (copyFiles: false) reads and writes chunk by chunk on nJobs
 * threads, as Python SpikeInterface always does, and is the like-for-like comparison.
 */
export async function w1(ctx: BenchContext): Promise<void> {
  const source = await ensureBinaryFolder(ctx);
  for (const variant of ["file_copy", "chunked"] as const) {
    for (const nJobs of [1, 2]) {
      const target = join(ctx.work, `w1-copy-${variant}-${nJobs}`);
      const t = await timed(async () => {
        const rec = (await loadExtractor(source)) as BaseRecording;
        await rec.save({
          folder: target,
          nJobs,
          chunkDuration: "1s",
          progressBar: false,
          copyFiles: variant === "file_copy",
        });
      });
      rmSync(target, { recursive: true, force: true });
      emit({ workload: "W1", variant, nJobs, seconds: t.seconds, MB_per_s: ctx.traceMB / t.seconds });
    }
  }
}
