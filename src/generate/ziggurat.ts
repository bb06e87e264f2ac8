/**
 * Tables of the ziggurat method for standard normal draws (Marsaglia & Tsang, 2000, "The Ziggurat
 * Method for Generating Random Variables"), 256 layers, computed at load time from the two
 * published constants of the 256-layer ziggurat.
 *
 * Geometry. f(x) = exp(−x²/2) (unnormalised half density). Layer i ≥ 1 is the rectangle
 * [0, x[i]] × [f(x[i]), f(x[i+1])]; every layer has the same area V. Layer 0 is the base: the
 * rectangle [0, R] × [0, f(R)] plus the tail beyond R, treated as a rectangle of width
 * x[0] = V / f(R). x[1] = R and x[256] = 0.
 *
 * A draw picks a layer i and a uniform z in [0, x[i]). When z < x[i+1] the point lies under the
 * layer above, so inside the curve: accepted at once (≈ 99 % of draws, one table compare). Otherwise
 * layer 0 samples the tail and the other layers test the wedge against f.
 *
 * Integer form: z = m · x[i] / 2^bits for an integer m of `bits` random bits, so the fast test is
 * `m < k[i]` with k[i] = ⌊2^bits · x[i+1] / x[i]⌋ and the value is `m · w[i]`, w[i] = x[i] / 2^bits.
 * Two variants exist: 23-bit magnitudes (one 32-bit draw per float32 sample: 8 bits layer, 1 bit
 * sign, 23 bits magnitude, which is float32's precision) and 53-bit magnitudes (two 32-bit draws,
 * for float64).
 */

/** Number of layers. */
export const ZIGGURAT_LAYERS = 256;
/** Right edge of the base rectangle, where the tail starts. */
export const ZIGGURAT_R = 3.6541528853610088;
/** Area of every layer (with f unnormalised). */
export const ZIGGURAT_V = 0.00492867323399;

export interface ZigguratTables {
  /** Layer widths x[0..256] (x[0] is the base pseudo-width, x[256] = 0). */
  readonly x: Float64Array;
  /** f(x[i]) for i in 0..256 (f(x[0]) is unused: the base uses f(R)). */
  readonly f: Float64Array;
  /**
   * Fast-accept thresholds for 23-bit magnitudes, indexed by the 9 low bits of a draw (layer in
   * bits 0–7, sign in bit 8), so entry j and j + 256 are equal.
   */
  readonly k23: Int32Array;
  /**
   * Signed scale from a 23-bit magnitude to a value, same 9-bit index: the sign lives in the table
   * so the hot loop has no branch on a random bit (which would mispredict half the time).
   */
  readonly w23: Float64Array;
  /** Fast-accept thresholds for 53-bit magnitudes. */
  readonly k53: Float64Array;
  /** Scale from a 53-bit magnitude to a value in layer i. */
  readonly w53: Float64Array;
}

function density(x: number): number {
  return Math.exp(-0.5 * x * x);
}

function buildTables(): ZigguratTables {
  const n = ZIGGURAT_LAYERS;
  const x = new Float64Array(n + 1);
  const f = new Float64Array(n + 1);
  x[0] = ZIGGURAT_V / density(ZIGGURAT_R);
  x[1] = ZIGGURAT_R;
  for (let i = 1; i < n - 1; i++) {
    // f(x[i+1]) = f(x[i]) + V / x[i]: the layer above has the same area.
    x[i + 1] = Math.sqrt(-2 * Math.log(ZIGGURAT_V / x[i] + density(x[i])));
  }
  x[n] = 0;
  for (let i = 0; i <= n; i++) f[i] = density(x[i]);
  f[0] = density(ZIGGURAT_R);
  const k23 = new Int32Array(2 * n);
  const w23 = new Float64Array(2 * n);
  const k53 = new Float64Array(n);
  const w53 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ratio = x[i + 1] / x[i];
    k23[i] = k23[i + n] = Math.floor(ratio * 2 ** 23);
    w23[i] = x[i] / 2 ** 23;
    w23[i + n] = -w23[i];
    k53[i] = Math.floor(ratio * 2 ** 53);
    w53[i] = x[i] / 2 ** 53;
  }
  return { x, f, k23, w23, k53, w53 };
}

export const ZIGGURAT: ZigguratTables = buildTables();
