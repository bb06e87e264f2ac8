/**
 * Probe generators of probeinterface (`generator.py`) with its defaults, plus `combineProbes`
 * (`utils.combine_probes`) that `generateMultiShank` builds on.
 */
import { InvalidArgumentError } from "../errors.js";
import { Probe } from "./probe.js";
import { ProbeGroup } from "./probegroup.js";
import type { ContactShape, ShapeParams } from "./types.js";

/** The parameter a shape must have (rect is checked on its height, as in probeinterface). */
const REQUIRED_PARAM: Record<ContactShape, string> = { circle: "radius", square: "width", rect: "height" };

export interface MultiColumnsProbeOptions {
  numColumns?: number;
  /** One count for every column or one per column. */
  numContactPerColumn?: number | readonly number[];
  xpitch?: number;
  ypitch?: number;
  yShiftPerColumn?: readonly number[] | null;
  contactShapes?: ContactShape;
  contactShapeParams?: ShapeParams;
}

function checkShapeParams(shape: ContactShape, params: ShapeParams): void {
  const key = REQUIRED_PARAM[shape];
  if (key === undefined) {
    throw new InvalidArgumentError(
      `contact shape ${JSON.stringify(shape)} is not one of circle, square, rect`,
    );
  }
  if (typeof params[key] !== "number") {
    throw new InvalidArgumentError(
      `contactShapeParams ${JSON.stringify(params)} must have a ${JSON.stringify(key)} for ${shape} contacts`,
    );
  }
}

function checkCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${what} must be a non-negative integer, got ${value}`);
  }
}

/** Columns at x = xpitch·i, contacts at y = ypitch·k + shift, ids "0".."n-1", tip contour (margin 25). */
export function generateMultiColumnsProbe(options: MultiColumnsProbeOptions = {}): Probe {
  const {
    numColumns = 3,
    numContactPerColumn = 10,
    xpitch = 20,
    ypitch = 20,
    yShiftPerColumn = null,
    contactShapes = "circle",
    contactShapeParams = { radius: 6 },
  } = options;
  checkShapeParams(contactShapes, contactShapeParams);
  checkCount(numColumns, "numColumns");
  const counts =
    typeof numContactPerColumn === "number"
      ? new Array<number>(numColumns).fill(numContactPerColumn)
      : [...numContactPerColumn];
  if (counts.length !== numColumns) {
    throw new InvalidArgumentError(
      `numContactPerColumn has ${counts.length} entries but numColumns is ${numColumns}`,
    );
  }
  for (const c of counts) checkCount(c, "numContactPerColumn");
  const shifts = yShiftPerColumn ?? new Array<number>(numColumns).fill(0);
  if (shifts.length !== numColumns) {
    throw new InvalidArgumentError(
      `yShiftPerColumn has ${shifts.length} entries but numColumns is ${numColumns}`,
    );
  }
  const positions: number[] = [];
  for (let i = 0; i < numColumns; i++) {
    for (let k = 0; k < counts[i]; k++) positions.push(xpitch * i, k * ypitch + shifts[i]);
  }
  const probe = new Probe({ ndim: 2, siUnits: "um" });
  probe.setContacts({
    positions: Float64Array.from(positions),
    shapes: contactShapes,
    shapeParams: contactShapeParams,
  });
  probe.createAutoShape({ probeType: "tip", margin: 25 });
  probe.setContactIds(Array.from({ length: positions.length / 2 }, (_, i) => String(i)));
  return probe;
}

export interface LinearProbeOptions {
  numElec?: number;
  ypitch?: number;
  contactShapes?: ContactShape;
  contactShapeParams?: ShapeParams;
}

/** One column at x = 0 with y = 0, ypitch, 2·ypitch, ... */
export function generateLinearProbe(options: LinearProbeOptions = {}): Probe {
  const { numElec = 16, ypitch = 20, contactShapes = "circle", contactShapeParams = { radius: 6 } } = options;
  return generateMultiColumnsProbe({
    numColumns: 1,
    numContactPerColumn: numElec,
    xpitch: 0,
    ypitch,
    contactShapes,
    contactShapeParams,
  });
}

/** 4 circular contacts (radius 6) at angles 0, 90, 180, 270 degrees, distance `r` from the centre. */
export function generateTetrode(options: { r?: number } = {}): Probe {
  const { r = 10 } = options;
  const positions: number[] = [];
  for (let k = 0; k < 4; k++) {
    const phi = k * (Math.PI / 2);
    positions.push(Math.cos(phi) * r, Math.sin(phi) * r);
  }
  const probe = new Probe({ ndim: 2, siUnits: "um" });
  probe.setContacts({
    positions: Float64Array.from(positions),
    shapes: "circle",
    shapeParams: { radius: 6 },
  });
  return probe;
}

/**
 * Merge 2-D probes into one multi-shank probe (shank ids "0", "1", ...). Contact ids and wiring
 * are dropped; the contour joins the shank contours with a point 40 µm above each end.
 */
export function combineProbes(probes: readonly Probe[], options: { connectShape?: boolean } = {}): Probe {
  const { connectShape = true } = options;
  if (probes.length === 0) throw new InvalidArgumentError("combineProbes needs at least one probe");
  const bad = probes.find((p) => p.ndim !== 2);
  if (bad !== undefined)
    throw new InvalidArgumentError(`combineProbes needs 2-D probes, got ndim ${bad.ndim}`);
  const concat = (arrays: Float64Array[]): Float64Array => {
    const out = new Float64Array(arrays.reduce((s, a) => s + a.length, 0));
    let at = 0;
    for (const a of arrays) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
  const combined = new Probe({ ndim: 2, siUnits: probes[0].siUnits });
  combined.setContacts({
    positions: concat(probes.map((p) => p.contactPositions)),
    planeAxes: concat(probes.map((p) => p.contactPlaneAxes)),
    shapes: probes.flatMap((p) => [...p.contactShapes]),
    shapeParams: probes.flatMap((p) => [...p.contactShapeParams]),
    shankIds: probes.flatMap((p, i) => new Array<string>(p.getContactCount()).fill(String(i))),
  });
  if (connectShape && probes.every((p) => p.probePlanarContour !== null)) {
    const verts = concat(probes.map((p) => p.probePlanarContour!));
    const first = [verts[0], verts[1] + 40];
    const last = [verts[verts.length - 2], verts[verts.length - 1] + 40];
    combined.setPlanarContour(Float64Array.from([...first, ...verts, ...last]));
  }
  return combined;
}

export interface MultiShankOptions extends MultiColumnsProbeOptions {
  numShank?: number;
  /** Offset between consecutive shanks. */
  shankPitch?: readonly number[];
}

/** `numShank` multi-column probes moved by `shankPitch·i` and combined. */
export function generateMultiShank(options: MultiShankOptions = {}): Probe {
  const { numShank = 2, shankPitch = [150, 0], ...columns } = options;
  checkCount(numShank, "numShank");
  const probes: Probe[] = [];
  for (let i = 0; i < numShank; i++) {
    const probe = generateMultiColumnsProbe(columns);
    probe.move(shankPitch.map((v) => v * i));
    probes.push(probe);
  }
  return combineProbes(probes);
}

const DUMMY_PARAMS: Record<ContactShape, ShapeParams> = {
  circle: { radius: 6 },
  square: { width: 7 },
  rect: { width: 6, height: 4.5 },
};

/** 3 columns of 10, 12, 10 contacts, pitch 25, middle column shifted by -12.5; quality 1000. */
export function generateDummyProbe(options: { elecShapes?: ContactShape } = {}): Probe {
  const { elecShapes = "circle" } = options;
  const params = DUMMY_PARAMS[elecShapes];
  if (params === undefined) {
    throw new InvalidArgumentError(
      `elecShapes ${JSON.stringify(elecShapes)} is not one of circle, square, rect`,
    );
  }
  const probe = generateMultiColumnsProbe({
    numColumns: 3,
    numContactPerColumn: [10, 12, 10],
    xpitch: 25,
    ypitch: 25,
    yShiftPerColumn: [0, -12.5, 0],
    contactShapes: elecShapes,
    contactShapeParams: params,
  });
  probe.annotate({ manufacturer: "me" });
  probe.annotateContacts({ quality: new Float64Array(32).fill(1000) });
  return probe;
}

/** Two dummy probes: circles, and rectangles moved by (150, -50). */
export function generateDummyProbeGroup(): ProbeGroup {
  const probe1 = generateDummyProbe({ elecShapes: "rect" });
  probe1.move([150, -50]);
  return new ProbeGroup([generateDummyProbe(), probe1]);
}
