/**
 * numcodecs' Delta filter `{"id": "delta", "dtype": "<i8", "astype": "<i8"}`: encoding keeps the
 * first value and stores each later value minus its predecessor (integer arithmetic wraps, as
 * numpy's does), converted to `astype`; decoding is the running sum. The zarr sorting stores its
 * sorted spike sample indices this way, so most deltas are small and compress well.
 *
 * 64-bit integers are handled as two 32-bit halves with an explicit carry: exact, and an order
 * of magnitude faster than BigInt arithmetic.
 */
import { allocate, type DType, type NumberArray, viewAs } from "../../../dtype.js";
import { FileFormatError, InvalidArgumentError } from "../../../errors.js";
import { parseZarrDType } from "../zarr-dtype.js";
import type { BytesCodec, ChunkContext, CodecConfig } from "./types.js";

type NumDType = Exclude<DType, "bool">;

function numericDType(spec: unknown, key: string): { dtype: NumDType; str: string } {
  let d: ReturnType<typeof parseZarrDType>;
  try {
    d = parseZarrDType(spec);
  } catch {
    throw new InvalidArgumentError(`delta filter: unsupported ${key} ${JSON.stringify(spec)}`);
  }
  if (d.kind !== "number" || !d.littleEndian) {
    throw new InvalidArgumentError(
      `delta filter: ${key} must be a little-endian numeric dtype, got ${JSON.stringify(spec)}`,
    );
  }
  return { dtype: d.dtype, str: d.str };
}

const is64 = (d: NumDType) => d === "int64" || d === "uint64";

/** Copy the bytes so typed-array views are aligned and the caller's buffer is not modified. */
function aligned(data: Uint8Array): ArrayBuffer {
  return data.slice().buffer;
}

export class DeltaCodec implements BytesCodec {
  readonly kind = "bytes";
  readonly config: CodecConfig;
  readonly dtype: NumDType;
  readonly astype: NumDType;

  constructor(config: CodecConfig) {
    const dt = numericDType(config.dtype, "dtype");
    const as = numericDType(config.astype ?? config.dtype, "astype");
    this.dtype = dt.dtype;
    this.astype = as.dtype;
    this.config = { id: "delta", dtype: dt.str, astype: as.str };
  }

  encodedItemsize(): number {
    return allocate(this.astype, 0).BYTES_PER_ELEMENT;
  }

  encode(data: Uint8Array, ctx: ChunkContext): Uint8Array {
    if (data.length % allocate(this.dtype, 0).BYTES_PER_ELEMENT !== 0) {
      throw new InvalidArgumentError(
        `${ctx.where}: delta filter: ${data.length} bytes is not a whole number of ${this.dtype}`,
      );
    }
    const x = viewAs(this.dtype, aligned(data));
    const n = x.length;
    if (this.dtype === this.astype && is64(this.dtype)) {
      const w = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
      const out = new Uint32Array(2 * n);
      if (n > 0) {
        out[0] = w[0];
        out[1] = w[1];
      }
      for (let i = 1; i < n; i++) {
        const alo = w[2 * i];
        const blo = w[2 * i - 2];
        out[2 * i] = (alo - blo) >>> 0;
        out[2 * i + 1] = (w[2 * i + 1] - w[2 * i - 1] - (alo < blo ? 1 : 0)) >>> 0;
      }
      return new Uint8Array(out.buffer);
    }
    if (is64(this.dtype) || is64(this.astype))
      return this.bigintCode(x as BigInt64Array | BigUint64Array, true);
    // Differences in the source dtype (a typed-array store wraps like numpy), then cast.
    const diff = allocate(this.dtype, n) as NumberArray;
    const xs = x as NumberArray;
    if (n > 0) diff[0] = xs[0];
    for (let i = 1; i < n; i++) diff[i] = xs[i] - xs[i - 1];
    const out = allocate(this.astype, n) as NumberArray;
    out.set(diff);
    return new Uint8Array(out.buffer);
  }

  decode(data: Uint8Array, ctx: ChunkContext): Uint8Array {
    const size = allocate(this.astype, 0).BYTES_PER_ELEMENT;
    if (data.length % size !== 0) {
      throw new FileFormatError(
        ctx.where,
        `delta filter: ${data.length} bytes is not a whole number of ${this.astype}`,
      );
    }
    const e = viewAs(this.astype, aligned(data));
    const n = e.length;
    if (this.dtype === this.astype && is64(this.dtype)) {
      const w = new Uint32Array(e.buffer, e.byteOffset, 2 * n);
      let lo = 0;
      let hi = 0;
      for (let i = 0; i < n; i++) {
        const dlo = w[2 * i];
        const nlo = (lo + dlo) >>> 0;
        hi = (hi + w[2 * i + 1] + (nlo < lo ? 1 : 0)) >>> 0;
        lo = nlo;
        w[2 * i] = lo;
        w[2 * i + 1] = hi;
      }
      return new Uint8Array(w.buffer);
    }
    if (is64(this.dtype) || is64(this.astype))
      return this.bigintCode(e as BigInt64Array | BigUint64Array, false);
    const out = allocate(this.dtype, n) as NumberArray;
    const es = e as NumberArray;
    // A running sum kept in the output dtype, so it wraps (or rounds, for float32) like numpy.
    for (let i = 0; i < n; i++) out[i] = (i === 0 ? 0 : out[i - 1]) + es[i];
    return new Uint8Array(out.buffer);
  }

  /** Mixed cases with a 64-bit integer side (rare): exact BigInt arithmetic, wrapped to `dst`. */
  private bigintCode(x: ArrayLike<number | bigint>, encode: boolean): Uint8Array {
    const dst = encode ? this.astype : this.dtype;
    const n = x.length;
    const toBig = (v: number | bigint) => (typeof v === "bigint" ? v : BigInt(Math.trunc(v)));
    const out = allocate(dst, n);
    const bits = out.BYTES_PER_ELEMENT * 8;
    const wrap = (v: bigint) => (dst.startsWith("u") ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v));
    const put = (i: number, v: bigint) => {
      if (is64(dst)) (out as BigInt64Array | BigUint64Array)[i] = v;
      else (out as NumberArray)[i] = isFloat(dst) ? Number(v) : Number(wrap(v));
    };
    let acc = 0n;
    for (let i = 0; i < n; i++) {
      const v = toBig(x[i]);
      if (encode) {
        put(i, wrap(i === 0 ? v : v - toBig(x[i - 1])));
      } else {
        acc = wrap(acc + v);
        put(i, acc);
      }
    }
    return new Uint8Array(out.buffer);
  }
}

function isFloat(d: NumDType): boolean {
  return d === "float32" || d === "float64";
}
