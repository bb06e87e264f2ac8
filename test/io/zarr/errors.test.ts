import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  FileFormatError,
  InvalidArgumentError,
  isSiError,
  SpikeInterfaceError,
} from "../../../src/errors.js";
import {
  BloscCodec,
  configureBlosc,
  createArray,
  createGroup,
  getDefaultZarrCompressor,
  MemoryStore,
  openArray,
  readWhole,
  UnsupportedCodecError,
  writeArray,
  type ZarrStore,
} from "../../../src/io/zarr/index.js";
import { zarrJsonBytes } from "../../../src/io/zarr/json.js";

const enc = (o: unknown) => zarrJsonBytes(o);

async function blosc1d(store: MemoryStore, path: string, n = 5000) {
  return writeArray(
    store,
    path,
    Int16Array.from({ length: n }, (_, i) => i % 300),
    {
      chunks: [2000],
      compressor: getDefaultZarrCompressor(),
      cache: null,
    },
  );
}

function isError(cls: new (...a: never[]) => Error, ...patterns: RegExp[]) {
  return (err: unknown) => {
    assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
    for (const p of patterns) assert.match((err as Error).message, p);
    return true;
  };
}

describe("missing chunks read as the fill value", () => {
  test("never-written chunks, NaN and explicit fill values", async () => {
    const store = new MemoryStore();
    const a = await createArray(store, "f", {
      shape: [5],
      chunks: [2],
      dtype: "float64",
      fillValue: Number.NaN,
      compressor: null,
    });
    await a.writeChunk([1], Float64Array.from([1, 2]));
    assert.deepEqual(Array.from((await a.readWhole()) as Float64Array), [
      Number.NaN,
      Number.NaN,
      1,
      2,
      Number.NaN,
    ]);
    const s = await createArray(store, "s", { shape: [3], dtype: "<U2", fillValue: "ab", compressor: null });
    assert.deepEqual(await s.readWhole(), ["ab", "ab", "ab"]);
    const i = await createArray(store, "i", { shape: [2, 2], chunks: [1, 2], dtype: "int64", fillValue: 7n });
    assert.deepEqual(Array.from((await i.readWhole()) as BigInt64Array), [7n, 7n, 7n, 7n]);
    const b = await createArray(store, "b", { shape: [3], dtype: "bool", fillValue: true, compressor: null });
    assert.deepEqual(Array.from((await b.readWhole()) as Uint8Array), [1, 1, 1]);
  });
});

describe("corrupt data names the array and the chunk", () => {
  test("garbage in a Blosc chunk", async () => {
    const store = new MemoryStore();
    await blosc1d(store, "rec/traces");
    await store.set("/rec/traces/1", Uint8Array.from([1, 2, 3, 4, 5]));
    await assert.rejects(
      readWhole(store, "rec/traces", { cache: null }),
      isError(FileFormatError, /"rec\/traces"/, /chunk \/rec\/traces\/1/, /16-byte header/),
    );
  });

  test("truncated and bit-flipped Blosc frames", async () => {
    const store = new MemoryStore();
    await blosc1d(store, "x");
    const good = store.map.get("/x/0")!;
    await store.set("/x/0", good.subarray(0, good.length - 10));
    await assert.rejects(
      readWhole(store, "x", { cache: null }),
      isError(FileFormatError, /chunk \/x\/0/, /truncated/),
    );
    const flipped = good.slice();
    for (let i = 40; i < flipped.length; i += 7) flipped[i] ^= 0x5a;
    await store.set("/x/0", flipped);
    await assert.rejects(
      readWhole(store, "x", { cache: null }),
      isError(FileFormatError, /chunk \/x\/0/, /corrupt Blosc block/),
    );
  });

  test("uncompressed chunk of the wrong size; corrupt gzip; bad json2 text", async () => {
    const store = new MemoryStore();
    await writeArray(store, "raw", Int32Array.from([1, 2, 3]), { compressor: null });
    await store.set("/raw/0", new Uint8Array(5));
    await assert.rejects(
      readWhole(store, "raw"),
      isError(FileFormatError, /chunk \/raw\/0/, /5 bytes, expected 12/),
    );
    await writeArray(store, "gz", Int32Array.from([1, 2, 3]), { compressor: { id: "gzip", level: 1 } });
    await store.set("/gz/0", Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2]));
    await assert.rejects(
      readWhole(store, "gz", { cache: null }),
      isError(FileFormatError, /chunk \/gz\/0/, /corrupt gzip/),
    );
    await writeArray(store, "o", [{ a: 1 }], { dtype: "|O", filters: [{ id: "json2" }], compressor: null });
    await store.set("/o/0", new TextEncoder().encode('{"not": "a list"}'));
    await assert.rejects(
      readWhole(store, "o", { cache: null }),
      isError(FileFormatError, /chunk \/o\/0/, /json2/),
    );
  });
});

describe("bad metadata", () => {
  test("unknown codec, unsupported dtype, zarr v3, inconsistent chunks", async () => {
    const store = new MemoryStore();
    const meta = {
      chunks: [2],
      compressor: { id: "lzma", preset: 1 },
      dtype: "<i4",
      fill_value: 0,
      filters: null,
      order: "C",
      shape: [4],
      zarr_format: 2,
    };
    await store.set("/a/.zarray", enc(meta));
    await assert.rejects(openArray(store, "a"), isError(UnsupportedCodecError, /"lzma"/, /\/a\/\.zarray/));
    await store.set("/b/.zarray", enc({ ...meta, compressor: null, dtype: "<M8[ns]" }));
    await assert.rejects(openArray(store, "b"), isError(FileFormatError, /"<M8\[ns\]"/));
    await store.set("/c/.zarray", enc({ ...meta, compressor: null, zarr_format: 3 }));
    await assert.rejects(openArray(store, "c"), isError(FileFormatError, /zarr_format 3/));
    await store.set("/d/.zarray", enc({ ...meta, compressor: null, chunks: [2, 2] }));
    await assert.rejects(openArray(store, "d"), isError(FileFormatError, /chunks \[2,2\]/));
    await store.set("/e/.zarray", new TextEncoder().encode("{not json"));
    await assert.rejects(openArray(store, "e"), isError(FileFormatError, /\/e\/\.zarray/, /not valid JSON/));
    await assert.rejects(
      openArray(store, "nothing"),
      (err: unknown) => isSiError(err, "file_not_found") && /nothing/.test(String(err)),
    );
  });
});

describe("bad arguments", () => {
  test("regions, chunk coordinates, data lengths and types", async () => {
    const store = new MemoryStore();
    const a = await createArray(store, "t", {
      shape: [10, 4],
      chunks: [4, 4],
      dtype: "int16",
      compressor: null,
    });
    await assert.rejects(
      a.readRegion({ start: [0, 0], end: [11, 4] }),
      isError(InvalidArgumentError, /outside shape \[10,4\]/, /0\.\.11/),
    );
    await assert.rejects(
      a.readRegion({ start: [5, 0], end: [4, 4] }),
      isError(InvalidArgumentError, /5\.\.4/),
    );
    await assert.rejects(
      a.readRegion({ start: [0], end: [1] }),
      isError(InvalidArgumentError, /2 dimensions/),
    );
    await assert.rejects(
      a.writeChunk([3, 0], new Int16Array(16)),
      isError(InvalidArgumentError, /chunk \[3,0\] is outside the chunk grid \[3,1\]/),
    );
    await assert.rejects(
      a.writeChunk([2, 0], new Int16Array(5)),
      isError(InvalidArgumentError, /got 5 values, expected 8/),
    );
    await assert.rejects(
      a.writeChunk([0, 0], new Float32Array(16)),
      isError(InvalidArgumentError, /Float32Array/, /<i2/),
    );
    const s = await createArray(store, "s", { shape: [2], dtype: "<U2", compressor: null });
    await assert.rejects(
      s.writeChunk([0], ["ok", "toolong"]),
      isError(InvalidArgumentError, /"toolong"/, /<U2/),
    );
    await assert.rejects(
      createArray(store, "t", { shape: [1], dtype: "int8" }),
      (err: unknown) => isSiError(err, "file_exists") && /"t"/.test(String(err)),
    );
    await createArray(store, "t", { shape: [1], dtype: "int8", overwrite: true, compressor: null });
    assert.equal(store.map.get("/t/0.0"), undefined);
    await assert.rejects(
      createArray(store, "u", { shape: [1], dtype: "float16" }),
      /unsupported zarr dtype "float16"/,
    );
    await assert.rejects(createArray(store, "v", { shape: [2], dtype: "|O" }), /object codec/);
    await assert.rejects(createArray(store, "w", { shape: [2], dtype: "int8", chunks: [0] }), /chunks \[0\]/);
    await assert.rejects(createArray(store, "t/inner", { shape: [2], dtype: "int8" }), /"t" is an array/);
    assert.throws(
      () => new BloscCodec({ cname: "brotli" as "zstd" }),
      isError(InvalidArgumentError, /"brotli"/),
    );
    assert.throws(() => new BloscCodec({ clevel: 11 }), /got 11/);
    assert.throws(() => configureBlosc({ zstdEncoder: "native" as "fast" }), /"native"/);
  });

  test("read-only stores and aborted reads", async () => {
    const mem = new MemoryStore();
    await blosc1d(mem, "x");
    const readOnly: ZarrStore = { get: (k, o) => mem.get(k, o) };
    await assert.rejects(createGroup(readOnly, "g"), isError(SpikeInterfaceError, /read-only/));
    const a = await openArray(readOnly, "x", { cache: null });
    assert.equal((await a.readWhole()).length, 5000);
    await assert.rejects(a.writeChunk([0], new Int16Array(2000)), /read-only/);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(a.readWhole({ signal: ac.signal }), (err: unknown) => isSiError(err, "aborted"));
  });
});
