import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  decodeBloscFrame,
  encodeBloscFrame,
  parseBloscHeader,
} from "../../../src/io/zarr/codecs/blosc-frame.js";
import { bloscZstdLevel, innerCompressor } from "../../../src/io/zarr/codecs/blosc-inner.js";
import { lz4DecodeBlock } from "../../../src/io/zarr/codecs/lz4-block.js";
import {
  wasmBloscDecode,
  wasmBloscEncode,
  wasmLz4CompressWithSize,
  wasmZstdCompress,
  wasmZstdDecompress,
} from "../../../src/io/zarr/codecs/numcodecs-wasm.js";
import {
  bitShuffle,
  bitShuffleJs,
  bitUnshuffle,
  byteShuffle,
  byteShuffleJs,
  byteUnshuffle,
} from "../../../src/io/zarr/codecs/shuffle.js";
import { shuffleKernels } from "../../../src/io/zarr/codecs/simd-kernels.js";
import { CORRUPT, UNSUPPORTED, zstdDecodeSimple } from "../../../src/io/zarr/codecs/zstd-decoder.js";
import {
  BloscCodec,
  type CodecConfig,
  configureBlosc,
  DeltaCodec,
  getCodec,
  Json2Codec,
  VlenUtf8Codec,
  zstdCompress,
} from "../../../src/io/zarr/index.js";
import {
  compactPythonJsonDumps,
  parseJsonKeepFloats,
  parsePythonJsonText,
  pythonFloatRepr,
  zarrJsonDumps,
} from "../../../src/io/zarr/json.js";

const GEN = "test/fixtures/generated/zarr/py.zarr";
const ctx = (itemsize: number) => ({ itemsize, where: "test" });

/** Bytes with structure an LZ matcher can find: random runs, repeats of earlier data, constant runs. */
const structuredBytes = fc
  .array(
    fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 300 }),
      fc.record({ back: fc.integer({ min: 1, max: 5000 }), len: fc.integer({ min: 1, max: 3000 }) }),
      fc.record({ byte: fc.integer({ min: 0, max: 255 }), run: fc.integer({ min: 1, max: 5000 }) }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => {
    const out: number[] = [];
    for (const p of parts) {
      if (p instanceof Uint8Array) out.push(...p);
      else if ("back" in p) {
        if (out.length === 0) continue;
        const from = Math.max(0, out.length - p.back);
        for (let i = 0; i < p.len; i++) out.push(out[from + (i % (out.length - from))]);
      } else for (let i = 0; i < p.run; i++) out.push(p.byte);
    }
    return Uint8Array.from(out);
  });

function bitShuffleReference(src: Uint8Array, ts: number): Uint8Array {
  const n = Math.floor(src.length / ts);
  if (n % 8 !== 0) return src.slice();
  const out = new Uint8Array(src.length);
  const rb = n / 8;
  for (let j = 0; j < ts; j++)
    for (let k = 0; k < 8; k++)
      for (let i = 0; i < n; i++) out[(j * 8 + k) * rb + (i >> 3)] |= ((src[i * ts + j] >> k) & 1) << (i & 7);
  out.set(src.subarray(n * ts), n * ts);
  return out;
}

describe("TS zstd encoder", () => {
  test("frames decode with libzstd to the input (property)", async () => {
    await fc.assert(
      fc.asyncProperty(structuredBytes, fc.integer({ min: 0, max: 20000 }), async (data, hint) => {
        const frame = zstdCompress(data, { hintOffsets: [hint] });
        const back = data.length === 0 ? new Uint8Array(0) : await wasmZstdDecompress(frame);
        assert.deepEqual(back, data);
        assert.ok(frame.length <= data.length + 3 * Math.ceil(Math.max(1, data.length) / 131072) + 18);
      }),
      { numRuns: 60 },
    );
  });

  test("the TS decoder reads our frames, declines libzstd's, and reports corruption (property)", async () => {
    await fc.assert(
      fc.asyncProperty(structuredBytes, fc.integer({ min: 0, max: 20000 }), async (data, hint) => {
        const frame = zstdCompress(data, { hintOffsets: [hint] });
        const out = new Uint8Array(data.length);
        assert.equal(zstdDecodeSimple(frame, out), data.length);
        assert.deepEqual(out, data);
        if (data.length > 0) {
          const lib = await wasmZstdCompress(data, 3);
          const r = zstdDecodeSimple(lib, new Uint8Array(data.length));
          assert.ok(r === UNSUPPORTED || r === data.length);
          const bad = frame.slice();
          bad[bad.length - 1] ^= 0xff;
          const rb = zstdDecodeSimple(bad, new Uint8Array(data.length));
          assert.ok(rb === CORRUPT || rb === UNSUPPORTED || rb === data.length);
        }
      }),
      { numRuns: 60 },
    );
  });

  test("multi-block frames, runs and incompressible data", async () => {
    const runs = new Uint8Array(300_000).fill(7);
    const rnd = Uint8Array.from({ length: 200_000 }, (_, i) => (Math.imul(i, 2654435761) >>> 13) & 255);
    const mixed = new Uint8Array(400_000);
    for (let i = 0; i < mixed.length; i++) mixed[i] = i % 65536 < 30000 ? rnd[i % rnd.length] : (i >> 12) & 3;
    for (const data of [runs, rnd, mixed, new Uint8Array(1), new Uint8Array(0)]) {
      const frame = zstdCompress(data);
      const back = data.length === 0 ? new Uint8Array(0) : await wasmZstdDecompress(frame);
      assert.deepEqual(back, data);
    }
    assert.ok(zstdCompress(runs).length < 100);
    assert.ok(zstdCompress(rnd).length <= rnd.length + 20);
  });
});

describe("shuffles", () => {
  test("bit shuffle equals the bit-by-bit definition; both shuffles invert (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.uint8Array({ maxLength: 600 }), (ts, src) => {
        const a = new Uint8Array(src.length);
        bitShuffle(src, 0, a, 0, src.length, ts);
        assert.deepEqual(a, bitShuffleReference(src, ts));
        const b = new Uint8Array(src.length);
        bitUnshuffle(a, 0, b, 0, src.length, ts);
        assert.deepEqual(b, src);
        byteShuffle(src, 0, a, 0, src.length, ts);
        byteUnshuffle(a, 0, b, 0, src.length, ts);
        assert.deepEqual(b, src);
      }),
    );
  });

  test("SIMD kernels agree with the JS shuffles (item sizes 1-16, blocks past the SIMD threshold)", () => {
    assert.ok(shuffleKernels() !== null, "WebAssembly SIMD is available in Node >= 16");
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 3, 4, 8, 16),
        fc.uint8Array({ minLength: 250, maxLength: 5000 }),
        (ts, src) => {
          const len = src.length;
          const a = new Uint8Array(len);
          const b = new Uint8Array(len);
          bitShuffle(src, 0, a, 0, len, ts);
          bitShuffleJs(src, 0, b, 0, len, ts);
          assert.deepEqual(a, b);
          bitUnshuffle(a, 0, b, 0, len, ts);
          assert.deepEqual(b, src);
          byteShuffle(src, 0, a, 0, len, ts);
          byteShuffleJs(src, 0, b, 0, len, ts);
          assert.deepEqual(a, b);
          byteUnshuffle(a, 0, b, 0, len, ts);
          assert.deepEqual(b, src);
        },
      ),
      { numRuns: 200 },
    );
  });

  test("byte shuffle layout", () => {
    const out = new Uint8Array(7);
    byteShuffle(Uint8Array.from([1, 2, 3, 4, 5, 6, 9]), 0, out, 0, 7, 2);
    assert.deepEqual(Array.from(out), [1, 3, 5, 2, 4, 6, 9]);
  });
});

describe("Blosc frames", () => {
  const pyChunks: [string, string, number][] = [
    ["blosc_zstd_bit", "0.0", 2],
    ["blosc_zstd_byte", "0.0", 2],
    ["blosc_lz4_shuf", "0.0", 2],
    ["blosc_lz4hc_noshuf", "0.0", 2],
    ["blosc_zlib_bit", "0.0", 4],
    ["blosc_clevel0", "0.0", 2],
    ["blosc_odd_blocks", "0", 2],
    ["blosc_i1", "0", 1],
    ["big_mt", "0.0", 2],
  ];

  for (const [name, chunk, itemsize] of pyChunks) {
    test(`${name}: TS decode = c-blosc decode; our frame header matches Python's`, async () => {
      const frame = new Uint8Array(readFileSync(`${GEN}/${name}/${chunk}`));
      const cfg = JSON.parse(readFileSync(`${GEN}/${name}/.zarray`, "utf8")).compressor;
      const ours = await decodeBloscFrame(frame, name);
      assert.deepEqual(ours, await wasmBloscDecode(frame));
      const codec = BloscCodec.fromConfig(cfg);
      const again = await codec.encode(ours, ctx(itemsize));
      assert.deepEqual(
        Array.from(again.subarray(0, 12)),
        Array.from(frame.subarray(0, 12)),
        "version, flags, typesize, nbytes, blocksize",
      );
      assert.deepEqual(await codec.decode(again, ctx(itemsize)), ours);
    });
  }

  test("on Gaussian noise our zstd frames are within 1% of Python's size", async () => {
    const frame = new Uint8Array(readFileSync(`${GEN}/noise_si/0.0`));
    const raw = await decodeBloscFrame(frame, "noise_si");
    const again = await BloscCodec.fromConfig({
      id: "blosc",
      cname: "zstd",
      clevel: 5,
      shuffle: 2,
      blocksize: 0,
    }).encode(raw, ctx(2));
    assert.ok(again.length <= frame.length * 1.01, `${again.length} vs Python ${frame.length}`);
  });

  test("round trip over cnames, shuffles, levels, typesizes (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        structuredBytes,
        fc.constantFrom("zstd", "lz4", "lz4hc", "zlib", "blosclz"),
        fc.constantFrom(0, 1, 2),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom(1, 2, 4, 8),
        fc.constantFrom(0, 0, 256, 1000),
        async (data, cname, shuffle, clevel, itemsize, blocksize) => {
          const codec = new BloscCodec({ cname: cname as "zstd", shuffle: shuffle as 0, clevel, blocksize });
          const enc = await codec.encode(data, ctx(itemsize));
          assert.deepEqual(await codec.decode(enc, ctx(itemsize)), data);
          assert.deepEqual(await wasmBloscDecode(enc), data);
          assert.ok(enc.length <= data.length + 16);
        },
      ),
      { numRuns: 80 },
    );
  });

  test("libzstd mode produces c-blosc-compatible frames too", async () => {
    configureBlosc({ zstdEncoder: "libzstd" });
    try {
      const data = new Uint8Array(readFileSync(`${GEN}/blosc_zstd_bit/0.0`));
      const raw = await decodeBloscFrame(data, "x");
      const enc = await getDefaultCodec().encode(raw, ctx(2));
      assert.deepEqual(await wasmBloscDecode(enc), raw);
    } finally {
      configureBlosc({ zstdEncoder: "fast" });
    }
    assert.equal(bloscZstdLevel(5), 9);
    assert.equal(bloscZstdLevel(1), 1);
    assert.equal(bloscZstdLevel(9), 22);
  });

  test("frames from numcodecs.js (typesize 4) decode", async () => {
    const data = Uint8Array.from({ length: 10000 }, (_, i) => (i * 7) & 0xff);
    const enc = await wasmBloscEncode(data, { cname: "zstd", clevel: 5, shuffle: 2, blocksize: 0 });
    assert.equal(parseBloscHeader(enc, "x").typesize, 4);
    assert.deepEqual(await decodeBloscFrame(enc, "x"), data);
  });

  test("incompressible input falls back to a raw (memcpyed) frame", async () => {
    let x = 12345;
    const rnd = Uint8Array.from({ length: 5000 }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 255;
    });
    const inner = innerCompressor("zstd", {})!;
    const enc = await encodeBloscFrame(
      rnd,
      { cname: "zstd", clevel: 5, shuffle: 0, blocksize: 0, typesize: 1 },
      inner,
    );
    assert.equal(enc.length, rnd.length + 16);
    assert.ok(parseBloscHeader(enc, "x").memcpyed);
    assert.deepEqual(await decodeBloscFrame(enc, "x"), rnd);
  });
});

function getDefaultCodec(): BloscCodec {
  return new BloscCodec({ cname: "zstd", clevel: 5, shuffle: 2, blocksize: 0 });
}

describe("other codecs", () => {
  test("LZ4 block decoder reads liblz4 output and rejects garbage", async () => {
    await fc.assert(
      fc.asyncProperty(structuredBytes, async (data) => {
        const enc = await wasmLz4CompressWithSize(data, 1);
        const out = new Uint8Array(data.length);
        assert.equal(lz4DecodeBlock(enc.subarray(4), out), data.length);
        assert.deepEqual(out, data);
      }),
      { numRuns: 40 },
    );
    assert.equal(lz4DecodeBlock(Uint8Array.from([0x0f, 1, 2]), new Uint8Array(100)), -1);
    assert.equal(lz4DecodeBlock(Uint8Array.from([0x10, 65, 0x09, 0x00]), new Uint8Array(100)), -1);
  });

  test("zstd, lz4, gzip, zlib codecs round trip", async () => {
    const data = Uint8Array.from({ length: 50000 }, (_, i) => (i % 251) ^ (i >> 9));
    const configs: CodecConfig[] = [
      { id: "zstd", level: 3 },
      { id: "lz4", acceleration: 1 },
      { id: "gzip", level: 5 },
      { id: "zlib", level: 1 },
    ];
    for (const config of configs) {
      const c = getCodec(config, "t");
      assert.equal(c.kind, "bytes");
      if (c.kind !== "bytes") continue;
      assert.deepEqual(c.config, config);
      const enc = await c.encode(data, ctx(1));
      assert.ok(enc.length < data.length / 2, config.id);
      assert.deepEqual(await c.decode(enc, ctx(1)), data);
    }
  });

  test("Delta: known vector, wrapping, int64 beyond 2^53 (property)", () => {
    const d16 = new DeltaCodec({ id: "delta", dtype: "<i2", astype: "<i2" });
    const enc = d16.encode(new Uint8Array(Int16Array.from([10, 12, 15, -32768]).buffer), ctx(2));
    assert.deepEqual(Array.from(new Int16Array(enc.buffer)), [10, 2, 3, 32753]); // -32768 - 15 wraps
    const d64 = new DeltaCodec({ id: "delta", dtype: "<i8" });
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 50 }),
        (xs) => {
          const bytes = new Uint8Array(BigInt64Array.from(xs).buffer);
          const e = d64.encode(bytes, ctx(8));
          const diffs = new BigInt64Array(e.buffer);
          for (let i = 1; i < xs.length; i++) assert.equal(diffs[i], BigInt.asIntN(64, xs[i] - xs[i - 1]));
          assert.deepEqual(Array.from(new BigInt64Array(d64.decode(e, ctx(8)).buffer)), xs);
        },
      ),
    );
    const mixed = new DeltaCodec({ id: "delta", dtype: "<i4", astype: "<i2" });
    const xs = Int32Array.from([0, 10, 20, 35]);
    const e = mixed.encode(new Uint8Array(xs.buffer), ctx(4));
    assert.deepEqual(Array.from(new Int16Array(e.buffer)), [0, 10, 10, 15]);
    assert.deepEqual(Array.from(new Int32Array(mixed.decode(e, ctx(2)).buffer)), [0, 10, 20, 35]);
    assert.equal(mixed.encodedItemsize(), 2);
  });

  test("json2 and vlen-utf8 object codecs", () => {
    const j = new Json2Codec();
    const bytes = j.encode([{ b: 1.5, a: "\u{1d11e}" }]);
    assert.equal(new TextDecoder().decode(bytes), '[{"a":"\\ud834\\udd1e","b":1.5},"|O",[1]]');
    assert.deepEqual(j.decode(bytes, ctx(1)), [{ a: "\u{1d11e}", b: 1.5 }]);
    const v = new VlenUtf8Codec();
    assert.deepEqual(v.decode(v.encode(["", "é", "abc"], ctx(1)), ctx(1)), ["", "é", "abc"]);
  });
});

describe("Python JSON", () => {
  test("float repr", () => {
    const cases: [number, string][] = [
      [0, "0.0"],
      [1, "1.0"],
      [30000, "30000.0"],
      [0.195, "0.195"],
      [1e-5, "1e-05"],
      [0.0001, "0.0001"],
      [1e16, "1e+16"],
      [1.5e300, "1.5e+300"],
      [-0, "-0.0"],
      [123456789012345680, "1.2345678901234568e+17"],
      [0.1 + 0.2, "0.30000000000000004"],
      [1e15 + 0.5, "1000000000000000.5"],
      [5e-324, "5e-324"],
      [2.5e-5, "2.5e-05"],
      [123.456, "123.456"],
      [Number.NaN, "NaN"],
      [-Infinity, "-Infinity"],
    ];
    for (const [x, s] of cases) assert.equal(pythonFloatRepr(x), s, String(x));
  });

  test("parsing: bare NaN/Infinity, strings left alone, own __proto__ keys, floats kept on request", () => {
    const text = '{"s": "x: NaN, y", "v": [NaN, -Infinity, 1.0, 2], "__proto__": {"a": 1}}';
    const v = parsePythonJsonText(text, "t") as Record<string, unknown>;
    assert.equal(v.s, "x: NaN, y");
    assert.deepEqual(v.v, [Number.NaN, Number.NEGATIVE_INFINITY, 1, 2]);
    assert.ok(Object.hasOwn(v, "__proto__"));
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    const kept = parseJsonKeepFloats(text, "t");
    assert.equal(compactPythonJsonDumps((kept as Record<string, unknown>).v), "[NaN,-Infinity,1.0,2]");
    assert.throws(
      () => parsePythonJsonText('{"a": 1,}', "file.json"),
      /file\.json: not valid JSON at offset/,
    );
  });

  test("json.dumps(indent=4, sort_keys, ensure_ascii) and the compact form", () => {
    const v = { b: [], a: {}, c: [1, { z: "\u00e9\u007f\n", y: null }], d: Number.NaN };
    assert.equal(
      zarrJsonDumps(v),
      '{\n    "a": {},\n    "b": [],\n    "c": [\n        1,\n        {\n            "y": null,\n            "z": "\\u00e9\\u007f\\n"\n        }\n    ],\n    "d": NaN\n}',
    );
    assert.equal(compactPythonJsonDumps([{ b: 1.5, a: "x" }, "|O", [1]]), '[{"a":"x","b":1.5},"|O",[1]]');
  });
});
