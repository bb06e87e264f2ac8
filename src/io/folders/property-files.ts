/**
 * Properties as `properties/<key>.npy` files (spec formats.md §1, §3.1): one array per property,
 * first dimension = ids, with the dtype numpy would use — int64 for integer groups, float64/float32
 * as stored, `<U{n}` for text, `|b1` for booleans. Object properties (pickled in Python) cannot be
 * written or read here; they are skipped with a warning, as SpikeInterface's zarr writer does.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BaseExtractor } from "../../base/extractor.js";
import type { Property, PropertyDType, PropertyInput } from "../../base/properties.js";
import { allocate, type DType, dtypeOf, isTypedArray, type NumberArray } from "../../dtype.js";
import { FileFormatError } from "../../errors.js";
import { npyFromBools, npyFromStrings, npyFromTypedArray } from "../npy/builders.js";
import { encodeNpy } from "../npy/encode-npy.js";
import type { NpyArray } from "../npy/npy-array.js";
import { parseNpy } from "../npy/parse-npy.js";

/** A property's values in the layout numpy would save (null for object properties). */
export function propertyToNpy(p: Property): NpyArray | null {
  const shape = [...p.shape];
  switch (p.dtype) {
    case "object":
      return null;
    case "str":
      return npyFromStrings(p.values as string[], { shape });
    case "bool":
      return npyFromBools(p.values as boolean[], { shape });
    case "int64":
      return npyFromTypedArray(BigInt64Array.from(p.values as ArrayLike<number>, toBigInt), { shape });
    case "uint64":
      return npyFromTypedArray(BigUint64Array.from(p.values as ArrayLike<number>, toBigInt), { shape });
    default: {
      const values = p.values as NumberArray;
      const data = isTypedArray(values) && dtypeOf(values) === p.dtype ? values : convert(values, p.dtype);
      return npyFromTypedArray(data, { shape });
    }
  }
}

function toBigInt(v: number): bigint {
  return BigInt(Math.trunc(v));
}

function convert(values: ArrayLike<number>, dtype: DType): NumberArray {
  const out = allocate(dtype, values.length) as NumberArray;
  for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  return out;
}

export interface PropertyFromNpy {
  values: PropertyInput;
  dtype: PropertyDType;
  shape: number[];
}

/** The property stored in a parsed .npy, or null for arrays that are not properties (structured). */
export function npyToProperty(npy: NpyArray): PropertyFromNpy | null {
  const shape = [...npy.shape];
  if (npy.kind === "structured") return null;
  if (npy.kind === "string") return { values: npy.data, dtype: "str", shape };
  if (npy.dtype === "bool") return { values: Array.from(npy.data, (v) => v !== 0), dtype: "bool", shape };
  return { values: npy.data as PropertyInput, dtype: npy.dtype, shape };
}

/** Write every property of `extractor` to `<folder>/properties/<key>.npy`. */
export function writePropertyFiles(folder: string, extractor: BaseExtractor): void {
  const dir = join(folder, "properties");
  mkdirSync(dir, { recursive: true });
  for (const key of extractor.getPropertyKeys()) {
    const p = extractor.getPropertyInfo(key)!;
    const npy = propertyToNpy(p);
    if (npy === null) {
      process.emitWarning(
        `property ${JSON.stringify(key)} not saved: object values cannot be written to .npy`,
      );
      continue;
    }
    writeFileSync(join(dir, `${key}.npy`), encodeNpy(npy));
  }
}

/**
 * Set every `<folder>/properties/*.npy` on `extractor` (except `skip`); returns the keys loaded.
 * Files numpy can only read with pickle (object dtype) are skipped with a warning.
 */
export function readPropertyFiles(
  folder: string,
  extractor: BaseExtractor,
  skip: readonly string[] = ["contact_vector"],
): string[] {
  const dir = join(folder, "properties");
  if (!existsSync(dir)) return [];
  const loaded: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".npy")) continue;
    const key = name.slice(0, -4);
    if (skip.includes(key)) continue;
    const path = join(dir, name);
    let npy: NpyArray;
    try {
      npy = parseNpy(new Uint8Array(readFileSync(path)), path);
    } catch (err) {
      if (isObjectNpy(path)) {
        process.emitWarning(`${path}: object (pickled) property skipped`);
        continue;
      }
      throw err;
    }
    const prop = npyToProperty(npy);
    if (prop === null) continue;
    try {
      extractor.setProperty(key, prop.values, { dtype: prop.dtype, shape: prop.shape });
    } catch (err) {
      throw new FileFormatError(path, (err as Error).message, { cause: err });
    }
    loaded.push(key);
  }
  return loaded;
}

function isObjectNpy(path: string): boolean {
  const head = readFileSync(path).subarray(0, 256).toString("latin1");
  return /'descr':\s*'\|O'/.test(head);
}
