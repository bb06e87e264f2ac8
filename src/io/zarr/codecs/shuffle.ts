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

/** Transform `len` bytes of `src` (from `srcOff`) into `dst` (from `dstOff`), elements of `ts` bytes. */
export type Shuffle = (
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
export const byteShuffleJs: Shuffle = (src, srcOff, dst, dstOff, len, ts) =>
  byteTransposeJs(src, srcOff, dst, dstOff, len, ts, true);

export const byteUnshuffleJs: Shuffle = (src, srcOff, dst, dstOff, len, ts) =>
  byteTransposeJs(src, srcOff, dst, dstOff, len, ts, false);

/**
 * Both byte directions: one side is element-major (byte j of element i at i*ts + j), the other
 * plane-major (at j*n + i); shuffling reads the first and writes the second, unshuffling the reverse.
 */
function byteTransposeJs(
  src: Uint8Array,
  srcOff: number,
  dst: Uint8Array,
  dstOff: number,
  len: number,
  ts: number,
  shuffling: boolean,
): void {
  const n = Math.floor(len / ts);
  if (ts <= 1 || n === 0) {
    dst.set(src.subarray(srcOff, srcOff + len), dstOff);
    return;
  }
  const inStep = shuffling ? ts : 1;
  const outStep = shuffling ? 1 : ts;
  for (let j = 0; j < ts; j++) {
    let i = srcOff + (shuffling ? j : j * n);
    let o = dstOff + (shuffling ? j * n : j);
    for (let k = 0; k < n; k++, i += inStep, o += outStep) dst[o] = src[i];
  }
  const done = n * ts;
  if (done < len) dst.set(src.subarray(srcOff + done, srcOff + len), dstOff + done);
}

/** Bit shuffle one block of `len` bytes. */
export const bitShuffleJs: Shuffle = (src, srcOff, dst, dstOff, len, ts) =>
  bitTransposeJs(src, srcOff, dst, dstOff, len, ts, true);

/** Inverse of `bitShuffle` (the 8x8 transpose is its own inverse). */
export const bitUnshuffleJs: Shuffle = (src, srcOff, dst, dstOff, len, ts) =>
  bitTransposeJs(src, srcOff, dst, dstOff, len, ts, false);

/**
 * Both bit directions. Each step transposes an 8x8 bit matrix: byte j of 8 consecutive elements
 * (element side, `ts` apart) against one byte of each of the 8 bit planes of byte j (plane side,
 * `rowBytes` apart). The transpose is its own inverse, so only the roles of the sides swap.
 */
function bitTransposeJs(
  src: Uint8Array,
  srcOff: number,
  dst: Uint8Array,
  dstOff: number,
  len: number,
  ts: number,
  shuffling: boolean,
): void {
  const n = Math.floor(len / ts);
  if (n % 8 !== 0 || n === 0) {
    dst.set(src.subarray(srcOff, srcOff + len), dstOff);
    return;
  }
  const rowBytes = n >>> 3;
  // Steps between the 8 bytes of one matrix, and from one matrix to the next, on each side.
  const i1 = shuffling ? ts : rowBytes;
  const o1 = shuffling ? rowBytes : ts;
  const inNext = shuffling ? 8 * ts : 1;
  const outNext = shuffling ? 1 : 8 * ts;
  const [i2, i3, i4, i5, i6, i7] = [2 * i1, 3 * i1, 4 * i1, 5 * i1, 6 * i1, 7 * i1];
  const [o2, o3, o4, o5, o6, o7] = [2 * o1, 3 * o1, 4 * o1, 5 * o1, 6 * o1, 7 * o1];
  for (let j = 0; j < ts; j++) {
    let i = srcOff + (shuffling ? j : j * 8 * rowBytes);
    let o = dstOff + (shuffling ? j * 8 * rowBytes : j);
    for (let r = 0; r < rowBytes; r++, i += inNext, o += outNext) {
      let lo = src[i] | (src[i + i1] << 8) | (src[i + i2] << 16) | (src[i + i3] << 24);
      let hi = src[i + i4] | (src[i + i5] << 8) | (src[i + i6] << 16) | (src[i + i7] << 24);
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
      dst[o + o1] = lo >>> 8;
      dst[o + o2] = lo >>> 16;
      dst[o + o3] = lo >>> 24;
      dst[o + o4] = hi;
      dst[o + o5] = hi >>> 8;
      dst[o + o6] = hi >>> 16;
      dst[o + o7] = hi >>> 24;
    }
  }
  const done = n * ts;
  if (done < len) dst.set(src.subarray(srcOff + done, srcOff + len), dstOff + done);
}
