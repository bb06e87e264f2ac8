/**
 * Integer traces skip the channels whose contribution truncates to 0 (template peak × |amplitude|
 * < 1). Checked against the direct per-value definition, with values and amplitudes around that
 * threshold, negative amplitudes, channel selections and 4-D (upsampled) templates.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { addTemplatesToTraces, templateChannelPeaks } from "../../src/generate/inject.js";

function naive(
  traces: Int16Array,
  start: number,
  channels: number[],
  samples: number[],
  units: number[],
  amps: number[],
  slots: number[],
  templates: Float32Array,
  shape: number[],
): void {
  const [, width, numChannels, upsample] = shape;
  const k = channels.length;
  const rows = traces.length / k;
  samples.forEach((s, i) => {
    for (let r = 0; r < width; r++) {
      const row = s - start + r;
      if (row < 0 || row >= rows) continue;
      channels.forEach((c, j) => {
        const t = templates[((units[i] * width + r) * numChannels + c) * upsample + slots[i]];
        traces[row * k + j] += Math.trunc(t * amps[i]);
      });
    }
  });
}

test("int16 injection with channel skipping equals the per-value definition", () => {
  fc.assert(
    fc.property(
      fc.record({
        numUnits: fc.integer({ min: 1, max: 3 }),
        width: fc.integer({ min: 1, max: 6 }),
        numChannels: fc.integer({ min: 1, max: 7 }),
        upsample: fc.integer({ min: 1, max: 2 }),
        seed: fc.integer({ min: 1, max: 1 << 30 }),
        numSpikes: fc.integer({ min: 0, max: 8 }),
        start: fc.integer({ min: 0, max: 5 }),
        rows: fc.integer({ min: 1, max: 20 }),
        passPeaks: fc.boolean(),
        pick: fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
      }),
      ({ numUnits, width, numChannels, upsample, seed, numSpikes, start, rows, passPeaks, pick }) => {
        let x = seed;
        const rand = () => {
          x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
          return x / 0x80000000;
        };
        const shape = [numUnits, width, numChannels, upsample];
        // Values in (-2, 2) and amplitudes in (-1.5, 1.5): many products straddle ±1.
        const templates = Float32Array.from({ length: numUnits * width * numChannels * upsample }, () =>
          rand() < 0.3 ? 0 : (rand() - 0.5) * 4,
        );
        const samples = Array.from({ length: numSpikes }, () => Math.floor(rand() * 30) - 5).sort(
          (a, b) => a - b,
        );
        const units = samples.map(() => Math.floor(rand() * numUnits));
        const amps = samples.map(() => (rand() - 0.5) * 3);
        const slots = samples.map(() => Math.floor(rand() * upsample));
        const channels = pick.map((p) => p % numChannels);
        const base = Int16Array.from(
          { length: rows * channels.length },
          () => Math.floor(rand() * 65536) - 32768,
        );
        const expected = base.slice();
        naive(expected, start, channels, samples, units, amps, slots, templates, shape);
        const got = base.slice();
        addTemplatesToTraces({
          traces: got,
          start,
          end: start + rows,
          channelIndices: channels,
          sampleIndex: Float64Array.from(samples),
          unitIndex: Int32Array.from(units),
          templates,
          templateShape: shape,
          nbefore: 0,
          amplitudeFactor: amps,
          upsampleIndex: slots,
          channelPeaks: passPeaks ? templateChannelPeaks(templates, shape) : null,
        });
        assert.deepEqual(got, expected);
      },
    ),
    { numRuns: 300 },
  );
});

test("templateChannelPeaks: largest |value| per unit and channel over samples and slots", () => {
  // 2 units, 2 samples, 2 channels, 2 slots.
  const t = Float32Array.from([1, -3, 0.5, 0, -2, 1, 0.25, 0, 0, 0, 0, -7, 4, 0, 0, 0]);
  assert.deepEqual(Array.from(templateChannelPeaks(t, [2, 2, 2, 2])), [3, 0.5, 4, 7]);
});
