/**
 * The dtype strings found in `.zarray` ("<i2", "|b1", "<U3", "|S4", "|O", ">f8") and what a chunk
 * of each looks like in memory. SpikeInterface stores traces as numbers, channel ids and string
 * properties as fixed-width unicode (UTF-32LE code points, NUL padded), boolean properties as
 * "|b1" and provenance dicts as object arrays with a JSON codec.
 */
import { type DType, itemsize as dtypeItemsize, parseDType, toNumpyDescr } from "../../dtype.js";
import { InvalidArgumentError } from "../../errors.js";

export type ZarrDType =
  | { kind: "number"; dtype: Exclude<DType, "bool">; itemsize: number; littleEndian: boolean; str: string }
  | { kind: "bool"; dtype: "bool"; itemsize: 1; littleEndian: true; str: string }
  | { kind: "unicode"; length: number; itemsize: number; littleEndian: boolean; str: string }
  | { kind: "bytes"; length: number; itemsize: number; littleEndian: true; str: string }
  | { kind: "object"; itemsize: 0; littleEndian: true; str: string };

/** Parse a `.zarray` dtype; throws InvalidArgumentError naming the string when unsupported. */
export function parseZarrDType(spec: unknown): ZarrDType {
  if (typeof spec !== "string") {
    throw new InvalidArgumentError(
      `unsupported zarr dtype ${JSON.stringify(spec)} (structured dtypes are not supported)`,
    );
  }
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(spec);
  if (!m) throw new InvalidArgumentError(`unsupported zarr dtype ${JSON.stringify(spec)}`);
  const [, order, char, sizeStr] = m;
  const size = sizeStr === "" ? Number.NaN : Number(sizeStr);
  if (char === "O") return { kind: "object", itemsize: 0, littleEndian: true, str: "|O" };
  if (char === "U" && Number.isInteger(size) && size >= 0) {
    return { kind: "unicode", length: size, itemsize: 4 * size, littleEndian: order !== ">", str: spec };
  }
  if (char === "S" && Number.isInteger(size) && size >= 0) {
    return { kind: "bytes", length: size, itemsize: size, littleEndian: true, str: spec };
  }
  if (char === "b" && size === 1)
    return { kind: "bool", dtype: "bool", itemsize: 1, littleEndian: true, str: "|b1" };
  if ("iuf".includes(char) && Number.isInteger(size)) {
    let dtype: DType;
    try {
      dtype = parseDType(`<${char}${size}`);
    } catch {
      throw new InvalidArgumentError(`unsupported zarr dtype ${JSON.stringify(spec)}`);
    }
    if (dtype === "bool") throw new InvalidArgumentError(`unsupported zarr dtype ${JSON.stringify(spec)}`);
    return { kind: "number", dtype, itemsize: dtypeItemsize(dtype), littleEndian: order !== ">", str: spec };
  }
  throw new InvalidArgumentError(`unsupported zarr dtype ${JSON.stringify(spec)}`);
}

/** The `.zarray` dtype string numpy gives a library dtype ("int16" -> "<i2", "bool" -> "|b1"). */
export function zarrDTypeString(dtype: DType): string {
  return toNumpyDescr(dtype);
}

/** "<U{n}" wide enough for every string (numpy's choice for an array of str; at least 1). */
export function unicodeDTypeFor(values: readonly string[]): string {
  let n = 1;
  for (const s of values) {
    let len = 0;
    for (const _ of s) len++;
    if (len > n) n = len;
  }
  return `<U${n}`;
}

/** Decode fixed-width UTF-32 strings (numpy strips trailing NULs). */
export function decodeUnicode(
  bytes: Uint8Array,
  count: number,
  length: number,
  littleEndian: boolean,
): string[] {
  const out = new Array<string>(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) {
    let end = length;
    const base = i * length * 4;
    while (end > 0 && view.getUint32(base + (end - 1) * 4, littleEndian) === 0) end--;
    let s = "";
    for (let c = 0; c < end; c++) s += String.fromCodePoint(view.getUint32(base + c * 4, littleEndian));
    out[i] = s;
  }
  return out;
}

/** Encode strings as little-endian fixed-width UTF-32; a string longer than `length` is an error. */
export function encodeUnicode(values: readonly string[], length: number, where: string): Uint8Array {
  const out = new Uint8Array(values.length * length * 4);
  const view = new DataView(out.buffer);
  values.forEach((s, i) => {
    if (typeof s !== "string") {
      throw new InvalidArgumentError(`${where}: element ${i} is ${JSON.stringify(s)}, not a string`);
    }
    let c = 0;
    for (const ch of s) {
      if (c >= length) {
        throw new InvalidArgumentError(
          `${where}: string ${JSON.stringify(s)} is longer than the dtype width <U${length}`,
        );
      }
      view.setUint32((i * length + c) * 4, ch.codePointAt(0)!, true);
      c++;
    }
  });
  return out;
}

/** Decode fixed-width byte strings ("|S") as latin-1 text, trailing NULs stripped like numpy. */
export function decodeByteStrings(bytes: Uint8Array, count: number, length: number): string[] {
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    let end = length;
    const base = i * length;
    while (end > 0 && bytes[base + end - 1] === 0) end--;
    let s = "";
    for (let c = 0; c < end; c++) s += String.fromCharCode(bytes[base + c]);
    out[i] = s;
  }
  return out;
}

export function encodeByteStrings(values: readonly string[], length: number, where: string): Uint8Array {
  const out = new Uint8Array(values.length * length);
  values.forEach((s, i) => {
    if (typeof s !== "string" || s.length > length || [...s].some((c) => c.charCodeAt(0) > 255)) {
      throw new InvalidArgumentError(
        `${where}: element ${i} ${JSON.stringify(s)} does not fit the byte-string dtype |S${length}`,
      );
    }
    for (let c = 0; c < s.length; c++) out[i * length + c] = s.charCodeAt(c);
  });
  return out;
}
