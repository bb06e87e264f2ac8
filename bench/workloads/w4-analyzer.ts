/**
 * W4: createSortingAnalyzer (sparse, memory) + random_spikes (500 per unit) + waveforms (1 ms /
 * 2 ms) + templates (average, std) on the bench recording (int16, gains 0.195 µV, two-column
 * probe) with a generated sorting of 100 units at ~10 Hz (4 ms refractory), nJobs 1 and 2,
 * chunkDuration "1s" — the shape of Python's bench_si.py W4. One JSON line per nJobs. Each step
 * also reports the process CPU seconds (all threads), steadier than wall-clock on a shared machine.
 * Then (issue 7) "templates without waveforms": a new analyzer, random_spikes, and templates
 * accumulated straight from the recording, as its own JSON line per nJobs ("W4-templates-direct").
 */
import { createSortingAnalyzer } from "../../src/analyzer/create-sorting-analyzer.js";
import "../../src/analyzer/node.js";
import { createRng } from "../../src/generate/rng.js";
import { generateMultiColumnsProbe, NumpySorting } from "../../src/index.js";
import { readBinary } from "../../src/node.js";
import { type BenchContext, emit, timed } from "../context.js";

/** Poisson trains with a refractory period, sorted by sample (the spike vector's order). */
function generateSorting(
  numUnits: number,
  rate: number,
  fs: number,
  numSamples: number,
  seed: number,
): NumpySorting {
  const rng = createRng(seed);
  const refractory = Math.round(0.004 * fs);
  // Rate corrected for the dead time, as SpikeInterface's generator does.
  const meanGap = fs / (rate / (1 - rate * 0.004));
  const samples: number[] = [];
  const labels: string[] = [];
  for (let u = 0; u < numUnits; u++) {
    let t = Math.floor(rng.exponential(meanGap));
    while (t < numSamples) {
      samples.push(t);
      labels.push(String(u));
      t += refractory + Math.max(1, Math.round(rng.exponential(meanGap)));
    }
  }
  const ids = Array.from({ length: numUnits }, (_, u) => String(u));
  return NumpySorting.fromSamplesAndLabels(samples, labels, fs, ids);
}

/** Wall-clock and process CPU seconds (all threads) of one step. */
async function step<T>(fn: () => Promise<T>): Promise<{ seconds: number; cpu: number; value: T }> {
  const cpu0 = process.cpuUsage();
  const t = await timed(fn);
  const cpu = process.cpuUsage(cpu0);
  return { ...t, cpu: (cpu.user + cpu.system) / 1e6 };
}

export async function w4(ctx: BenchContext): Promise<void> {
  const fs = ctx.samplingFrequency;
  const recording = readBinary({
    filePaths: ctx.rawPath,
    samplingFrequency: fs,
    dtype: "int16",
    numChannels: ctx.numChannels,
    gainToUV: 0.195,
    offsetToUV: 0,
  });
  const probe = generateMultiColumnsProbe({
    numColumns: 2,
    numContactPerColumn: Math.floor(ctx.numChannels / 2),
    xpitch: 32,
    ypitch: 20,
  });
  probe.setDeviceChannelIndices(Int32Array.from({ length: ctx.numChannels }, (_, i) => i));
  recording.setProbe(probe);
  const sorting = generateSorting(100, 10, fs, ctx.numSamples, 42);
  for (const nJobs of [1, 2]) {
    const job = { nJobs, chunkDuration: "1s", progressBar: false } as const;
    const create = await step(() =>
      createSortingAnalyzer({ sorting, recording, sparse: true, seed: 0, ...job }),
    );
    const analyzer = create.value;
    const random = await step(() =>
      analyzer.compute("random_spikes", { method: "uniform", maxSpikesPerUnit: 500, seed: 0 }),
    );
    const waveforms = await step(() => analyzer.compute("waveforms", { msBefore: 1, msAfter: 2, ...job }));
    const templates = await step(() => analyzer.compute("templates", { operators: ["average", "std"] }));
    const steps = [create, random, waveforms, templates];
    const seconds = steps.reduce((a, s) => a + s.seconds, 0);
    const sparsity = analyzer.sparsity;
    emit({
      workload: "W4",
      nJobs,
      seconds,
      cpu_seconds: steps.reduce((a, s) => a + s.cpu, 0),
      seconds_create: create.seconds,
      seconds_random_spikes: random.seconds,
      seconds_waveforms: waveforms.seconds,
      seconds_templates: templates.seconds,
      cpu_create: create.cpu,
      cpu_waveforms: waveforms.cpu,
      cpu_templates: templates.cpu,
      MB_per_s: ctx.traceMB / seconds,
      num_spikes: sorting.countTotalNumSpikes(),
      waveforms_shape: waveforms.value.getData().shape,
      mean_sparse_channels:
        sparsity === null ? ctx.numChannels : sparsity.mask.reduce((a, v) => a + v, 0) / sparsity.numUnits,
    });
  }
  for (const nJobs of [1, 2]) {
    const job = { nJobs, chunkDuration: "1s", progressBar: false } as const;
    const analyzer = await createSortingAnalyzer({ sorting, recording, sparse: true, seed: 0, ...job });
    await analyzer.compute("random_spikes", { method: "uniform", maxSpikesPerUnit: 500, seed: 0 });
    const templates = await step(() =>
      analyzer.compute("templates", { msBefore: 1, msAfter: 2, operators: ["average", "std"], ...job }),
    );
    emit({
      workload: "W4-templates-direct",
      nJobs,
      seconds: templates.seconds,
      cpu_seconds: templates.cpu,
      MB_per_s: ctx.traceMB / templates.seconds,
      templates_shape: templates.value.getData().shape,
    });
  }
}
