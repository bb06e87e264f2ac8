/**
 * Geometry on flat C-order matrices (rows × ncols in a Float64Array): input normalisation, axis
 * selection, 2-D/3-D embedding, rotations and the automatic probe contour of probeinterface.
 */
import { InvalidArgumentError } from "../errors.js";
import type { PositionsInput } from "./types.js";

/** Normalise rows given flat or nested to a flat Float64Array, checking the row width. */
export function toMatrix(input: PositionsInput, ncols: number, what: string): Float64Array {
  if (input instanceof Float64Array) {
    if (input.length % ncols !== 0) {
      throw new InvalidArgumentError(
        `${what}: a flat array of ${input.length} values is not a whole number of rows of ${ncols}`,
        { length: input.length, ncols },
      );
    }
    checkFinite(input, what);
    return Float64Array.from(input);
  }
  const n = input.length;
  const out = new Float64Array(n * ncols);
  for (let i = 0; i < n; i++) {
    const row = input[i];
    if (row === null || typeof row !== "object" || row.length !== ncols) {
      throw new InvalidArgumentError(
        `${what}: row ${i} has ${row?.length ?? "no"} values but ${ncols} are needed (ndim)`,
        { row: i, ncols },
      );
    }
    for (let j = 0; j < ncols; j++) out[i * ncols + j] = Number(row[j]);
  }
  checkFinite(out, what);
  return out;
}

function checkFinite(values: Float64Array, what: string): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new InvalidArgumentError(`${what}: value ${values[bad]} at flat index ${bad} is not finite`, {
      index: bad,
    });
  }
}

/** Rows of a flat matrix as nested arrays (what JSON and Python's `tolist()` give). */
export function toRows(values: Float64Array, ncols: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < values.length; i += ncols) rows.push(Array.from(values.subarray(i, i + ncols)));
  return rows;
}

/** Column indices named by an axes string such as "xy", "xz", "yz" or "xyz" (unique letters). */
export function axesIndices(axes: string, maxDims = 3): number[] {
  const letters = [...axes];
  const dims = letters.map((a) => "xyz".indexOf(a));
  const unique = new Set(letters).size === letters.length;
  if (letters.length === 0 || dims.some((d) => d < 0 || d >= maxDims) || !unique) {
    throw new InvalidArgumentError(
      `axes ${JSON.stringify(axes)} must be unique letters among ${JSON.stringify("xyz".slice(0, maxDims))}`,
      { axes },
    );
  }
  return dims;
}

/** `select_axes`: the columns named by `axes` from an (n, ncols) matrix. */
export function selectAxes(data: Float64Array, ncols: number, axes: string): Float64Array {
  const dims = axesIndices(axes, ncols);
  const n = data.length / ncols;
  const out = new Float64Array(n * dims.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < dims.length; k++) out[i * dims.length + k] = data[i * ncols + dims[k]];
  }
  return out;
}

/** Place 2-D rows on the two named axes of 3-D space (third coordinate 0). */
export function embed2dIn3d(data: Float64Array, axes: string): Float64Array {
  const dims = axesIndices(axes);
  if (dims.length !== 2) {
    throw new InvalidArgumentError(`axes ${JSON.stringify(axes)} must name exactly 2 dimensions`, { axes });
  }
  const n = data.length / 2;
  const out = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3 + dims[0]] = data[i * 2];
    out[i * 3 + dims[1]] = data[i * 2 + 1];
  }
  return out;
}

/** probeinterface's 2-D matrix; rows are multiplied on the left (`p @ R`). */
export function rotationMatrix2d(theta: number): number[][] {
  return [
    [Math.cos(theta), -Math.sin(theta)],
    [Math.sin(theta), Math.cos(theta)],
  ];
}

/** Rotation by `theta` around the unit vector along `axis` (probeinterface/MEAutility convention). */
export function rotationMatrix3d(axis: ArrayLike<number>, theta: number): number[][] {
  const norm = Math.hypot(axis[0], axis[1], axis[2]);
  if (axis.length !== 3 || !(norm > 0) || !Number.isFinite(norm)) {
    throw new InvalidArgumentError(
      `rotation axis ${JSON.stringify(Array.from(axis))} must be a non-zero 3-vector`,
    );
  }
  const a = Math.cos(theta / 2);
  const s = Math.sin(theta / 2);
  const [b, c, d] = [(-axis[0] / norm) * s, (-axis[1] / norm) * s, (-axis[2] / norm) * s];
  const [aa, bb, cc, dd] = [a * a, b * b, c * c, d * d];
  const [bc, ad, ac, ab, bd, cd] = [b * c, a * d, a * c, a * b, b * d, c * d];
  return [
    [aa + bb - cc - dd, 2 * (bc + ad), 2 * (bd - ac)],
    [2 * (bc - ad), aa + cc - bb - dd, 2 * (cd + ab)],
    [2 * (bd + ac), 2 * (cd - ab), aa + dd - bb - cc],
  ];
}

/** `(rows - center) @ R + center`, in place on a flat matrix. */
export function rotateRows(
  data: Float64Array,
  ncols: number,
  r: number[][],
  center: ArrayLike<number>,
): void {
  const tmp = new Float64Array(ncols);
  for (let i = 0; i < data.length; i += ncols) {
    for (let j = 0; j < ncols; j++) {
      let acc = 0;
      for (let k = 0; k < ncols; k++) acc += (data[i + k] - center[k]) * r[k][j];
      tmp[j] = acc + center[j];
    }
    data.set(tmp, i);
  }
}

export type AutoShapeType = "tip" | "rect" | "circular";

/**
 * `Probe.create_auto_shape` for 2-D positions: one polygon per shank (shanks in sorted id order),
 * x bounds per shank but y bounds over **all** contacts, as probeinterface does.
 */
export function autoShapePolygon(
  positions: Float64Array,
  shankIds: readonly string[] | null,
  probeType: AutoShapeType,
  margin: number,
): Float64Array {
  const n = positions.length / 2;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    y0 = Math.min(y0, positions[i * 2 + 1]);
    y1 = Math.max(y1, positions[i * 2 + 1]);
  }
  y0 -= margin;
  y1 += margin;
  const shanks = shankIds === null ? [null] : [...new Set(shankIds)].sort(compareCodePoints);
  const polygon: number[] = [];
  for (const shank of shanks) {
    let x0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (shank !== null && shankIds?.[i] !== shank) continue;
      x0 = Math.min(x0, positions[i * 2]);
      x1 = Math.max(x1, positions[i * 2]);
    }
    x0 -= margin;
    x1 += margin;
    if (probeType === "rect") {
      polygon.push(x0, y1, x0, y0, x1, y0, x1, y1);
    } else if (probeType === "tip") {
      polygon.push(x0, y1, x0, y0, (x0 + x1) * 0.5, y0 - margin * 4, x1, y0, x1, y1);
    } else if (probeType === "circular") {
      const radius = Math.max((x1 - x0) / 2, (y1 - y0) / 2) + margin;
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      const count = 100;
      for (let k = 0; k < count; k++) {
        const theta = (2 * Math.PI * k) / count;
        polygon.push(cx + radius * Math.cos(theta), cy + radius * Math.sin(theta));
      }
    } else {
      throw new InvalidArgumentError(
        `probeType ${JSON.stringify(probeType)} must be "tip", "rect" or "circular"`,
      );
    }
  }
  return Float64Array.from(polygon);
}

/** numpy's ordering of unicode strings: by code point (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}
