/**
 * The spike vector as SpikeInterface stores it (`spikes.npy`): a structured array
 * `[('sample_index', '<i8'), ('unit_index', '<i8'), ('segment_index', '<i8')]`. In memory the core
 * keeps Float64Array sample indices and Int32Array unit/segment indices, so the int64 columns are
 * converted through their two 32-bit halves, never through BigInt values.
 */
import type { DType, TypedArray } from "../../dtype.js";
import { FileFormatError, InvalidArgumentError } from "../../errors.js";
import type { SpikeVector } from "../../sorting/spike-vector.js";
import { scalarDescr, structuredDescrRepr } from "./descr.js";
import type { NpyArray, NpyColumn, NpyField, NpyStructuredArray } from "./npy-array.js";

export const SPIKE_VECTOR_FIELDS = ["sample_index", "unit_index", "segment_index"] as const;

const TWO_32 = 4294967296;

export interface SpikeVectorColumns {
  readonly sampleIndex: Float64Array;
  readonly unitIndex: Int32Array;
  readonly segmentIndex: Int32Array;
}

/** Columns of a parsed spike vector `.npy`. Extra fields are ignored; `name` goes in errors. */
export function spikeVectorFromNpy(npy: NpyArray, name = "spikes.npy"): SpikeVector {
  if (npy.kind !== "structured" || npy.shape.length !== 1) {
    throw new FileFormatError(
      name,
      `a spike vector is a 1-D structured array, got ${npy.kind} ${JSON.stringify(npy.descr)} of shape (${npy.shape.join(", ")})`,
    );
  }
  const column = (field: string): TypedArray => {
    const f = npy.fields.find((x) => x.name === field);
    if (f === undefined)
      throw new FileFormatError(name, `spike vector has no ${JSON.stringify(field)} field`);
    if (
      f.type.kind !== "numeric" ||
      f.type.dtype === "bool" ||
      f.type.dtype.startsWith("float") ||
      f.shape.length > 0
    ) {
      throw new FileFormatError(
        name,
        `spike vector field ${JSON.stringify(field)} has dtype ${f.descr}, expected an integer`,
      );
    }
    return npy.data[field] as TypedArray;
  };
  const fail = (field: string, i: number, what: string): never => {
    throw new FileFormatError(name, `spike ${i}: ${field} ${what}`);
  };
  return {
    sampleIndex: toFloat64(column("sample_index"), (i, v) => fail("sample_index", i, `${v} is beyond 2^53`)),
    unitIndex: toInt32(column("unit_index"), (i, v) => fail("unit_index", i, `${v} does not fit int32`)),
    segmentIndex: toInt32(column("segment_index"), (i, v) =>
      fail("segment_index", i, `${v} does not fit int32`),
    ),
  };
}

type Bad = (index: number, value: string) => never;

function halves(col: BigInt64Array | BigUint64Array): { lo: Uint32Array; hi: Int32Array } {
  return {
    lo: new Uint32Array(col.buffer, col.byteOffset, col.length * 2),
    hi: new Int32Array(col.buffer, col.byteOffset, col.length * 2),
  };
}

function toFloat64(col: TypedArray, bad: Bad): Float64Array {
  const n = col.length;
  const out = new Float64Array(n);
  if (col instanceof BigInt64Array || col instanceof BigUint64Array) {
    const { lo, hi } = halves(col);
    const unsigned = col instanceof BigUint64Array;
    for (let i = 0; i < n; i++) {
      const h = hi[2 * i + 1];
      // |value| < 2^53 means the high word lies in [-2^21, 2^21)
      if (h >= 0x200000 || h < (unsigned ? 0 : -0x200000)) bad(i, String(col[i]));
      out[i] = h * TWO_32 + lo[2 * i];
    }
    return out;
  }
  out.set(col as Exclude<TypedArray, BigInt64Array | BigUint64Array>);
  return out;
}

function toInt32(col: TypedArray, bad: Bad): Int32Array {
  const n = col.length;
  if (col instanceof Int32Array) return col.slice();
  const out = new Int32Array(n);
  if (col instanceof BigInt64Array || col instanceof BigUint64Array) {
    const { lo, hi } = halves(col);
    const unsigned = col instanceof BigUint64Array;
    for (let i = 0; i < n; i++) {
      const l = lo[2 * i] | 0;
      if (hi[2 * i + 1] !== l >> 31 || (unsigned && l < 0)) bad(i, String(col[i]));
      out[i] = l;
    }
    return out;
  }
  if (col instanceof Uint32Array) {
    for (let i = 0; i < n; i++) if (col[i] > 0x7fffffff) bad(i, String(col[i]));
  }
  out.set(col as Exclude<TypedArray, BigInt64Array | BigUint64Array>);
  return out;
}

const INT64_FIELD = (name: string): NpyField => {
  const type = { kind: "numeric", dtype: "int64" as DType, bigEndian: false } as const;
  return { name, descr: scalarDescr(type), type, shape: [] };
};

/** The structured `.npy` array SpikeInterface writes as `spikes.npy`. */
export function spikeVectorToNpy(vector: SpikeVectorColumns): NpyStructuredArray {
  const { sampleIndex, unitIndex, segmentIndex } = vector;
  const n = sampleIndex.length;
  if (unitIndex.length !== n || segmentIndex.length !== n) {
    throw new InvalidArgumentError(
      `spike vector columns differ in length: sampleIndex ${n}, unitIndex ${unitIndex.length}, segmentIndex ${segmentIndex.length}`,
    );
  }
  const sample = new BigInt64Array(n);
  const { lo, hi } = halves(sample);
  for (let i = 0; i < n; i++) {
    const v = sampleIndex[i];
    if (!Number.isSafeInteger(v)) {
      throw new InvalidArgumentError(`sampleIndex[${i}] = ${v} is not an integer in the exact range`, {
        index: i,
        value: v,
      });
    }
    const h = Math.floor(v / TWO_32);
    hi[2 * i + 1] = h;
    lo[2 * i] = v - h * TWO_32;
  }
  const fields = SPIKE_VECTOR_FIELDS.map(INT64_FIELD);
  const data: Record<string, NpyColumn> = Object.create(null);
  data.sample_index = sample;
  data.unit_index = widenInt32(unitIndex);
  data.segment_index = widenInt32(segmentIndex);
  return {
    kind: "structured",
    descr: structuredDescrRepr(fields),
    fields,
    itemsize: 24,
    shape: [n],
    fortranOrder: false,
    data,
  };
}

function widenInt32(src: Int32Array): BigInt64Array {
  const out = new BigInt64Array(src.length);
  const { lo, hi } = halves(out);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    lo[2 * i] = v;
    hi[2 * i + 1] = v >> 31;
  }
  return out;
}
