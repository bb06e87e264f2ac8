/**
 * Core micro-benchmark (issue 2): getTraces of 1 s windows of an in-memory 384-channel int16
 * NumpyRecording through a channelSlice of a strict subset of channels and a frameSlice, so every
 * read really copies (an in-order slice of all channels would return a zero-copy view and measure
 * nothing). Subsets: every other channel, a contiguous block of half the channels, all channels
 * reversed. MB/s counts the bytes returned; CPU-time throughput is reported too (shared machine).
 */
import { NumpyRecording } from "../../src/index.js";
import { type BenchContext, emit } from "../context.js";

export async function coreGetTraces(ctx: BenchContext): Promise<void> {
  const fs = ctx.samplingFrequency;
  const c = ctx.numChannels;
  const seconds = 10;
  const data = new Int16Array(seconds * fs * c);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) & 0x7fff;
  const rec = new NumpyRecording({ tracesList: { data, shape: [seconds * fs, c] }, samplingFrequency: fs });
  const ids = rec.channelIds;
  const half = Math.floor(c / 2);
  const blockStart = Math.floor(c / 4);
  const cases = [
    { name: "every other channel", keep: ids.filter((_, i) => i % 2 === 0) },
    {
      name: `contiguous block of ${half} channels`,
      keep: ids.slice(blockStart, blockStart + half),
    },
    { name: "all channels reversed", keep: [...ids].reverse() },
  ];
  const repeats = 40;
  const measure = async (
    what: string,
    bytes: number,
    read: (r: number) => Promise<{ data: ArrayLike<number> }>,
  ) => {
    await read(0); // warm-up (JIT), untimed
    let acc = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let r = 0; r < repeats; r++) {
      const tr = await read(r);
      acc += tr.data[0] + tr.data[tr.data.length - 1];
    }
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (Number.isNaN(acc)) throw new Error("NaN in traces");
    const mb = (bytes * repeats) / 1e6;
    emit({
      workload: "core-getTraces",
      what,
      nJobs: 1,
      seconds: wall / repeats,
      MB_per_s: mb / wall,
      MB_per_cpu_s: mb / ((cpu.user + cpu.system) / 1e6),
    });
  };
  const windowOf = (r: number) => (r % (seconds - 3)) * fs;
  for (const { name, keep } of cases) {
    const view = rec.channelSlice(keep).frameSlice(fs, (seconds - 1) * fs);
    await measure(
      `1 s x ${c} ch int16 in memory, channelSlice(${name}, ${keep.length} ch)+frameSlice`,
      fs * keep.length * 2,
      (r) => view.getTraces({ startFrame: windowOf(r), endFrame: windowOf(r) + fs }),
    );
  }
  // Yardstick: a fresh contiguous copy of as many bytes as the every-other-channel read returns.
  // Each read returns a newly allocated array, whose first-touch page faults are part of the cost.
  const yardBytes = fs * Math.ceil(c / 2) * 2;
  await measure(
    `yardstick: Int16Array.slice() of ${yardBytes / 1e6} MB (fresh contiguous copy)`,
    yardBytes,
    (r) => {
      const from = (windowOf(r) * c) % (data.length - yardBytes / 2);
      return Promise.resolve({ data: data.slice(from, from + yardBytes / 2) });
    },
  );
}
