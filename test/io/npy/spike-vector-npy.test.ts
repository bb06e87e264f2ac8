/** Spike vector <-> structured spikes.npy: exact values, range checks and speed on 10 million spikes. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { FileFormatError, InvalidArgumentError } from "../../../src/errors.js";
import {
  encodeNpy,
  encodeSpikeVectorNpy,
  npyFromColumns,
  npyFromTypedArray,
  parseNpy,
  readSpikeVectorNpy,
  SPIKE_VECTOR_FIELDS,
  spikeVectorFromNpy,
  spikeVectorToNpy,
} from "../../../src/io/npy/index.js";
import { PYTHON_SI, readBytes } from "./fixture-files.js";

const MAX_EXACT = Number.MAX_SAFE_INTEGER;

describe("spikeVectorToNpy / spikeVectorFromNpy", () => {
  test("writes the SpikeInterface spike dtype, byte-identical to numpy's header", () => {
    const npy = spikeVectorToNpy({
      sampleIndex: new Float64Array([9, 1776]),
      unitIndex: new Int32Array([5, 0]),
      segmentIndex: new Int32Array([0, 1]),
    });
    assert.deepEqual(
      npy.fields.map((f) => f.name),
      [...SPIKE_VECTOR_FIELDS],
    );
    const bytes = encodeNpy(npy);
    const header = new TextDecoder().decode(bytes.subarray(10, 192));
    assert.equal(
      header.trimEnd(),
      "{'descr': [('sample_index', '<i8'), ('unit_index', '<i8'), ('segment_index', '<i8')], 'fortran_order': False, 'shape': (2,), }",
    );
    const records = new BigInt64Array(bytes.buffer.slice(192));
    assert.deepEqual(Array.from(records), [9n, 5n, 0n, 1776n, 0n, 1n]);
  });

  test("round trip keeps every value, including ±2^53-1 samples and negative indices", () => {
    const arb = fc.integer({ min: 0, max: 50 }).chain((n) =>
      fc.record({
        sampleIndex: fc.array(fc.integer({ min: -MAX_EXACT, max: MAX_EXACT }), {
          minLength: n,
          maxLength: n,
        }),
        unitIndex: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), {
          minLength: n,
          maxLength: n,
        }),
        segmentIndex: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), {
          minLength: n,
          maxLength: n,
        }),
      }),
    );
    fc.assert(
      fc.property(arb, (v) => {
        const columns = {
          sampleIndex: Float64Array.from(v.sampleIndex),
          unitIndex: Int32Array.from(v.unitIndex),
          segmentIndex: Int32Array.from(v.segmentIndex),
        };
        const npy = spikeVectorToNpy(columns);
        const sample = npy.data.sample_index as BigInt64Array;
        assert.deepEqual(Array.from(sample), v.sampleIndex.map(BigInt));
        const bytes = encodeNpy(npy);
        assert.deepEqual(spikeVectorFromNpy(parseNpy(bytes)), columns);
        assert.deepEqual(encodeSpikeVectorNpy(columns), bytes);
        assert.deepEqual(readSpikeVectorNpy(bytes), columns);
      }),
      { numRuns: 200 },
    );
  });

  test("accepts narrower integer fields and extra fields", () => {
    const npy = npyFromColumns({
      sample_index: new Int32Array([3, 4]),
      unit_index: new Uint16Array([1, 2]),
      segment_index: new Int8Array([0, 0]),
      channel_index: new BigInt64Array([7n, 8n]),
    });
    assert.deepEqual(spikeVectorFromNpy(npy), {
      sampleIndex: new Float64Array([3, 4]),
      unitIndex: new Int32Array([1, 2]),
      segmentIndex: new Int32Array([0, 0]),
    });
  });

  test("values a Float64Array/Int32Array cannot hold exactly are FileFormatErrors naming the value", () => {
    const make = (sample: bigint, unit: bigint) =>
      npyFromColumns({
        sample_index: new BigInt64Array([0n, sample]),
        unit_index: new BigInt64Array([0n, unit]),
        segment_index: new BigInt64Array([0n, 0n]),
      });
    const check = (npy: ReturnType<typeof make>, pattern: RegExp) =>
      assert.throws(
        () => spikeVectorFromNpy(npy, "f/spikes.npy"),
        (err: unknown) => err instanceof FileFormatError && pattern.test(err.message),
      );
    check(make(2n ** 53n, 0n), /^f\/spikes\.npy: spike 1: sample_index 9007199254740992 is beyond 2\^53/);
    check(make(-(2n ** 60n), 0n), /sample_index -1152921504606846976 is beyond 2\^53/);
    check(make(0n, 2n ** 31n), /spike 1: unit_index 2147483648 does not fit int32/);
    check(make(0n, -(2n ** 31n) - 1n), /unit_index -2147483649 does not fit int32/);
    assert.equal(spikeVectorFromNpy(make(2n ** 53n - 1n, -(2n ** 31n))).sampleIndex[1], MAX_EXACT);
  });

  test("wrong layouts are FileFormatErrors", () => {
    const throws = (npy: Parameters<typeof spikeVectorFromNpy>[0], pattern: RegExp) =>
      assert.throws(
        () => spikeVectorFromNpy(npy, "s.npy"),
        (err: unknown) => err instanceof FileFormatError && pattern.test(err.message),
      );
    throws(npyFromTypedArray(new BigInt64Array(3)), /1-D structured array, got numeric "<i8" of shape \(3\)/);
    throws(
      npyFromColumns({ sample_index: new BigInt64Array(1), unit_index: new BigInt64Array(1) }),
      /no "segment_index" field/,
    );
    throws(
      npyFromColumns({
        sample_index: new Float64Array(1),
        unit_index: new BigInt64Array(1),
        segment_index: new BigInt64Array(1),
      }),
      /field "sample_index" has dtype <f8, expected an integer/,
    );
    throws(
      npyFromColumns(
        {
          sample_index: new BigInt64Array(4),
          unit_index: new BigInt64Array(4),
          segment_index: new BigInt64Array(4),
        },
        { shape: [2, 2] },
      ),
      /of shape \(2, 2\)/,
    );
  });

  test("bad columns are InvalidArgumentErrors naming the value", () => {
    const throws = (fn: () => unknown, pattern: RegExp) =>
      assert.throws(fn, (err: unknown) => err instanceof InvalidArgumentError && pattern.test(err.message));
    const ok = { unitIndex: new Int32Array(2), segmentIndex: new Int32Array(2) };
    throws(
      () => spikeVectorToNpy({ ...ok, sampleIndex: new Float64Array([1, 2.5]) }),
      /sampleIndex\[1\] = 2.5/,
    );
    throws(
      () => spikeVectorToNpy({ ...ok, sampleIndex: new Float64Array([Number.NaN, 1]) }),
      /sampleIndex\[0\] = NaN/,
    );
    throws(
      () => spikeVectorToNpy({ ...ok, sampleIndex: new Float64Array([2 ** 53, 1]) }),
      /= 9007199254740992/,
    );
    throws(
      () => spikeVectorToNpy({ ...ok, sampleIndex: new Float64Array(3) }),
      /sampleIndex 3, unitIndex 2, segmentIndex 2/,
    );
  });

  test("readSpikeVectorNpy equals the generic path on the fixtures and on other layouts", () => {
    const bytes = readBytes(join(PYTHON_SI, "sorting/sorting_numpy_folder/spikes.npy"));
    const generic = spikeVectorFromNpy(parseNpy(bytes));
    assert.deepEqual(readSpikeVectorNpy(bytes), generic);
    // unaligned copy of the same file: falls back to the generic path
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    assert.deepEqual(readSpikeVectorNpy(shifted), generic);
    // big-endian and int32 fields are not the fast layout but read the same
    const other = npyFromColumns({
      sample_index: { data: new BigInt64Array([5n, 2n ** 40n]), descr: ">i8" },
      unit_index: new Int32Array([1, 2]),
      segment_index: new BigInt64Array([0n, 1n]),
    });
    assert.deepEqual(readSpikeVectorNpy(encodeNpy(other)), {
      sampleIndex: new Float64Array([5, 2 ** 40]),
      unitIndex: new Int32Array([1, 2]),
      segmentIndex: new Int32Array([0, 1]),
    });
  });

  test("readSpikeVectorNpy names out-of-range values and truncation", () => {
    const npy = npyFromColumns({
      sample_index: new BigInt64Array([1n, 2n, 3n]),
      unit_index: new BigInt64Array([0n, 0n, 0n]),
      segment_index: new BigInt64Array([0n, 0n, 2n ** 32n]),
    });
    const bytes = encodeNpy(npy);
    assert.throws(
      () => readSpikeVectorNpy(bytes, "x/spikes.npy"),
      (err: unknown) =>
        err instanceof FileFormatError &&
        err.message === "x/spikes.npy: spike 2: segment_index 4294967296 does not fit int32",
    );
    assert.throws(
      () => readSpikeVectorNpy(bytes.subarray(0, bytes.length - 1), "x/spikes.npy"),
      (err: unknown) =>
        err instanceof FileFormatError && /needs 72 bytes, the file holds 71/.test(err.message),
    );
  });

  test("10 million spikes: one-pass and NpyArray paths, timed", (t) => {
    const n = 10_000_000;
    const sampleIndex = new Float64Array(n);
    const unitIndex = new Int32Array(n);
    const segmentIndex = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      sampleIndex[i] = i * 3 + 4_000_000_000; // crosses 2^32 to exercise the high word
      unitIndex[i] = i % 397;
      segmentIndex[i] = i >= n / 2 ? 1 : 0;
    }
    const columns = { sampleIndex, unitIndex, segmentIndex };
    let start = performance.now();
    const bytes = encodeSpikeVectorNpy(columns);
    const encodeMs = performance.now() - start;
    start = performance.now();
    const back = readSpikeVectorNpy(bytes);
    const readMs = performance.now() - start;
    start = performance.now();
    const viaNpy = spikeVectorFromNpy(parseNpy(bytes));
    const viaNpyMs = performance.now() - start;
    t.diagnostic(
      `10M spikes: encodeSpikeVectorNpy ${encodeMs.toFixed(0)} ms, readSpikeVectorNpy ${readMs.toFixed(0)} ms, ` +
        `parseNpy+spikeVectorFromNpy ${viaNpyMs.toFixed(0)} ms`,
    );
    assert.equal(bytes.length, 192 + 24 * n);
    assert.deepEqual(back, columns);
    assert.deepEqual(viaNpy, columns);
    // generous bound for slow CI machines; the measured figures are in the diagnostic above
    assert.ok(readMs < 2000, `reading took ${readMs} ms`);
  });
});
