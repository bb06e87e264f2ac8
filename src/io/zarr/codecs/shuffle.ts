/**
 * Blosc's two pre-conditioning filters, applied to one block at a time, bit-exact with c-blosc 1.x:
 *
 * - byte shuffle: byte j of every element goes to plane j (`dst[j*n + i] = src[i*ts + j]`), the
 *   `blocksize % typesize` trailing bytes are copied as they are;
 * - bit shuffle: plane (j*8 + k) holds bit k of byte j of every element, packed 8 elements per
 *   byte, first element in the lowest bit. c-blosc only bit-shuffles a block whose element count
 *   is a multiple of 8 (plus the trailing partial-element bytes copied); any other block is
 *   stored unshuffled. Neighbouring samples share their high bits, so those planes become long
 *   runs or exact copies of each other that the compressor removes.
 *
 * The exported functions use the WebAssembly SIMD kernels when they apply (simd-shuffle.ts) and
 * the JS versions below otherwise. The JS bit transpose works on 8 bytes at a time as two 32-bit
 * halves (the 8x8 bit-matrix transpose of Hacker's Delight, split to stay in int32 arithmetic).
 */
import { simdBitShuffle, simdBitUnshuffle, simdByteShuffle, simdByteUnshuffle } from "./simd-shuffle.js";

type Shuffle = (
  src: Uint8Array,
  srcOff: number,
  dst: Uint8Array,
  dstOff: number,
  len: number,
  ts: number,
) => void;

export const byteShuffle: Shuffle = (s, so, d, dOff, len, ts) => {
  if (!simdByteShuffle(s, so, d, dOff, len, ts)) byteShuffleJs(s, so, d, dOff, len, ts);
};
export const byteUnshuffle: Shuffle = (s, so, d, dOff, len, ts) => {
  if (!simdByteUnshuffle(s, so, d, dOff, len, ts)) byteUnshuffleJs(s, so, d, dOff, len, ts);
};
export const bitShuffle: Shuffle = (s, so, d, dOff, len, ts) => {
  if (!simdBitShuffle(s, so, d, dOff, len, ts)) bitShuffleJs(s, so, d, dOff, len, ts);
};
export const bitUnshuffle: Shuffle = (s, so, d, dOff, len, ts) => {
  if (!simdBitUnshuffle(s, so, d, dOff, len, ts)) bitUnshuffleJs(s, so, d, dOff, len, ts);
};

/** Byte shuffle `len` bytes of `src` (from `srcOff`) into `dst` (from `dstOff`). */
export function byteShuffleJs(
  src: Uint8Array,
  srcOff: number,
  dst: Uint8Array,
  dstOff: number,
  len: number,
  typesize: number,
): void {
  const n = Math.floor(len / typesize);
  if (typesize <= 1 || n === 0) {
    dst.set(src.subarray(srcOff, srcOff + len), dstOff);
    return;
  }
  for (let j = 0; j < typesize; j++) {
    let s = srcOff + j;
    const end = dstOff + (j + 1) * n;
    for (let d = dstOff + j * n; d < end; d++, s += typesize) dst[d] = src[s];
  }
  const done = n * typesize;
  if (done < len) dst.set(src.subarray(srcOff + done, srcOff + len), dstOff + done);
}

export function byteUnshuffleJs(
  src: Uint8Array,
  srcOff: number,
  dst: Uint8Array,
  dstOff: number,
  len: number,
  typesize: number,
): void {
  const n = Math.floor(len / typesize);
  if (typesize <= 1 || n === 0) {
    dst.set(src.subarray(srcOff, srcOff + len), dstOff);
    return;
  }
  for (let j = 0; j < typesize; j++) {
    let d = dstOff + j;
    const end = srcOff + (j + 1) * n;
    for (let s = srcOff + j * n; s < end; s++, d += typesize) dst[d] = src[s];
  }
  const done = n * typesize;
  if (done < len) dst.set(src.subarray(srcOff + done, srcOff + len), dstOff + done);
}

/** Bit shuffle one block of `len` bytes. */
export function bitShuffleJs(
  src: Uint8Array,
  srcOff: number,
  dst: Uint8Array,
  dstOff: number,
  len: number,
  typesize: number,
): void {
  const n = Math.floor(len / typesize);
  if (n % 8 !== 0 || n === 0) {
    dst.set(src.subarray(srcOff, srcOff + len), dstOff);
    return;
  }
  const ts = typesize;
  const rowBytes = n >>> 3;
  const r2 = 2 * rowBytes;
  const r3 = 3 * rowBytes;
  const r4 = 4 * rowBytes;
  const r5 = 5 * rowBytes;
  const r6 = 6 * rowBytes;
  const r7 = 7 * rowBytes;
  for (let j = 0; j < ts; j++) {
    let b = srcOff + j;
    let o = dstOff + j * 8 * rowBytes;
    const oEnd = o + rowBytes;
    for (; o < oEnd; o++, b += 8 * ts) {
      let lo = src[b] | (src[b + ts] << 8) | (src[b + 2 * ts] << 16) | (src[b + 3 * ts] << 24);
      let hi = src[b + 4 * ts] | (src[b + 5 * ts] << 8) | (src[b + 6 * ts] << 16) | (src[b + 7 * ts] << 24);
      let t = (lo ^ (lo >>> 7)) & 0x00aa00aa;
      lo = lo ^ t ^ (t << 7);
      t = (hi ^ (hi >>> 7)) & 0x00aa00aa;
      hi = hi ^ t ^ (t << 7);
      t = (lo ^ (lo >>> 14)) & 0x0000cccc;
      lo = lo ^ t ^ (t << 14);
      t = (hi ^ (hi >>> 14)) & 0x0000cccc;
      hi = hi ^ t ^ (t << 14);
      t = (lo ^ (hi << 4)) & 0xf0f0f0f0;
      lo ^= t;
      hi ^= t >>> 4;
      dst[o] = lo;
      dst[o + rowBytes] = lo >>> 8;
      dst[o + r2] = lo >>> 16;
      dst[o + r3] = lo >>> 24;
      dst[o + r4] = hi;
      dst[o + r5] = hi >>> 8;
      dst[o + r6] = hi >>> 16;
      dst[o + r7] = hi >>> 24;
    }
  }
  const done = n * ts;
  if (done < len) dst.set(src.subarray(srcOff + done, srcOff + len), dstOff + done);
}

/** Inverse of `bitShuffle` (the 8x8 transpose is its own inverse). */
export function bitUnshuffleJs(
  src: Uint8Array,
  srcOff: number,
  dst: Uint8Array,
  dstOff: number,
  len: number,
  typesize: number,
): void {
  const n = Math.floor(len / typesize);
  if (n % 8 !== 0 || n === 0) {
    dst.set(src.subarray(srcOff, srcOff + len), dstOff);
    return;
  }
  const ts = typesize;
  const rowBytes = n >>> 3;
  const r2 = 2 * rowBytes;
  const r3 = 3 * rowBytes;
  const r4 = 4 * rowBytes;
  const r5 = 5 * rowBytes;
  const r6 = 6 * rowBytes;
  const r7 = 7 * rowBytes;
  for (let j = 0; j < ts; j++) {
    let b = dstOff + j;
    let o = srcOff + j * 8 * rowBytes;
    const oEnd = o + rowBytes;
    for (; o < oEnd; o++, b += 8 * ts) {
      let lo = src[o] | (src[o + rowBytes] << 8) | (src[o + r2] << 16) | (src[o + r3] << 24);
      let hi = src[o + r4] | (src[o + r5] << 8) | (src[o + r6] << 16) | (src[o + r7] << 24);
      let t = (lo ^ (lo >>> 7)) & 0x00aa00aa;
      lo = lo ^ t ^ (t << 7);
      t = (hi ^ (hi >>> 7)) & 0x00aa00aa;
      hi = hi ^ t ^ (t << 7);
      t = (lo ^ (lo >>> 14)) & 0x0000cccc;
      lo = lo ^ t ^ (t << 14);
      t = (hi ^ (hi >>> 14)) & 0x0000cccc;
      hi = hi ^ t ^ (t << 14);
      t = (lo ^ (hi << 4)) & 0xf0f0f0f0;
      lo ^= t;
      hi ^= t >>> 4;
      dst[b] = lo;
      dst[b + ts] = lo >>> 8;
      dst[b + 2 * ts] = lo >>> 16;
      dst[b + 3 * ts] = lo >>> 24;
      dst[b + 4 * ts] = hi;
      dst[b + 5 * ts] = hi >>> 8;
      dst[b + 6 * ts] = hi >>> 16;
      dst[b + 7 * ts] = hi >>> 24;
    }
  }
  const done = n * ts;
  if (done < len) dst.set(src.subarray(srcOff + done, srcOff + len), dstOff + done);
}
