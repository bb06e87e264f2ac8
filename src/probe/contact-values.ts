/**
 * Per-contact value arrays (contact annotations and contact-vector columns): dtype inference the
 * way `np.asarray` would do it, selection, and conversion to JSON lists.
 */
import type { NumberArray } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import type { ColumnDType, ColumnValues, ContactValues, JsonValue } from "./types.js";

export type ContactValuesInput =
  | NumberArray
  | BigInt64Array
  | readonly number[]
  | readonly string[]
  | readonly boolean[]
  | readonly JsonValue[];

const TYPED_DTYPES: [new (n: number) => NumberArray, ColumnDType][] = [
  [Float64Array, "float64"],
  [Float32Array, "float32"],
  [Int32Array, "int32"],
  [Int16Array, "int16"],
  [Int8Array, "int8"],
  [Uint8Array, "uint8"],
  [Uint16Array, "uint16"],
  [Uint32Array, "uint32"],
];

export function isNumberArray(values: unknown): values is NumberArray {
  return ArrayBuffer.isView(values) && !(values instanceof DataView) && !(values instanceof BigInt64Array);
}

/** numpy's `<U{n}` for a list of strings: n = longest string in code points (at least 1). */
export function unicodeDType(values: readonly string[]): ColumnDType {
  let longest = 1;
  for (const s of values) longest = Math.max(longest, [...s].length);
  return `<U${longest}`;
}

/** Infer the dtype of per-contact values and check their count. */
export function toContactValues(input: ContactValuesInput, n: number, name: string): ContactValues {
  if (input === null || typeof input !== "object" || typeof input.length !== "number") {
    throw new InvalidArgumentError(`contact annotation ${JSON.stringify(name)} must be an array`, { name });
  }
  if (input.length !== n) {
    throw new InvalidArgumentError(
      `contact annotation ${JSON.stringify(name)} has ${input.length} values but the probe has ${n} contacts`,
      { name, length: input.length, n },
    );
  }
  if (input instanceof BigInt64Array) return { dtype: "int64", values: Float64Array.from(input, Number) };
  if (isNumberArray(input)) {
    const found = TYPED_DTYPES.find(([ctor]) => input instanceof ctor);
    return { dtype: found ? found[1] : "float64", values: input.slice() };
  }
  const arr = input as readonly unknown[];
  if (arr.length > 0 && arr.every((v) => typeof v === "number")) {
    const nums = arr as readonly number[];
    return { dtype: nums.every(Number.isInteger) ? "int64" : "float64", values: Float64Array.from(nums) };
  }
  if (arr.length > 0 && arr.every((v) => typeof v === "boolean")) {
    return { dtype: "bool", values: [...(arr as boolean[])] };
  }
  if (arr.every((v) => typeof v === "string")) {
    const strs = [...(arr as string[])];
    return { dtype: unicodeDType(strs), values: strs };
  }
  return { dtype: "object", values: [...(arr as JsonValue[])] };
}

/** Values at the given indices, keeping the storage type. */
export function selectValues<V extends ColumnValues>(values: V, indices: ArrayLike<number>): V {
  if (isNumberArray(values)) {
    const ctor = values.constructor as new (n: number) => NumberArray;
    const out = new ctor(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]];
    return out as V;
  }
  const arr = values as readonly unknown[];
  return Array.from(indices, (i) => arr[i]) as unknown as V;
}

export function concatValues(parts: readonly ColumnValues[]): ColumnValues {
  if (parts.length > 0 && parts.every(isNumberArray)) {
    const total = parts.reduce((s, p) => s + p.length, 0);
    const out = new Float64Array(total);
    let at = 0;
    for (const p of parts as NumberArray[]) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
  return parts.flatMap((p) => Array.from(p as ArrayLike<unknown>)) as JsonValue[];
}

export function valuesToJson(values: ColumnValues): JsonValue[] {
  return isNumberArray(values) ? Array.from(values) : [...(values as readonly JsonValue[])];
}

export function isFloatDType(dtype: ColumnDType): boolean {
  return dtype === "float64" || dtype === "float32";
}

/** Element-wise equality like `np.array_equal` (NaN differs from NaN, dtype ignored). */
export function valuesEqual(a: ColumnValues, b: ColumnValues): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === "object" && typeof y === "object" && JSON.stringify(x) === JSON.stringify(y)) continue;
    return false;
  }
  return true;
}
