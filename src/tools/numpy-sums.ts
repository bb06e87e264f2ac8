/**
 * Column sums in numpy's order, so float32 results match Python bit for bit. numpy reduces axis 0
 * of a C-order (rows, columns) array row by row (a running sum per column), except when there is a
 * single column: then the axis is contiguous and numpy uses pairwise summation.
 */
import type { FloatArray } from "./median.js";

/** numpy's pairwise sum of a[start + i·stride], i < n, rounded to float32 at every step if asked. */
export function pairwiseSum(
  a: ArrayLike<number>,
  start: number,
  n: number,
  stride: number,
  f32: boolean,
): number {
  const r = f32 ? Math.fround : (x: number) => x;
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = r(res + a[start + i * stride]);
    return res;
  }
  if (n <= 128) {
    const acc = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) acc[j] = a[start + j * stride];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) acc[j] = r(acc[j] + a[start + (i + j) * stride]);
    }
    let res = r(r(r(acc[0] + acc[1]) + r(acc[2] + acc[3])) + r(r(acc[4] + acc[5]) + r(acc[6] + acc[7])));
    for (; i < n; i++) res = r(res + a[start + i * stride]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return r(pairwiseSum(a, start, n2, stride, f32) + pairwiseSum(a, start + n2 * stride, n - n2, stride, f32));
}

/**
 * Sum over rows of a rows × cols C-order block, per column, into `out`, as numpy's
 * `sum(axis=0)` orders it; `transform` maps each value first (e.g. squaring).
 */
export function columnSums(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  out: FloatArray,
  transform?: (v: number, col: number) => number,
): void {
  const f32 = out instanceof Float32Array;
  if (cols === 1) {
    const src =
      transform === undefined ? data : Float64Array.from({ length: rows }, (_, i) => transform(data[i], 0));
    out[0] = pairwiseSum(src, 0, rows, 1, f32);
    return;
  }
  out.fill(0);
  // Storing into a Float32Array rounds each partial sum to float32, as numpy's float32 loop does.
  if (transform === undefined) {
    for (let i = 0, at = 0; i < rows; i++) for (let c = 0; c < cols; c++, at++) out[c] += data[at];
  } else {
    for (let i = 0, at = 0; i < rows; i++)
      for (let c = 0; c < cols; c++, at++) out[c] += transform(data[at], c);
  }
}
