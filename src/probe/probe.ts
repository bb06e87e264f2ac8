/**
 * `Probe`: the geometry and wiring of one probe (probeinterface's Probe). Per-contact state is held
 * in flat typed arrays (positions n×ndim, plane axes n×2×ndim, C order) and string arrays; the
 * probe-level name/manufacturer/model/serial/description live inside `annotations`, as in Python.
 */
import { InvalidArgumentError } from "../errors.js";
import {
  type ContactsInput,
  normaliseContactIds,
  normaliseContacts,
  normaliseShankIds,
  selectionToIndices,
} from "./contact-checks.js";
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
import type {
  ContactShape,
  ContactSide,
  ContactValues,
  JsonValue,
  PositionsInput,
  ProbeDict,
  ShapeParams,
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

export type SetContactsOptions = ContactsInput;

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
    for (const [key, value] of Object.entries(values)) {
      // defineProperty: an own "__proto__" key from a file must stay a plain key
      Object.defineProperty(this.annotations, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }

  annotateContacts(values: Record<string, ContactValuesInput>): void {
    const n = this.getContactCount();
    const checked = Object.entries(values).map(([name, v]) => [name, toContactValues(v, n, name)] as const);
    for (const [name, v] of checked) this.contactAnnotations[name] = v;
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
    const c = normaliseContacts(options, this.ndim);
    this.positions = c.positions;
    this.planeAxes = c.planeAxes;
    this.shapes = c.shapes;
    this.shapeParams = c.shapeParams;
    this.sides = c.sides;
    this.contactIdList = c.contactIds;
    this.shankIdList = c.shankIds;
    if (c.contactIds !== null) getProbeOwner(this)?.checkGlobalDeviceWiringAndIds();
  }

  /** Contact ids become strings; all-empty ids mean "no ids". Ids must be unique. */
  setContactIds(ids: ArrayLike<string | number>): void {
    this.contactIdList = normaliseContactIds(ids, this.getContactCount());
    getProbeOwner(this)?.checkGlobalDeviceWiringAndIds();
  }

  setShankIds(ids: ArrayLike<string | number>): void {
    this.shankIdList = normaliseShankIds(ids, this.getContactCount());
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
