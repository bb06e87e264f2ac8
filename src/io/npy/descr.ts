/**
 * numpy type descriptors: the scalar strings ("<i8", ">f4", "|b1", "<U7", "|S3", "|V4") and the
 * list-of-tuples form of structured dtypes, in both directions.
 */
import { type DType, itemsize, toNumpyDescr } from "../../dtype.js";
import type { NpyField, NpyFieldType } from "./npy-array.js";
import { isPyList, isPyTuple, type PyLiteral, pyStrRepr, pyTupleRepr } from "./python-literal.js";

/** Reports a bad descriptor; parseNpy turns it into a FileFormatError, builders into InvalidArgumentError. */
export type Fail = (message: string) => never;

const NUMERIC: Record<string, DType> = {
  b1: "bool",
  i1: "int8",
  u1: "uint8",
  i2: "int16",
  u2: "uint16",
  i4: "int32",
  u4: "uint32",
  i8: "int64",
  u8: "uint64",
  f4: "float32",
  f8: "float64",
};

/** Parse a scalar type string. Padding (`V`) is only accepted where `allowVoid` says so. */
export function parseScalarDescr(descr: string, fail: Fail, allowVoid = false): NpyFieldType {
  const m = /^([<>|=]?)([a-zA-Z])(\d*)(\[\w+\])?$/.exec(descr);
  if (!m) return fail(`unknown dtype ${JSON.stringify(descr)}`);
  const [, order, kind, digits, unit] = m;
  if (kind === "O") {
    return fail(
      `dtype ${JSON.stringify(descr)} holds pickled Python objects; pickled arrays are not supported`,
    );
  }
  const bigEndian = order === ">";
  const size = digits === "" ? Number.NaN : Number(digits);
  if (kind === "U" || kind === "S" || kind === "a" || kind === "V") {
    if (!Number.isSafeInteger(size) || unit !== undefined) return fail(`bad dtype ${JSON.stringify(descr)}`);
    if (kind === "U") return { kind: "unicode", width: size, bigEndian };
    if (kind === "V") {
      if (!allowVoid)
        return fail(`void dtype ${JSON.stringify(descr)} is only supported as structured padding`);
      return { kind: "padding", width: size };
    }
    return { kind: "bytes", width: size };
  }
  const dtype = unit === undefined ? NUMERIC[`${kind}${digits}`] : undefined;
  if (dtype === undefined) return fail(`dtype ${JSON.stringify(descr)} is not supported`);
  return { kind: "numeric", dtype, bigEndian: bigEndian && itemsize(dtype) > 1 };
}

/** numpy's spelling of a field type (what `dtype.str` gives). */
export function scalarDescr(type: NpyFieldType): string {
  switch (type.kind) {
    case "numeric": {
      const le = toNumpyDescr(type.dtype);
      return type.bigEndian && le[0] === "<" ? `>${le.slice(1)}` : le;
    }
    case "unicode":
      return `${type.bigEndian ? ">" : "<"}U${type.width}`;
    case "bytes":
      return `|S${type.width}`;
    case "padding":
      return `|V${type.width}`;
  }
}

export function fieldTypeItemsize(type: NpyFieldType): number {
  switch (type.kind) {
    case "numeric":
      return itemsize(type.dtype);
    case "unicode":
      return 4 * type.width;
    default:
      return type.width;
  }
}

/** Bytes one field takes in a record (element size times sub-array size). */
export function fieldByteSize(field: NpyField): number {
  let n = fieldTypeItemsize(field.type);
  for (const d of field.shape) n *= d;
  return n;
}

function parseShapeLiteral(value: PyLiteral, fail: Fail): number[] {
  if (typeof value === "number") return [value];
  if (!isPyTuple(value)) return fail("a field shape must be a tuple of integers");
  return value.items.map((d) => {
    if (typeof d !== "number" || d < 0) return fail(`bad field dimension ${String(d)}`);
    return d;
  });
}

/** Fields of a structured descr literal `[('name', '<i8'), ('snip', '<f4', (64, 4)), ...]`. */
export function parseStructuredDescr(descr: PyLiteral, fail: Fail): NpyField[] {
  if (!isPyList(descr)) return fail("descr must be a type string or a list of fields");
  const fields: NpyField[] = [];
  const seen = new Set<string>();
  for (const item of descr.items) {
    if (!isPyTuple(item) || item.items.length < 2 || item.items.length > 3) {
      return fail("each structured field must be a tuple (name, type) or (name, type, shape)");
    }
    const [name, type, shape] = item.items;
    if (isPyTuple(name)) return fail("field titles ((title, name) tuples) are not supported");
    if (typeof name !== "string") return fail("field names must be strings");
    if (isPyList(type))
      return fail(`field ${JSON.stringify(name)}: nested structured dtypes are not supported`);
    if (typeof type !== "string") return fail(`field ${JSON.stringify(name)}: type must be a string`);
    const fieldType = parseScalarDescr(type, fail, name === "");
    if (name === "" && fieldType.kind !== "padding") return fail("an unnamed field must be |V padding");
    if (name !== "" && seen.has(name)) return fail(`duplicate field name ${JSON.stringify(name)}`);
    seen.add(name);
    const fieldShape = shape === undefined ? [] : parseShapeLiteral(shape, fail);
    fields.push({ name, descr: scalarDescr(fieldType), type: fieldType, shape: fieldShape });
  }
  if (fields.length === 0) return fail("a structured dtype needs at least one field");
  return fields;
}

/** Python text of a field list, as numpy's `dtype.descr` repr spells it. */
export function structuredDescrRepr(fields: readonly NpyField[]): string {
  const parts = fields.map((f) => {
    const shape = f.shape.length > 0 ? `, ${pyTupleRepr(f.shape.map(String))}` : "";
    return `(${pyStrRepr(f.name)}, ${pyStrRepr(f.descr)}${shape})`;
  });
  return `[${parts.join(", ")}]`;
}
