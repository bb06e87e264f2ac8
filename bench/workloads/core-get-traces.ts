/**
 * Core micro-benchmark (issue 2): getTraces of 1 s × 384 channels int16 from an in-memory
 * recording through a channelSlice and a frameSlice.
 */
import { NumpyRecording } from "../../src/index.js";
import { type BenchContext, emit, timed } from "../context.js";

export async function coreGetTraces(ctx: BenchContext): Promise<void> {
  const fs = ctx.samplingFrequency;
  const c = ctx.numChannels;
  const seconds = 10;
  const data = new Int16Array(seconds * fs * c);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) & 0x7fff;
  const rec = new NumpyRecording({ tracesList: { data, shape: [seconds * fs, c] }, samplingFrequency: fs });
  const keep = rec.channelIds.filter((_, i) => i % 2 === 0 || i < c);
  const reordered = [...rec.channelIds].reverse();
  const cases = [
    { name: "channelSlice(all)+frameSlice", view: rec.channelSlice(keep).frameSlice(fs, (seconds - 1) * fs) },
    {
      name: "channelSlice(reversed)+frameSlice",
      view: rec.channelSlice(reordered).frameSlice(fs, (seconds - 1) * fs),
    },
  ];
  const repeats = 20;
  for (const { name, view } of cases) {
    const mb = (fs * c * 2 * repeats) / 1e6;
    const t = await timed(async () => {
      let acc = 0;
      for (let r = 0; r < repeats; r++) {
        const start = (r % (seconds - 3)) * fs;
        const tr = await view.getTraces({ startFrame: start, endFrame: start + fs });
        acc += tr.data[0] + tr.data[tr.data.length - 1];
      }
      return acc;
    });
    emit({
      workload: "core-getTraces",
      what: `1 s x ${c} ch int16, ${name}`,
      nJobs: 1,
      seconds: t.seconds / repeats,
      MB_per_s: mb / t.seconds,
    });
  }
}
