/**
 * N-dimensional box copies between a chunk and a region buffer, both row-major (C order) unless
 * the chunk says "F". Trailing dimensions that are covered completely on both sides are merged
 * into one contiguous run, so copying whole rows of a (samples, channels) chunk is one memcpy per
 * chunk instead of one per sample.
 */
import { InvalidArgumentError } from "../../errors.js";

export interface Region {
  /** First index per dimension (default 0). */
  start?: readonly number[];
  /** One past the last index per dimension (default: the shape). */
  end?: readonly number[];
}

/** Validate a region against a shape; returns [start, end] as full-length arrays. */
export function resolveRegion(
  shape: readonly number[],
  region: Region | undefined,
  where: string,
): [number[], number[]] {
  const start = region?.start ? [...region.start] : shape.map(() => 0);
  const end = region?.end ? [...region.end] : [...shape];
  if (start.length !== shape.length || end.length !== shape.length) {
    throw new InvalidArgumentError(
      `${where}: region start ${JSON.stringify(start)} / end ${JSON.stringify(end)} must have ${shape.length} dimensions`,
    );
  }
  for (let d = 0; d < shape.length; d++) {
    const s = start[d];
    const e = end[d];
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > shape[d] || s > e) {
      throw new InvalidArgumentError(
        `${where}: region [${JSON.stringify(start)}, ${JSON.stringify(end)}) is outside shape ${JSON.stringify(shape)} (dimension ${d}: ${s}..${e})`,
      );
    }
  }
  return [start, end];
}

export function product(xs: readonly number[]): number {
  let p = 1;
  for (const x of xs) p *= x;
  return p;
}

export function stridesOf(shape: readonly number[], order: "C" | "F"): number[] {
  const n = shape.length;
  const s = new Array<number>(n);
  let acc = 1;
  if (order === "C") {
    for (let d = n - 1; d >= 0; d--) {
      s[d] = acc;
      acc *= shape[d];
    }
  } else {
    for (let d = 0; d < n; d++) {
      s[d] = acc;
      acc *= shape[d];
    }
  }
  return s;
}

export interface BoxSide {
  shape: readonly number[];
  /** Global coordinates of element [0, 0, ...] of this buffer. */
  origin: readonly number[];
  order: "C" | "F";
}

/**
 * Visit the contiguous runs of the box [lo, hi): `visit(srcElem, dstElem, count)` with element
 * offsets into each side. Runs are merged across fully covered trailing dims when both sides are C.
 */
export function forEachRun(
  src: BoxSide,
  dst: BoxSide,
  lo: readonly number[],
  hi: readonly number[],
  visit: (srcElem: number, dstElem: number, count: number) => void,
): void {
  const n = lo.length;
  for (let d = 0; d < n; d++) if (hi[d] <= lo[d]) return;
  if (n === 0) {
    visit(0, 0, 1);
    return;
  }
  const ss = stridesOf(src.shape, src.order);
  const ds = stridesOf(dst.shape, dst.order);
  let inner = n - 1;
  let run = hi[inner] - lo[inner];
  if (src.order === "C" && dst.order === "C") {
    while (
      inner > 0 &&
      run === src.shape[inner] &&
      run === dst.shape[inner] &&
      lo[inner] === src.origin[inner] &&
      lo[inner] === dst.origin[inner]
    ) {
      inner--;
      run *= hi[inner] - lo[inner];
    }
  } else {
    inner = n;
    run = 1;
  }
  // Odometer over the dimensions before `inner`.
  const idx = lo.slice(0, inner);
  for (;;) {
    let so = 0;
    let dof = 0;
    for (let d = 0; d < n; d++) {
      const i = d < inner ? idx[d] : lo[d];
      so += (i - src.origin[d]) * ss[d];
      dof += (i - dst.origin[d]) * ds[d];
    }
    visit(so, dof, run);
    let d = inner - 1;
    while (d >= 0) {
      idx[d]++;
      if (idx[d] < hi[d]) break;
      idx[d] = lo[d];
      d--;
    }
    if (d < 0) return;
  }
}

/** Copy the box [lo, hi) of item-size `itemsize` elements between byte buffers. */
export function copyBoxBytes(
  src: Uint8Array,
  srcSide: BoxSide,
  srcByteBase: number,
  dst: Uint8Array,
  dstSide: BoxSide,
  lo: readonly number[],
  hi: readonly number[],
  itemsize: number,
): void {
  forEachRun(srcSide, dstSide, lo, hi, (s, d, count) => {
    const sb = s * itemsize - srcByteBase;
    const len = count * itemsize;
    if (len <= 64) {
      const db = d * itemsize;
      for (let i = 0; i < len; i++) dst[db + i] = src[sb + i];
    } else {
      dst.set(src.subarray(sb, sb + len), d * itemsize);
    }
  });
}

/** Same for arrays of JS values (object arrays). */
export function copyBoxItems(
  src: readonly unknown[],
  srcSide: BoxSide,
  dst: unknown[],
  dstSide: BoxSide,
  lo: readonly number[],
  hi: readonly number[],
): void {
  forEachRun(srcSide, dstSide, lo, hi, (s, d, count) => {
    for (let i = 0; i < count; i++) dst[d + i] = src[s + i];
  });
}

/** zarr-python's automatic chunk shape (`guess_chunks`), used when `chunks` is "auto". */
export function guessChunks(shape: readonly number[], typesize: number): number[] {
  const CHUNK_BASE = 256 * 1024;
  const CHUNK_MIN = 128 * 1024;
  const CHUNK_MAX = 64 * 1024 * 1024;
  const n = shape.length;
  const chunks = shape.map((s) => Math.max(s, 1));
  if (n === 0) return [];
  const dsetSize = product(chunks) * typesize;
  let target = CHUNK_BASE * 2 ** Math.log10(dsetSize / (1024 * 1024));
  if (target > CHUNK_MAX) target = CHUNK_MAX;
  else if (target < CHUNK_MIN) target = CHUNK_MIN;
  let idx = 0;
  for (;;) {
    const bytes = product(chunks) * typesize;
    if ((bytes < target || Math.abs(bytes - target) / target < 0.5) && bytes < CHUNK_MAX) break;
    if (product(chunks) === 1) break;
    chunks[idx % n] = Math.ceil(chunks[idx % n] / 2);
    idx++;
  }
  return chunks;
}
