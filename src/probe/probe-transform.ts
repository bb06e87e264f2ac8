/**
 * Geometric operations on a probe's arrays (probeinterface's move / rotate / rotate_contacts /
 * get_contact_vertices / to_3d / to_2d), with the same formulas so results match numerically.
 */
import { InvalidArgumentError } from "../errors.js";
import {
  axesIndices,
  embed2dIn3d,
  rotateRows,
  rotationMatrix2d,
  rotationMatrix3d,
  selectAxes,
} from "./geometry.js";
import type { Probe, ProbeOptions } from "./probe.js";
import type { ContactShape, ShapeParams } from "./types.js";

function checkVector(v: ArrayLike<number>, ndim: number, what: string): void {
  if (v.length !== ndim || !Array.from(v).every(Number.isFinite)) {
    throw new InvalidArgumentError(
      `${what} ${JSON.stringify(Array.from(v))} must be ${ndim} finite numbers (the probe's ndim)`,
    );
  }
}

export function moveProbe(
  ndim: number,
  positions: Float64Array,
  contour: Float64Array | null,
  vector: ArrayLike<number>,
): void {
  checkVector(vector, ndim, "translation vector");
  for (const arr of contour === null ? [positions] : [positions, contour]) {
    for (let i = 0; i < arr.length; i++) arr[i] += vector[i % ndim];
  }
}

export function rotateProbe(
  ndim: number,
  positions: Float64Array,
  planeAxes: Float64Array,
  contour: Float64Array | null,
  thetaDeg: number,
  options: { center?: ArrayLike<number>; axis?: ArrayLike<number> },
): void {
  const n = positions.length / ndim;
  let center: ArrayLike<number>;
  if (options.center === undefined) {
    const mean = new Float64Array(ndim);
    for (let i = 0; i < positions.length; i++) mean[i % ndim] += positions[i] / n;
    center = mean;
  } else {
    checkVector(options.center, ndim, "rotation center");
    center = options.center;
  }
  const theta = (thetaDeg * Math.PI) / 180;
  let r: number[][];
  if (ndim === 2) {
    if (options.axis !== undefined) throw new InvalidArgumentError("a 2-D probe rotates without an axis");
    r = rotationMatrix2d(theta);
  } else {
    if (options.axis === undefined)
      throw new InvalidArgumentError("rotating a 3-D probe needs an axis vector");
    const m = rotationMatrix3d(options.axis, theta);
    r = m.map((_, i) => m.map((row) => row[i]));
  }
  const oldPositions = positions.slice();
  rotateRows(positions, ndim, r, center);
  // plane axes are rotated as points attached to their contact, then made relative again
  // (probeinterface's formula, kept term by term so the rounding matches)
  const stride = 2 * ndim;
  const point = new Float64Array(ndim);
  for (let c = 0; c < n; c++) {
    for (let k = 0; k < 2; k++) {
      const at = c * stride + k * ndim;
      for (let j = 0; j < ndim; j++) point[j] = planeAxes[at + j] - center[j] + oldPositions[c * ndim + j];
      for (let j = 0; j < ndim; j++) {
        let acc = 0;
        for (let q = 0; q < ndim; q++) acc += point[q] * r[q][j];
        planeAxes[at + j] = acc + center[j] - positions[c * ndim + j];
      }
    }
  }
  if (contour !== null) rotateRows(contour, ndim, r, center);
}

export function rotateContactAxes(
  ndim: number,
  planeAxes: Float64Array,
  n: number,
  thetasDeg: number | ArrayLike<number>,
): void {
  if (ndim !== 2) throw new InvalidArgumentError("per-contact rotation is only implemented for 2-D probes");
  const thetas = typeof thetasDeg === "number" ? new Float64Array(n).fill(thetasDeg) : thetasDeg;
  if (thetas.length !== n) throw new InvalidArgumentError(`${thetas.length} angles given for ${n} contacts`);
  const zero = [0, 0];
  for (let c = 0; c < n; c++) {
    const r = rotationMatrix2d((thetas[c] * Math.PI) / 180);
    rotateRows(planeAxes.subarray(c * 4, c * 4 + 4), 2, r, zero);
  }
}

export function contactVertices(
  ndim: number,
  positions: Float64Array,
  planeAxes: Float64Array,
  shapes: readonly ContactShape[],
  params: readonly ShapeParams[],
): Float64Array[] {
  const out: Float64Array[] = [];
  for (let c = 0; c < shapes.length; c++) {
    const pos = positions.subarray(c * ndim, (c + 1) * ndim);
    const a0 = planeAxes.subarray(c * 2 * ndim, c * 2 * ndim + ndim);
    const a1 = planeAxes.subarray(c * 2 * ndim + ndim, (c + 1) * 2 * ndim);
    const vertex = (u: number, v: number): number[] => Array.from(pos, (p, j) => p + u * a0[j] + v * a1[j]);
    const rows: number[][] = [];
    const shape = shapes[c];
    const param = (key: string): number => {
      const v = params[c][key];
      if (typeof v !== "number") {
        throw new InvalidArgumentError(
          `contact ${c} (${shape}) has no shape parameter ${JSON.stringify(key)}`,
        );
      }
      return v;
    };
    if (shape === "circle") {
      const r = param("radius");
      for (let k = 0; k < 360; k++) {
        const theta = k * ((2 * Math.PI) / 359); // numpy linspace(0, 2π, 360) includes the end point
        rows.push(vertex(r * Math.cos(theta), r * Math.sin(theta)));
      }
    } else {
      const w = param("width") / 2;
      const h = shape === "rect" ? param("height") / 2 : w;
      rows.push(vertex(-w, -h), vertex(-w, h), vertex(w, h), vertex(w, -h));
    }
    out.push(Float64Array.from(rows.flat()));
  }
  return out;
}

export function probeTo3d(probe: Probe, axes: string, make: (o: ProbeOptions) => Probe): Probe {
  if (probe.ndim !== 2) throw new InvalidArgumentError("to3d() needs a 2-D probe");
  if (axesIndices(axes).length !== 2) {
    throw new InvalidArgumentError(`axes ${JSON.stringify(axes)} must name exactly 2 dimensions`);
  }
  const p3 = make({ ndim: 3, siUnits: probe.siUnits });
  p3.setContacts({
    positions: embed2dIn3d(probe.contactPositions, axes),
    planeAxes: embed2dIn3d(probe.contactPlaneAxes, axes),
    shapes: probe.contactShapes,
    shapeParams: probe.contactShapeParams,
  });
  if (probe.probePlanarContour !== null) p3.setPlanarContour(embed2dIn3d(probe.probePlanarContour, axes));
  if (probe.deviceChannelIndices !== null) p3.setDeviceChannelIndices(probe.deviceChannelIndices);
  return p3;
}

export function probeTo2d(probe: Probe, axes: string, make: (o: ProbeOptions) => Probe): Probe {
  if (probe.ndim !== 3) throw new InvalidArgumentError("to2d() needs a 3-D probe");
  if (axesIndices(axes).length !== 2) {
    throw new InvalidArgumentError(`axes ${JSON.stringify(axes)} must name exactly 2 dimensions`);
  }
  const p2 = make({ ndim: 2, siUnits: probe.siUnits });
  p2.setContacts({
    positions: selectAxes(probe.contactPositions, 3, axes),
    shapes: probe.contactShapes,
    shapeParams: probe.contactShapeParams,
  });
  if (probe.probePlanarContour !== null) p2.setPlanarContour(selectAxes(probe.probePlanarContour, 3, axes));
  if (probe.deviceChannelIndices !== null) p2.setDeviceChannelIndices(probe.deviceChannelIndices);
  return p2;
}
