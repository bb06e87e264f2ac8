/**
 * A small complex DFT for any length (radix-2 for powers of two, Bluestein's chirp-z otherwise) and
 * the sub-sample delay built on it: delaying a sampled waveform by s samples multiplies bin k of
 * its spectrum by exp(−i·2πk·s/n), as numpy's rfft/irfft pair does in SpikeInterface's template
 * generator (the Nyquist bin of an even length keeps only its real part).
 *
 * Template lengths are around a hundred samples (a thousand when upsampled), so plans are cached by
 * length; this is not a general FFT library.
 */

interface Radix2Plan {
  readonly size: number;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  readonly bitReverse: Uint32Array;
}

function radix2Plan(size: number): Radix2Plan {
  const cos = new Float64Array(size / 2);
  const sin = new Float64Array(size / 2);
  for (let i = 0; i < size / 2; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / size);
    sin[i] = Math.sin((2 * Math.PI * i) / size);
  }
  const bits = Math.round(Math.log2(size));
  const bitReverse = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >>> b) & 1) << (bits - 1 - b);
    bitReverse[i] = r;
  }
  return { size, cos, sin, bitReverse };
}

/** In-place forward DFT (e^{−i…}, unnormalised) of a power-of-two length. */
function radix2Forward(plan: Radix2Plan, re: Float64Array, im: Float64Array): void {
  const { size, cos, sin, bitReverse } = plan;
  for (let i = 0; i < size; i++) {
    const j = bitReverse[i];
    if (j > i) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  // Stage of width 2: twiddle 1, no multiplications.
  for (let a = 0; a + 1 < size; a += 2) {
    const tr = re[a + 1];
    const ti = im[a + 1];
    re[a + 1] = re[a] - tr;
    im[a + 1] = im[a] - ti;
    re[a] += tr;
    im[a] += ti;
  }
  for (let half = 2; half < size; half *= 2) {
    const step = size / (2 * half);
    // Twiddle outside, butterflies inside: one table read per twiddle rather than per butterfly.
    for (let k = 0; k < half; k++) {
      const wr = cos[k * step];
      const wi = -sin[k * step];
      for (let a = k; a < size; a += 2 * half) {
        const b = a + half;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

/** A forward complex DFT of one length n. */
class DftPlan {
  private readonly radix2: Radix2Plan;
  // Bluestein parts (unused when n is a power of two).
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  private readonly kernelRe: Float64Array;
  private readonly kernelIm: Float64Array;
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;

  constructor(readonly n: number) {
    const isPow2 = (n & (n - 1)) === 0;
    let size = 1;
    while (size < (isPow2 ? n : 2 * n - 1)) size *= 2;
    this.radix2 = radix2Plan(size);
    this.chirpRe = new Float64Array(isPow2 ? 0 : n);
    this.chirpIm = new Float64Array(isPow2 ? 0 : n);
    this.kernelRe = new Float64Array(isPow2 ? 0 : size);
    this.kernelIm = new Float64Array(isPow2 ? 0 : size);
    this.workRe = new Float64Array(isPow2 ? 0 : size);
    this.workIm = new Float64Array(isPow2 ? 0 : size);
    if (isPow2) return;
    // chirp c_m = exp(−iπ m²/n); m² is reduced mod 2n so the angle stays accurate for large m.
    for (let m = 0; m < n; m++) {
      const angle = (Math.PI * ((m * m) % (2 * n))) / n;
      this.chirpRe[m] = Math.cos(angle);
      this.chirpIm[m] = -Math.sin(angle);
    }
    // kernel b_m = conj(c_m) for m in −(n−1)…(n−1), wrapped into the padded length.
    for (let m = 0; m < n; m++) {
      this.kernelRe[m] = this.chirpRe[m];
      this.kernelIm[m] = -this.chirpIm[m];
      if (m > 0) {
        this.kernelRe[size - m] = this.chirpRe[m];
        this.kernelIm[size - m] = -this.chirpIm[m];
      }
    }
    radix2Forward(this.radix2, this.kernelRe, this.kernelIm);
  }

  /** In-place forward DFT of re/im (length n). */
  forward(re: Float64Array, im: Float64Array): void {
    if (this.chirpRe.length === 0) {
      radix2Forward(this.radix2, re, im);
      return;
    }
    const { n, chirpRe: cr, chirpIm: ci, kernelRe: kr, kernelIm: ki, workRe: wr, workIm: wi } = this;
    const size = wr.length;
    wr.fill(0);
    wi.fill(0);
    for (let j = 0; j < n; j++) {
      wr[j] = re[j] * cr[j] - im[j] * ci[j];
      wi[j] = re[j] * ci[j] + im[j] * cr[j];
    }
    radix2Forward(this.radix2, wr, wi);
    // Multiply by the kernel spectrum and conjugate: the next forward pass is then an inverse.
    for (let k = 0; k < size; k++) {
      const r = wr[k] * kr[k] - wi[k] * ki[k];
      const i = wr[k] * ki[k] + wi[k] * kr[k];
      wr[k] = r;
      wi[k] = -i;
    }
    radix2Forward(this.radix2, wr, wi);
    for (let k = 0; k < n; k++) {
      const r = wr[k] / size;
      const i = -wi[k] / size;
      re[k] = r * cr[k] - i * ci[k];
      im[k] = r * ci[k] + i * cr[k];
    }
  }

  /** In-place inverse DFT (e^{+i…}, divided by n). */
  inverse(re: Float64Array, im: Float64Array): void {
    const n = this.n;
    for (let k = 0; k < n; k++) im[k] = -im[k];
    this.forward(re, im);
    for (let k = 0; k < n; k++) {
      re[k] /= n;
      im[k] = -im[k] / n;
    }
  }
}

const plans = new Map<number, DftPlan>();

function planFor(n: number): DftPlan {
  let plan = plans.get(n);
  if (plan === undefined) {
    plan = new DftPlan(n);
    if (plans.size > 16) plans.clear();
    plans.set(n, plan);
  }
  return plan;
}

/** Forward DFT of a real or complex signal (new arrays). Exposed for tests. */
export function dft(re: ArrayLike<number>, im?: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const outRe = Float64Array.from(re);
  const outIm = im === undefined ? new Float64Array(outRe.length) : Float64Array.from(im);
  if (outRe.length > 0) planFor(outRe.length).forward(outRe, outIm);
  return { re: outRe, im: outIm };
}

/**
 * Delays of one real waveform by fractional numbers of samples (periodic, band-limited): holds the
 * waveform's spectrum so each delay costs one inverse transform, and two delays share one (the
 * real and imaginary parts of a complex inverse carry two real signals).
 */
export class FractionalDelay {
  private readonly plan: DftPlan;
  private readonly specRe: Float64Array;
  private readonly specIm: Float64Array;
  private readonly bufRe: Float64Array;
  private readonly bufIm: Float64Array;

  constructor(signal: ArrayLike<number>) {
    const n = signal.length;
    this.plan = planFor(Math.max(1, n));
    this.specRe = Float64Array.from(signal);
    this.specIm = new Float64Array(n);
    if (n > 0) this.plan.forward(this.specRe, this.specIm);
    this.bufRe = new Float64Array(n);
    this.bufIm = new Float64Array(n);
  }

  /** The waveform delayed by `shift` samples, written to `out` (length n). */
  delay(shift: number, out: Float64Array): void {
    this.delayPair(shift, shift, out, null);
  }

  /**
   * Two delays at once: `outA` gets the waveform delayed by `shiftA`, `outB` (when given) by
   * `shiftB`. Z = A + iB with A, B the Hermitian spectra of the two real outputs, so one inverse
   * transform yields A's signal in its real part and B's in its imaginary part.
   */
  delayPair(shiftA: number, shiftB: number, outA: Float64Array, outB: Float64Array | null): void {
    const n = this.specRe.length;
    if (n === 0) return;
    const { specRe, specIm, bufRe, bufIm } = this;
    const half = Math.floor(n / 2);
    bufRe[0] = specRe[0];
    bufIm[0] = specRe[0];
    // Phase factors e^{−i·2πk·shift/n} by recurrence (k ≤ n/2 steps keep the error near 1e-14).
    const stepAr = Math.cos((-2 * Math.PI * shiftA) / n);
    const stepAi = Math.sin((-2 * Math.PI * shiftA) / n);
    const stepBr = Math.cos((-2 * Math.PI * shiftB) / n);
    const stepBi = Math.sin((-2 * Math.PI * shiftB) / n);
    let ca = 1;
    let sa = 0;
    let cb = 1;
    let sb = 0;
    for (let k = 1; k <= half; k++) {
      const nextCa = ca * stepAr - sa * stepAi;
      sa = ca * stepAi + sa * stepAr;
      ca = nextCa;
      const nextCb = cb * stepBr - sb * stepBi;
      sb = cb * stepBi + sb * stepBr;
      cb = nextCb;
      const ar = specRe[k] * ca - specIm[k] * sa;
      const ai = specRe[k] * sa + specIm[k] * ca;
      const br = specRe[k] * cb - specIm[k] * sb;
      const bi = specRe[k] * sb + specIm[k] * cb;
      if (2 * k === n) {
        // irfft keeps only the real part of the Nyquist bin.
        bufRe[k] = ar;
        bufIm[k] = br;
      } else {
        bufRe[k] = ar - bi;
        bufIm[k] = ai + br;
        bufRe[n - k] = ar + bi;
        bufIm[n - k] = br - ai;
      }
    }
    this.plan.inverse(bufRe, bufIm);
    outA.set(bufRe);
    if (outB !== null) outB.set(bufIm);
  }
}
