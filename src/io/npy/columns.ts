/**
 * Typed access to the columns of a parsed structured array, for readers that expect a given
 * layout (a field of a given kind) and must report a file that does not have it.
 */
import type { TypedArray } from "../../dtype.js";
import { FileFormatError } from "../../errors.js";
import type { NpyArray, NpyField, NpyStructuredArray } from "./npy-array.js";

function structuredField(array: NpyArray, field: string, name: string): [NpyStructuredArray, NpyField] {
  if (array.kind !== "structured") {
    throw new FileFormatError(
      name,
      `expected a structured array with field ${JSON.stringify(field)}, got ${array.descr}`,
    );
  }
  const f = array.fields.find((x) => x.name === field && x.type.kind !== "padding");
  if (f === undefined) {
    const names = array.fields.filter((x) => x.name !== "").map((x) => x.name);
    throw new FileFormatError(name, `no field ${JSON.stringify(field)} (fields: ${names.join(", ")})`);
  }
  return [array, f];
}

/** The numeric column `field`; throws FileFormatError (naming `name`) if absent or text. */
export function numericColumn(array: NpyArray, field: string, name = "<npy>"): TypedArray {
  const [a, f] = structuredField(array, field, name);
  if (f.type.kind !== "numeric") {
    throw new FileFormatError(name, `field ${JSON.stringify(field)} has dtype ${f.descr}, expected a number`);
  }
  return a.data[field] as TypedArray;
}

/** The text column `field` (`U` or `S`); throws FileFormatError (naming `name`) if absent or numeric. */
export function stringColumn(array: NpyArray, field: string, name = "<npy>"): string[] {
  const [a, f] = structuredField(array, field, name);
  if (f.type.kind !== "unicode" && f.type.kind !== "bytes") {
    throw new FileFormatError(name, `field ${JSON.stringify(field)} has dtype ${f.descr}, expected text`);
  }
  return a.data[field] as string[];
}
