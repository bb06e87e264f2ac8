/**
 * Values ↔ zarr arrays for the analyzer's zarr format: properties and ids (strings as "<U{n}",
 * bools as "|b1", int64 as BigInt64Array at the boundary), extension arrays, and the one-element
 * JSON object arrays SpikeInterface uses for provenance dicts and dict-valued data.
 */
import type { Id } from "../../base/ids.js";
import { type Property, toProperty } from "../../base/properties.js";
import type { NumberArray } from "../../dtype.js";
import { FileFormatError } from "../../errors.js";
import {
  type CodecConfig,
  JSON2_CONFIG,
  openArray,
  unicodeDTypeFor,
  writeArray,
  type ZarrStore,
  type ZarrValues,
} from "../../io/zarr/index.js";
import { type AnalyzerArray, makeArray } from "../analyzer-array.js";

/** SpikeInterface's default zarr compressor (Blosc zstd 5, bit shuffle). */
export const SI_COMPRESSOR: CodecConfig = { id: "blosc", cname: "zstd", clevel: 5, shuffle: 2, blocksize: 0 };

function toBig(values: NumberArray): BigInt64Array {
  return BigInt64Array.from(values, (v) => BigInt(v));
}

export async function writeIds(store: ZarrStore, path: string, ids: readonly Id[]): Promise<void> {
  if (ids.every((id) => typeof id === "string")) {
    await writeArray(store, path, [...(ids as string[])], {
      dtype: unicodeDTypeFor(ids as string[]),
      compressor: null,
    });
  } else {
    await writeArray(store, path, toBig(Float64Array.from(ids as number[])), { compressor: null });
  }
}

export function idsFromValues(values: ZarrValues, where: string): Id[] {
  if (Array.isArray(values)) return values.map((v) => (typeof v === "string" ? v : String(v)));
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return Array.from(values, Number);
  if (ArrayBuffer.isView(values)) return Array.from(values as NumberArray);
  throw new FileFormatError(where, "ids are neither numbers nor strings");
}

export async function writeProperty(store: ZarrStore, path: string, p: Property): Promise<boolean> {
  const opts = { shape: [...p.shape], compressor: null, overwrite: true };
  switch (p.dtype) {
    case "object":
      return false;
    case "str":
      await writeArray(store, path, [...(p.values as string[])], {
        ...opts,
        dtype: unicodeDTypeFor(p.values as string[]),
      });
      return true;
    case "bool":
      await writeArray(store, path, [...(p.values as boolean[])], { ...opts, dtype: "|b1" });
      return true;
    case "int64":
      await writeArray(store, path, toBig(p.values as NumberArray), opts);
      return true;
    case "uint64":
      await writeArray(
        store,
        path,
        BigUint64Array.from(p.values as NumberArray, (v) => BigInt(v)),
        opts,
      );
      return true;
    default:
      await writeArray(store, path, p.values as NumberArray, opts);
      return true;
  }
}

export async function readProperty(store: ZarrStore, path: string): Promise<Property> {
  const arr = await openArray(store, path, { cache: null });
  const values = await arr.readWhole();
  const shape = [...arr.shape];
  if (arr.dtype.kind === "bool")
    return toProperty(
      Array.from(values as Uint8Array, (v) => v !== 0),
      { shape },
    );
  if (Array.isArray(values)) return toProperty(values as string[], { dtype: "str", shape });
  return toProperty(values as NumberArray | BigInt64Array, { shape });
}

export async function writeAnalyzerArray(store: ZarrStore, path: string, a: AnalyzerArray): Promise<void> {
  const opts = { shape: [...a.shape], compressor: SI_COMPRESSOR, overwrite: true };
  if (a.dtype === "int64") await writeArray(store, path, toBig(a.data), opts);
  else if (a.dtype === "uint64")
    await writeArray(
      store,
      path,
      BigUint64Array.from(a.data, (v) => BigInt(v)),
      opts,
    );
  else if (a.dtype === "bool") await writeArray(store, path, a.data as Uint8Array, { ...opts, dtype: "|b1" });
  else await writeArray(store, path, a.data, opts);
}

export async function readAnalyzerArray(store: ZarrStore, path: string): Promise<AnalyzerArray> {
  const arr = await openArray(store, path, { cache: null });
  const values = await arr.readWhole();
  if (arr.dtype.kind === "bool") return makeArray(values as Uint8Array, arr.shape, "bool");
  if (arr.dtype.kind !== "number")
    throw new FileFormatError(path, `expected a numeric array, got ${arr.dtype.str}`);
  const data =
    values instanceof BigInt64Array || values instanceof BigUint64Array
      ? Float64Array.from(values, Number)
      : (values as NumberArray);
  return makeArray(data, arr.shape, arr.dtype.dtype);
}

/** A one-element object array holding a JSON value (zarr-python's default compressor, json2 filter). */
export async function writeJsonObject(store: ZarrStore, path: string, value: unknown): Promise<void> {
  await writeArray(store, path, [value], {
    dtype: "|O",
    filters: [JSON2_CONFIG],
    shape: [1],
    overwrite: true,
  });
}

export async function readJsonObject(store: ZarrStore, path: string): Promise<unknown> {
  const values = await (await openArray(store, path, { cache: null })).readWhole();
  if (!Array.isArray(values) || values.length < 1)
    throw new FileFormatError(path, "expected a 1-element object array");
  return values[0];
}
