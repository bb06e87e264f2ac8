import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { addTemplatesToTraces } from "../../src/generate/inject.js";
import { invalid } from "./stats.js";

// 2 units, 5 samples, 3 channels: value = 100·unit + 10·sample + channel.
const templates = Float32Array.from({ length: 2 * 5 * 3 }, (_, i) => {
  const unit = Math.floor(i / 15);
  const sample = Math.floor((i % 15) / 3);
  return 100 * unit + 10 * sample + (i % 3) + 1;
});
const shape = [2, 5, 3];

describe("addTemplatesToTraces", () => {
  test("one spike: the template lands nbefore samples before it, scaled by its amplitude", () => {
    const traces = new Float32Array(20 * 3);
    addTemplatesToTraces({
      traces,
      start: 0,
      end: 20,
      channelIndices: null,
      sampleIndex: Float64Array.from([10]),
      unitIndex: Int32Array.from([1]),
      templates,
      templateShape: shape,
      nbefore: 2,
      amplitudeFactor: [0.5],
    });
    for (let row = 0; row < 20; row++) {
      for (let c = 0; c < 3; c++) {
        const r = row - 8;
        const expected = r >= 0 && r < 5 ? 0.5 * (100 + 10 * r + c + 1) : 0;
        assert.equal(traces[row * 3 + c], expected);
      }
    }
  });

  test("spikes are clipped at block edges; chunked injection equals one whole injection", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -3, max: 60 }), { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 6 }),
        (rawSamples, chunks) => {
          const samples = Float64Array.from(rawSamples).sort();
          const units = Int32Array.from(samples, (_, i) => i % 2);
          const total = chunks.reduce((a, b) => a + b, 0);
          const spikes = {
            sampleIndex: samples,
            unitIndex: units,
            templates,
            templateShape: shape,
            nbefore: 2,
          };
          const whole = new Float64Array(total * 2);
          addTemplatesToTraces({ ...spikes, traces: whole, start: 0, end: total, channelIndices: [2, 0] });
          const pieces: number[] = [];
          let pos = 0;
          for (const len of chunks) {
            const part = new Float64Array(len * 2);
            addTemplatesToTraces({
              ...spikes,
              traces: part,
              start: pos,
              end: pos + len,
              channelIndices: [2, 0],
            });
            pieces.push(...part);
            pos += len;
          }
          assert.deepEqual(Array.from(whole), pieces);
        },
      ),
      { numRuns: 200 },
    );
  });

  test("4-D templates use each spike's upsample slot", () => {
    // 1 unit, 2 samples, 1 channel, 2 slots: slot 0 = [1, 2], slot 1 = [10, 20].
    const up = Float32Array.from([1, 10, 2, 20]);
    const traces = new Float32Array(6);
    addTemplatesToTraces({
      traces,
      start: 0,
      end: 6,
      channelIndices: null,
      sampleIndex: Float64Array.from([1, 3]),
      unitIndex: Int32Array.from([0, 0]),
      templates: up,
      templateShape: [1, 2, 1, 2],
      nbefore: 0,
      upsampleIndex: [0, 1],
    });
    assert.deepEqual(Array.from(traces), [0, 1, 2, 10, 20, 0]);
  });

  test("integer traces get truncated contributions, as numpy's astype does", () => {
    const traces = new Int16Array(3);
    addTemplatesToTraces({
      traces,
      start: 0,
      end: 1,
      channelIndices: null,
      sampleIndex: Float64Array.from([0, 0]),
      unitIndex: Int32Array.from([0, 0]),
      templates,
      templateShape: shape,
      nbefore: 0,
      amplitudeFactor: [0.7, 0.7],
    });
    // 0.7 · [1, 2, 3] = [0.7, 1.4, 2.1] → truncated [0, 1, 2], twice.
    assert.deepEqual(Array.from(traces), [0, 2, 4]);
  });

  test("errors name the problem", () => {
    const base = {
      traces: new Float32Array(6),
      start: 0,
      end: 2,
      channelIndices: null,
      sampleIndex: Float64Array.from([0]),
      unitIndex: Int32Array.from([0]),
      templates,
      templateShape: shape,
      nbefore: 0,
    };
    assert.throws(
      () => addTemplatesToTraces({ ...base, unitIndex: Int32Array.from([5]) }),
      invalid(/unit index 5/),
    );
    assert.throws(() => addTemplatesToTraces({ ...base, channelIndices: [3] }), invalid(/channel index 3/));
    assert.throws(() => addTemplatesToTraces({ ...base, templateShape: [2, 5, 4] }), invalid(/30 values/));
    assert.throws(() => addTemplatesToTraces({ ...base, traces: new Float32Array(5) }), invalid(/5 values/));
  });
});
