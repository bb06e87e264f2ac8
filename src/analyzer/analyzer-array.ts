/**
 * The data an extension keeps: n-dimensional C-order arrays with an explicit dtype (what becomes
 * a `.npy` file or a zarr array on disk) and JSON dicts (what becomes a `.json` file or a zarr
 * object array). int64 arrays are held in a Float64Array with dtype "int64", as properties are:
 * exact for any index or sample number, and free of BigInt arithmetic.
 */
import { type DType, isFloatDType, type NumberArray } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";

export interface AnalyzerArray {
  readonly kind: "array";
  readonly data: NumberArray;
  readonly shape: readonly number[];
  /** The dtype on disk; "int64"/"uint64" data live in a Float64Array. */
  readonly dtype: DType;
}

/** A JSON value kept as extension data (Python writes these with json.dump). */
export interface AnalyzerJson {
  readonly kind: "json";
  readonly value: unknown;
}

export type ExtensionDataValue = AnalyzerArray | AnalyzerJson;

/** The in-memory storage for a dtype (int64 → Float64Array). */
export function storageFor(dtype: DType, length: number): NumberArray {
  switch (dtype) {
    case "int64":
    case "uint64":
      return new Float64Array(length);
    case "bool":
      return new Uint8Array(length);
    case "int8":
      return new Int8Array(length);
    case "uint8":
      return new Uint8Array(length);
    case "int16":
      return new Int16Array(length);
    case "uint16":
      return new Uint16Array(length);
    case "int32":
      return new Int32Array(length);
    case "uint32":
      return new Uint32Array(length);
    case "float32":
      return new Float32Array(length);
    case "float64":
      return new Float64Array(length);
  }
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function makeArray(data: NumberArray, shape: readonly number[], dtype: DType): AnalyzerArray {
  if (shapeSize(shape) !== data.length) {
    throw new InvalidArgumentError(`${data.length} values do not fill shape [${shape.join(", ")}]`);
  }
  return { kind: "array", data, shape: [...shape], dtype };
}

export function zerosArray(shape: readonly number[], dtype: DType): AnalyzerArray {
  return makeArray(storageFor(dtype, shapeSize(shape)), shape, dtype);
}

export function jsonData(value: unknown): AnalyzerJson {
  return { kind: "json", value };
}

export function isAnalyzerArray(v: ExtensionDataValue | undefined): v is AnalyzerArray {
  return v !== undefined && v.kind === "array";
}

/** Rows (first axis) at `rows`, in that order: a new array. */
export function takeRows(a: AnalyzerArray, rows: ArrayLike<number>): AnalyzerArray {
  const rowSize = a.shape.length === 0 ? 1 : shapeSize(a.shape.slice(1));
  const out = storageFor(a.dtype, rows.length * rowSize);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out.set(a.data.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize);
  }
  return makeArray(out, [rows.length, ...a.shape.slice(1)], a.dtype);
}

/** Columns of the last axis at `columns`, in that order: a new array. */
export function takeLastAxis(a: AnalyzerArray, columns: ArrayLike<number>): AnalyzerArray {
  const c = a.shape[a.shape.length - 1];
  const rows = c === 0 ? shapeSize(a.shape.slice(0, -1)) : a.data.length / c;
  const k = columns.length;
  const out = storageFor(a.dtype, rows * k);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < k; j++) out[r * k + j] = a.data[r * c + columns[j]];
  }
  return makeArray(out, [...a.shape.slice(0, -1), k], a.dtype);
}

/** A float dtype check used by the templates operators. */
export function isFloatArray(a: AnalyzerArray): boolean {
  return isFloatDType(a.dtype);
}
