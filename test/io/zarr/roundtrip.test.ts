import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  type CodecConfig,
  createArray,
  MemoryStore,
  openArray,
  type ZarrValues,
} from "../../../src/io/zarr/index.js";

type Kind =
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "float32"
  | "float64"
  | "bool"
  | "<U3";

const KINDS: Kind[] = [
  "int8",
  "uint8",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "int64",
  "float32",
  "float64",
  "bool",
  "<U3",
];

const COMPRESSORS: (CodecConfig | null)[] = [
  null,
  { id: "blosc", cname: "zstd", clevel: 5, shuffle: 2, blocksize: 0 },
  { id: "blosc", cname: "zstd", clevel: 1, shuffle: 1, blocksize: 0 },
  { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 },
  { id: "blosc", cname: "zlib", clevel: 3, shuffle: 0, blocksize: 0 },
  { id: "blosc", cname: "zstd", clevel: 5, shuffle: 2, blocksize: 128 },
  { id: "zstd", level: 1 },
  { id: "lz4", acceleration: 1 },
  { id: "gzip", level: 1 },
  { id: "zlib", level: 1 },
];

function valuesArb(kind: Kind, n: number): fc.Arbitrary<ZarrValues> {
  const ints = (min: number, max: number) =>
    fc.array(fc.integer({ min, max }), { minLength: n, maxLength: n });
  switch (kind) {
    case "int8":
      return ints(-128, 127).map((a) => Int8Array.from(a));
    case "uint8":
      return ints(0, 255).map((a) => Uint8Array.from(a));
    case "int16":
      return ints(-32768, 32767).map((a) => Int16Array.from(a));
    case "uint16":
      return ints(0, 65535).map((a) => Uint16Array.from(a));
    case "int32":
      return ints(-(2 ** 31), 2 ** 31 - 1).map((a) => Int32Array.from(a));
    case "uint32":
      return ints(0, 2 ** 32 - 1).map((a) => Uint32Array.from(a));
    case "int64":
      return fc
        .array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: n, maxLength: n })
        .map((a) => BigInt64Array.from(a));
    case "float32":
      return fc.array(fc.float(), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a));
    case "float64":
      return fc.array(fc.double(), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));
    case "bool":
      return ints(0, 1).map((a) => Uint8Array.from(a));
    case "<U3":
      return fc.array(fc.string({ maxLength: 3, unit: "grapheme-ascii" }), { minLength: n, maxLength: n });
  }
}

const caseArb = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    shape: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }),
    chunkExtra: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 3, maxLength: 3 }),
    compressor: fc.constantFrom(...COMPRESSORS),
    delta: fc.boolean(),
  })
  .chain((c) => {
    const n = c.shape.reduce((a, b) => a * b, 1);
    const chunks = c.shape.map((s, d) => Math.max(1, Math.min(s + 2, 1 + c.chunkExtra[d])));
    const window = fc.tuple(
      ...c.shape.map((s) => fc.tuple(fc.integer({ min: 0, max: s }), fc.integer({ min: 0, max: s }))),
    );
    return fc.record({ c: fc.constant({ ...c, chunks }), values: valuesArb(c.kind, n), window });
  });

/** The box [start, end) of a C-order array, by plain index arithmetic (the test's oracle). */
function slice<T>(values: ArrayLike<T>, shape: number[], start: number[], end: number[]): T[] {
  const out: T[] = [];
  const idx = [...start];
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  if (start.some((s, d) => s >= end[d])) return out;
  for (;;) {
    out.push(values[idx.reduce((a, i, d) => a + i * strides[d], 0)]);
    let d = idx.length - 1;
    while (d >= 0) {
      idx[d]++;
      if (idx[d] < end[d]) break;
      idx[d] = start[d];
      d--;
    }
    if (d < 0) return out;
  }
}

describe("write then read", () => {
  test("any dtype, shape, chunking and codec re-reads identically; windows equal slicing (property)", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ c, values, window }) => {
        const store = new MemoryStore();
        const isInt = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64"].includes(c.kind);
        const filters =
          c.delta && isInt ? [{ id: "delta", dtype: c.kind === "int64" ? "<i8" : dtypeStr(c.kind) }] : null;
        const arr = await createArray(store, "a/b", {
          shape: c.shape,
          chunks: c.chunks,
          dtype: c.kind,
          compressor: c.compressor,
          filters,
          cache: null,
        });
        await arr.writeWhole(values);
        const again = await openArray(store, "a/b", { cache: null });
        assert.deepEqual(again.meta, arr.meta);
        const whole = await again.readWhole();
        assert.deepEqual(plain(whole), plain(values));
        const start = window.map(([a, b]) => Math.min(a, b));
        const end = window.map(([a, b]) => Math.max(a, b));
        const part = await again.readRegion({ start, end });
        assert.deepEqual(plain(part), slice(plain(values) as unknown[], c.shape, start, end));
      }),
      { numRuns: 150 },
    );
  });

  test("object arrays (json2, vlen-utf8) round trip", async () => {
    const store = new MemoryStore();
    const docs = [{ a: 1, b: [1.5, null, "x"] }, { nested: { k: true } }, "text", 7];
    const a = await createArray(store, "obj", {
      shape: [4],
      chunks: [3],
      dtype: "|O",
      filters: [{ id: "json2" }],
      cache: null,
    });
    await a.writeWhole(docs);
    assert.deepEqual(await (await openArray(store, "obj")).readWhole(), docs);
    const v = await createArray(store, "vlen", {
      shape: [3],
      dtype: "|O",
      filters: [{ id: "vlen-utf8" }],
      compressor: null,
    });
    await v.writeWhole(["a", "é", ""]);
    assert.deepEqual(await v.readRegion({ start: [1], end: [3] }), ["é", ""]);
  });

  test("an edge chunk is stored padded to the full chunk shape with the fill value", async () => {
    const store = new MemoryStore();
    const a = await createArray(store, "x", {
      shape: [5],
      chunks: [4],
      dtype: "int16",
      fillValue: -7,
      compressor: null,
    });
    await a.writeChunk([1], Int16Array.from([42]));
    assert.deepEqual(Array.from(new Int16Array(store.map.get("/x/1")!.slice().buffer)), [42, -7, -7, -7]);
    assert.deepEqual(Array.from((await a.readWhole()) as Int16Array), [-7, -7, -7, -7, 42]);
  });
});

function dtypeStr(kind: string): string {
  return (
    { int8: "|i1", uint8: "|u1", int16: "<i2", uint16: "<u2", int32: "<i4", uint32: "<u4" }[kind] ?? kind
  );
}

function plain(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>);
  return v;
}
