/**
 * Zarr v2 node metadata: `.zgroup` ({"zarr_format": 2}), `.zattrs` (free JSON) and `.zarray`,
 * read from any store and written exactly as zarr-python 2.18 writes them (same keys, sorted,
 * indent 4; fill values encoded per dtype: 0.0 for floats, "NaN" for a NaN fill, "" for unicode,
 * false for bool; "dimension_separator" only when it is "/").
 */
import type { JsonValue } from "../../base/extractor.js";
import { FileFormatError, InvalidArgumentError, SpikeInterfaceError } from "../../errors.js";
import { isCodecConfig } from "./codecs/registry.js";
import type { CodecConfig } from "./codecs/types.js";
import { type PyFloat, parseJsonKeepFloats, parseZarrJsonObject, pyFloat, zarrJsonBytes } from "./json.js";
import { assertWritable, type StoreGetOptions, storeKey, type ZarrStore } from "./store.js";
import { parseZarrDType, type ZarrDType } from "./zarr-dtype.js";

export type FillValue = number | bigint | boolean | string | Uint8Array | null;

export interface ArrayMetadata {
  shape: number[];
  chunks: number[];
  dtype: ZarrDType;
  compressor: CodecConfig | null;
  filters: CodecConfig[] | null;
  fillValue: FillValue;
  order: "C" | "F";
  dimensionSeparator: "." | "/";
}

function isNonNegInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

/** Decode a `.zarray` fill_value for its dtype. */
export function decodeFillValue(v: unknown, dtype: ZarrDType, where: string): FillValue {
  if (v === null || v === undefined) return null;
  switch (dtype.kind) {
    case "number": {
      if (v === "NaN") return Number.NaN;
      if (v === "Infinity") return Number.POSITIVE_INFINITY;
      if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
      if (typeof v !== "number") break;
      if (dtype.dtype === "int64" || dtype.dtype === "uint64") return BigInt(Math.trunc(v));
      return v;
    }
    case "bool":
      if (typeof v === "boolean") return v;
      if (typeof v === "number") return v !== 0;
      break;
    case "unicode":
      if (typeof v === "string") return v;
      if (v === 0) return "";
      break;
    case "bytes":
      if (typeof v === "string") return Uint8Array.from(atob(v), (c) => c.charCodeAt(0));
      if (v === 0) return new Uint8Array(0);
      break;
    case "object":
      return v as FillValue;
  }
  throw new FileFormatError(where, `fill_value ${JSON.stringify(v)} does not fit dtype ${dtype.str}`);
}

/** Encode a fill value as zarr-python does (`encode_fill_value`). */
export function encodeFillValue(v: FillValue, dtype: ZarrDType): JsonValue | PyFloat {
  if (v === null) return null;
  switch (dtype.kind) {
    case "number": {
      const x = typeof v === "bigint" ? Number(v) : Number(v);
      if (dtype.dtype === "float32" || dtype.dtype === "float64") {
        if (Number.isNaN(x)) return "NaN";
        if (x === Number.POSITIVE_INFINITY) return "Infinity";
        if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
        return pyFloat(x);
      }
      if (typeof v === "bigint") return Number(v);
      return Math.trunc(x);
    }
    case "bool":
      return Boolean(v);
    case "unicode":
      return typeof v === "string" ? v : "";
    case "bytes": {
      const bytes = v instanceof Uint8Array ? v : new Uint8Array(0);
      return btoa(String.fromCharCode(...bytes));
    }
    case "object":
      return typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : 0;
  }
}

/** The fill value zarr uses when none is given (zarr.create's default 0, normalised per dtype). */
export function defaultFillValue(dtype: ZarrDType): FillValue {
  switch (dtype.kind) {
    case "number":
      return dtype.dtype === "int64" || dtype.dtype === "uint64" ? 0n : 0;
    case "bool":
      return false;
    case "unicode":
      return "";
    case "bytes":
      return new Uint8Array(0);
    case "object":
      return 0;
  }
}

export function parseArrayMetadata(json: Record<string, unknown>, where: string): ArrayMetadata {
  if (json.zarr_format !== 2) {
    throw new FileFormatError(
      where,
      `zarr_format ${JSON.stringify(json.zarr_format)} is not 2 (only zarr v2 is read)`,
    );
  }
  const { shape, chunks } = json;
  if (!Array.isArray(shape) || !shape.every(isNonNegInt)) {
    throw new FileFormatError(where, `shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  }
  if (
    !Array.isArray(chunks) ||
    chunks.length !== shape.length ||
    !chunks.every((c) => isNonNegInt(c) && c > 0)
  ) {
    throw new FileFormatError(
      where,
      `chunks ${JSON.stringify(chunks)} do not match shape ${JSON.stringify(shape)}`,
    );
  }
  let dtype: ZarrDType;
  try {
    dtype = parseZarrDType(json.dtype);
  } catch (err) {
    throw new FileFormatError(where, (err as Error).message, { cause: err });
  }
  const compressor = json.compressor ?? null;
  if (compressor !== null && !isCodecConfig(compressor)) {
    throw new FileFormatError(where, `compressor ${JSON.stringify(compressor)} is not a codec config`);
  }
  const filters = json.filters ?? null;
  if (filters !== null && (!Array.isArray(filters) || !filters.every(isCodecConfig))) {
    throw new FileFormatError(where, `filters ${JSON.stringify(filters)} is not a list of codec configs`);
  }
  const order = json.order ?? "C";
  if (order !== "C" && order !== "F")
    throw new FileFormatError(where, `order ${JSON.stringify(order)} is not "C" or "F"`);
  const sep = json.dimension_separator ?? ".";
  if (sep !== "." && sep !== "/") {
    throw new FileFormatError(where, `dimension_separator ${JSON.stringify(sep)} is not "." or "/"`);
  }
  return {
    shape: shape as number[],
    chunks: chunks as number[],
    dtype,
    compressor: compressor as CodecConfig | null,
    filters: filters as CodecConfig[] | null,
    fillValue: decodeFillValue(json.fill_value, dtype, where),
    order,
    dimensionSeparator: sep,
  };
}

/** The `.zarray` object zarr-python writes for this metadata. */
export function encodeArrayMetadata(meta: ArrayMetadata): Record<string, unknown> {
  const out: Record<string, unknown> = {
    chunks: meta.chunks,
    compressor: meta.compressor,
    dtype: meta.dtype.str,
    fill_value: encodeFillValue(meta.fillValue, meta.dtype),
    filters: meta.filters,
    order: meta.order,
    shape: meta.shape,
    zarr_format: 2,
  };
  if (meta.dimensionSeparator === "/") out.dimension_separator = "/";
  return out;
}

export async function readJsonKey(
  store: ZarrStore,
  path: string,
  name: string,
  opts?: StoreGetOptions,
): Promise<Record<string, unknown> | undefined> {
  const key = storeKey(path, name);
  const bytes = await store.get(key, opts);
  return bytes === undefined ? undefined : parseZarrJsonObject(bytes, key);
}

export async function readArrayMetadata(
  store: ZarrStore,
  path: string,
  opts?: StoreGetOptions,
): Promise<ArrayMetadata> {
  const key = storeKey(path, ".zarray");
  const json = await readJsonKey(store, path, ".zarray", opts);
  if (json === undefined) {
    throw new SpikeInterfaceError(
      "file_not_found",
      `no zarr array at ${JSON.stringify(path)} (${key} is missing)`,
      {
        path,
      },
    );
  }
  return parseArrayMetadata(json, key);
}

export async function writeArrayMetadata(store: ZarrStore, path: string, meta: ArrayMetadata): Promise<void> {
  assertWritable(store, `array ${path}`);
  await store.set(storeKey(path, ".zarray"), zarrJsonBytes(encodeArrayMetadata(meta)));
}

/** The attributes of a group or array ({} when there is no `.zattrs`). */
export async function readAttrs(
  store: ZarrStore,
  path: string,
  opts?: StoreGetOptions,
): Promise<Record<string, unknown>> {
  return (await readJsonKey(store, path, ".zattrs", opts)) ?? {};
}

/** Write `.zattrs`; with `merge: true` the keys are added to the existing attributes. */
export async function writeAttrs(
  store: ZarrStore,
  path: string,
  attrs: Record<string, unknown>,
  { merge = false }: { merge?: boolean } = {},
): Promise<void> {
  assertWritable(store, `attributes of ${path}`);
  if (attrs === null || typeof attrs !== "object" || Array.isArray(attrs)) {
    throw new InvalidArgumentError(`zarr attributes must be an object, got ${JSON.stringify(attrs)}`);
  }
  let old: Record<string, unknown> = {};
  if (merge) {
    const bytes = await store.get(storeKey(path, ".zattrs"));
    if (bytes !== undefined)
      old = parseJsonKeepFloats(new TextDecoder().decode(bytes), storeKey(path, ".zattrs")) as Record<
        string,
        unknown
      >;
  }
  const value = merge ? { ...old, ...attrs } : attrs;
  await store.set(storeKey(path, ".zattrs"), zarrJsonBytes(value));
}

export type NodeKind = "array" | "group" | "none";

export async function nodeKind(store: ZarrStore, path: string, opts?: StoreGetOptions): Promise<NodeKind> {
  if ((await store.get(storeKey(path, ".zarray"), opts)) !== undefined) return "array";
  if ((await store.get(storeKey(path, ".zgroup"), opts)) !== undefined) return "group";
  return "none";
}

/** Write `.zgroup` for `path` and for every ancestor that is not yet a group (as zarr does). */
export async function createGroup(
  store: ZarrStore,
  path: string,
  { attrs }: { attrs?: Record<string, unknown> } = {},
): Promise<void> {
  assertWritable(store, `group ${path}`);
  await requireParentGroups(store, path);
  const kind = await nodeKind(store, path);
  if (kind === "array") {
    throw new SpikeInterfaceError(
      "file_exists",
      `cannot create group ${JSON.stringify(path)}: an array exists there`,
    );
  }
  if (kind === "none") await store.set(storeKey(path, ".zgroup"), zarrJsonBytes({ zarr_format: 2 }));
  if (attrs !== undefined) await writeAttrs(store, path, attrs);
}

export async function requireParentGroups(store: ZarrStore, path: string): Promise<void> {
  assertWritable(store, `parents of ${path}`);
  const parts = path.split("/").filter((p) => p.length > 0);
  for (let i = 0; i < parts.length; i++) {
    const parent = parts.slice(0, i).join("/");
    const kind = await nodeKind(store, parent);
    if (kind === "array") {
      throw new SpikeInterfaceError(
        "file_exists",
        `cannot create ${JSON.stringify(path)}: ${JSON.stringify(parent)} is an array`,
      );
    }
    if (kind === "none") await store.set(storeKey(parent, ".zgroup"), zarrJsonBytes({ zarr_format: 2 }));
  }
}
