import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ChunkCache,
  createArray,
  getDefaultZarrCompressor,
  MemoryStore,
  openArray,
} from "../../../src/io/zarr/index.js";

function ramp(n: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => ((i * 7919) % 401) - 200);
}

/** An int16 (rows, channels) array in `store` with the default compressor, chunked by whole rows. */
function createInt16(
  store: MemoryStore,
  name: string,
  [rows, channels]: [number, number],
  chunkRows: number,
  cache: ChunkCache | null,
) {
  return createArray(store, name, {
    shape: [rows, channels],
    chunks: [chunkRows, channels],
    dtype: "int16",
    compressor: getDefaultZarrCompressor(),
    cache,
  });
}

describe("ChunkCache", () => {
  test("LRU eviction by bytes, stats", async () => {
    const c = new ChunkCache(100);
    c.set("a", new Uint8Array(40), 40);
    c.set("b", new Uint8Array(40), 40);
    assert.ok(c.get("a")); // a is now most recent
    c.set("c", new Uint8Array(40), 40); // evicts b
    assert.equal(c.get("b"), undefined);
    assert.ok(c.get("a"));
    assert.ok(c.get("c"));
    assert.deepEqual(c.stats, { hits: 0, misses: 0, loads: 0, bytes: 80, entries: 2 });
    c.set("huge", new Uint8Array(500), 500); // larger than the cache: not stored
    assert.equal(c.get("huge"), undefined);
    c.capacity = 40;
    assert.equal(c.stats.entries, 1);
    assert.throws(() => new ChunkCache(-1), /non-negative number of bytes, got -1/);
  });

  test("concurrent loads of one key share a single load", async () => {
    const c = new ChunkCache();
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return new Uint8Array(3);
    };
    const all = await Promise.all(Array.from({ length: 10 }, () => c.getOrLoad("k", load, () => 3)));
    assert.equal(loads, 1);
    assert.ok(all.every((v) => v === all[0]));
    assert.equal(c.stats.loads, 1);
  });
});

describe("arrays through the cache", () => {
  test("many small reads in one chunk decode it once", async () => {
    const store = new MemoryStore();
    const data = ramp(3000 * 8);
    const a = await createInt16(store, "t", [3000, 8], 1000, new ChunkCache());
    await a.writeWhole(data);
    const cache = new ChunkCache();
    const b = await openArray(store, "t", { cache });
    for (let t0 = 0; t0 < 1000; t0 += 10) {
      const w = (await b.readRegion({ start: [t0, 2], end: [t0 + 10, 5] })) as Int16Array;
      assert.equal(w[0], data[t0 * 8 + 2]);
      assert.equal(w[w.length - 1], data[(t0 + 9) * 8 + 4]);
    }
    assert.equal(cache.stats.loads, 1);
    assert.equal(cache.stats.hits, 99);
    // a read spanning two chunks decodes the second one only
    await b.readRegion({ start: [990, 0], end: [1010, 8] });
    assert.equal(cache.stats.loads, 2);
    // rewriting a chunk drops it from the cache
    await b.writeChunk([0, 0], new Int16Array(8000).fill(5));
    assert.deepEqual(
      Array.from((await b.readRegion({ start: [0, 0], end: [1, 8] })) as Int16Array),
      new Array(8).fill(5),
    );
    assert.equal(cache.stats.loads, 3);
  });

  test("reads covering whole chunks decode straight into the output, bypassing the cache", async () => {
    const store = new MemoryStore();
    const data = ramp(3000 * 8);
    const a = await createInt16(store, "t", [3000, 8], 1000, null);
    await a.writeChunk([0, 0], data.subarray(0, 8000));
    await a.writeChunk([2, 0], data.subarray(16000, 24000)); // chunk 1 missing: fill value 0
    const cache = new ChunkCache();
    const b = await openArray(store, "t", { cache });
    const got = (await b.readRegion({ start: [0, 0], end: [3000, 8] })) as Int16Array;
    assert.deepEqual(got.subarray(0, 8000), data.subarray(0, 8000));
    assert.ok(got.subarray(8000, 16000).every((v) => v === 0));
    assert.deepEqual(got.subarray(16000), data.subarray(16000));
    assert.deepEqual(cache.stats, { hits: 0, misses: 0, loads: 0, bytes: 0, entries: 0 });
    // a window that cuts chunks goes through the cache
    await b.readRegion({ start: [500, 0], end: [1500, 8] });
    assert.equal(cache.stats.loads, 2);
  });

  test("small windows of a big Blosc chunk decode only their blocks (out-of-order blocks too)", async () => {
    const store = new MemoryStore();
    const T = 40000;
    const C = 16;
    const data = ramp(T * C);
    const w = await createInt16(store, "big", [T, C], T, null);
    await w.writeWhole(data);
    const cache = new ChunkCache();
    const a = await openArray(store, "big", { cache });
    for (const t0 of [0, 8191, 8192, 20000, T - 10]) {
      const win = (await a.readRegion({ start: [t0, 0], end: [t0 + 10, C] })) as Int16Array;
      assert.deepEqual(win, data.subarray(t0 * C, (t0 + 10) * C));
    }
    // 1.28 MB chunk in 256 KB blocks: each window decoded one block (two for the window across
    // the 8192-row boundary; the last block is 231424 bytes), never the whole chunk
    const stats = cache.stats;
    const block = 262144;
    const tableEntry = 16 + 4 * 5 + 64;
    assert.equal(stats.bytes, tableEntry + block + 2 * block + block + block + (T * C * 2 - 4 * block));
    assert.equal(stats.loads, 1 + 5); // block table once, then one block range per window
    // same window again: no new decode
    await a.readRegion({ start: [20000, 0], end: [20010, C] });
    assert.equal(cache.stats.loads, 6);
    // partial decoding can be turned off
    const whole = await openArray(store, "big", { cache: new ChunkCache(), partialDecode: false });
    assert.deepEqual(await whole.readRegion({ start: [5, 0], end: [6, C] }), data.subarray(5 * C, 6 * C));
    assert.equal(whole.cache!.stats.bytes, T * C * 2);
  });
});
