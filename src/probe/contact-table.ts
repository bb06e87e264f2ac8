/**
 * The "contact vector": probeinterface's `Probe.to_numpy` / `ProbeGroup.to_numpy` structured array
 * (also what `to_dataframe` shows), held as named columns, and the inverse `from_numpy`. Field
 * names, order and dtypes follow probeinterface so that SpikeInterface's legacy `contact_vector`
 * property can be read and written.
 */
import type { NumberArray } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import {
  type ContactValuesInput,
  concatValues,
  isNumberArray,
  selectValues,
  toContactValues,
} from "./contact-values.js";
import type { Probe, ProbeOptions } from "./probe.js";
import type { ColumnDType, ColumnValues, ContactColumn, ShapeParams } from "./types.js";

export interface ContactTable {
  readonly numContacts: number;
  readonly columns: readonly ContactColumn[];
}

/** A table as a caller may give it (e.g. read from a .npy file): dtype optional, int64 as bigint ok. */
export interface ContactTableInput {
  readonly columns: readonly {
    readonly name: string;
    readonly dtype?: ColumnDType;
    readonly values: ContactValuesInput;
  }[];
}

export interface ToTableOptions {
  /** Add wiring, units, plane axes and contact annotations (`to_numpy(complete=True)`). */
  complete?: boolean;
}

const DIMS = ["x", "y", "z"] as const;

/** Fields that `from_numpy` interprets; any other field is a contact annotation. */
const MAIN_FIELDS = new Set([
  "x",
  "y",
  "z",
  "contact_shapes",
  "shank_ids",
  "contact_ids",
  "contact_sides",
  "device_channel_indices",
  "radius",
  "width",
  "height",
  "plane_axis_x_0",
  "plane_axis_x_1",
  "plane_axis_y_0",
  "plane_axis_y_1",
  "plane_axis_z_0",
  "plane_axis_z_1",
  "probe_index",
  "si_units",
]);

export function getColumn(table: ContactTable, name: string): ContactColumn | undefined {
  return table.columns.find((c) => c.name === name);
}

export function probeToTable(probe: Probe, options: ToTableOptions = {}): ContactTable {
  const n = probe.getContactCount();
  const { ndim } = probe;
  const columns: ContactColumn[] = [];
  const positions = probe.contactPositions;
  for (let d = 0; d < ndim; d++) {
    columns.push({
      name: DIMS[d],
      dtype: "float64",
      values: Float64Array.from({ length: n }, (_, i) => positions[i * ndim + d]),
    });
  }
  columns.push({ name: "contact_shapes", dtype: "<U64", values: [...probe.contactShapes] });
  const params = probe.contactShapeParams;
  const keys: string[] = [];
  for (const p of params) for (const k of Object.keys(p)) if (!keys.includes(k)) keys.push(k);
  for (const k of keys) {
    columns.push({ name: k, dtype: "float64", values: Float64Array.from(params, (p) => p[k] ?? 0) });
  }
  if (probe.shankIds !== null)
    columns.push({ name: "shank_ids", dtype: "<U64", values: [...probe.shankIds] });
  columns.push({
    name: "contact_ids",
    dtype: "<U64",
    values: probe.contactIds === null ? new Array<string>(n).fill("") : [...probe.contactIds],
  });
  if (probe.contactSides !== null) {
    columns.push({ name: "contact_sides", dtype: "<U8", values: [...probe.contactSides] });
  }
  if (options.complete) {
    const wiring = probe.deviceChannelIndices;
    columns.push({
      name: "device_channel_indices",
      dtype: "int64",
      values: wiring === null ? new Float64Array(n).fill(-1) : Float64Array.from(wiring),
    });
    columns.push({ name: "si_units", dtype: "<U64", values: new Array<string>(n).fill(probe.siUnits) });
    const axes = probe.contactPlaneAxes;
    for (let d = 0; d < ndim; d++) {
      for (let k = 0; k < 2; k++) {
        columns.push({
          name: `plane_axis_${DIMS[d]}_${k}`,
          dtype: "float64",
          values: Float64Array.from({ length: n }, (_, i) => axes[i * 2 * ndim + k * ndim + d]),
        });
      }
    }
    for (const [name, v] of Object.entries(probe.contactAnnotations)) {
      if (columns.some((c) => c.name === name)) {
        throw new InvalidArgumentError(
          `contact annotation ${JSON.stringify(name)} clashes with a contact field`,
        );
      }
      columns.push({ name, dtype: v.dtype, values: v.values.slice() });
    }
  }
  return { numContacts: n, columns };
}

/** `ProbeGroup.to_numpy`: a leading `probe_index`, then the union of the probes' fields. */
export function probesToTable(probes: readonly Probe[], options: ToTableOptions = {}): ContactTable {
  const tables = probes.map((p) => probeToTable(p, options));
  const fields: { name: string; dtype: ColumnDType }[] = [];
  for (const t of tables) {
    for (const c of t.columns) if (!fields.some((f) => f.name === c.name)) fields.push(c);
  }
  const total = tables.reduce((s, t) => s + t.numContacts, 0);
  const probeIndex = new Float64Array(total);
  let at = 0;
  tables.forEach((t, i) => {
    probeIndex.fill(i, at, at + t.numContacts);
    at += t.numContacts;
  });
  const columns: ContactColumn[] = [{ name: "probe_index", dtype: "int64", values: probeIndex }];
  for (const f of fields) {
    const parts = tables.map(
      (t) => t.columns.find((c) => c.name === f.name)?.values ?? emptyValues(f.dtype, t.numContacts),
    );
    const values = concatValues(parts);
    columns.push({ name: f.name, dtype: f.dtype, values: castLike(f.dtype, values) });
  }
  return { numContacts: total, columns };
}

/** numpy fills missing fields with zeros: 0, "" or false. */
function emptyValues(dtype: ColumnDType, n: number): ColumnValues {
  if (dtype.startsWith("<U")) return new Array<string>(n).fill("");
  if (dtype === "bool") return new Array<boolean>(n).fill(false);
  if (dtype === "object") return new Array<null>(n).fill(null);
  return new Float64Array(n);
}

function castLike(dtype: ColumnDType, values: ColumnValues): ColumnValues {
  if (dtype === "float32") return Float32Array.from(values as NumberArray);
  if (dtype === "int32") return Int32Array.from(values as NumberArray);
  return values;
}

function normaliseTable(input: ContactTableInput | ContactTable): Map<string, ContactColumn> {
  const columns = new Map<string, ContactColumn>();
  const n = input.columns[0]?.values.length ?? 0;
  for (const c of input.columns) {
    const v = toContactValues(c.values, n, c.name);
    columns.set(c.name, { name: c.name, dtype: c.dtype ?? v.dtype, values: v.values });
  }
  return columns;
}

function numbers(col: ContactColumn | undefined, name: string): Float64Array {
  if (col === undefined || !isNumberArray(col.values)) {
    throw new InvalidArgumentError(`contact table needs a numeric ${JSON.stringify(name)} column`);
  }
  return Float64Array.from(col.values);
}

function strings(col: ContactColumn): string[] {
  return Array.from(col.values as ArrayLike<unknown>, String);
}

/** `Probe.from_numpy`: rebuild a probe from its table (contact annotations from unknown fields). */
export function probeFromTable(
  input: ContactTableInput | ContactTable,
  make: (options: ProbeOptions) => Probe,
): Probe {
  const cols = normaliseTable(input);
  const ndim = cols.has("z") ? 3 : 2;
  const x = numbers(cols.get("x"), "x");
  const n = x.length;
  const units = cols.get("si_units");
  const unitSet = units === undefined ? new Set(["um"]) : new Set(strings(units));
  if (unitSet.size !== 1) {
    throw new InvalidArgumentError(
      `si_units must be unique in a probe table, got ${[...unitSet].join(", ")}`,
    );
  }
  const probe = make({ ndim, siUnits: [...unitSet][0] });
  const positions = new Float64Array(n * ndim);
  for (let d = 0; d < ndim; d++) {
    const col = numbers(cols.get(DIMS[d]), DIMS[d]);
    for (let i = 0; i < n; i++) positions[i * ndim + d] = col[i];
  }
  const shapesCol = cols.get("contact_shapes");
  if (shapesCol === undefined)
    throw new InvalidArgumentError('contact table needs a "contact_shapes" column');
  const shapes = strings(shapesCol);
  const paramColumns = new Map<string, Float64Array>();
  const param = (name: string, i: number): number => {
    let col = paramColumns.get(name);
    if (col === undefined) paramColumns.set(name, (col = numbers(cols.get(name), name)));
    return col[i];
  };
  const shapeParams: ShapeParams[] = shapes.map((shape, i) => {
    if (shape === "circle") return { radius: param("radius", i) } as ShapeParams;
    if (shape === "square") return { width: param("width", i) } as ShapeParams;
    if (shape === "rect") return { width: param("width", i), height: param("height", i) } as ShapeParams;
    throw new InvalidArgumentError(`contact ${i} has unknown shape ${JSON.stringify(shape)}`);
  });
  let planeAxes: Float64Array | null = null;
  if (cols.has("plane_axis_x_0")) {
    planeAxes = new Float64Array(n * 2 * ndim);
    for (let d = 0; d < ndim; d++) {
      for (let k = 0; k < 2; k++) {
        const name = `plane_axis_${DIMS[d]}_${k}`;
        const col = numbers(cols.get(name), name);
        for (let i = 0; i < n; i++) planeAxes[i * 2 * ndim + k * ndim + d] = col[i];
      }
    }
  }
  const shank = cols.get("shank_ids");
  const sides = cols.get("contact_sides");
  probe.setContacts({
    positions,
    planeAxes,
    shapes,
    shapeParams,
    shankIds: shank === undefined ? null : strings(shank),
    contactSides: sides === undefined ? null : strings(sides),
  });
  const wiring = cols.get("device_channel_indices");
  if (wiring !== undefined) {
    const values = numbers(wiring, "device_channel_indices");
    if (!values.every((v) => v === -1)) probe.setDeviceChannelIndices(values);
  }
  const ids = cols.get("contact_ids");
  if (ids !== undefined) probe.setContactIds(strings(ids));
  for (const [name, col] of cols) {
    if (!MAIN_FIELDS.has(name)) probe.contactAnnotations[name] = { dtype: col.dtype, values: col.values };
  }
  return probe;
}

/** Split a group table by `probe_index` (sorted), one table per probe. */
export function splitTableByProbe(input: ContactTableInput | ContactTable): ContactTable[] {
  const cols = normaliseTable(input);
  const probeIndex = numbers(cols.get("probe_index"), "probe_index");
  const unique = [...new Set(probeIndex)].sort((a, b) => a - b);
  return unique.map((p) => {
    const rows = Int32Array.from(Array.from(probeIndex.keys()).filter((i) => probeIndex[i] === p));
    const columns = [...cols.values()].map((c) => ({ ...c, values: selectValues(c.values, rows) }));
    return { numContacts: rows.length, columns };
  });
}
