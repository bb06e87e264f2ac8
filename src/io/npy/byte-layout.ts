/**
 * Byte shuffles shared by parseNpy and encodeNpy: pulling one field out of interleaved records
 * (and putting it back), byte swapping, and Fortran <-> C element order. Fields are moved in the
 * widest lanes (4, 2 or 1 bytes) that the offsets allow, so an int64 field costs two 32-bit moves
 * per record, with no per-element objects and no float registers (which could alter NaN bits).
 */

type LaneArray = Uint32Array | Uint16Array | Uint8Array;

function laneWidth(...sizes: number[]): 4 | 2 | 1 {
  if (sizes.every((s) => s % 4 === 0)) return 4;
  if (sizes.every((s) => s % 2 === 0)) return 2;
  return 1;
}

function lanes(bytes: Uint8Array, width: 4 | 2 | 1): LaneArray {
  const n = bytes.byteLength / width;
  if (width === 4) return new Uint32Array(bytes.buffer, bytes.byteOffset, n);
  if (width === 2) return new Uint16Array(bytes.buffer, bytes.byteOffset, n);
  return bytes;
}

/** Copy `fieldBytes` bytes at `fieldOffset` of each of `count` records into a fresh aligned buffer. */
export function gatherField(
  records: Uint8Array,
  count: number,
  recordSize: number,
  fieldOffset: number,
  fieldBytes: number,
): Uint8Array {
  const out = new Uint8Array(count * fieldBytes);
  if (fieldBytes === recordSize) {
    out.set(records.subarray(0, count * recordSize));
    return out;
  }
  const width = laneWidth(records.byteOffset, recordSize, fieldOffset, fieldBytes);
  moveField(lanes(records.subarray(0, count * recordSize), width), lanes(out, width), count, {
    stride: recordSize / width,
    offset: fieldOffset / width,
    size: fieldBytes / width,
    gather: true,
  });
  return out;
}

/** The inverse of gatherField: write a packed column into its slot of each record. */
export function scatterField(
  column: Uint8Array,
  records: Uint8Array,
  count: number,
  recordSize: number,
  fieldOffset: number,
  fieldBytes: number,
): void {
  if (fieldBytes === recordSize) {
    records.set(column.subarray(0, count * recordSize));
    return;
  }
  const width = laneWidth(records.byteOffset, column.byteOffset, recordSize, fieldOffset, fieldBytes);
  moveField(lanes(records.subarray(0, count * recordSize), width), lanes(column, width), count, {
    stride: recordSize / width,
    offset: fieldOffset / width,
    size: fieldBytes / width,
    gather: false,
  });
}

interface FieldLayout {
  stride: number;
  offset: number;
  size: number;
  gather: boolean;
}

function moveField(rec: LaneArray, col: LaneArray, count: number, layout: FieldLayout): void {
  const { stride, offset, size, gather } = layout;
  if (size === 1) {
    if (gather) for (let i = 0, r = offset; i < count; i++, r += stride) col[i] = rec[r];
    else for (let i = 0, r = offset; i < count; i++, r += stride) rec[r] = col[i];
  } else if (size === 2) {
    if (gather) {
      for (let i = 0, r = offset; i < count; i++, r += stride) {
        col[2 * i] = rec[r];
        col[2 * i + 1] = rec[r + 1];
      }
    } else {
      for (let i = 0, r = offset; i < count; i++, r += stride) {
        rec[r] = col[2 * i];
        rec[r + 1] = col[2 * i + 1];
      }
    }
  } else {
    for (let i = 0, r = offset, c = 0; i < count; i++, r += stride) {
      for (let j = 0; j < size; j++, c++) {
        if (gather) col[c] = rec[r + j];
        else rec[r + j] = col[c];
      }
    }
  }
}

/** Reverse the byte order of every `width`-byte word, in place. */
export function byteswapInPlace(bytes: Uint8Array, width: number): void {
  if (width <= 1) return;
  const half = width >> 1;
  for (let base = 0; base + width <= bytes.length; base += width) {
    for (let k = 0; k < half; k++) {
      const a = base + k;
      const b = base + width - 1 - k;
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/**
 * Reorder elements of `block` bytes between Fortran and C order. `toC` true reads Fortran-ordered
 * `src` and returns C order; false does the reverse. Returns a fresh buffer.
 */
export function reorderElements(
  src: Uint8Array,
  shape: readonly number[],
  block: number,
  toC: boolean,
): Uint8Array {
  const out = new Uint8Array(src.length);
  if (shape.length < 2) {
    out.set(src);
    return out;
  }
  let n = 1;
  for (const d of shape) n *= d;
  if (n === 0) return out;
  const k = shape.length;
  const fStride = new Array<number>(k);
  for (let j = 0, s = 1; j < k; j++) {
    fStride[j] = s;
    s *= shape[j];
  }
  const idx = new Array<number>(k).fill(0);
  let f = 0;
  for (let c = 0; c < n; c++) {
    const from = (toC ? f : c) * block;
    const to = (toC ? c : f) * block;
    for (let b = 0; b < block; b++) out[to + b] = src[from + b];
    // odometer over C order (last axis fastest), tracking the Fortran offset alongside
    let j = k - 1;
    idx[j]++;
    f += fStride[j];
    while (j > 0 && idx[j] === shape[j]) {
      f -= shape[j] * fStride[j];
      idx[j] = 0;
      j--;
      idx[j]++;
      f += fStride[j];
    }
  }
  return out;
}
