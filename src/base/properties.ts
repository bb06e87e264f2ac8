/**
 * Per-id properties with SpikeInterface's semantics (spec api.md §1.3): a property is an array whose
 * first dimension is the number of ids; setting it on a subset of ids fills the others with the
 * dtype's natural missing value (NaN, "" or null), which integer and bool properties do not have.
 *
 * Values are kept in a typed array for numbers, `boolean[]` for bool, `string[]` for text and
 * `unknown[]` for anything else. int64/uint64 properties are held in a Float64Array (exact up to 2^53)
 * with their dtype remembered, so they come back as plain numbers and are written back as int64.
 */
import { allocate, type DType, dtypeOf, isFloatDType, isTypedArray, type NumberArray } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";

export type PropertyDType = DType | "str" | "object";
export type PropertyValues = NumberArray | boolean[] | string[] | unknown[];

export interface Property {
  readonly dtype: PropertyDType;
  /** Flat values in C order; `shape[0]` is the number of ids. */
  readonly values: PropertyValues;
  readonly shape: readonly number[];
}

/** What a caller may pass as property values. */
export type PropertyInput = PropertyValues | BigInt64Array | BigUint64Array | readonly unknown[];

export interface PropertyInputOptions {
  /** Force the stored dtype (e.g. "int32" for a number[] of integers). */
  dtype?: PropertyDType;
  /** Shape when the values are a flat multi-dimensional array. */
  shape?: readonly number[];
}

/** Normalise user input to a stored Property, inferring the dtype like numpy would. */
export function toProperty(input: PropertyInput, options: PropertyInputOptions = {}): Property {
  let dtype: PropertyDType;
  let values: PropertyValues;
  if (input instanceof BigInt64Array || input instanceof BigUint64Array) {
    dtype = input instanceof BigInt64Array ? "int64" : "uint64";
    values = Float64Array.from(input, Number);
  } else if (isTypedArray(input)) {
    dtype = dtypeOf(input);
    values = input as NumberArray;
  } else {
    const arr = input as readonly unknown[];
    if (arr.length > 0 && arr.every((v) => typeof v === "number")) {
      const nums = arr as readonly number[];
      dtype = nums.every(Number.isInteger) ? "int64" : "float64";
      values = Float64Array.from(nums);
    } else if (arr.length > 0 && arr.every((v) => typeof v === "boolean")) {
      dtype = "bool";
      values = [...(arr as boolean[])];
    } else if (arr.length > 0 && arr.every((v) => typeof v === "string")) {
      dtype = "str";
      values = [...(arr as string[])];
    } else {
      dtype = "object";
      values = [...arr];
    }
  }
  if (options.dtype !== undefined && options.dtype !== dtype) {
    ({ dtype, values } = convertValues(values, options.dtype));
  }
  const shape = options.shape ?? [values.length];
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) {
    throw new InvalidArgumentError(
      `property shape ${JSON.stringify(shape)} does not match ${values.length} values`,
    );
  }
  return { dtype, values, shape };
}

function convertValues(
  values: PropertyValues,
  dtype: PropertyDType,
): { dtype: PropertyDType; values: PropertyValues } {
  if (dtype === "str") return { dtype, values: Array.from(values as ArrayLike<unknown>, (v) => String(v)) };
  if (dtype === "object") return { dtype, values: Array.from(values as ArrayLike<unknown>) };
  if (dtype === "bool") return { dtype, values: Array.from(values as ArrayLike<unknown>, (v) => Boolean(v)) };
  const storage: DType = dtype === "int64" || dtype === "uint64" ? "float64" : dtype;
  const out = allocate(storage, values.length) as NumberArray;
  for (let i = 0; i < values.length; i++) out[i] = Number((values as ArrayLike<unknown>)[i]);
  return { dtype, values: out };
}

/** Kind letters as numpy uses them; properties must keep their kind when partially updated. */
export function dtypeKind(dtype: PropertyDType): "f" | "i" | "u" | "b" | "U" | "O" {
  if (dtype === "str") return "U";
  if (dtype === "object") return "O";
  if (dtype === "bool") return "b";
  if (isFloatDType(dtype)) return "f";
  return dtype.startsWith("u") ? "u" : "i";
}

/** SpikeInterface's natural missing values; int and bool kinds have none. */
export function defaultMissingValue(dtype: PropertyDType): unknown {
  switch (dtypeKind(dtype)) {
    case "f":
      return Number.NaN;
    case "U":
      return "";
    case "O":
      return null;
    default:
      return undefined;
  }
}

export function rowSize(p: Property): number {
  return p.shape.slice(1).reduce((a, b) => a * b, 1);
}

/** A new property with a full array of `n` rows filled with `fill`. */
export function filledProperty(template: Property, n: number, fill: unknown): Property {
  const shape = [n, ...template.shape.slice(1)];
  const size = shape.reduce((a, b) => a * b, 1);
  if (Array.isArray(template.values)) {
    return { dtype: template.dtype, values: new Array(size).fill(fill), shape };
  }
  const ctor = (template.values as NumberArray).constructor as new (n: number) => NumberArray;
  const values = new ctor(size);
  values.fill(Number(fill));
  return { dtype: template.dtype, values, shape };
}

/** Rows `indices` of a property, in that order (a copy). */
export function selectRows(p: Property, indices: ArrayLike<number>): Property {
  const k = rowSize(p);
  const shape = [indices.length, ...p.shape.slice(1)];
  if (Array.isArray(p.values)) {
    const out: unknown[] = new Array(indices.length * k);
    for (let r = 0; r < indices.length; r++) {
      for (let j = 0; j < k; j++) out[r * k + j] = p.values[indices[r] * k + j];
    }
    return { dtype: p.dtype, values: out as PropertyValues, shape };
  }
  const src = p.values as NumberArray;
  const ctor = src.constructor as new (n: number) => NumberArray;
  const out = new ctor(indices.length * k);
  for (let r = 0; r < indices.length; r++) {
    const from = indices[r] * k;
    out.set(src.subarray(from, from + k), r * k);
  }
  return { dtype: p.dtype, values: out, shape };
}

/** Write `rows` (a property with `indices.length` rows) into `target` at `indices`, in place. */
export function scatterRows(target: Property, indices: ArrayLike<number>, rows: Property): void {
  const k = rowSize(target);
  const dst = target.values as unknown[] | NumberArray;
  const src = rows.values as ArrayLike<unknown>;
  for (let r = 0; r < indices.length; r++) {
    for (let j = 0; j < k; j++) (dst as unknown[])[indices[r] * k + j] = src[r * k + j];
  }
}

/** Concatenate properties along ids; null if their kinds or row shapes differ. */
export function concatProperties(parts: readonly Property[]): Property | null {
  const first = parts[0];
  const kind = dtypeKind(first.dtype);
  const tail = JSON.stringify(first.shape.slice(1));
  if (!parts.every((p) => dtypeKind(p.dtype) === kind && JSON.stringify(p.shape.slice(1)) === tail))
    return null;
  const n = parts.reduce((a, p) => a + p.shape[0], 0);
  const shape = [n, ...first.shape.slice(1)];
  if (Array.isArray(first.values)) {
    return {
      dtype: first.dtype,
      values: parts.flatMap((p) => p.values as unknown[]) as PropertyValues,
      shape,
    };
  }
  // Mixed numeric widths (int32 + int64): widen to float64 storage like numpy's promotion would.
  const sameType = parts.every((p) => p.dtype === first.dtype);
  const dtype: PropertyDType = sameType ? first.dtype : kind === "f" ? "float64" : "int64";
  const storage: DType = sameType ? dtypeOf(first.values as NumberArray) : "float64";
  const out = allocate(
    storage,
    parts.reduce((a, p) => a + p.values.length, 0),
  ) as NumberArray;
  let offset = 0;
  for (const p of parts) {
    out.set(p.values as NumberArray, offset);
    offset += p.values.length;
  }
  return { dtype, values: out, shape };
}

/** Plain JSON value of a property (for to_dict / provenance JSON): nested lists for >1-D. */
export function propertyToJson(p: Property): unknown[] {
  const flat = Array.from(p.values as ArrayLike<unknown>, (v) =>
    typeof v === "number" && !Number.isFinite(v) ? Number.NaN : v,
  );
  if (p.shape.length <= 1) return flat;
  const nest = (offset: number, dims: readonly number[]): unknown[] => {
    if (dims.length === 1) return flat.slice(offset, offset + dims[0]);
    const step = dims.slice(1).reduce((a, b) => a * b, 1);
    return Array.from({ length: dims[0] }, (_, i) => nest(offset + i * step, dims.slice(1)));
  };
  return nest(0, p.shape);
}

/** Inverse of propertyToJson for JSON read from provenance files (nested lists become shaped arrays). */
export function propertyFromJson(value: readonly unknown[]): Property {
  const shape: number[] = [value.length];
  let probe: unknown = value[0];
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat = shape.length > 1 ? (value as unknown[]).flat(shape.length - 1) : [...value];
  return toProperty(flat, { shape });
}
