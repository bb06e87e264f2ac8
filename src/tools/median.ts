/**
 * Fast medians with numpy's exact semantics: Floyd–Rivest selection (expected linear time) in
 * place on a scratch array, and for even lengths the mean of the two middle values computed in the
 * array's precision (numpy's float32 median is `fround(fround(a + b) / 2)`).
 */
export type FloatArray = Float32Array | Float64Array;

function swap(a: FloatArray, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Reorder a[left..right] so that a[k] holds the value it would have if sorted, smaller-or-equal
 * values before it and greater-or-equal after. NaN-free input only.
 */
export function selectKth(a: FloatArray, k: number, left = 0, right = a.length - 1): void {
  while (right > left) {
    if (right - left > 600) {
      // Floyd–Rivest: narrow the range around k with a recursive select on a sample.
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      selectKth(a, k, newLeft, newRight);
    }
    const t = a[k];
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right] > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

/** Largest value of a[left..right]. */
function maxOf(a: FloatArray, left: number, right: number): number {
  let m = a[left];
  for (let i = left + 1; i <= right; i++) if (a[i] > m) m = a[i];
  return m;
}

/**
 * numpy's median of a[0..n) (default: the whole array), reordering it. NaN anywhere gives NaN.
 * `float32` rounds the even-length mean like numpy does for float32 arrays.
 */
export function medianInPlace(a: FloatArray, float32: boolean, n = a.length): number {
  if (n === 0) return Number.NaN;
  for (let i = 0; i < n; i++) if (Number.isNaN(a[i])) return Number.NaN;
  const half = n >> 1;
  selectKth(a, half, 0, n - 1);
  const upper = a[half];
  if (n % 2 === 1) return upper;
  // After selection every value left of `half` is <= upper: the lower middle is their maximum.
  const lower = maxOf(a, 0, half - 1);
  return float32 ? Math.fround(lower + upper) / 2 : (lower + upper) / 2;
}
