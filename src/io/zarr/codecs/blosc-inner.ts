/**
 * The compressors inside a Blosc block ("inner" codecs), by Blosc format code:
 * 0 blosclz, 1 lz4 (lz4hc writes the same format), 2 snappy, 3 zlib, 4 zstd.
 *
 * - zstd: our TS encoder (fast, see zstd-encoder.ts) or libzstd-wasm at the level c-blosc would
 *   use (`exactZstd`), decoding always through libzstd-wasm;
 * - lz4: liblz4-wasm encodes, TS decodes;
 * - zlib: deflateImpl() (fflate, or node:zlib in Node).
 * blosclz and snappy have no inner codec here: whole frames go through c-blosc-wasm instead.
 */
import { deflateImpl } from "./deflate.js";
import { lz4DecodeBlock } from "./lz4-block.js";
import { wasmLz4CompressWithSize, wasmZstdCompress, wasmZstdDecompress } from "./numcodecs-wasm.js";
import { UNSUPPORTED, zstdDecodeSimple } from "./zstd-decoder.js";
import { zstdCompressInto, zstdMaxCompressedSize } from "./zstd-encoder.js";

export const BLOSC_CNAMES = ["blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"] as const;
export type BloscCname = (typeof BLOSC_CNAMES)[number];

export const COMPCODE: Record<BloscCname, number> = {
  blosclz: 0,
  lz4: 1,
  lz4hc: 2,
  snappy: 3,
  zlib: 4,
  zstd: 5,
};
export const COMPFORMAT: Record<BloscCname, number> = {
  blosclz: 0,
  lz4: 1,
  lz4hc: 1,
  snappy: 2,
  zlib: 3,
  zstd: 4,
};
export const FORMAT_NAMES = ["blosclz", "lz4", "snappy", "zlib", "zstd"];

export interface InnerCompressOptions {
  clevel: number;
  /** Offsets likely to match (the plane length of a shuffled block). */
  hintOffsets: readonly number[];
}

/**
 * Compress src; return the compressed bytes, or undefined when the result would not be smaller
 * than `maxOut` bytes (Blosc then stores the block raw).
 */
export type InnerCompress = (
  src: Uint8Array,
  maxOut: number,
  opts: InnerCompressOptions,
) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

/** Decompress into exactly `dst.length` bytes; return false if the stream is bad. */
export type InnerDecompress = (src: Uint8Array, dst: Uint8Array) => boolean | Promise<boolean>;

export interface ZstdEncoderChoice {
  /** Use libzstd-wasm at c-blosc's level (slower, Python's exact bytes) instead of the TS encoder. */
  exactZstd?: boolean;
}

let scratch = new Uint8Array(0);

/**
 * The TS zstd encoder writing straight into the frame being built (saves a copy of every
 * compressed block): `out` must have `zstdMaxCompressedSize(src.length)` bytes free at `pos`.
 * Returns the compressed size, or 0 when it is not below `maxOut` (the block is then stored raw).
 */
export function tsZstdInto(
  src: Uint8Array,
  out: Uint8Array,
  pos: number,
  maxOut: number,
  opts: InnerCompressOptions,
): number {
  const end = zstdCompressInto(src, out, pos, {
    hintOffsets: opts.hintOffsets,
    searchStrength: opts.clevel >= 7 ? 10 : 6,
  });
  return end - pos < maxOut ? end - pos : 0;
}

function tsZstd(
  src: Uint8Array,
  maxOut: number,
  opts: InnerCompressOptions,
): Uint8Array | undefined | Promise<Uint8Array | undefined> {
  // Only bit-shuffled blocks (which come with their plane length as hint) suit the TS encoder;
  // a block c-blosc leaves unshuffled (element count not a multiple of 8) goes to libzstd.
  if (opts.hintOffsets.length === 0) return wasmZstd(src, maxOut, opts);
  const need = zstdMaxCompressedSize(src.length);
  if (scratch.length < need) scratch = new Uint8Array(need);
  const end = zstdCompressInto(src, scratch, 0, {
    hintOffsets: opts.hintOffsets,
    searchStrength: opts.clevel >= 7 ? 10 : 6,
  });
  return end < maxOut ? scratch.subarray(0, end) : undefined;
}

/** c-blosc maps its clevel to a zstd level: 2*clevel-1 below 9, the maximum at 9. */
export function bloscZstdLevel(clevel: number): number {
  if (clevel >= 9) return 22;
  const l = clevel * 2 - 1;
  return l === 8 ? 20 : Math.max(1, l);
}

async function wasmZstd(
  src: Uint8Array,
  maxOut: number,
  opts: InnerCompressOptions,
): Promise<Uint8Array | undefined> {
  const out = await wasmZstdCompress(src, bloscZstdLevel(opts.clevel));
  return out.length < maxOut ? out : undefined;
}

async function lz4(
  src: Uint8Array,
  maxOut: number,
  opts: InnerCompressOptions,
): Promise<Uint8Array | undefined> {
  // c-blosc's acceleration for lz4 is 10 - clevel; lz4hc gets plain lz4 here (same format).
  const withSize = await wasmLz4CompressWithSize(src, Math.max(1, 10 - opts.clevel));
  const out = withSize.subarray(4);
  return out.length < maxOut ? out : undefined;
}

function zlib(src: Uint8Array, maxOut: number, opts: InnerCompressOptions): Uint8Array | undefined {
  const out = deflateImpl().zlibCompress(src, opts.clevel);
  return out.length < maxOut ? out : undefined;
}

export function innerCompressor(cname: BloscCname, choice: ZstdEncoderChoice): InnerCompress | undefined {
  switch (cname) {
    case "zstd":
      return choice.exactZstd ? wasmZstd : tsZstd;
    case "lz4":
    case "lz4hc":
      return lz4;
    case "zlib":
      return zlib;
    default:
      return undefined;
  }
}

function zstdDecode(src: Uint8Array, dst: Uint8Array): boolean | Promise<boolean> {
  // Our own frames decode in TS; libzstd's (Huffman literals, custom tables) need the wasm build.
  const n = zstdDecodeSimple(src, dst);
  if (n === UNSUPPORTED) return zstdDecodeWasm(src, dst);
  return n === dst.length;
}

async function zstdDecodeWasm(src: Uint8Array, dst: Uint8Array): Promise<boolean> {
  let out: Uint8Array;
  try {
    out = await wasmZstdDecompress(src);
  } catch {
    return false;
  }
  if (out.length !== dst.length) return false;
  dst.set(out);
  return true;
}

function lz4Decode(src: Uint8Array, dst: Uint8Array): boolean {
  return lz4DecodeBlock(src, dst) === dst.length;
}

function zlibDecode(src: Uint8Array, dst: Uint8Array): boolean {
  let out: Uint8Array;
  try {
    out = deflateImpl().zlibDecompress(src);
  } catch {
    return false;
  }
  if (out.length !== dst.length) return false;
  dst.set(out);
  return true;
}

/** The decoder for a Blosc format code, or undefined (blosclz, snappy) for the wasm fallback. */
export function innerDecompressor(format: number): InnerDecompress | undefined {
  switch (format) {
    case 1:
      return lz4Decode;
    case 3:
      return zlibDecode;
    case 4:
      return zstdDecode;
    default:
      return undefined;
  }
}
