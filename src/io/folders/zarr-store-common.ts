/**
 * Pieces shared by the zarr recording and sorting readers (spec formats.md §2, §3.4), browser-safe:
 * opening the root group of any ZarrStore (through consolidated metadata when present), ids and
 * properties as plain uncompressed arrays, and int64 columns converted without BigInt arithmetic.
 * An http(s) URL opens over HTTP (`remoteZarrStore`); folder paths are resolved by a hook that the Node-only `./zarr-common.ts` installs (it holds the
 * node:fs / FileSystemStore part), so nothing here imports a Node built-in.
 */
import type { BaseExtractor } from "../../base/extractor.js";
import type { Id } from "../../base/ids.js";
import type { PropertyDType, PropertyInput } from "../../base/properties.js";
import type { TypedArray } from "../../dtype.js";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { isHttpUrl } from "../../remote/http-store.js";
import { remoteZarrStore, storeUrl } from "../../remote/remote-store.js";
import { wordsToFloat64, wordsToInt32 } from "../npy/int64-words.js";
import type { ZarrArray } from "../zarr/array.js";
import { listChildren, openConsolidated } from "../zarr/consolidated.js";
import { openArray } from "../zarr/create.js";
import { nodeKind, readAttrs } from "../zarr/metadata.js";
import type { ZarrStore } from "../zarr/store.js";

export interface OpenedZarr {
  store: ZarrStore;
  /** Absolute folder path when opened from the file system, else null. */
  folder: string | null;
  /** What errors name: the folder, or "<zarr store>". */
  where: string;
  attrs: Record<string, unknown>;
}

/** How folder paths are opened (installed by the Node-only `./zarr-common.ts`). */
export interface ZarrLocalPaths {
  /** A folder path: its absolute path and a store over it (throws file_not_found when missing). */
  open(path: string): { store: ZarrStore; folder: string };
  /** The folder of a local-file store, else null; local stores are read without `.zmetadata`. */
  folderOf(store: ZarrStore): string | null;
}

let localPaths: ZarrLocalPaths | null = null;

/** Install the folder-path opener (done on import of `./zarr-common.ts`, i.e. by spikeinterface-ts/node). */
export function setZarrLocalPaths(paths: ZarrLocalPaths): void {
  localPaths = paths;
}

/** Open the root group of a zarr folder or store (a remote store through `.zmetadata` when there is one). */
export async function openZarrRoot(source: string | ZarrStore): Promise<OpenedZarr> {
  let store: ZarrStore;
  let folder: string | null = null;
  if (typeof source === "string" && isHttpUrl(source)) {
    store = remoteZarrStore(source);
  } else if (typeof source === "string") {
    if (localPaths === null) {
      throw new SpikeInterfaceError(
        "invalid_argument",
        `cannot open the folder ${source}: folder paths need spikeinterface-ts/node; pass a ZarrStore (e.g. an HttpStore)`,
      );
    }
    ({ store, folder } = localPaths.open(source));
  } else {
    store = source;
    folder = localPaths?.folderOf(source) ?? null;
  }
  const where = folder ?? storeUrl(store) ?? "<zarr store>";
  // Consolidated metadata saves requests over a network; on a local disk the files are read
  // directly (always current, and parsed natively instead of through the float-keeping parser).
  if (folder === null) store = await openConsolidated(store);
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
      warn(`${where}: object property skipped`);
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

/** `process.emitWarning` in Node, `console.warn` elsewhere. */
function warn(message: string): void {
  const proc = (globalThis as { process?: { emitWarning?: (m: string) => void } }).process;
  if (proc?.emitWarning !== undefined) proc.emitWarning(message);
  else console.warn(message);
}
