/**
 * Pieces shared by the zarr recording and sorting formats (spec formats.md §2, §3.4): opening a
 * store (a folder path or any ZarrStore, through consolidated metadata when present), ids and
 * properties as plain uncompressed arrays, and int64 columns converted without BigInt arithmetic.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { BaseExtractor } from "../../base/extractor.js";
import type { Id } from "../../base/ids.js";
import type { PropertyDType, PropertyInput } from "../../base/properties.js";
import type { TypedArray } from "../../dtype.js";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { wordsToFloat64, wordsToInt32 } from "../npy/int64-words.js";
import type { ZarrArray } from "../zarr/array.js";
import { listChildren, openConsolidated } from "../zarr/consolidated.js";
import { openArray, writeArray } from "../zarr/create.js";
import { FileSystemStore } from "../zarr/fs-store.node.js";
import { createGroup, nodeKind, readAttrs } from "../zarr/metadata.js";
import type { ZarrStore } from "../zarr/store.js";

export interface OpenedZarr {
  store: ZarrStore;
  /** Absolute folder path when opened from the file system, else null. */
  folder: string | null;
  /** What errors name: the folder, or "<zarr store>". */
  where: string;
  attrs: Record<string, unknown>;
}

/** Open the root group of a zarr folder or store (a remote store through `.zmetadata` when there is one). */
export async function openZarrRoot(source: string | ZarrStore): Promise<OpenedZarr> {
  let store: ZarrStore;
  let folder: string | null = null;
  if (typeof source === "string") {
    folder = resolve(source);
    if (!existsSync(folder)) {
      throw new SpikeInterfaceError("file_not_found", `${folder} does not exist`, { path: folder });
    }
    store = new FileSystemStore(folder);
  } else {
    store = source;
    if (source instanceof FileSystemStore) folder = source.root;
  }
  const where = folder ?? "<zarr store>";
  // Consolidated metadata saves requests over a network; on a local disk the files are read
  // directly (always current, and parsed natively instead of through the float-keeping parser).
  if (!(store instanceof FileSystemStore)) store = await openConsolidated(store);
  if ((await nodeKind(store, "")) !== "group") {
    throw new FileFormatError(where, "not a zarr group: .zgroup is missing");
  }
  return { store, folder, where, attrs: await readAttrs(store, "") };
}

/** An array that must exist: a missing one is a FileFormatError naming it. */
export async function requireArray(z: OpenedZarr, path: string): Promise<ZarrArray> {
  if ((await nodeKind(z.store, path)) !== "array") {
    throw new FileFormatError(`${z.where}/${path}`, "zarr array is missing");
  }
  return openArray(z.store, path, { cache: null });
}

export async function hasArray(z: OpenedZarr, path: string): Promise<boolean> {
  return (await nodeKind(z.store, path)) === "array";
}

function int64Words(col: BigInt64Array | BigUint64Array): Int32Array {
  return new Int32Array(col.buffer, col.byteOffset, col.length * 2);
}

/** int64 column → Float64Array (exact to 2^53), in one pass over 32-bit words. */
export function int64ToFloat64(col: TypedArray, where: string): Float64Array {
  if (col instanceof BigInt64Array || col instanceof BigUint64Array) {
    return wordsToFloat64(int64Words(col), col.length, 2, 0, col instanceof BigUint64Array, (i, v) => {
      throw new FileFormatError(where, `value ${v} at ${i} is beyond 2^53`);
    });
  }
  return Float64Array.from(col as ArrayLike<number>);
}

export function int64ToInt32(col: TypedArray, where: string): Int32Array {
  if (col instanceof BigInt64Array || col instanceof BigUint64Array) {
    return wordsToInt32(int64Words(col), col.length, 2, 0, col instanceof BigUint64Array, (i, v) => {
      throw new FileFormatError(where, `value ${v} at ${i} does not fit int32`);
    });
  }
  return Int32Array.from(col as ArrayLike<number>);
}

/** Ids as stored: strings stay strings, integer arrays become numbers. */
export async function readIds(z: OpenedZarr, path: string): Promise<Id[]> {
  const arr = await requireArray(z, path);
  const values = await arr.readWhole();
  if (Array.isArray(values)) return values.map((v) => (typeof v === "string" ? v : String(v)));
  return Array.from(int64ToFloat64(values as TypedArray, `${z.where}/${path}`));
}

/** Ids as numpy would store them: `<U{n}` for strings, `<i8` for integers; no compressor. */
export async function writeIds(store: ZarrStore, path: string, ids: readonly Id[]): Promise<void> {
  if (ids.length > 0 && ids.every((id) => typeof id === "number")) {
    await writeArray(
      store,
      path,
      BigInt64Array.from(ids as number[], (v) => BigInt(v)),
      { compressor: null },
    );
  } else {
    await writeArray(store, path, ids.map(String), { compressor: null });
  }
}

/** Every property except object ones as `properties/<key>` (no compressor), as SpikeInterface does. */
export async function writeZarrProperties(
  store: ZarrStore,
  root: string,
  extractor: BaseExtractor,
): Promise<void> {
  const group = root === "" ? "properties" : `${root}/properties`;
  await createGroup(store, group);
  for (const key of extractor.getPropertyKeys()) {
    const p = extractor.getPropertyInfo(key)!;
    const shape = [...p.shape];
    const path = `${group}/${key}`;
    if (p.dtype === "object") {
      process.emitWarning(`property ${JSON.stringify(key)} not saved: it holds objects`);
      continue;
    }
    if (p.dtype === "str") await writeArray(store, path, p.values as string[], { shape, compressor: null });
    else if (p.dtype === "bool")
      await writeArray(store, path, p.values as boolean[], { shape, dtype: "|b1", compressor: null });
    else if (p.dtype === "int64" || p.dtype === "uint64") {
      const big =
        p.dtype === "int64"
          ? BigInt64Array.from(p.values as ArrayLike<number>, (v) => BigInt(Math.trunc(v)))
          : BigUint64Array.from(p.values as ArrayLike<number>, (v) => BigInt(Math.trunc(v)));
      await writeArray(store, path, big, { shape, compressor: null });
    } else await writeArray(store, path, p.values as TypedArray, { shape, dtype: p.dtype, compressor: null });
  }
}

/** Set every array of `properties/` on the extractor (skipping `contact_vector`). */
export async function readZarrProperties(
  z: OpenedZarr,
  root: string,
  extractor: BaseExtractor,
): Promise<void> {
  const group = root === "" ? "properties" : `${root}/properties`;
  if ((await nodeKind(z.store, group)) !== "group") return;
  const { arrays } = await listChildren(z.store, group);
  for (const key of arrays.sort()) {
    if (key === "contact_vector") continue;
    const arr = await openArray(z.store, `${group}/${key}`, { cache: null });
    const where = `${z.where}/${group}/${key}`;
    const dt = arr.dtype;
    if (dt.kind === "object") {
      process.emitWarning(`${where}: object property skipped`);
      continue;
    }
    const raw = await arr.readWhole();
    let values: PropertyInput;
    let dtype: PropertyDType;
    if (dt.kind === "bool") {
      values = Array.from(raw as Uint8Array, (v) => v !== 0);
      dtype = "bool";
    } else if (dt.kind === "unicode" || dt.kind === "bytes") {
      values = raw as string[];
      dtype = "str";
    } else {
      values = raw as PropertyInput;
      dtype = dt.dtype;
    }
    try {
      extractor.setProperty(key, values, { dtype, shape: [...arr.shape] });
    } catch (err) {
      throw new FileFormatError(where, (err as Error).message, { cause: err });
    }
  }
}
