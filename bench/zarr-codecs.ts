/**
 * Codec micro-benchmarks for the zarr layer (not a test): one JSON line per measurement, on the
 * W2 payload — 1 s x 384 channels of int16 N(0, 20) noise (23 MB), SpikeInterface's default
 * compressor Blosc(zstd, clevel 5, bit shuffle). Each figure is the median of `--runs` runs.
 *
 *   node --import tsx bench/zarr-codecs.ts [--runs 7] [--seconds 10]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeBloscFrame } from "../src/io/zarr/codecs/blosc-frame.js";
import { wasmBloscDecode, wasmBloscEncode } from "../src/io/zarr/codecs/numcodecs-wasm.js";
import { bitShuffle, bitUnshuffle } from "../src/io/zarr/codecs/shuffle.js";
import { zstdCompress } from "../src/io/zarr/codecs/zstd-encoder.js";
import { FileSystemStore } from "../src/io/zarr/fs-store.node.js";
import {
  BloscCodec,
  ChunkCache,
  configureBlosc,
  createArray,
  getDefaultZarrCompressor,
  openArray,
} from "../src/io/zarr/index.js";

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = opt("runs", 7);
const SECONDS = opt("seconds", 10);
const FS = 30000;
const CH = 384;

function noise(n: number, seed: number): Int16Array {
  let x = seed | 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const out = new Int16Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(next() + 1e-12)) * 20;
    const a = 2 * Math.PI * next();
    out[i] = Math.trunc(r * Math.cos(a));
    if (i + 1 < n) out[i + 1] = Math.trunc(r * Math.sin(a));
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median seconds of wall time; `cpuSeconds` keeps the matching CPU time of this thread's process
 * (user + system), which stays meaningful when other processes share the cores. */
let cpuSeconds = 0;
async function time(fn: () => unknown | Promise<unknown>, runs = RUNS): Promise<number> {
  await fn(); // warm-up (JIT, wasm instantiation)
  const t: number[] = [];
  const c: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    t.push((performance.now() - t0) / 1000);
    const dc = process.cpuUsage(c0);
    c.push((dc.user + dc.system) / 1e6);
  }
  cpuSeconds = median(c);
  return median(t);
}

const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const mbps = (bytes: number, s: number) => Math.round(bytes / 1e6 / s);
/** MB per CPU-second of the last `time` call. */
const cpuMbps = (bytes: number) => Math.round(bytes / 1e6 / cpuSeconds);
/** Wall-clock and CPU-time throughput of the last `time` call. */
const rates = (bytes: number, s: number) => ({ MB_per_s: mbps(bytes, s), MB_per_cpu_s: cpuMbps(bytes) });

const chunk = noise(FS * CH, 0x9e3779b9);
const bytes = new Uint8Array(chunk.buffer);
const MB = bytes.length;
const ctx = { itemsize: 2, where: "bench" };
const si = getDefaultZarrCompressor();

// 1. the stages of the TS Blosc encoder
const BS = 262144;
const shuffled = new Uint8Array(MB);
let s = await time(() => {
  for (let o = 0; o < MB; o += BS) bitShuffle(bytes, o, shuffled, o, Math.min(BS, MB - o), 2);
});
emit({ bench: "bitshuffle", MB_per_s: mbps(MB, s), MB_per_cpu_s: cpuMbps(MB) });
const back = new Uint8Array(MB);
s = await time(() => {
  for (let o = 0; o < MB; o += BS) bitUnshuffle(shuffled, o, back, o, Math.min(BS, MB - o), 2);
});
emit({ bench: "bitunshuffle", MB_per_s: mbps(MB, s), MB_per_cpu_s: cpuMbps(MB) });
let zsize = 0;
s = await time(() => {
  zsize = 0;
  for (let o = 0; o < MB; o += BS) {
    const n = Math.min(BS, MB - o);
    zsize += zstdCompress(shuffled.subarray(o, o + n), { hintOffsets: [n / 16] }).length;
  }
});
emit({
  bench: "ts-zstd on bit-shuffled blocks",
  MB_per_s: mbps(MB, s),
  MB_per_cpu_s: cpuMbps(MB),
  ratio: +(MB / zsize).toFixed(4),
});

// 2. whole-chunk codecs: ours (fast and libzstd modes) and numcodecs.js's c-blosc wasm
for (const mode of ["fast", "libzstd"] as const) {
  configureBlosc({ zstdEncoder: mode });
  let enc: Uint8Array = new Uint8Array(0);
  s = await time(
    async () => {
      enc = await si.encode(bytes, ctx);
    },
    mode === "fast" ? RUNS : 3,
  );
  emit({
    bench: `blosc-zstd5-bit encode (${mode === "fast" ? "TS encoder" : "libzstd-wasm level 9"})`,
    ...rates(MB, s),
    ratio: +(MB / enc.length).toFixed(4),
  });
  const d = await time(() => si.decode(enc, ctx));
  emit({ bench: `blosc-zstd5-bit decode (TS framing, of ${mode} frame)`, ...rates(MB, d) });
}
configureBlosc({ zstdEncoder: "fast" });
let wenc: Uint8Array = new Uint8Array(0);
s = await time(async () => {
  wenc = await wasmBloscEncode(bytes, { cname: "zstd", clevel: 5, shuffle: 2, blocksize: 0 });
}, 3);
emit({
  bench: "blosc-zstd5-bit encode (numcodecs.js c-blosc wasm)",
  ...rates(MB, s),
  ratio: +(MB / wenc.length).toFixed(4),
});
s = await time(() => wasmBloscDecode(wenc));
emit({ bench: "blosc-zstd5-bit decode (numcodecs.js c-blosc wasm)", ...rates(MB, s) });
s = await time(() => decodeBloscFrame(wenc, "bench"));
emit({ bench: "blosc-zstd5-bit decode (TS framing, of numcodecs.js frame)", ...rates(MB, s) });
for (const cfg of [
  { cname: "lz4", clevel: 5, shuffle: 1 },
  { cname: "zstd", clevel: 1, shuffle: 2 },
  { cname: "zlib", clevel: 1, shuffle: 2 },
] as const) {
  const c = new BloscCodec(cfg);
  let e: Uint8Array = new Uint8Array(0);
  s = await time(async () => {
    e = await c.encode(bytes, ctx);
  }, 3);
  const d = await time(() => c.decode(e, ctx), 3);
  emit({
    bench: `blosc-${cfg.cname}${cfg.clevel}-shuffle${cfg.shuffle}`,
    encode_MB_per_s: mbps(MB, s),
    decode_MB_per_s: mbps(MB, d),
    decode_MB_per_cpu_s: cpuMbps(MB),
    ratio: +(MB / e.length).toFixed(4),
  });
}

// 3. end to end on disk: write SECONDS one-second chunks (W2's zarr part, one thread), then W5-like
// random 1 ms windows (30 samples x 384 channels) through readRegion.
const dir = mkdtempSync(join(tmpdir(), "si-zarr-bench-"));
try {
  const store = new FileSystemStore(join(dir, "rec.zarr"));
  const arr = await createArray(store, "traces_seg0", {
    shape: [FS * SECONDS, CH],
    chunks: [FS, CH],
    dtype: "int16",
    compressor: si,
    cache: null,
  });
  const chunks = Array.from({ length: SECONDS }, (_, i) => noise(FS * CH, 1000 + i));
  const w = await time(async () => {
    for (let i = 0; i < SECONDS; i++) await arr.writeChunk([i, 0], chunks[i]);
  }, 3);
  emit({
    bench: "write 1 s chunks to disk (W2 zarr part, 1 thread)",
    seconds: +w.toFixed(3),
    ...rates(MB * SECONDS, w),
  });
  const reader = await openArray(store, "traces_seg0", { cache: new ChunkCache() });
  let x = 12345;
  const starts = Array.from({ length: 1000 }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % (FS * SECONDS - 30);
  });
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  for (const st of starts) await reader.readRegion({ start: [st, 0], end: [st + 30, CH] });
  const dc = process.cpuUsage(c1);
  emit({
    bench: "1000 random 1 ms x 384 ch windows (W5 zarr, cold cache)",
    seconds: +((performance.now() - t1) / 1000).toFixed(3),
    cpu_seconds: +((dc.user + dc.system) / 1e6).toFixed(3),
    decodes: reader.cache!.stats.loads,
  });
  const full = await openArray(store, "traces_seg0", { cache: null });
  const r = await time(() => full.readWhole(), 3);
  emit({ bench: "read whole array from disk", seconds: +r.toFixed(3), ...rates(MB * SECONDS, r) });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
