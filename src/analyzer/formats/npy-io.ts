/**
 * Conversions between the analyzer's in-memory values (extension arrays, properties) and .npy
 * arrays (src/io/npy), plus file helpers. int64 goes through BigInt64Array only here, at the file
 * boundary; in memory it is a Float64Array.
 */
import { readFileSync } from "node:fs";
import type { NumberArray } from "../../dtype.js";
import { FileFormatError } from "../../errors.js";
import { writeFileAtomic } from "../../io/atomic.js";
import { encodeNpy, type NpyArray, npyFromBools, npyFromTypedArray, parseNpy } from "../../io/npy/index.js";
import { type AnalyzerArray, makeArray } from "../analyzer-array.js";

export function readNpyFile(path: string): NpyArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new FileFormatError(path, "cannot read the .npy file", { cause: err });
  }
  return parseNpy(bytes, path);
}

export function writeNpyFile(path: string, npy: NpyArray): void {
  writeFileAtomic(path, encodeNpy(npy), { overwrite: true });
}

function toNumbers(data: NumberArray | BigInt64Array | BigUint64Array): NumberArray {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  return data;
}

export function npyToAnalyzerArray(npy: NpyArray, name: string): AnalyzerArray {
  if (npy.kind !== "numeric") {
    throw new FileFormatError(name, `expected a numeric array, got dtype ${npy.descr}`);
  }
  return makeArray(toNumbers(npy.data as NumberArray | BigInt64Array), npy.shape, npy.dtype);
}

export function analyzerArrayToNpy(a: AnalyzerArray): NpyArray {
  const shape = a.shape;
  switch (a.dtype) {
    case "int64":
      return npyFromTypedArray(
        BigInt64Array.from(a.data, (v) => BigInt(v)),
        { shape },
      );
    case "uint64":
      return npyFromTypedArray(
        BigUint64Array.from(a.data, (v) => BigInt(v)),
        { shape },
      );
    case "bool":
      return npyFromBools(a.data, { shape });
    default:
      return npyFromTypedArray(a.data, { shape });
  }
}
