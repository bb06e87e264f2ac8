/**
 * The in-memory model of one .npy array. `data` always holds values in C order and native byte
 * order; `descr` and `fortranOrder` say how the file stores (or will store) them, so that a
 * big-endian or Fortran-ordered file round-trips byte for byte through parseNpy/encodeNpy.
 */
import type { DType, TypedArray, TypedArrayFor } from "../../dtype.js";

/** How one element of a structured field is stored. */
export type NpyFieldType =
  | { readonly kind: "numeric"; readonly dtype: DType; readonly bigEndian: boolean }
  /** numpy `<U{width}`: `width` UTF-32 code points, trailing NULs stripped on read. */
  | { readonly kind: "unicode"; readonly width: number; readonly bigEndian: boolean }
  /** numpy `|S{width}`: `width` bytes, read as Latin-1 text (one char per byte, lossless). */
  | { readonly kind: "bytes"; readonly width: number }
  /** Unnamed `|V{width}` padding that numpy inserts for aligned or offset fields; holds no data. */
  | { readonly kind: "padding"; readonly width: number };

/** A column of a structured array: numbers for numeric fields, text for `U`/`S` fields. */
export type NpyColumn = TypedArray | string[];

export interface NpyField {
  /** Field name; "" only for padding. */
  readonly name: string;
  /** numpy type string of one element: "<i8", "<f4", "|b1", "<U8", "|S3", "|V4". */
  readonly descr: string;
  readonly type: NpyFieldType;
  /** Sub-array shape of the field, [] for a scalar field (snippets use e.g. [64, 4]). */
  readonly shape: readonly number[];
}

interface NpyArrayBase {
  /**
   * numpy type string as written in the header: "<i8", ">f4", "|b1", "<U7", "|S3"; for structured
   * arrays the Python text of the field list, e.g. "[('sample_index', '<i8'), ...]".
   */
  readonly descr: string;
  readonly shape: readonly number[];
  /**
   * True when the file stores the array in Fortran order. `data` is in C order regardless:
   * parseNpy transposes Fortran data into C order and encodeNpy transposes it back.
   */
  readonly fortranOrder: boolean;
}

type NumericArrayOf<D extends DType> = NpyArrayBase & {
  readonly kind: "numeric";
  readonly dtype: D;
  /** Element count = product of shape; bool is a Uint8Array of 0/1. May view the parsed bytes. */
  readonly data: TypedArrayFor<D>;
};

/** A numeric array; checking `dtype` narrows `data` to its typed array class. */
export type NpyNumericArray = { [D in DType]: NumericArrayOf<D> }[DType];

export interface NpyStringArray extends NpyArrayBase {
  readonly kind: "string";
  /** "unicode" for `<U` (UTF-32), "bytes" for `|S` (Latin-1). */
  readonly encoding: "unicode" | "bytes";
  /** Fixed width: code points for unicode, bytes for bytes. */
  readonly width: number;
  readonly data: string[];
}

export interface NpyStructuredArray extends NpyArrayBase {
  readonly kind: "structured";
  /** All fields in record order, padding included. */
  readonly fields: readonly NpyField[];
  /** Bytes per record. */
  readonly itemsize: number;
  /**
   * One column per named field (null-prototype object, field order in `fields`). A field with a
   * sub-array shape S has `count * product(S)` elements, in C order.
   */
  readonly data: Readonly<Record<string, NpyColumn>>;
}

export type NpyArray = NpyNumericArray | NpyStringArray | NpyStructuredArray;

/** Number of elements of a shape (1 for a 0-d array). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
