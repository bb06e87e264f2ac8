/**
 * Build NpyArray values from plain data, with the dtype numpy would give them: typed arrays keep
 * their dtype, strings become `<U{longest}` (at least 1), columns become a structured array.
 */
import { type DType, dtypeOf, isTypedArray, type TypedArray, type TypedArrayFor } from "../../dtype.js";
import { InvalidArgumentError } from "../../errors.js";
import { fieldTypeItemsize, parseScalarDescr, scalarDescr, structuredDescrRepr } from "./descr.js";
import { unicodeWidth } from "./fixed-text.js";
import type {
  NpyColumn,
  NpyField,
  NpyFieldType,
  NpyNumericArray,
  NpyStringArray,
  NpyStructuredArray,
} from "./npy-array.js";
import { shapeSize } from "./npy-array.js";

export interface NpyLayoutOptions {
  /** Array shape; defaults to 1-D. Its product must equal the element count. */
  shape?: readonly number[];
  /** Write the file in Fortran order (the data given is still in C order). */
  fortranOrder?: boolean;
}

export interface NpyFromTypedArrayOptions<D extends DType> extends NpyLayoutOptions {
  /** Defaults to the typed array's dtype; pass "bool" to store a Uint8Array of 0/1 as `|b1`. */
  dtype?: D;
  /** Store big-endian (`>` descr) as some non-numpy writers do. */
  bigEndian?: boolean;
}

function checkShape(shape: readonly number[] | undefined, count: number, what: string): number[] {
  if (shape === undefined) return [count];
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new InvalidArgumentError(`shape ${JSON.stringify(shape)} is not a list of non-negative integers`, {
      shape,
    });
  }
  if (shapeSize(shape) !== count) {
    throw new InvalidArgumentError(`shape ${JSON.stringify(shape)} does not hold the ${count} ${what}`, {
      shape,
    });
  }
  return [...shape];
}

/** A numeric array around `data` (no copy). */
export function npyFromTypedArray<D extends DType>(
  data: TypedArrayFor<D>,
  options: NpyFromTypedArrayOptions<D> = {},
): NpyNumericArray {
  if (!isTypedArray(data)) throw new InvalidArgumentError("npyFromTypedArray needs a typed array");
  const natural = dtypeOf(data);
  const dtype: DType = options.dtype ?? natural;
  if (dtype !== natural && !(dtype === "bool" && natural === "uint8")) {
    throw new InvalidArgumentError(
      `a ${data.constructor.name} cannot be stored as dtype ${JSON.stringify(dtype)}`,
      {
        dtype,
      },
    );
  }
  const type: NpyFieldType = { kind: "numeric", dtype, bigEndian: options.bigEndian ?? false };
  return {
    kind: "numeric",
    descr: scalarDescr(type),
    dtype,
    shape: checkShape(options.shape, data.length, "elements"),
    fortranOrder: options.fortranOrder ?? false,
    data,
  } as NpyNumericArray;
}

/** A `|b1` array from booleans (or numbers, nonzero meaning true). */
export function npyFromBools(
  values: ArrayLike<boolean | number>,
  options: NpyLayoutOptions = {},
): NpyNumericArray {
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = values[i] ? 1 : 0;
  return npyFromTypedArray(data, { ...options, dtype: "bool" });
}

export interface NpyFromStringsOptions extends NpyLayoutOptions {
  /** "unicode" (`<U`, default) or "bytes" (`|S`, Latin-1). */
  encoding?: "unicode" | "bytes";
  /** Fixed width; defaults to the longest string (at least 1), as numpy picks it. */
  width?: number;
}

export function npyFromStrings(
  strings: readonly string[],
  options: NpyFromStringsOptions = {},
): NpyStringArray {
  const encoding = options.encoding ?? "unicode";
  for (const s of strings) {
    if (typeof s !== "string") throw new InvalidArgumentError(`${String(s)} is not a string`);
  }
  const width = options.width ?? naturalWidth(strings, encoding);
  if (!Number.isSafeInteger(width) || width < 0) throw new InvalidArgumentError(`bad string width ${width}`);
  const type: NpyFieldType =
    encoding === "unicode" ? { kind: "unicode", width, bigEndian: false } : { kind: "bytes", width };
  return {
    kind: "string",
    descr: scalarDescr(type),
    encoding,
    width,
    shape: checkShape(options.shape, strings.length, "strings"),
    fortranOrder: options.fortranOrder ?? false,
    data: [...strings],
  };
}

function naturalWidth(strings: readonly string[], encoding: "unicode" | "bytes"): number {
  if (encoding === "unicode") return unicodeWidth(strings);
  return strings.reduce((w, s) => Math.max(w, s.length), 1);
}

/** One column given to npyFromColumns: its data, and optionally how to store it. */
export interface NpyColumnSpec {
  data: NpyColumn;
  /** numpy type string of one element ("<i8", "|b1", "<U8", "|S3"...); defaults from the data. */
  descr?: string;
  /** Sub-array shape of the field (e.g. [64, 4]); the column holds count * product elements. */
  shape?: readonly number[];
}

/**
 * A structured array from named columns, fields in insertion order. Typed arrays keep their dtype
 * (use a spec with descr "|b1" for bool); strings become `<U{longest}`.
 */
export function npyFromColumns(
  columns: Readonly<Record<string, NpyColumn | NpyColumnSpec>>,
  options: NpyLayoutOptions = {},
): NpyStructuredArray {
  const fields: NpyField[] = [];
  const data: Record<string, NpyColumn> = Object.create(null);
  let count: number | undefined;
  let itemsize = 0;
  for (const [name, input] of Object.entries(columns)) {
    if (name === "") throw new InvalidArgumentError("a structured field needs a non-empty name");
    const spec: NpyColumnSpec = isTypedArray(input) || Array.isArray(input) ? { data: input } : input;
    const subShape = [...(spec.shape ?? [])];
    const per = shapeSize(subShape);
    if (!subShape.every((d) => Number.isSafeInteger(d) && d > 0)) {
      throw new InvalidArgumentError(
        `field ${JSON.stringify(name)} has a bad shape ${JSON.stringify(subShape)}`,
      );
    }
    const type = columnType(name, spec);
    const n = spec.data.length / per;
    if (!Number.isInteger(n) || (count !== undefined && n !== count)) {
      throw new InvalidArgumentError(
        `column ${JSON.stringify(name)} has ${spec.data.length} elements, which is not ${count ?? "a multiple of"} × ${per}`,
      );
    }
    count = n;
    const descr = scalarDescr(type);
    fields.push({ name, descr, type, shape: subShape });
    data[name] = spec.data;
    itemsize += per * fieldTypeItemsize(type);
  }
  if (count === undefined) throw new InvalidArgumentError("npyFromColumns needs at least one column");
  return {
    kind: "structured",
    descr: structuredDescrRepr(fields),
    fields,
    itemsize,
    shape: checkShape(options.shape, count, "records"),
    fortranOrder: options.fortranOrder ?? false,
    data,
  };
}

function columnType(name: string, spec: NpyColumnSpec): NpyFieldType {
  const where = (message: string): never => {
    throw new InvalidArgumentError(`column ${JSON.stringify(name)}: ${message}`, { column: name });
  };
  if (isTypedArray(spec.data)) {
    const natural = dtypeOf(spec.data as TypedArray);
    if (spec.descr === undefined) return { kind: "numeric", dtype: natural, bigEndian: false };
    const type = parseScalarDescr(spec.descr, where);
    if (
      type.kind !== "numeric" ||
      (type.dtype !== natural && !(type.dtype === "bool" && natural === "uint8"))
    ) {
      return where(`a ${spec.data.constructor.name} cannot be stored as ${JSON.stringify(spec.descr)}`);
    }
    return type;
  }
  if (!Array.isArray(spec.data) || !spec.data.every((s) => typeof s === "string")) {
    return where("data must be a typed array or an array of strings");
  }
  if (spec.descr === undefined) return { kind: "unicode", width: unicodeWidth(spec.data), bigEndian: false };
  const type = parseScalarDescr(spec.descr, where);
  if (type.kind !== "unicode" && type.kind !== "bytes") {
    return where(`strings cannot be stored as ${JSON.stringify(spec.descr)}`);
  }
  return type;
}
