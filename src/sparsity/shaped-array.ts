/**
 * An n-dimensional C-order typed array with its shape, the currency of waveforms and templates
 * (…, samples, channels): the last axis is always the channel axis.
 */
import type { NumberArray } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";

export interface ShapedArray<T extends NumberArray = NumberArray> {
  readonly data: T;
  readonly shape: readonly number[];
}

export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Throws unless `data.length` matches the product of `shape` (and the shape has ≥ 1 axis). */
export function checkShaped(a: ShapedArray, what: string): void {
  if (a.shape.length === 0 || a.shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new InvalidArgumentError(`${what}: invalid shape [${a.shape.join(", ")}]`);
  }
  if (shapeSize(a.shape) !== a.data.length) {
    throw new InvalidArgumentError(
      `${what}: ${a.data.length} values do not fill shape [${a.shape.join(", ")}]`,
    );
  }
}

/** A zero-filled array of the same typed-array kind as `like`. */
export function zerosLike<T extends NumberArray>(like: T, length: number): T {
  const ctor = like.constructor as new (n: number) => T;
  return new ctor(length);
}

/**
 * Gather columns of the last axis: out[..., j] = a[..., columns[j]]. With `width` larger than
 * columns.length the extra output columns are zeros (zero-padded sparse layout).
 */
export function gatherLastAxis<T extends NumberArray>(
  a: ShapedArray<T>,
  columns: ArrayLike<number>,
  width = columns.length,
): ShapedArray<T> {
  const c = a.shape[a.shape.length - 1];
  const rows = c === 0 ? shapeSize(a.shape.slice(0, -1)) : a.data.length / c;
  const k = columns.length;
  const out = zerosLike(a.data, rows * width);
  for (let r = 0, src = 0, dst = 0; r < rows; r++, src += c, dst += width) {
    for (let j = 0; j < k; j++) out[dst + j] = a.data[src + columns[j]];
  }
  return { data: out, shape: [...a.shape.slice(0, -1), width] };
}

/** Scatter the first columns.length columns of `a` into a zero array of `width` columns. */
export function scatterLastAxis<T extends NumberArray>(
  a: ShapedArray<T>,
  columns: ArrayLike<number>,
  width: number,
): ShapedArray<T> {
  const c = a.shape[a.shape.length - 1];
  const rows = shapeSize(a.shape.slice(0, -1));
  const k = columns.length;
  const out = zerosLike(a.data, rows * width);
  for (let r = 0, src = 0, dst = 0; r < rows; r++, src += c, dst += width) {
    for (let j = 0; j < k; j++) out[dst + columns[j]] = a.data[src + j];
  }
  return { data: out, shape: [...a.shape.slice(0, -1), width] };
}
