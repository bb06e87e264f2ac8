/**
 * `Probe`: the geometry and wiring of one probe (probeinterface's Probe). Per-contact state is held
 * in flat typed arrays (positions n×ndim, plane axes n×2×ndim, C order) and string arrays; the
 * probe-level name/manufacturer/model/serial/description live inside `annotations`, as in Python.
 */
import { InvalidArgumentError } from "../errors.js";
import {
  type ContactTable,
  type ContactTableInput,
  probeFromTable,
  probeToTable,
  type ToTableOptions,
} from "./contact-table.js";
import { type ContactValuesInput, selectValues, toContactValues, valuesEqual } from "./contact-values.js";
import { type AutoShapeType, autoShapePolygon, compareCodePoints, toMatrix } from "./geometry.js";
import { getProbeOwner } from "./owner.js";
import { probeFromDict, probeToDict } from "./probe-dict.js";
import * as transform from "./probe-transform.js";
import { Shank } from "./shank.js";
import {
  CONTACT_SHAPES,
  CONTACT_SIDES,
  type ContactShape,
  type ContactSide,
  type ContactValues,
  type JsonValue,
  type PositionsInput,
  type ProbeDict,
  type ShapeParams,
} from "./types.js";
import { getPathwayChannelIndices } from "./wiring.js";

export interface ProbeOptions {
  ndim?: 2 | 3;
  siUnits?: string;
  name?: string | null;
  serialNumber?: string | null;
  modelName?: string | null;
  manufacturer?: string | null;
}

export interface SetContactsOptions {
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

export class Probe {
  readonly ndim: 2 | 3;
  siUnits: string;
  /** Probe-level metadata (name, manufacturer, model_name, serial_number, description, ...). */
  readonly annotations: Record<string, JsonValue> = {};
  /** Per-contact annotations, each with its dtype. */
  readonly contactAnnotations: Record<string, ContactValues> = {};

  private positions: Float64Array | null = null;
  private planeAxes: Float64Array | null = null;
  private shapes: ContactShape[] | null = null;
  private shapeParams: ShapeParams[] | null = null;
  private contactIdList: string[] | null = null;
  private shankIdList: string[] | null = null;
  private sides: ContactSide[] | null = null;
  private deviceIndices: Int32Array | null = null;
  private contour: Float64Array | null = null;

  constructor(options: ProbeOptions = {}) {
    const ndim = options.ndim ?? 2;
    if (ndim !== 2 && ndim !== 3) {
      throw new InvalidArgumentError(`ndim must be 2 or 3, got ${String(ndim)}`, { ndim });
    }
    this.ndim = ndim;
    this.siUnits = options.siUnits ?? "um";
    this.name = options.name ?? null;
    this.serialNumber = options.serialNumber ?? null;
    this.modelName = options.modelName ?? null;
    this.manufacturer = options.manufacturer ?? null;
  }

  // ----- annotations that Python exposes as attributes -----
  get name(): string | null {
    return this.stringAnnotation("name");
  }
  set name(value: string | null) {
    this.setStringAnnotation("name", value);
  }
  get serialNumber(): string | null {
    return this.stringAnnotation("serial_number");
  }
  set serialNumber(value: string | null) {
    this.setStringAnnotation("serial_number", value);
  }
  get modelName(): string | null {
    return this.stringAnnotation("model_name");
  }
  set modelName(value: string | null) {
    this.setStringAnnotation("model_name", value);
  }
  get manufacturer(): string | null {
    return this.stringAnnotation("manufacturer");
  }
  set manufacturer(value: string | null) {
    this.setStringAnnotation("manufacturer", value);
  }
  get description(): string | null {
    return this.stringAnnotation("description");
  }
  set description(value: string | null) {
    this.setStringAnnotation("description", value);
  }

  private stringAnnotation(key: string): string | null {
    const v = this.annotations[key];
    return v === undefined || v === null ? null : String(v);
  }

  private setStringAnnotation(key: string, value: string | null): void {
    if (value === null) delete this.annotations[key];
    else this.annotate({ [key]: value });
  }

  annotate(values: Record<string, JsonValue>): void {
    if ("first_index" in values && values.first_index !== 0 && values.first_index !== 1) {
      throw new InvalidArgumentError(
        `annotation first_index must be 0 or 1, got ${JSON.stringify(values.first_index)}`,
      );
    }
    Object.assign(this.annotations, values);
  }

  annotateContacts(values: Record<string, ContactValuesInput>): void {
    const n = this.getContactCount();
    for (const [name, v] of Object.entries(values))
      this.contactAnnotations[name] = toContactValues(v, n, name);
  }

  // ----- contacts -----
  hasContacts(): boolean {
    return this.positions !== null;
  }

  private need<T>(value: T | null): T {
    if (value === null) {
      throw new InvalidArgumentError(`probe ${this.getTitle()} has no contacts: call setContacts() first`);
    }
    return value;
  }

  /** Flat n × ndim positions (C order). Owned by the probe: use `move`/`rotate` to change them. */
  get contactPositions(): Float64Array {
    return this.need(this.positions);
  }
  /** Flat n × 2 × ndim plane axes (C order). */
  get contactPlaneAxes(): Float64Array {
    return this.need(this.planeAxes);
  }
  get contactShapes(): readonly ContactShape[] {
    return this.need(this.shapes);
  }
  get contactShapeParams(): readonly ShapeParams[] {
    return this.need(this.shapeParams);
  }
  get contactIds(): readonly string[] | null {
    return this.contactIdList;
  }
  get shankIds(): readonly string[] | null {
    return this.shankIdList;
  }
  get contactSides(): readonly ContactSide[] | null {
    return this.sides;
  }
  /** Device channel of each contact (-1 = not connected), or null when the probe is not wired. */
  get deviceChannelIndices(): Int32Array | null {
    return this.deviceIndices;
  }
  /** Flat m × ndim polygon, or null. */
  get probePlanarContour(): Float64Array | null {
    return this.contour;
  }

  /** Coordinate `axis` (0 = x, 1 = y, 2 = z) of contact `index`. */
  positionAt(index: number, axis: number): number {
    return this.contactPositions[index * this.ndim + axis];
  }

  getContactCount(): number {
    return this.contactPositions.length / this.ndim;
  }

  getShankCount(): number {
    return this.shankIdList === null ? 1 : new Set(this.shankIdList).size;
  }

  /** One Shank view per unique shank id (sorted), or a single shank holding every contact. */
  getShanks(): Shank[] {
    if (this.shankIdList === null) return [new Shank(this, null)];
    return [...new Set(this.shankIdList)].sort(compareCodePoints).map((id) => new Shank(this, id));
  }

  setContacts(options: SetContactsOptions): void {
    const { ndim } = this;
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

    this.positions = positions;
    this.planeAxes = planeAxes;
    this.shapes = shapes as ContactShape[];
    this.shapeParams = shapeParams;
    this.sides = sides;
    this.contactIdList = null;
    if (options.contactIds != null) this.setContactIds(options.contactIds);
    this.shankIdList = null;
    if (options.shankIds != null) this.setShankIds(options.shankIds);
  }

  /** Contact ids become strings; all-empty ids mean "no ids". Ids must be unique. */
  setContactIds(ids: ArrayLike<string | number>): void {
    const strs = Array.from(ids, String);
    if (strs.every((s) => s === "")) {
      this.contactIdList = null;
      return;
    }
    const n = this.getContactCount();
    if (strs.length !== n) {
      throw new InvalidArgumentError(`${strs.length} contact ids given for ${n} contacts`);
    }
    const dup = firstDuplicate(strs);
    if (dup !== undefined) {
      throw new InvalidArgumentError(
        `contact ids must be unique within a probe: ${JSON.stringify(dup)} repeats`,
      );
    }
    this.contactIdList = strs;
    getProbeOwner(this)?.checkGlobalDeviceWiringAndIds();
  }

  setShankIds(ids: ArrayLike<string | number>): void {
    const strs = Array.from(ids, String);
    const n = this.getContactCount();
    if (strs.length !== n) throw new InvalidArgumentError(`${strs.length} shank ids given for ${n} contacts`);
    this.shankIdList = strs;
  }

  setPlanarContour(polygon: PositionsInput): void {
    this.contour = toMatrix(polygon, this.ndim, "probe planar contour");
  }

  /** Set the contour automatically from the contact positions (2-D only). */
  createAutoShape(options: { probeType?: AutoShapeType; margin?: number } = {}): void {
    if (this.ndim !== 2)
      throw new InvalidArgumentError(`auto shape needs a 2-D probe, this one has ndim ${this.ndim}`);
    const { probeType = "tip", margin = 20 } = options;
    this.contour = autoShapePolygon(this.contactPositions, this.shankIdList, probeType, margin);
  }

  /** Wiring: device channel of each contact, -1 for unconnected contacts. */
  setDeviceChannelIndices(indices: ArrayLike<number | bigint>): void {
    const n = this.getContactCount();
    if (indices.length !== n) {
      throw new InvalidArgumentError(`${indices.length} device channel indices given for ${n} contacts`);
    }
    const out = new Int32Array(n);
    const seen = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const v = Number(indices[i]);
      if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) {
        throw new InvalidArgumentError(
          `device channel index ${String(indices[i])} (contact ${i}) is not an integer`,
        );
      }
      if (v >= 0 && seen.has(v)) {
        throw new InvalidArgumentError(
          `device channel index ${v} is given to contacts ${seen.get(v)} and ${i}: indices must be unique`,
          { index: v },
        );
      }
      seen.set(v, i);
      out[i] = v;
    }
    const previous = this.deviceIndices;
    this.deviceIndices = out;
    try {
      getProbeOwner(this)?.checkGlobalDeviceWiringAndIds();
    } catch (err) {
      this.deviceIndices = previous;
      throw err;
    }
  }

  /** Clear the wiring (probeinterface sets the attribute to None). */
  clearDeviceChannelIndices(): void {
    this.deviceIndices = null;
  }

  /** Wire with a known pathway (see `getAvailablePathways()`), e.g. "ASSY-156>RHD2164". */
  wiringToDevice(pathway: string, options: { channelOffset?: number } = {}): void {
    const indices = getPathwayChannelIndices(pathway, options.channelOffset ?? 0);
    const n = this.getContactCount();
    if (indices.length !== n) {
      throw new InvalidArgumentError(
        `pathway ${JSON.stringify(pathway)} wires ${indices.length} contacts but the probe has ${n}`,
      );
    }
    this.setDeviceChannelIndices(indices);
  }

  // ----- geometry -----
  move(vector: ArrayLike<number>): void {
    transform.moveProbe(this.ndim, this.contactPositions, this.contour, vector);
  }

  /** Rotate by `thetaDeg` around `center` (default: mean position); 3-D needs an axis vector. */
  rotate(thetaDeg: number, options: { center?: ArrayLike<number>; axis?: ArrayLike<number> } = {}): void {
    transform.rotateProbe(
      this.ndim,
      this.contactPositions,
      this.contactPlaneAxes,
      this.contour,
      thetaDeg,
      options,
    );
  }

  /** Rotate each contact's plane axes (2-D only). */
  rotateContacts(thetasDeg: number | ArrayLike<number>): void {
    transform.rotateContactAxes(this.ndim, this.contactPlaneAxes, this.getContactCount(), thetasDeg);
  }

  /** Polygon of each contact (n_vertices × ndim flat; circles have 360 vertices). */
  getContactVertices(): Float64Array[] {
    return transform.contactVertices(
      this.ndim,
      this.contactPositions,
      this.contactPlaneAxes,
      this.contactShapes,
      this.contactShapeParams,
    );
  }

  /** The 3-D probe with this probe's plane on `axes` (ids and annotations are not carried). */
  to3d(axes = "xz"): Probe {
    return transform.probeTo3d(this, axes, (o) => new Probe(o));
  }

  /** The 2-D probe keeping the `axes` coordinates of this 3-D probe. */
  to2d(axes = "xy"): Probe {
    return transform.probeTo2d(this, axes, (o) => new Probe(o));
  }

  // ----- slicing, copies, dicts -----
  /** A new probe with the selected contacts in the given order (bool mask or unique indices). */
  getSlice(selection: readonly boolean[] | ArrayLike<number>): Probe {
    const indices = selectionToIndices(selection, this.getContactCount());
    const d = probeToDict(this);
    const pick = <T>(arr: T[] | undefined): T[] | undefined =>
      arr === undefined ? undefined : Array.from(indices, (i) => arr[i]);
    const sliced: ProbeDict = {
      ...d,
      contact_annotations: {},
      contact_positions: pick(d.contact_positions)!,
      contact_plane_axes: pick(d.contact_plane_axes)!,
      contact_shapes: pick(d.contact_shapes)!,
      contact_shape_params: pick(d.contact_shape_params)!,
      device_channel_indices: pick(d.device_channel_indices),
      contact_ids: pick(d.contact_ids),
      shank_ids: pick(d.shank_ids),
      contact_sides: pick(d.contact_sides),
    };
    const probe = Probe.fromDict(sliced);
    for (const [name, v] of Object.entries(this.contactAnnotations)) {
      probe.contactAnnotations[name] = { dtype: v.dtype, values: selectValues(v.values, indices) };
    }
    return probe;
  }

  /** Deep copy **without** the wiring, as probeinterface does. */
  copy(): Probe {
    const probe = Probe.fromDict({ ...probeToDict(this), device_channel_indices: undefined });
    this.copyContactAnnotationsTo(probe);
    return probe;
  }

  /** Keep annotation dtypes exactly (a JSON round trip cannot tell 1.0 from 1). */
  private copyContactAnnotationsTo(probe: Probe): void {
    for (const [name, v] of Object.entries(this.contactAnnotations)) {
      probe.contactAnnotations[name] = { dtype: v.dtype, values: v.values.slice() };
    }
  }

  /** `to_dict(array_as_list=True)`: probeinterface's keys, in its order, absent when null. */
  toDict(): ProbeDict {
    return probeToDict(this);
  }

  static fromDict(d: ProbeDict): Probe {
    return probeFromDict(d, (o) => new Probe(o));
  }

  /** The contact vector (`to_numpy` / `to_dataframe`): named columns, probeinterface's fields. */
  toTable(options: ToTableOptions = {}): ContactTable {
    return probeToTable(this, options);
  }

  /** `from_numpy`: fields other than probeinterface's become contact annotations. */
  static fromTable(table: ContactTableInput | ContactTable): Probe {
    return probeFromTable(table, (o) => new Probe(o));
  }

  equals(other: Probe): boolean {
    const a = probeToDict(this);
    const b = probeToDict(other);
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    keys.delete("contact_annotations");
    for (const k of keys) {
      if (JSON.stringify(a[k as keyof ProbeDict]) !== JSON.stringify(b[k as keyof ProbeDict])) return false;
    }
    const names = Object.keys(this.contactAnnotations);
    if (names.length !== Object.keys(other.contactAnnotations).length) return false;
    return names.every(
      (k) =>
        k in other.contactAnnotations &&
        valuesEqual(this.contactAnnotations[k].values, other.contactAnnotations[k].values),
    );
  }

  getTitle(): string {
    if (this.positions === null) return "Undefined probe";
    let txt = this.name ?? "Probe";
    if (this.manufacturer !== null) txt += ` - ${this.manufacturer}`;
    if (this.modelName !== null) txt += ` - ${this.modelName}`;
    if (this.serialNumber !== null) txt += ` - ${this.serialNumber}`;
    txt += ` - ${this.getContactCount()}ch`;
    if (this.shankIdList !== null) txt += ` - ${this.getShankCount()}shanks`;
    if (this.sides !== null) txt += " - 2 sides";
    return txt;
  }

  toString(): string {
    return this.getTitle();
  }
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

function firstDuplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
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
