/**
 * numpy's fixed-width text: `U{n}` is n UTF-32 code points, `S{n}` is n bytes; both are padded
 * with NULs, and numpy strips trailing NULs when it hands an element back. `S` bytes are mapped to
 * Latin-1 characters (one char per byte) so that any content round-trips exactly.
 */
import type { Fail } from "./descr.js";

export interface TextLayout {
  readonly encoding: "unicode" | "bytes";
  /** Code points (unicode) or bytes per element. */
  readonly width: number;
  readonly bigEndian: boolean;
  /** Bytes from one record to the next. */
  readonly stride: number;
  /** Byte offset of the first element inside a record. */
  readonly offset: number;
  /** Elements per record (product of a field's sub-array shape; 1 otherwise). */
  readonly perRecord: number;
}

const CHUNK = 8192;
const MAX_STRINGS = 2 ** 32 - 1;

function fromCodeUnits(units: Uint16Array | Uint8Array, length: number): string {
  if (length <= CHUNK)
    return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  let out = "";
  for (let i = 0; i < length; i += CHUNK) {
    out += String.fromCharCode.apply(
      null,
      units.subarray(i, Math.min(length, i + CHUNK)) as unknown as number[],
    );
  }
  return out;
}

export function decodeFixedText(bytes: Uint8Array, count: number, layout: TextLayout, fail: Fail): string[] {
  const { encoding, width, bigEndian, stride, offset, perRecord } = layout;
  // zero-width text takes no bytes, so only this bound stops a header from asking for 10^15 strings
  if (count * perRecord > MAX_STRINGS)
    return fail(`${count * perRecord} strings exceed the ${MAX_STRINGS} a JS array holds`);
  const out = new Array<string>(count * perRecord);
  const elementSize = encoding === "unicode" ? 4 * width : width;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const units = new Uint16Array(Math.max(1, 2 * width));
  let k = 0;
  for (let r = 0; r < count; r++) {
    for (let e = 0; e < perRecord; e++, k++) {
      const start = r * stride + offset + e * elementSize;
      if (encoding === "bytes") {
        let end = start + width;
        while (end > start && bytes[end - 1] === 0) end--;
        out[k] = fromCodeUnits(bytes.subarray(start, end), end - start);
        continue;
      }
      let length = width;
      while (length > 0 && view.getUint32(start + 4 * (length - 1), !bigEndian) === 0) length--;
      let n = 0;
      for (let c = 0; c < length; c++) {
        const cp = view.getUint32(start + 4 * c, !bigEndian);
        if (cp < 0x10000) {
          units[n++] = cp;
        } else if (cp <= 0x10ffff) {
          units[n++] = 0xd800 + ((cp - 0x10000) >> 10);
          units[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        } else {
          return fail(`element ${k} holds code point 0x${cp.toString(16)}, beyond Unicode`);
        }
      }
      out[k] = fromCodeUnits(units, n);
    }
  }
  return out;
}

/** Write `strings` into `bytes` (zeroed beforehand), failing on text wider than the field. */
export function encodeFixedText(
  strings: readonly string[],
  bytes: Uint8Array,
  count: number,
  layout: TextLayout,
  fail: Fail,
): void {
  const { encoding, width, bigEndian, stride, offset, perRecord } = layout;
  const elementSize = encoding === "unicode" ? 4 * width : width;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let k = 0;
  for (let r = 0; r < count; r++) {
    for (let e = 0; e < perRecord; e++, k++) {
      const s = strings[k];
      if (typeof s !== "string") fail(`element ${k} is ${String(s)}, not a string`);
      const start = r * stride + offset + e * elementSize;
      if (encoding === "bytes") {
        if (s.length > width) fail(`string ${JSON.stringify(s)} is longer than ${width} bytes`);
        for (let i = 0; i < s.length; i++) {
          const c = s.charCodeAt(i);
          if (c > 0xff) fail(`string ${JSON.stringify(s)} has a character beyond Latin-1 for |S`);
          bytes[start + i] = c;
        }
        continue;
      }
      let c = 0;
      for (let i = 0; i < s.length; i++, c++) {
        let cp = s.charCodeAt(i);
        if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < s.length) {
          const lo = s.charCodeAt(i + 1);
          if (lo >= 0xdc00 && lo < 0xe000) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            i++;
          }
        }
        if (c >= width) fail(`string ${JSON.stringify(s)} is longer than ${width} characters`);
        view.setUint32(start + 4 * c, cp, !bigEndian);
      }
    }
  }
}

/** Width numpy gives a unicode array of these strings: the most code points, at least 1. */
export function unicodeWidth(strings: readonly string[]): number {
  let width = 1;
  for (const s of strings) {
    let n = 0;
    for (let i = 0; i < s.length; i++, n++) {
      const u = s.charCodeAt(i);
      if (u >= 0xd800 && u < 0xdc00 && i + 1 < s.length) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo < 0xe000) i++;
      }
    }
    if (n > width) width = n;
  }
  return width;
}
