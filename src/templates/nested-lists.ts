/**
 * Conversions between C-order typed arrays and the nested lists that Python's JSON encoder writes
 * for numpy arrays (`to_dict` / `to_json` of Templates).
 */
import { InvalidArgumentError } from "../errors.js";

export type NestedNumbers = number | boolean | NestedNumbers[];

/** Nested lists of `shape` from flat C-order values. */
export function toNestedLists(
  values: ArrayLike<number>,
  shape: readonly number[],
  asBool = false,
): NestedNumbers[] {
  const build = (offset: number, dims: readonly number[]): NestedNumbers[] => {
    if (dims.length === 1) {
      const row: NestedNumbers[] = new Array(dims[0]);
      for (let i = 0; i < dims[0]; i++) row[i] = asBool ? values[offset + i] !== 0 : values[offset + i];
      return row;
    }
    const step = dims.slice(1).reduce((a, b) => a * b, 1);
    return Array.from({ length: dims[0] }, (_, i) => build(offset + i * step, dims.slice(1)));
  };
  return build(0, shape);
}

/**
 * Flatten nested lists of exactly `ndim` levels into C-order numbers and their shape; ragged
 * input is refused. Booleans become 0/1.
 */
export function fromNestedLists(
  value: unknown,
  ndim: number,
  what: string,
): { flat: number[]; shape: number[] } {
  const shape: number[] = [];
  let probe: unknown = value;
  for (let d = 0; d < ndim; d++) {
    if (!Array.isArray(probe)) throw new InvalidArgumentError(`${what} must be a ${ndim}-d nested list`);
    shape.push(probe.length);
    if (probe.length === 0) {
      // an empty axis hides the lengths of the inner ones: they carry no values anyway
      while (shape.length < ndim) shape.push(0);
      return { flat: [], shape };
    }
    probe = probe[0];
  }
  const flat: number[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth === ndim) {
      if (typeof v === "number") flat.push(v);
      else if (typeof v === "boolean") flat.push(v ? 1 : 0);
      else throw new InvalidArgumentError(`${what} holds a non-number: ${JSON.stringify(v)}`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new InvalidArgumentError(`${what} is ragged at depth ${depth} (expected ${shape[depth]} items)`);
    }
    for (const x of v) walk(x, depth + 1);
  };
  walk(value, 0);
  return { flat, shape };
}
