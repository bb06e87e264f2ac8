/**
 * Numeric dtypes, tied to their typed arrays at the type level (the Apache Arrow habit), plus the
 * conversions to and from numpy's type strings ("<i2", "float32", "int64"...).
 *
 * int64/uint64 are BigInt64Array/BigUint64Array only where raw bytes must round-trip (npy, zarr
 * buffers). In-memory sample indices use Float64Array instead: exact to 2^53 samples (over 9,000
 * years at 30 kHz) and an order of magnitude faster than BigInt arithmetic.
 */
import { InvalidArgumentError } from "./errors.js";

export type DType =
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "uint64"
  | "float32"
  | "float64"
  | "bool";

/** The dtypes that trace data may have. */
export type TraceDType = "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "float32" | "float64";

export interface TypedArrayMap {
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
  float32: Float32Array;
  float64: Float64Array;
  bool: Uint8Array;
}

export type TypedArrayFor<D extends DType> = TypedArrayMap[D];
export type TypedArray = TypedArrayMap[DType];
/** Typed arrays whose elements are JS numbers (everything but the 64-bit integer arrays). */
export type NumberArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

type TypedArrayCtor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

const CTORS: Record<DType, TypedArrayCtor> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  float32: Float32Array,
  float64: Float64Array,
  bool: Uint8Array,
};

const ITEMSIZE: Record<DType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float32: 4,
  float64: 8,
  bool: 1,
};

const NUMPY_CHAR: Record<DType, string> = {
  int8: "i1",
  uint8: "u1",
  int16: "i2",
  uint16: "u2",
  int32: "i4",
  uint32: "u4",
  int64: "i8",
  uint64: "u8",
  float32: "f4",
  float64: "f8",
  bool: "b1",
};

const FROM_NUMPY_CHAR: Record<string, DType> = Object.fromEntries(
  Object.entries(NUMPY_CHAR).map(([k, v]) => [v, k as DType]),
);

const ALIASES: Record<string, DType> = {
  int8: "int8",
  uint8: "uint8",
  int16: "int16",
  uint16: "uint16",
  int32: "int32",
  uint32: "uint32",
  int64: "int64",
  uint64: "uint64",
  float32: "float32",
  float64: "float64",
  float: "float64",
  double: "float64",
  single: "float32",
  bool: "bool",
  short: "int16",
  int: "int64",
};

export const TRACE_DTYPES: readonly TraceDType[] = [
  "int8",
  "uint8",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "float32",
  "float64",
];

export function isDType(value: unknown): value is DType {
  return typeof value === "string" && value in ITEMSIZE;
}

export function itemsize(dtype: DType): number {
  return ITEMSIZE[dtype];
}

export function isFloatDType(dtype: DType): dtype is "float32" | "float64" {
  return dtype === "float32" || dtype === "float64";
}

export function isIntegerDType(dtype: DType): boolean {
  return !isFloatDType(dtype) && dtype !== "bool";
}

/** Parse any dtype spelling: "int16", "<i2", "|u1", "float32", "f4"... Big-endian is rejected here. */
export function parseDType(spec: string): DType {
  const s = spec.trim();
  if (s in ALIASES) return ALIASES[s];
  const m = /^([<>|=]?)([a-z]\d+)$/.exec(s);
  if (m) {
    const dtype = FROM_NUMPY_CHAR[m[2]];
    if (dtype !== undefined) {
      if (m[1] === ">" && ITEMSIZE[dtype] > 1) {
        throw new InvalidArgumentError(`big-endian dtype ${JSON.stringify(spec)} is not supported`, {
          dtype: spec,
        });
      }
      return dtype;
    }
  }
  throw new InvalidArgumentError(`unknown dtype ${JSON.stringify(spec)}`, { dtype: spec });
}

/** Parse a dtype and check that it is usable for traces. */
export function parseTraceDType(spec: string): TraceDType {
  const d = parseDType(spec);
  if (!(TRACE_DTYPES as readonly string[]).includes(d)) {
    throw new InvalidArgumentError(`dtype ${JSON.stringify(spec)} is not supported for traces`, {
      dtype: spec,
    });
  }
  return d as TraceDType;
}

/** numpy's type string, little-endian: "<i2", "<f4", "|u1", "|b1". */
export function toNumpyDescr(dtype: DType): string {
  return `${ITEMSIZE[dtype] === 1 ? "|" : "<"}${NUMPY_CHAR[dtype]}`;
}

export function typedArrayConstructor<D extends DType>(dtype: D): TypedArrayCtor {
  return CTORS[dtype];
}

export function allocate<D extends DType>(dtype: D, length: number): TypedArrayFor<D> {
  return new CTORS[dtype](length) as TypedArrayFor<D>;
}

/** A typed array of `dtype` viewing `byteLength` bytes of `buffer` (no copy). Offset must be aligned. */
export function viewAs<D extends DType>(
  dtype: D,
  buffer: ArrayBufferLike,
  byteOffset = 0,
  length?: number,
): TypedArrayFor<D> {
  const n = length ?? Math.floor((buffer.byteLength - byteOffset) / ITEMSIZE[dtype]);
  if (byteOffset % ITEMSIZE[dtype] !== 0) {
    // Unaligned: typed arrays cannot view it, so copy the bytes into a fresh aligned buffer.
    const copy = new Uint8Array(n * ITEMSIZE[dtype]);
    copy.set(new Uint8Array(buffer, byteOffset, n * ITEMSIZE[dtype]));
    return new CTORS[dtype](copy.buffer, 0, n) as TypedArrayFor<D>;
  }
  return new CTORS[dtype](buffer as ArrayBuffer, byteOffset, n) as TypedArrayFor<D>;
}

/** The dtype of a typed array (Uint8Array reports "uint8"; bool is a tag carried beside the data). */
export function dtypeOf(array: TypedArray): DType {
  if (array instanceof Int8Array) return "int8";
  if (array instanceof Uint8Array) return "uint8";
  if (array instanceof Int16Array) return "int16";
  if (array instanceof Uint16Array) return "uint16";
  if (array instanceof Int32Array) return "int32";
  if (array instanceof Uint32Array) return "uint32";
  if (array instanceof BigInt64Array) return "int64";
  if (array instanceof BigUint64Array) return "uint64";
  if (array instanceof Float32Array) return "float32";
  if (array instanceof Float64Array) return "float64";
  // Name what came instead: a typed array that went through JSON arrives as a {"0": ...} object.
  throw new InvalidArgumentError(`expected a typed array, got ${describeKind(array)}`, {
    got: describeKind(array),
  });
}

/** "null", "an array", "an object (Object)", "a string"... for messages about a value of the wrong kind. */
export function describeKind(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  const t = typeof value;
  const article = t === "object" || t === "undefined" ? "an" : "a";
  const ctor = t === "object" ? (value as object).constructor?.name : undefined;
  return `${article} ${t}${ctor ? ` (${ctor})` : ""}`;
}

export function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/**
 * Convert a number array to another trace dtype, as numpy's `astype` does for in-range values
 * (floats truncate toward zero when going to integers; typed-array stores wrap out-of-range values).
 */
export function castNumbers<D extends TraceDType>(src: NumberArray, dtype: D): TypedArrayFor<D> {
  const out = allocate(dtype, src.length) as NumberArray;
  if (isFloatDType(dtype) || !(src instanceof Float32Array || src instanceof Float64Array)) {
    out.set(src);
  } else {
    for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
  }
  return out as TypedArrayFor<D>;
}
