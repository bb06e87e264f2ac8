import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { NumberArray } from "../../src/dtype.js";
import { SpikeInterfaceError } from "../../src/errors.js";
import { selectColumns } from "../../src/traces.js";

const CTORS = [
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
] as const;

/** The obvious per-value copy, compared byte for byte (NaN payloads included). */
function naive(data: NumberArray, numChannels: number, idx: readonly number[]): Uint8Array {
  const rows = data.length / numChannels;
  const size = data.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(rows * idx.length * size);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < idx.length; j++) {
      const from = (r * numChannels + idx[j]) * size;
      out.set(bytes.subarray(from, from + size), (r * idx.length + j) * size);
    }
  }
  return out;
}

const bytesOf = (a: NumberArray) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

// Channel lists built from runs (start, length), so long contiguous runs (the block-copy path,
// >= 48 words: 48 int16 channels, 12 float64 ones) mix with single channels, reversals and repeats.
const layout = fc
  .record({
    ctor: fc.integer({ min: 0, max: CTORS.length - 1 }),
    numChannels: fc.integer({ min: 1, max: 130 }),
    numRows: fc.integer({ min: 0, max: 9 }),
    lead: fc.integer({ min: 0, max: 3 }),
    runs: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 130 }), fc.boolean()), { maxLength: 6 }),
    seed: fc.integer(),
  })
  .map(({ ctor, numChannels, numRows, lead, runs, seed }) => {
    const idx: number[] = [];
    for (const [start, length, reversed] of runs) {
      const a = start % numChannels;
      const run = Array.from({ length: Math.min(length, numChannels - a) }, (_, t) => a + t);
      idx.push(...(reversed ? run.reverse() : run));
    }
    return { Ctor: CTORS[ctor], numChannels, numRows, lead, idx, seed };
  });

test("selectColumns equals a naive copy for random dtypes, shapes and channel lists", () => {
  fc.assert(
    fc.property(layout, ({ Ctor, numChannels, numRows, lead, idx, seed }) => {
      // Random bytes (so floats include NaNs with payloads), read through a view that does not start
      // at the buffer's beginning.
      const size = Ctor.BYTES_PER_ELEMENT;
      const buffer = new ArrayBuffer((lead + numRows * numChannels) * size);
      const raw = new Uint8Array(buffer);
      let x = seed | 1;
      for (let i = 0; i < raw.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        raw[i] = x & 0xff;
      }
      const data = new Ctor(buffer, lead * size, numRows * numChannels);
      const out = selectColumns(data, numChannels, idx);
      assert.equal(out.constructor, Ctor);
      assert.equal(out.length, numRows * idx.length);
      assert.deepEqual(bytesOf(out), naive(data, numChannels, idx));
    }),
    { numRuns: 400 },
  );
});

test("selectColumns: the benchmark shapes (every other channel, a block of 192, all, reversed)", () => {
  const c = 384;
  const data = Int16Array.from({ length: 50 * c }, (_, i) => (i * 7919) % 65536);
  const cases = [
    Array.from({ length: c / 2 }, (_, i) => 2 * i),
    Array.from({ length: 192 }, (_, i) => 100 + i),
    Array.from({ length: c }, (_, i) => i),
    Array.from({ length: c }, (_, i) => c - 1 - i),
  ];
  for (const idx of cases) {
    const out = selectColumns(data, c, idx);
    assert.deepEqual(bytesOf(out), naive(data, c, idx));
  }
  const f64 = Float64Array.from({ length: 3 * 20 }, (_, i) => i + 0.5);
  assert.deepEqual(
    Array.from(selectColumns(f64, 20, [19, 2, 3])),
    [19.5, 2.5, 3.5, 39.5, 22.5, 23.5, 59.5, 42.5, 43.5],
  );
});

test("selectColumns rejects channel indices outside the block, naming them", () => {
  const data = new Float32Array(12);
  assert.throws(
    () => selectColumns(data, 4, [0, 4]),
    (e: Error) => e instanceof SpikeInterfaceError && /4 is outside \[0, 4\)/.test(e.message),
  );
  assert.throws(() => selectColumns(data, 4, [-1]), /-1 is outside/);
  assert.throws(() => selectColumns(data, 4, [1.5]), /1.5 is outside/);
  assert.equal(selectColumns(data, 4, []).length, 0);
});
