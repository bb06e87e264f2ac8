/**
 * Validation and normalisation of per-contact input (positions, plane axes, shapes, ids, sides,
 * selections), with errors that name the offending value. All checks run before a probe is
 * changed, so a rejected call leaves it as it was.
 */
import { InvalidArgumentError } from "../errors.js";
import { toMatrix } from "./geometry.js";
import {
  CONTACT_SHAPES,
  CONTACT_SIDES,
  type ContactShape,
  type ContactSide,
  type PositionsInput,
  type ShapeParams,
} from "./types.js";

export interface ContactsInput {
  positions: PositionsInput;
  /** One shape for all contacts or one per contact; default "circle". */
  shapes?: ContactShape | readonly string[];
  /** One dict for all contacts or one per contact; default `{radius: 10}` (probeinterface's). */
  shapeParams?: ShapeParams | readonly ShapeParams[];
  /** n × 2 × ndim (flat or nested); required in 3-D, default in 2-D `[[1,0],[0,1]]` per contact. */
  planeAxes?: Float64Array | ArrayLike<ArrayLike<ArrayLike<number>>> | null;
  contactIds?: ArrayLike<string | number> | null;
  shankIds?: ArrayLike<string | number> | null;
  contactSides?: readonly string[] | null;
}

export interface NormalisedContacts {
  positions: Float64Array;
  planeAxes: Float64Array;
  shapes: ContactShape[];
  shapeParams: ShapeParams[];
  sides: ContactSide[] | null;
  contactIds: string[] | null;
  shankIds: string[] | null;
}

export function normaliseContacts(options: ContactsInput, ndim: number): NormalisedContacts {
  const positions = toMatrix(options.positions, ndim, "contact positions");
  const n = positions.length / ndim;
  const sides = options.contactSides == null ? null : checkSides(options.contactSides, n);
  checkUniquePositions(positions, ndim, sides);

  let planeAxes: Float64Array;
  if (options.planeAxes == null) {
    if (ndim === 3) throw new InvalidArgumentError("a 3-D probe needs planeAxes in setContacts()");
    planeAxes = new Float64Array(n * 4);
    for (let i = 0; i < n; i++) planeAxes.set([1, 0, 0, 1], i * 4);
  } else {
    const axes = options.planeAxes;
    // nested input is n × 2 × ndim: flatten one level to 2n rows of ndim
    const rows = axes instanceof Float64Array ? axes : Array.from(axes, (pair) => Array.from(pair)).flat();
    planeAxes = toMatrix(rows, ndim, "contact plane axes");
    if (planeAxes.length !== n * 2 * ndim) {
      throw new InvalidArgumentError(
        `contact plane axes hold ${planeAxes.length / ndim} vectors but ${n} contacts need ${2 * n}`,
      );
    }
  }

  const shapesIn = options.shapes ?? "circle";
  const shapes = typeof shapesIn === "string" ? new Array<string>(n).fill(shapesIn) : [...shapesIn];
  const badShape = shapes.find((s) => !(CONTACT_SHAPES as readonly string[]).includes(s));
  if (badShape !== undefined) {
    throw new InvalidArgumentError(
      `contact shape ${JSON.stringify(badShape)} is not one of ${CONTACT_SHAPES.join(", ")}`,
    );
  }
  if (shapes.length !== n) {
    throw new InvalidArgumentError(`${shapes.length} contact shapes given for ${n} contacts`);
  }
  const paramsIn = options.shapeParams ?? { radius: 10 };
  const shapeParams = Array.isArray(paramsIn)
    ? (paramsIn as ShapeParams[]).map((p) => ({ ...p }))
    : Array.from({ length: n }, () => ({ ...(paramsIn as ShapeParams) }));
  if (shapeParams.length !== n) {
    throw new InvalidArgumentError(`${shapeParams.length} contact shape params given for ${n} contacts`);
  }
  return {
    positions,
    planeAxes,
    shapes: shapes as ContactShape[],
    shapeParams,
    sides,
    contactIds: options.contactIds == null ? null : normaliseContactIds(options.contactIds, n),
    shankIds: options.shankIds == null ? null : normaliseShankIds(options.shankIds, n),
  };
}

/** Ids as strings, unique; all-empty ids mean "no ids" (null). */
export function normaliseContactIds(ids: ArrayLike<string | number>, n: number): string[] | null {
  const strs = Array.from(ids, String);
  if (strs.every((s) => s === "")) return null;
  if (strs.length !== n) throw new InvalidArgumentError(`${strs.length} contact ids given for ${n} contacts`);
  const seen = new Set<string>();
  for (const s of strs) {
    if (seen.has(s)) {
      throw new InvalidArgumentError(
        `contact ids must be unique within a probe: ${JSON.stringify(s)} repeats`,
      );
    }
    seen.add(s);
  }
  return strs;
}

export function normaliseShankIds(ids: ArrayLike<string | number>, n: number): string[] {
  const strs = Array.from(ids, String);
  if (strs.length !== n) throw new InvalidArgumentError(`${strs.length} shank ids given for ${n} contacts`);
  return strs;
}

function checkSides(sides: readonly string[], n: number): ContactSide[] {
  if (sides.length !== n)
    throw new InvalidArgumentError(`${sides.length} contact sides given for ${n} contacts`);
  const bad = sides.find((s) => !(CONTACT_SIDES as readonly string[]).includes(s));
  if (bad !== undefined) {
    throw new InvalidArgumentError(`contact side ${JSON.stringify(bad)} must be "front" or "back"`);
  }
  return [...sides] as ContactSide[];
}

/** Positions must be unique (per side for double-sided probes); the message lists the duplicates. */
function checkUniquePositions(positions: Float64Array, ndim: number, sides: readonly string[] | null): void {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < positions.length / ndim; i++) {
    const key = `${sides?.[i] ?? ""}|${Array.from(positions.subarray(i * ndim, (i + 1) * ndim)).join(", ")}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [i]);
    else list.push(i);
  }
  const dups = [...groups.entries()].filter(([, idx]) => idx.length > 1);
  if (dups.length > 0) {
    const info = dups.map(([k, idx]) => `position (${k.split("|")[1]}) at indices [${idx.join(", ")}]`);
    throw new InvalidArgumentError(
      `contact positions must be unique within a probe; found ${dups.length} duplicate(s): ${info.slice(0, 10).join("; ")}`,
    );
  }
}

/** A bool mask (length n) or unique in-range integer indices, as indices. */
export function selectionToIndices(selection: readonly boolean[] | ArrayLike<number>, n: number): Int32Array {
  if (Array.isArray(selection) && selection.length > 0 && typeof selection[0] === "boolean") {
    if (selection.length !== n) {
      throw new InvalidArgumentError(
        `a boolean selection must have ${n} values (one per contact), got ${selection.length}`,
      );
    }
    const out: number[] = [];
    (selection as boolean[]).forEach((keep, i) => {
      if (keep) out.push(i);
    });
    return Int32Array.from(out);
  }
  const indices = Int32Array.from(selection as ArrayLike<number>);
  const seen = new Set<number>();
  for (let k = 0; k < selection.length; k++) {
    const v = Number((selection as ArrayLike<number>)[k]);
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new InvalidArgumentError(`contact index ${v} is out of range for ${n} contacts`, { index: v });
    }
    if (seen.has(v)) throw new InvalidArgumentError(`contact index ${v} is selected twice`, { index: v });
    seen.add(v);
  }
  return indices;
}
