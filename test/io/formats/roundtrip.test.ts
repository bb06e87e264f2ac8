/**
 * Round trips (fast-check): random recordings, sortings and snippets — every trace dtype, segment
 * counts, empty segments, with and without times, probe, properties of every dtype — saved in each
 * format and loaded back are the same objects.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import fc from "fast-check";
import type { BaseExtractor } from "../../../src/base/extractor.js";
import type { Id } from "../../../src/base/ids.js";
import { allocate, type NumberArray, TRACE_DTYPES, type TraceDType } from "../../../src/dtype.js";
import {
  loadExtractor,
  NpzSortingExtractor,
  readNpzSorting,
  saveNpyFolderSnippets,
  writeNpzSorting,
} from "../../../src/io/folders/index.js";
import { generateLinearProbe } from "../../../src/probe/generators.js";
import type { BaseRecording } from "../../../src/recording/base-recording.js";
import { NumpyRecording } from "../../../src/recording/numpy-recording.js";
import type { BaseSnippets } from "../../../src/snippets/base-snippets.js";
import { NumpySnippets } from "../../../src/snippets/numpy-snippets.js";
import type { BaseSorting } from "../../../src/sorting/base-sorting.js";
import { NumpySorting } from "../../../src/sorting/numpy-sorting.js";
import { type Json, tempDir } from "./helpers.js";

const { dir, cleanup } = tempDir("si-roundtrip-");
after(cleanup);
let counter = 0;
const fresh = (name: string) => join(dir, `${name}-${counter++}`);

const RANGES: Record<TraceDType, [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-1000, 1000],
  float64: [-1e6, 1e6],
};

function fill(dtype: TraceDType, n: number, seed: number): NumberArray {
  const out = allocate(dtype, n) as NumberArray;
  const [lo, hi] = RANGES[dtype];
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const u = x / 4294967296;
    out[i] = dtype.startsWith("float") ? lo + u * (hi - lo) : Math.floor(lo + u * (hi - lo + 1));
  }
  return out;
}

const idsArb = (n: number) =>
  fc.oneof(
    fc.constant(Array.from({ length: n }, (_, i) => i as Id)),
    fc.constant(Array.from({ length: n }, (_, i) => `ch${i}` as Id)),
    fc.constant(Array.from({ length: n }, (_, i) => String(n - i) as Id)),
  );

/** Properties of every kind SpikeInterface stores, for n ids. */
const propsArb = (n: number) =>
  fc.record(
    {
      group: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
      quality: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
      f32: fc.array(fc.float({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
      area: fc.array(fc.string({ maxLength: 4 }), { minLength: n, maxLength: n }),
      good: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      loc: fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2 * n, maxLength: 2 * n }),
    },
    { requiredKeys: [] },
  );

function setProps(e: BaseExtractor, props: Record<string, unknown[]>, n: number): void {
  for (const [k, v] of Object.entries(props)) {
    if (k === "group") e.setProperty(k, v as number[], { dtype: "int64" });
    else if (k === "quality") e.setProperty(k, Float64Array.from(v as number[]));
    else if (k === "f32") e.setProperty(k, Float32Array.from(v as number[]));
    else if (k === "loc") e.setProperty(k, Float64Array.from(v as number[]), { shape: [n, 2] });
    else e.setProperty(k, v, { dtype: k === "area" ? "str" : "bool" });
  }
}

function assertSameMetadata(a: BaseExtractor, b: BaseExtractor): void {
  assert.deepEqual(b.getPropertyKeys().sort(), a.getPropertyKeys().sort());
  for (const k of a.getPropertyKeys()) {
    const p = a.getPropertyInfo(k)!;
    const q = b.getPropertyInfo(k)!;
    assert.equal(q.dtype, p.dtype, k);
    assert.deepEqual([...q.shape], [...p.shape], k);
    assert.deepEqual(
      Array.from(q.values as ArrayLike<unknown>),
      Array.from(p.values as ArrayLike<unknown>),
      k,
    );
  }
  for (const k of a.getAnnotationKeys()) assert.deepEqual(b.getAnnotation(k), a.getAnnotation(k), k);
}

const recordingArb = fc
  .record({
    dtype: fc.constantFrom(...TRACE_DTYPES),
    numChannels: fc.integer({ min: 1, max: 5 }),
    lengths: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 3 }),
    times: fc.array(fc.constantFrom("none", "tstart", "vector"), { minLength: 3, maxLength: 3 }),
    probe: fc.boolean(),
    seed: fc.integer(),
    annotation: fc.option(fc.record({ note: fc.string(), n: fc.integer() }), { nil: null }),
  })
  .chain((r) => fc.record({ r: fc.constant(r), ids: idsArb(r.numChannels), props: propsArb(r.numChannels) }));

function buildRecording(v: Json): BaseRecording {
  const { r, ids, props } = v;
  const c = r.numChannels;
  const rec = new NumpyRecording({
    tracesList: r.lengths.map((n: number, s: number) => ({
      data: fill(r.dtype, n * c, r.seed + s),
      shape: [n, c],
    })),
    samplingFrequency: 1000,
    channelIds: ids,
  });
  r.lengths.forEach((n: number, s: number) => {
    if (r.times[s] === "tstart") rec.shiftTimes(2.5 * (s + 1), { segmentIndex: s });
    if (r.times[s] === "vector" && n > 0)
      rec.setTimes(
        Float64Array.from({ length: n }, (_, i) => 100 * s + i * 0.001 + i * i * 1e-7),
        {
          segmentIndex: s,
        },
      );
  });
  if (r.probe) {
    const probe = generateLinearProbe({ numElec: c });
    probe.setDeviceChannelIndices(Int32Array.from({ length: c }, (_, i) => i));
    rec.setProbe(probe);
  }
  setProps(rec, props, c);
  if (r.annotation !== null) rec.annotate({ extra: r.annotation });
  return rec;
}

async function assertSameRecording(a: BaseRecording, b: BaseRecording): Promise<void> {
  assert.deepEqual([...b.channelIds], [...a.channelIds]);
  assert.equal(b.getDtype(), a.getDtype());
  assert.equal(b.getNumSegments(), a.getNumSegments());
  for (let s = 0; s < a.getNumSegments(); s++) {
    assert.equal(b.getNumSamples({ segmentIndex: s }), a.getNumSamples({ segmentIndex: s }));
    const x = await a.getTraces({ segmentIndex: s });
    const y = await b.getTraces({ segmentIndex: s });
    assert.deepEqual(Array.from(y.data), Array.from(x.data), `segment ${s}`);
    const ta = a.getTimeInfo({ segmentIndex: s });
    const tb = b.getTimeInfo({ segmentIndex: s });
    assert.equal(tb.tStart, ta.tStart);
    assert.deepEqual(tb.timeVector && Array.from(tb.timeVector), ta.timeVector && Array.from(ta.timeVector));
  }
  assert.equal(b.hasProbe(), a.hasProbe());
  if (a.hasProbe())
    assert.deepEqual(Array.from(b.getChannelLocations()), Array.from(a.getChannelLocations()));
  assertSameMetadata(a, b);
}

describe("recording round trips", () => {
  test("binary folder (chunked, chunks of 7 samples)", async () => {
    await fc.assert(
      fc.asyncProperty(recordingArb, async (v) => {
        const rec = buildRecording(v);
        const folder = fresh("bin");
        const saved = (await rec.save({ folder, chunkSize: 7, progressBar: false })) as BaseRecording;
        await assertSameRecording(rec, saved);
        await assertSameRecording(rec, (await loadExtractor(folder)) as BaseRecording);
        // a copy of the copy goes through the byte-copy paths
        const again = (await saved.save({ folder: fresh("bin2"), chunkSize: 5 })) as BaseRecording;
        await assertSameRecording(rec, again);
      }),
      { numRuns: 15 },
    );
  });

  test("zarr (chunks of 7 samples × 2 channels)", async () => {
    await fc.assert(
      fc.asyncProperty(recordingArb, async (v) => {
        const rec = buildRecording(v);
        const folder = fresh("rec");
        const saved = (await rec.save({
          format: "zarr",
          folder,
          chunkSize: 7,
          channelChunkSize: 2,
          progressBar: false,
        })) as BaseRecording;
        await assertSameRecording(rec, saved);
        await assertSameRecording(rec, (await loadExtractor(`${folder}.zarr`)) as BaseRecording);
      }),
      { numRuns: 15 },
    );
  });

  test("save with another dtype casts the traces", async () => {
    const rec = new NumpyRecording({
      tracesList: { data: Float32Array.from([1.7, -2.2, 300.9, 4]), shape: [2, 2] },
      samplingFrequency: 100,
    });
    for (const format of ["binary", "zarr"]) {
      const saved = (await rec.save({
        format,
        folder: fresh(`cast-${format}`),
        dtype: "int16",
      })) as BaseRecording;
      assert.equal(saved.getDtype(), "int16");
      assert.deepEqual(Array.from((await saved.getTraces()).data), [1, -2, 300, 4]);
    }
  });
});

const sortingArb = fc
  .record({
    numUnits: fc.integer({ min: 1, max: 5 }),
    numSegments: fc.integer({ min: 1, max: 3 }),
    spikes: fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.nat(), fc.nat()), { maxLength: 60 }),
  })
  .chain((r) => fc.record({ r: fc.constant(r), ids: idsArb(r.numUnits), props: propsArb(r.numUnits) }));

function buildSorting(v: Json): NumpySorting {
  const { r, ids, props } = v;
  const spikes = r.spikes as [number, number, number][];
  const sorting = NumpySorting.fromSpikeVector(
    {
      sampleIndex: Float64Array.from(spikes, (x) => x[0]),
      unitIndex: Int32Array.from(spikes, (x) => x[1] % r.numUnits),
      segmentIndex: Int32Array.from(spikes, (x) => x[2] % r.numSegments),
    },
    30000,
    ids,
    r.numSegments,
  );
  setProps(sorting, props, r.numUnits);
  sorting.annotate({ name: "random sorting" });
  return sorting;
}

function assertSameSorting(
  a: BaseSorting,
  b: BaseSorting,
  { sameVector = true, metadata = true } = {},
): void {
  assert.deepEqual([...b.unitIds], [...a.unitIds]);
  assert.equal(b.samplingFrequency, a.samplingFrequency);
  assert.equal(b.getNumSegments(), a.getNumSegments());
  if (sameVector) assert.deepEqual(b.toSpikeVector(), a.toSpikeVector());
  for (let s = 0; s < a.getNumSegments(); s++) {
    for (const unitId of a.unitIds) {
      assert.deepEqual(
        Array.from(b.getUnitSpikeTrain({ unitId, segmentIndex: s })),
        Array.from(a.getUnitSpikeTrain({ unitId, segmentIndex: s })),
      );
    }
  }
  if (metadata) assertSameMetadata(a, b);
}

describe("sorting round trips", () => {
  for (const format of ["numpy_folder", "npz_folder", "zarr"]) {
    test(format, async () => {
      await fc.assert(
        fc.asyncProperty(sortingArb, async (v) => {
          const sorting = buildSorting(v);
          const folder = fresh(format);
          const saved = await sorting.save({ format, folder });
          // npz rebuilds the vector unit by unit: equal samples come back in unit order
          const sameVector = format !== "npz_folder";
          assertSameSorting(sorting, saved, { sameVector });
          const loaded = (await loadExtractor(format === "zarr" ? `${folder}.zarr` : folder)) as BaseSorting;
          assertSameSorting(sorting, loaded, { sameVector });
        }),
        { numRuns: 15 },
      );
    });
  }

  test("npz file", async () => {
    await fc.assert(
      fc.asyncProperty(sortingArb, async (v) => {
        const sorting = buildSorting(v);
        const path = writeNpzSorting(sorting, fresh("s.npz"));
        const back = readNpzSorting(path);
        assert.ok(back instanceof NpzSortingExtractor);
        assertSameSorting(sorting, back, { sameVector: false, metadata: false });
      }),
      { numRuns: 15 },
    );
  });
});

describe("snippets round trip", () => {
  test("npy folder", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TRACE_DTYPES),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (dtype, c, counts, probe) => {
          const len = 6;
          const sn = new NumpySnippets({
            snippetsList: counts.map((n, s) => ({
              data: fill(dtype, n * len * c, s + 1),
              shape: [n, len, c] as const,
            })),
            spikesFramesList: counts.map((n) => Float64Array.from({ length: n }, (_, i) => 10 * i + 3)),
            samplingFrequency: 20000,
            nbefore: 2,
          });
          if (probe) {
            const p = generateLinearProbe({ numElec: c });
            p.setDeviceChannelIndices(Int32Array.from({ length: c }, (_, i) => i));
            sn.setProbe(p);
          }
          sn.setChannelGains(0.5);
          sn.setChannelOffsets(1);
          const folder = fresh("snip");
          await saveNpyFolderSnippets(sn, { folder });
          const back = (await loadExtractor(folder)) as BaseSnippets;
          assert.equal(back.getDtype(), dtype);
          assert.equal(back.nbefore, 2);
          assert.equal(back.getNumSegments(), counts.length);
          for (let s = 0; s < counts.length; s++) {
            assert.deepEqual(back.getFrames({ segmentIndex: s }), sn.getFrames({ segmentIndex: s }));
            const x = await sn.getSnippets({ segmentIndex: s });
            const y = await back.getSnippets({ segmentIndex: s });
            assert.deepEqual(Array.from(y.data), Array.from(x.data));
          }
          assert.equal(back.hasProbe(), probe);
          assertSameMetadata(sn, back);
        },
      ),
      { numRuns: 12 },
    );
  });
});
