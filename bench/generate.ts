/**
 * `node --import tsx bench/generate.ts [--seconds 10] [--channels 384]`: throughput of the toy-data
 * generators, one JSON line per measurement (best of 3 runs, single core):
 *  - raw Gaussian fill (Rng.fillNormal into a Float32Array);
 *  - readNoise over `seconds` of 30 kHz × channels, 1 s chunks, float32 and int16 output, both
 *    strategies (MB/s counts output bytes);
 *  - synthesizePoissonSpikeVector and generateTemplates at benchmark-like sizes.
 */
import { parseArgs } from "node:util";
import { generateChannelLocations, generateUnitLocations } from "../src/generate/locations.js";
import { NoiseBlockCache, type NoiseDType, type NoiseStrategy, readNoise } from "../src/generate/noise.js";
import { createRng } from "../src/generate/rng.js";
import { synthesizePoissonSpikeVector } from "../src/generate/spike-trains.js";
import { generateTemplates } from "../src/generate/templates.js";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, channels: { type: "string", default: "384" } },
});
const seconds = Number(values.seconds);
const numChannels = Number(values.channels);
const fs = 30_000;

function emit(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

function best(runs: number, fn: () => void): number {
  let bestSeconds = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    bestSeconds = Math.min(bestSeconds, (performance.now() - t0) / 1000);
  }
  return bestSeconds;
}

emit({ kind: "meta", node: process.version, seconds, numChannels, samplingFrequency: fs });

{
  const buffer = new Float32Array(fs * numChannels);
  const rng = createRng(1);
  const s = best(3, () => rng.fillNormal(buffer));
  emit({
    kind: "fillNormal",
    dtype: "float32",
    values: buffer.length,
    seconds: s,
    MBps: buffer.byteLength / 1e6 / s,
  });
}

for (const strategy of ["on_the_fly", "tile_pregenerated"] as NoiseStrategy[]) {
  for (const dtype of ["float32", "int16"] as NoiseDType[]) {
    let bytes = 0;
    const s = best(3, () => {
      // A fresh cache per run: tile_pregenerated then pays for its one block, on_the_fly for all.
      const cache = new NoiseBlockCache();
      bytes = 0;
      for (let start = 0; start < seconds * fs; start += fs) {
        const out = readNoise({
          start,
          end: start + fs,
          channelIndices: null,
          numChannels,
          blockSize: fs,
          seed: 7,
          segmentIndex: 0,
          noiseLevels: dtype === "int16" ? 20 : 1,
          dtype,
          strategy,
          cache,
        });
        bytes += out.byteLength;
      }
    });
    emit({
      kind: "readNoise",
      strategy,
      dtype,
      numChannels,
      seconds: s,
      MB: bytes / 1e6,
      MBps: bytes / 1e6 / s,
    });
  }
}

{
  let spikes = 0;
  const s = best(3, () => {
    spikes = synthesizePoissonSpikeVector({ numUnits: 100, duration: 600, firingRates: 10, seed: 1 })
      .sampleIndex.length;
  });
  emit({ kind: "synthesizePoissonSpikeVector", numUnits: 100, durationSeconds: 600, spikes, seconds: s });
}

{
  const channels = generateChannelLocations({ numChannels, numColumns: 2, contactSpacingUm: 20 });
  const units = generateUnitLocations(100, channels, { seed: 1 });
  const s = best(1, () => generateTemplates(channels, units, fs, 1, 3, { seed: 1 }));
  emit({ kind: "generateTemplates", numUnits: 100, numChannels, msBefore: 1, msAfter: 3, seconds: s });
}
