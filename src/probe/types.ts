/**
 * Shared vocabulary of the probe model: contact shapes, sides, the dict/JSON shapes that
 * probeinterface reads and writes (keys kept exactly), and per-contact value columns.
 */
import type { JsonValue } from "../base/extractor.js";
import type { NumberArray } from "../dtype.js";

export type { JsonValue };

export const CONTACT_SHAPES = ["circle", "square", "rect"] as const;
export type ContactShape = (typeof CONTACT_SHAPES)[number];

/** circle `{radius}`, square `{width}`, rect `{width, height}` (other keys are kept as given). */
export type ShapeParams = Readonly<Record<string, number>>;

export const CONTACT_SIDES = ["front", "back"] as const;
export type ContactSide = (typeof CONTACT_SIDES)[number];

/** The probeinterface package version whose format we write. */
export const PROBEINTERFACE_VERSION = "0.3.2";

/** Contact positions: flat C-order rows (n × ndim) or one array per contact. */
export type PositionsInput = Float64Array | ArrayLike<ArrayLike<number>>;

/**
 * Dtype of a per-contact column, numpy's names: numbers are held in a NumberArray (int64 in a
 * Float64Array, exact to 2^53, the project's convention), text in `string[]` with numpy's `<U{n}`.
 */
export type ColumnDType =
  | "float64"
  | "float32"
  | "int64"
  | "int32"
  | "int16"
  | "int8"
  | "uint8"
  | "uint16"
  | "uint32"
  | "bool"
  | `<U${number}`
  | "object";

export type ColumnValues = NumberArray | readonly string[] | readonly boolean[] | readonly JsonValue[];

/** One named per-contact column (a field of probeinterface's structured "contact vector"). */
export interface ContactColumn {
  readonly name: string;
  readonly dtype: ColumnDType;
  readonly values: ColumnValues;
}

/** Values of one contact annotation (`Probe.contact_annotations[name]`). */
export interface ContactValues {
  readonly dtype: ColumnDType;
  readonly values: ColumnValues;
}

/** `Probe.to_dict(array_as_list=True)`: keys in probeinterface's order, absent when null. */
export type ProbeDict = {
  ndim: number;
  si_units: string;
  annotations: { [key: string]: JsonValue };
  contact_annotations: { [key: string]: JsonValue[] };
  contact_positions: number[][];
  contact_plane_axes: number[][][];
  contact_shapes: string[];
  contact_shape_params: { [key: string]: number }[];
  probe_planar_contour?: number[][];
  device_channel_indices?: number[];
  contact_ids?: string[];
  shank_ids?: string[];
  contact_sides?: string[];
};

export type ProbeGroupDict = { probes: ProbeDict[] };

/** A probeinterface JSON file. */
export type ProbeinterfaceFile = { specification: string; version: string; probes: ProbeDict[] };
