/**
 * Lazy access to the wasm builds of libzstd, liblz4 and c-blosc shipped by numcodecs.js. Each
 * module is ~0.7 MB of inlined wasm, so it is only imported on first use. We use them for what
 * is not worth writing in TS: zstd *decoding* (Huffman and FSE tables of arbitrary libzstd
 * output), LZ4 encoding, and whole-frame Blosc for the rare inner codecs (blosclz, snappy).
 */
import type { Codec, CodecConstructor } from "numcodecs";

let zstdDecoder: Promise<Codec> | undefined;
const zstdEncoders = new Map<number, Promise<Codec>>();
const lz4Encoders = new Map<number, Promise<Codec>>();
let bloscModule: Promise<CodecConstructor<BloscWasmConfig>> | undefined;

export interface BloscWasmConfig {
  cname: string;
  clevel: number;
  shuffle: number;
  blocksize: number;
}

async function loadZstd(level: number): Promise<Codec> {
  const mod = await import("numcodecs/zstd");
  return mod.default.fromConfig({ id: "zstd", level });
}

async function loadLz4(acceleration: number): Promise<Codec> {
  const mod = await import("numcodecs/lz4");
  return mod.default.fromConfig({ id: "lz4", acceleration });
}

/** Decompress one zstd frame (or concatenated frames) with libzstd. */
export async function wasmZstdDecompress(data: Uint8Array): Promise<Uint8Array> {
  zstdDecoder ??= loadZstd(1);
  return (await zstdDecoder).decode(data);
}

/** Compress with libzstd at `level` (1..22), the exact level Python would use. */
export async function wasmZstdCompress(data: Uint8Array, level: number): Promise<Uint8Array> {
  let enc = zstdEncoders.get(level);
  if (enc === undefined) {
    enc = loadZstd(level);
    zstdEncoders.set(level, enc);
  }
  return (await enc).encode(data);
}

/** LZ4 block compression; the result carries numcodecs' 4-byte little-endian size prefix. */
export async function wasmLz4CompressWithSize(data: Uint8Array, acceleration: number): Promise<Uint8Array> {
  let enc = lz4Encoders.get(acceleration);
  if (enc === undefined) {
    enc = loadLz4(acceleration);
    lz4Encoders.set(acceleration, enc);
  }
  return (await enc).encode(data);
}

async function blosc(): Promise<CodecConstructor<BloscWasmConfig>> {
  bloscModule ??= import("numcodecs/blosc").then((m) => m.default as CodecConstructor<BloscWasmConfig>);
  return bloscModule;
}

/** Whole-frame Blosc through c-blosc (note: it always records typesize 4 in the header). */
export async function wasmBloscEncode(data: Uint8Array, config: BloscWasmConfig): Promise<Uint8Array> {
  const Blosc = await blosc();
  return Blosc.fromConfig({ id: "blosc", ...config }).encode(data);
}

export async function wasmBloscDecode(frame: Uint8Array): Promise<Uint8Array> {
  const Blosc = await blosc();
  return Blosc.fromConfig({ id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 }).decode(frame);
}
