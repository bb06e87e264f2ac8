/**
 * Blosc shuffles through the SIMD kernels (simd-kernels.ts): copy the block into the kernels'
 * memory, byte-transpose it by repeated pair splitting (item sizes 2, 4, 8, 16), bit-transpose
 * the planes, copy out. The copies run at memcpy speed; the transposes run 4-8x faster than JS.
 * Each function returns false when it does not apply (no SIMD, odd item size, tiny block), and
 * the caller then uses the JS version.
 */
import { shuffleKernels } from "./simd-kernels.js";

const MIN_LEN = 256;

/** A blosc shuffle (shuffle.ts's `Shuffle`) that returns false, writing nothing, when it does not apply. */
type KernelShuffle = (
  src: Uint8Array,
  srcOff: number,
  dst: Uint8Array,
  dstOff: number,
  len: number,
  ts: number,
) => boolean;

function isPow2(ts: number): boolean {
  return ts >= 1 && ts <= 16 && (ts & (ts - 1)) === 0;
}

/** Ensure `bytes` of kernel memory; returns a fresh view (growing detaches old views). */
function memory(bytes: number): Uint8Array | null {
  const k = shuffleKernels();
  if (k === null) return null;
  const have = k.memory.buffer.byteLength;
  if (have < bytes) k.memory.grow(Math.ceil((bytes - have) / 65536));
  return new Uint8Array(k.memory.buffer);
}

/**
 * Byte-transpose `count` elements of `ts` bytes at `src` so that byte j of every element lands in
 * plane j at `out + j*count`. `idx` lists which original byte each position of the current
 * (partially split) element holds; scratch areas start at `tmp`, `count*ts` bytes per level.
 */
function splitPlanes(src: number, out: number, tmp: number, count: number, idx: number[]): void {
  const k = shuffleKernels()!;
  const m = idx.length;
  if (m === 1) return; // (only reached for ts == 1, handled by the caller)
  const even = idx.filter((_, i) => i % 2 === 0);
  const odd = idx.filter((_, i) => i % 2 === 1);
  if (m === 2) {
    k.deint(src, out + idx[0] * count, out + idx[1] * count, count);
    return;
  }
  const half = (count * m) / 2;
  k.deint(src, tmp, tmp + half, count * (m / 2));
  splitPlanes(tmp, out, tmp + 2 * half, count, even);
  splitPlanes(tmp + half, out, tmp + 2 * half, count, odd);
}

function joinPlanes(planes: number, dst: number, tmp: number, count: number, idx: number[]): void {
  const k = shuffleKernels()!;
  const m = idx.length;
  if (m === 2) {
    k.inter(planes + idx[0] * count, planes + idx[1] * count, dst, count);
    return;
  }
  const half = (count * m) / 2;
  joinPlanes(
    planes,
    tmp,
    tmp + 2 * half,
    count,
    idx.filter((_, i) => i % 2 === 0),
  );
  joinPlanes(
    planes,
    tmp + half,
    tmp + 2 * half,
    count,
    idx.filter((_, i) => i % 2 === 1),
  );
  k.inter(tmp, tmp + half, dst, count * (m / 2));
}

const identity = (ts: number) => Array.from({ length: ts }, (_, i) => i);

function levels(ts: number): number {
  return 31 - Math.clz32(ts);
}

/**
 * The frame every kernel path shares: copy the `body` whole-element bytes of the block to kernel
 * memory at 0, let `run` write the result at `len`, copy it out, then copy the trailing partial
 * element unchanged (as c-blosc does).
 */
function throughKernels(
  src: Uint8Array,
  srcOff: number,
  dst: Uint8Array,
  dstOff: number,
  len: number,
  body: number,
  memBytes: number,
  run: () => void,
): boolean {
  const mem = memory(memBytes);
  if (mem === null) return false;
  mem.set(src.subarray(srcOff, srcOff + body), 0);
  run();
  dst.set(mem.subarray(len, len + body), dstOff);
  if (body < len) dst.set(src.subarray(srcOff + body, srcOff + len), dstOff + body);
  return true;
}

export const simdByteShuffle: KernelShuffle = (src, srcOff, dst, dstOff, len, ts) => {
  const n = Math.floor(len / ts);
  if (ts < 2 || !isPow2(ts) || len < MIN_LEN) return false;
  return throughKernels(src, srcOff, dst, dstOff, len, n * ts, len * (2 + levels(ts)), () =>
    splitPlanes(0, len, 2 * len, n, identity(ts)),
  );
};

export const simdByteUnshuffle: KernelShuffle = (src, srcOff, dst, dstOff, len, ts) => {
  const n = Math.floor(len / ts);
  if (ts < 2 || !isPow2(ts) || len < MIN_LEN) return false;
  return throughKernels(src, srcOff, dst, dstOff, len, n * ts, len * (2 + levels(ts)), () =>
    joinPlanes(0, len, 2 * len, n, identity(ts)),
  );
};

/** Bit shuffle of a block whose element count is a multiple of 8 (the caller checks). */
export const simdBitShuffle: KernelShuffle = (src, srcOff, dst, dstOff, len, ts) => {
  const n = Math.floor(len / ts);
  if (!isPow2(ts) || len < MIN_LEN || n % 8 !== 0) return false;
  return throughKernels(src, srcOff, dst, dstOff, len, n * ts, len * (3 + levels(ts)), () => {
    const k = shuffleKernels()!;
    if (ts === 1) {
      k.bits(0, len, n, 1);
    } else {
      splitPlanes(0, 2 * len, 3 * len, n, identity(ts));
      k.bits(2 * len, len, n, ts);
    }
  });
};

export const simdBitUnshuffle: KernelShuffle = (src, srcOff, dst, dstOff, len, ts) => {
  const n = Math.floor(len / ts);
  if (!isPow2(ts) || len < MIN_LEN || n % 8 !== 0) return false;
  return throughKernels(src, srcOff, dst, dstOff, len, n * ts, len * (3 + levels(ts)), () => {
    const k = shuffleKernels()!;
    if (ts === 1) {
      k.unbits(0, len, n, 1);
    } else {
      k.unbits(0, 2 * len, n, ts);
      joinPlanes(2 * len, len, 3 * len, n, identity(ts));
    }
  });
};
