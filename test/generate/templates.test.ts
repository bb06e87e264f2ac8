import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { dft, FractionalDelay } from "../../src/generate/fft.js";
import { generateChannelLocations, generateUnitLocations } from "../../src/generate/locations.js";
import { ellipsoidDistances, ensureUnitParams, generateTemplates } from "../../src/generate/templates.js";
import {
  expGrowth,
  generateSingleFakeWaveform,
  msToSamples,
  roundHalfEven,
} from "../../src/generate/waveform.js";
import { invalid } from "./stats.js";

describe("msToSamples", () => {
  test("rounds half to even like Python's round", () => {
    assert.equal(msToSamples(0.5, 25000), 12);
    assert.equal(msToSamples(1.5, 25000), 38);
    assert.equal(msToSamples(1, 30000), 30);
    assert.equal(msToSamples(0.1, 25000), 2);
    assert.equal(roundHalfEven(-2.5), -2);
    assert.equal(roundHalfEven(-3.5), -4);
    assert.throws(() => msToSamples(1, 0), invalid(/samplingFrequency.*0/));
  });
});

describe("DFT and fractional delay", () => {
  test("dft matches the naive sum for power-of-two and other lengths", () => {
    for (const n of [1, 7, 16, 100, 131]) {
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) + (i % 3));
      const { re, im } = dft(x);
      for (let k = 0; k < n; k++) {
        let r = 0;
        let s = 0;
        for (let j = 0; j < n; j++) {
          r += x[j] * Math.cos((2 * Math.PI * j * k) / n);
          s -= x[j] * Math.sin((2 * Math.PI * j * k) / n);
        }
        assert.ok(Math.abs(re[k] - r) < 1e-9 && Math.abs(im[k] - s) < 1e-9, `n=${n} k=${k}`);
      }
    }
  });

  test("an integer delay is a circular shift; a zero delay is the identity", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 120 }), fc.integer({ min: 0, max: 200 }), (n, shift) => {
        const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 1.3) * (i + 1));
        const out = new Float64Array(n);
        const d = new FractionalDelay(x);
        d.delay(shift, out);
        for (let t = 0; t < n; t++) {
          const src = (((t - shift) % n) + n) % n;
          // Even lengths lose the Nyquist bin's imaginary part only for fractional shifts.
          assert.ok(Math.abs(out[t] - x[src]) < 1e-8, `n=${n} shift=${shift} t=${t}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  test("delayPair gives the same two signals as two single delays (odd and even lengths)", () => {
    for (const n of [99, 100, 128]) {
      const x = Float64Array.from(
        { length: n },
        (_, i) => Math.exp(-((i - 30) ** 2) / 20) - 0.3 * Math.sin(i),
      );
      const d = new FractionalDelay(x);
      const [a, b, a1, b1] = [0, 1, 2, 3].map(() => new Float64Array(n));
      d.delayPair(2.3, 7.75, a, b);
      d.delay(2.3, a1);
      d.delay(7.75, b1);
      for (let t = 0; t < n; t++) assert.ok(Math.abs(a[t] - a1[t]) < 1e-12 && Math.abs(b[t] - b1[t]) < 1e-12);
    }
  });

  test("a half-sample delay of a smooth periodic signal interpolates it", () => {
    const n = 64;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 3 * i) / n));
    const out = new Float64Array(n);
    new FractionalDelay(x).delay(0.5, out);
    for (let t = 0; t < n; t++)
      assert.ok(Math.abs(out[t] - Math.sin((2 * Math.PI * 3 * (t - 0.5)) / n)) < 1e-9);
  });
});

describe("generateSingleFakeWaveform", () => {
  test("negative peak of −1 at nbefore, positive bump after, zero at the edges", () => {
    for (const fs of [25000, 30000, 250000]) {
      const wf = generateSingleFakeWaveform({ samplingFrequency: fs });
      const nbefore = msToSamples(1, fs);
      assert.equal(wf.length, nbefore + msToSamples(3, fs));
      let argmin = 0;
      for (let i = 1; i < wf.length; i++) if (wf[i] < wf[argmin]) argmin = i;
      assert.equal(argmin, nbefore);
      assert.ok(Math.abs(wf[nbefore] + 1) < 1e-12);
      const maxAfter = Math.max(...wf.subarray(nbefore));
      assert.ok(maxAfter > 0.05 && maxAfter < 0.2, `positive bump ${maxAfter}`);
      assert.ok(Math.abs(wf[0]) < 1e-3 && Math.abs(wf[wf.length - 1]) < 1e-3);
    }
  });

  test("expGrowth ramps between its amplitudes", () => {
    const y = expGrowth(0, -1, 0.1, 0.02, 30000);
    assert.equal(y.length, 3);
    assert.equal(y[0], 0);
    assert.ok(y[2] < y[1] && y[1] < 0);
  });

  test("impossible timings are refused, naming the value", () => {
    assert.throws(
      () => generateSingleFakeWaveform({ samplingFrequency: 30000, msAfter: 0.5 }),
      invalid(/msAfter 0\.5/),
    );
    assert.throws(
      () => generateSingleFakeWaveform({ samplingFrequency: 30000, msBefore: 0.05 }),
      invalid(/0\.05/),
    );
    assert.throws(
      () => generateSingleFakeWaveform({ samplingFrequency: 30000, smoothMs: -1 }),
      invalid(/smoothMs.*-1/),
    );
  });
});

describe("locations", () => {
  test("generateChannelLocations fills columns of a grid", () => {
    const loc = generateChannelLocations({ numChannels: 6, numColumns: 2, contactSpacingUm: 20 });
    assert.deepEqual(loc.shape, [6, 2]);
    assert.deepEqual(Array.from(loc.data), [0, 0, 0, 20, 0, 40, 20, 0, 20, 20, 20, 40]);
    assert.throws(
      () => generateChannelLocations({ numChannels: 5, numColumns: 2, contactSpacingUm: 20 }),
      invalid(/2/),
    );
  });

  test("generateUnitLocations stays in bounds and keeps the minimum distance", () => {
    const channels = generateChannelLocations({ numChannels: 32, numColumns: 2, contactSpacingUm: 20 });
    const units = generateUnitLocations(20, channels, { seed: 7, maximumZ: 50 });
    assert.deepEqual(units.shape, [20, 3]);
    assert.ok(units.data instanceof Float32Array);
    for (let i = 0; i < 20; i++) {
      const [x, y, z] = units.data.subarray(i * 3, i * 3 + 3);
      assert.ok(x >= -20 && x <= 40 && y >= -20 && y <= 320 && z >= 5 && z <= 50);
      for (let j = 0; j < i; j++) {
        const d = Math.hypot(x - units.data[j * 3], y - units.data[j * 3 + 1], z - units.data[j * 3 + 2]);
        assert.ok(d >= 20, `units ${i}, ${j}: ${d}`);
      }
    }
    assert.deepEqual(units, generateUnitLocations(20, channels, { seed: 7, maximumZ: 50 }));
    const layered = generateUnitLocations(400, channels, {
      seed: 1,
      distribution: "multimodal",
      minimumDistance: null,
    });
    // Two layers at 1/3 and 2/3 of [−20, 320] with sigma (340 / 3) / 5: 2.5 sigma holds ~99 %.
    const ys = Array.from({ length: 400 }, (_, i) => layered.data[i * 3 + 1]);
    const [m1, m2, sigma] = [-20 + 340 / 3, -20 + 680 / 3, 340 / 15];
    const nearModes = ys.filter(
      (y) => Math.abs(y - m1) < 2.5 * sigma || Math.abs(y - m2) < 2.5 * sigma,
    ).length;
    assert.ok(nearModes > 0.9 * 400, `${nearModes} of 400 near the layers`);
  });

  test("distanceStrict throws when no placement exists", () => {
    const channels = generateChannelLocations({ numChannels: 2, numColumns: 1, contactSpacingUm: 1 });
    const options = { seed: 1, marginUm: 1, minimumZ: 0, maximumZ: 1, minimumDistance: 100, maxIteration: 5 };
    assert.throws(
      () => generateUnitLocations(3, channels, { ...options, distanceStrict: true }),
      invalid(/100/),
    );
  });
});

describe("generateTemplates", () => {
  const channels = generateChannelLocations({ numChannels: 16, numColumns: 2, contactSpacingUm: 25 });
  const units = generateUnitLocations(6, channels, { seed: 2, maximumZ: 50 });
  const nbefore = msToSamples(1, 25000);
  const width = nbefore + msToSamples(3, 25000);

  function euclidean(u: number): Float64Array {
    const x = Float64Array.from({ length: 16 }, (_, c) => channels.data[2 * c]);
    const y = Float64Array.from({ length: 16 }, (_, c) => channels.data[2 * c + 1]);
    const p = units.data;
    return ellipsoidDistances({ x, y }, [p[u * 3], p[u * 3 + 1], p[u * 3 + 2]]);
  }

  test("shape, negative peak at nbefore on the nearest channel, amplitude decaying with distance", () => {
    const t = generateTemplates(channels, units, 25000, 1, 3, {
      seed: 3,
      mode: "sphere",
      unitParams: { propagationSpeed: null },
    });
    assert.ok(t instanceof Float32Array);
    assert.equal(t.length, 6 * width * 16);
    for (let u = 0; u < 6; u++) {
      const d = euclidean(u);
      const amp = Float64Array.from({ length: 16 }, (_, c) => {
        let m = 0;
        for (let s = 0; s < width; s++) m = Math.max(m, Math.abs(t[(u * width + s) * 16 + c]));
        return m;
      });
      const nearest = d.indexOf(Math.min(...d));
      assert.equal(amp.indexOf(Math.max(...amp)), nearest, `unit ${u}`);
      let argmin = 0;
      for (let s = 0; s < width; s++) {
        if (t[(u * width + s) * 16 + nearest] < t[(u * width + argmin) * 16 + nearest]) argmin = s;
      }
      assert.equal(argmin, nbefore);
      const order = Array.from(d.keys()).sort((a, b) => d[a] - d[b]);
      for (let i = 1; i < 16; i++) assert.ok(amp[order[i]] <= amp[order[i - 1]] * (1 + 1e-6));
      // alpha in [100, 500), exponential decay from the nearest channel.
      assert.ok(amp[nearest] > 100 * Math.exp(-d[nearest] / 10) && amp[nearest] < 500);
    }
  });

  test("propagation delays each channel's peak by distance / speed; same seed reproduces", () => {
    const options = { seed: 3, mode: "sphere" as const, unitParams: { propagationSpeed: 250 } };
    const t = generateTemplates(channels, units, 25000, 1, 3, options);
    assert.deepEqual(t, generateTemplates(channels, units, 25000, 1, 3, options));
    const d = euclidean(0);
    const dmin = Math.min(...d);
    for (let c = 0; c < 16; c++) {
      let argmin = 0;
      for (let s = 0; s < width; s++) if (t[s * 16 + c] < t[argmin * 16 + c]) argmin = s;
      // µm / (µm/ms) → ms → samples at 25 kHz; the sampled minimum is within a sample of the true one.
      const delay = ((d[c] - dmin) / 250 / 1000) * 25000;
      assert.ok(Math.abs(argmin - (nbefore + delay)) < 1, `channel ${c}: ${argmin} vs ${nbefore + delay}`);
    }
  });

  test("upsampled templates: 4-D, every sub-sample slot peaks at or next to nbefore", () => {
    const t = generateTemplates(channels, units, 25000, 1, 3, {
      seed: 1,
      upsampleFactor: 4,
      dtype: "float64",
    });
    assert.ok(t instanceof Float64Array);
    assert.equal(t.length, 6 * width * 16 * 4);
    const params = ensureUnitParams({}, 6, 1);
    assert.ok(params.alpha.every((a) => a >= 100 && a < 500));
    for (let slot = 0; slot < 4; slot++) {
      let best = 0;
      let bestValue = Infinity;
      for (let s = 0; s < width; s++) {
        for (let c = 0; c < 16; c++) {
          const v = t[((0 * width + s) * 16 + c) * 4 + slot];
          if (v < bestValue) {
            bestValue = v;
            best = s;
          }
        }
      }
      assert.ok(Math.abs(best - nbefore) <= 1, `slot ${slot} peaks at ${best}`);
    }
  });

  test("bad arguments", () => {
    assert.throws(() => generateTemplates(channels, channels, 25000, 1, 3), invalid(/unitsLocations/));
    assert.throws(
      () => generateTemplates(channels, units, 25000, 1, 3, { unitParams: { alpha: [1, 2] } }),
      invalid(/alpha has 2 values for 6 units/),
    );
    assert.throws(
      // @ts-expect-error: unknown parameter from untyped input
      () => generateTemplates(channels, units, 25000, 1, 3, { unitParams: { speed: 1 } }),
      invalid(/"speed"/),
    );
    assert.throws(() => generateTemplates(channels, units, 25000, 1, 3, { upsampleFactor: 0 }), invalid(/0/));
  });
});
