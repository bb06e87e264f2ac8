/**
 * Per-unit statistics over waveforms (numpy's average / std / median / percentile along the spike
 * axis), reproducing numpy's arithmetic: for float32 waveforms the sums are float32, added spike
 * by spike, and the results are rounded to float32; integer waveforms are summed in float64.
 */
import type { NumberArray } from "../dtype.js";

/** Rows `rows` of a (n, size) array: mean of each of the `size` columns. */
export function meanOfRows(
  data: NumberArray,
  size: number,
  rows: readonly number[],
  f32: boolean,
): Float64Array {
  const out = new Float64Array(size);
  if (rows.length === 0) return out;
  if (f32 && data instanceof Float32Array) {
    out.set(meanOfFloat32Rows(data, size, rows));
    return out;
  }
  const acc = f32 ? new Float32Array(size) : new Float64Array(size);
  for (const r of rows) {
    const base = r * size;
    for (let k = 0; k < size; k++) acc[k] += data[base + k];
  }
  const n = rows.length;
  for (let k = 0; k < size; k++) out[k] = f32 ? Math.fround(acc[k] / n) : acc[k] / n;
  return out;
}

// The Float32Array paths below do the same float32 arithmetic as the generic loops, in functions
// that only ever see Float32Array: V8 then compiles monomorphic element access, twice as fast on
// the 10^8 values of a typical waveforms extension.

function meanOfFloat32Rows(data: Float32Array, size: number, rows: readonly number[]): Float32Array {
  const acc = new Float32Array(size);
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i] * size;
    for (let k = 0; k < size; k++) acc[k] += data[base + k];
  }
  const n = rows.length;
  for (let k = 0; k < size; k++) acc[k] = acc[k] / n;
  return acc;
}

function stdOfFloat32Rows(
  data: Float32Array,
  size: number,
  rows: readonly number[],
  mean: Float64Array,
): Float32Array {
  const f = Math.fround;
  const m = Float32Array.from(mean);
  const acc = new Float32Array(size);
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i] * size;
    for (let k = 0; k < size; k++) {
      const d = f(data[base + k] - m[k]);
      acc[k] += f(d * d);
    }
  }
  const n = rows.length;
  for (let k = 0; k < size; k++) acc[k] = Math.sqrt(f(acc[k] / n));
  return acc;
}

/** Population standard deviation (ddof 0) of each column, numpy's two-pass algorithm. */
export function stdOfRows(
  data: NumberArray,
  size: number,
  rows: readonly number[],
  f32: boolean,
  mean: Float64Array,
): Float64Array {
  const out = new Float64Array(size);
  if (rows.length === 0) return out;
  if (f32 && data instanceof Float32Array) {
    out.set(stdOfFloat32Rows(data, size, rows, mean));
    return out;
  }
  const acc = f32 ? new Float32Array(size) : new Float64Array(size);
  for (const r of rows) {
    const base = r * size;
    if (f32) {
      for (let k = 0; k < size; k++) {
        const d = Math.fround(data[base + k] - mean[k]);
        acc[k] += Math.fround(d * d);
      }
    } else {
      for (let k = 0; k < size; k++) {
        const d = data[base + k] - mean[k];
        acc[k] += d * d;
      }
    }
  }
  const n = rows.length;
  for (let k = 0; k < size; k++) {
    out[k] = f32 ? Math.fround(Math.sqrt(Math.fround(acc[k] / n))) : Math.sqrt(acc[k] / n);
  }
  return out;
}

/**
 * numpy 2.x `_lerp` (np.percentile called with a Python float q, as SpikeInterface does): `t` is
 * a Python float, so for float32 data it is cast to float32 in `diff * t` while `1 - t` is taken
 * in float64 first; every array operation rounds to float32. Interpolating from the nearer end
 * (`b - diff * (1 - t)` when t >= 0.5) is what makes the last bit match numpy.
 */
export function lerp(a: number, b: number, t: number, f32: boolean): number {
  if (!f32) {
    const diff = b - a;
    return t < 0.5 ? a + diff * t : b - diff * (1 - t);
  }
  const f = Math.fround;
  const diff = f(b - a);
  return t < 0.5 ? f(a + f(diff * f(t))) : f(b - f(diff * f(1 - t)));
}

/** numpy's percentile with the default "linear" method; q in [0, 100]. 50 is the median. */
export function percentileOfRows(
  data: NumberArray,
  size: number,
  rows: readonly number[],
  f32: boolean,
  q: number,
): Float64Array {
  const out = new Float64Array(size);
  const n = rows.length;
  if (n === 0) return out;
  const column = new Float64Array(n);
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  for (let k = 0; k < size; k++) {
    for (let i = 0; i < n; i++) column[i] = data[rows[i] * size + k];
    column.sort();
    const a = column[lo];
    const b = column[hi];
    let v: number;
    if (q === 50) {
      // np.median: the middle value, or the mean of the two middle values.
      v = n % 2 === 1 ? column[(n - 1) / 2] : f32 ? Math.fround(Math.fround(a + b) / 2) : (a + b) / 2;
    } else {
      v = frac === 0 ? a : lerp(a, b, frac, f32);
    }
    out[k] = f32 ? Math.fround(v) : v;
  }
  return out;
}
