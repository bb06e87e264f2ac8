/**
 * Creating arrays, and the free-function forms of the array operations (open the array, do one
 * thing). Defaults mirror zarr-python 2.x `create`: chunks guessed by `guess_chunks`, fill value
 * 0 normalised per dtype, compressor Blosc lz4 clevel 5 byte shuffle, order "C".
 */
import { type DType, isDType } from "../../dtype.js";
import { InvalidArgumentError, SpikeInterfaceError } from "../../errors.js";
import { type OpenArrayOptions, type ReadOptions, ZarrArray } from "./array.js";
import type { ZarrValues } from "./chunk-codec.js";
import { getCodec, isCodecConfig } from "./codecs/registry.js";
import type { Codec, CodecConfig } from "./codecs/types.js";
import {
  type ArrayMetadata,
  defaultFillValue,
  type FillValue,
  nodeKind,
  requireParentGroups,
  writeArrayMetadata,
  writeAttrs,
} from "./metadata.js";
import { guessChunks, type Region } from "./region.js";
import { assertWritable, normalizePath, storePrefix, type ZarrStore } from "./store.js";
import { parseZarrDType, unicodeDTypeFor, zarrDTypeString } from "./zarr-dtype.js";

export interface CreateArrayOptions extends OpenArrayOptions {
  shape: readonly number[];
  /** A library dtype ("int16", "bool") or a zarr dtype string ("<i2", "<U3", "|b1", "|O"). */
  dtype: DType | string;
  /** Chunk shape, or "auto" (default) for zarr-python's guess. */
  chunks?: readonly number[] | "auto";
  /** Default: zarr-python's Blosc(lz4, 5, byte shuffle). Pass null for none. */
  compressor?: Codec | CodecConfig | null;
  filters?: readonly (Codec | CodecConfig)[] | null;
  fillValue?: FillValue;
  attrs?: Record<string, unknown>;
  /** Replace an existing node at `path` (default: refuse). */
  overwrite?: boolean;
  dimensionSeparator?: "." | "/";
}

/** zarr-python's default compressor (used when `compressor` is not given). */
export const ZARR_DEFAULT_COMPRESSOR: CodecConfig = {
  id: "blosc",
  cname: "lz4",
  clevel: 5,
  shuffle: 1,
  blocksize: 0,
};

function codecConfig(c: Codec | CodecConfig, where: string): CodecConfig {
  if (isCodecConfig(c)) {
    return getCodec(c, where).config; // validates, and normalises to what Python writes
  }
  if (typeof c === "object" && c !== null && "config" in c) return (c as Codec).config;
  throw new InvalidArgumentError(`${where}: ${JSON.stringify(c)} is not a codec or codec config`);
}

async function deleteTree(store: ZarrStore, path: string): Promise<void> {
  if (typeof store.delete !== "function" || typeof store.listDir !== "function") return;
  const walk = async (prefix: string): Promise<void> => {
    const { keys, prefixes } = await store.listDir!(prefix as `/${string}`);
    for (const k of keys) await store.delete!(`${prefix}${k}` as `/${string}`);
    for (const p of prefixes) await walk(`${prefix}${p}/`);
  };
  await walk(storePrefix(path));
}

export async function createArray(
  store: ZarrStore,
  path: string,
  opts: CreateArrayOptions,
): Promise<ZarrArray> {
  const p = normalizePath(path);
  assertWritable(store, `array ${p}`);
  const where = `zarr array ${JSON.stringify(p)}`;
  const { shape } = opts;
  if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new InvalidArgumentError(`${where}: shape ${JSON.stringify(shape)} must be non-negative integers`);
  }
  const dtype = parseZarrDType(isDType(opts.dtype) ? zarrDTypeString(opts.dtype) : opts.dtype);
  const chunks =
    opts.chunks === undefined || opts.chunks === "auto"
      ? guessChunks(shape, Math.max(1, dtype.itemsize))
      : [...opts.chunks];
  if (chunks.length !== shape.length || !chunks.every((c) => Number.isInteger(c) && c > 0)) {
    throw new InvalidArgumentError(
      `${where}: chunks ${JSON.stringify(opts.chunks)} do not fit shape ${JSON.stringify(shape)}`,
    );
  }
  const compressor =
    opts.compressor === undefined
      ? ZARR_DEFAULT_COMPRESSOR
      : opts.compressor === null
        ? null
        : codecConfig(opts.compressor, where);
  const filters =
    opts.filters === undefined || opts.filters === null || opts.filters.length === 0
      ? null
      : opts.filters.map((f) => codecConfig(f, where));
  if (
    dtype.kind === "object" &&
    (filters === null || !["json2", "json", "vlen-utf8"].includes(filters[0].id))
  ) {
    throw new InvalidArgumentError(
      `${where}: an object array needs an object codec (json2 or vlen-utf8) as first filter`,
    );
  }
  const existing = await nodeKind(store, p);
  if (existing !== "none") {
    if (!opts.overwrite) {
      throw new SpikeInterfaceError(
        "file_exists",
        `${where} already exists as a ${existing}: pass overwrite: true`,
        {
          path: p,
        },
      );
    }
    await deleteTree(store, p);
  }
  await requireParentGroups(store, p);
  const meta: ArrayMetadata = {
    shape: [...shape],
    chunks,
    dtype,
    compressor,
    filters,
    fillValue: opts.fillValue === undefined ? defaultFillValue(dtype) : opts.fillValue,
    order: "C",
    dimensionSeparator: opts.dimensionSeparator ?? ".",
  };
  await writeArrayMetadata(store, p, meta);
  if (opts.attrs !== undefined) await writeAttrs(store, p, opts.attrs);
  return new ZarrArray(store, p, meta, opts);
}

export function openArray(store: ZarrStore, path: string, opts: OpenArrayOptions = {}): Promise<ZarrArray> {
  return ZarrArray.open(store, path, opts);
}

/** Read a box of the array at `path` (opens it each time: keep a ZarrArray for repeated reads). */
export async function readRegion(
  store: ZarrStore,
  path: string,
  region: Region,
  opts: ReadOptions & OpenArrayOptions = {},
): Promise<ZarrValues> {
  return (await ZarrArray.open(store, path, opts)).readRegion(region, opts);
}

export async function readWhole(
  store: ZarrStore,
  path: string,
  opts: OpenArrayOptions = {},
): Promise<ZarrValues> {
  return (await ZarrArray.open(store, path, opts)).readWhole(opts);
}

export async function writeChunk(
  store: ZarrStore,
  path: string,
  chunkCoords: readonly number[],
  data: ZarrValues | readonly boolean[],
): Promise<void> {
  await (await ZarrArray.open(store, path)).writeChunk(chunkCoords, data);
}

/** The zarr dtype an array of values would get from numpy (strings: "<U{max length}"). */
export function inferZarrDType(values: ZarrValues | readonly boolean[]): string {
  if (Array.isArray(values)) {
    if (values.every((v) => typeof v === "string")) return unicodeDTypeFor(values as string[]);
    if (values.every((v) => typeof v === "boolean")) return "|b1";
    throw new InvalidArgumentError("cannot infer a zarr dtype for a mixed JS array: pass dtype");
  }
  if (values instanceof Int8Array) return "|i1";
  if (values instanceof Uint8Array) return "|u1";
  if (values instanceof Int16Array) return "<i2";
  if (values instanceof Uint16Array) return "<u2";
  if (values instanceof Int32Array) return "<i4";
  if (values instanceof Uint32Array) return "<u4";
  if (values instanceof BigInt64Array) return "<i8";
  if (values instanceof BigUint64Array) return "<u8";
  if (values instanceof Float32Array) return "<f4";
  if (values instanceof Float64Array) return "<f8";
  throw new InvalidArgumentError("cannot infer a zarr dtype: pass dtype");
}

/** Create an array from values and write all of it (shape defaults to 1-D). */
export async function writeArray(
  store: ZarrStore,
  path: string,
  values: ZarrValues | readonly boolean[],
  opts: Partial<CreateArrayOptions> = {},
): Promise<ZarrArray> {
  const shape = opts.shape ?? [(values as ArrayLike<unknown>).length];
  const dtype = opts.dtype ?? inferZarrDType(values);
  const arr = await createArray(store, path, { ...opts, shape, dtype });
  await arr.writeWhole(values);
  return arr;
}
