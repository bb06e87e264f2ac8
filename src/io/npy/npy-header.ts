/**
 * The .npy preamble: magic "\x93NUMPY", version, header length, then the header dict text padded
 * with spaces and a final "\n" so that the data starts on a 64-byte boundary (numpy's ARRAY_ALIGN).
 */
import { FileFormatError } from "../../errors.js";
import { isPyTuple, type PyLiteral, parsePyLiteral, pyTupleRepr } from "./python-literal.js";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ARRAY_ALIGN = 64;
/** numpy leaves room after the dict so the growing axis can be rewritten in place (format.py). */
const GROWTH_AXIS_MAX_DIGITS = 21;

export interface NpyHeader {
  readonly version: 1 | 2 | 3;
  readonly descr: PyLiteral;
  readonly fortranOrder: boolean;
  readonly shape: number[];
  /** Offset of the first data byte. */
  readonly dataOffset: number;
}

export function hasNpyMagic(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

export function readNpyHeader(bytes: Uint8Array, name: string): NpyHeader {
  if (!hasNpyMagic(bytes)) throw new FileFormatError(name, "not a .npy file (missing \\x93NUMPY magic)");
  if (bytes.length < 10) throw new FileFormatError(name, `truncated .npy preamble (${bytes.length} bytes)`);
  const major = bytes[6];
  const minor = bytes[7];
  if ((major !== 1 && major !== 2 && major !== 3) || minor !== 0) {
    throw new FileFormatError(name, `unsupported .npy format version ${major}.${minor}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix)
    throw new FileFormatError(name, `truncated .npy preamble (${bytes.length} bytes)`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = prefix + headerLength;
  if (bytes.length < dataOffset) {
    throw new FileFormatError(
      name,
      `truncated .npy header: expected ${headerLength} header bytes, got ${bytes.length - prefix}`,
    );
  }
  const raw = bytes.subarray(prefix, dataOffset);
  let text: string;
  try {
    text = major === 3 ? new TextDecoder("utf-8", { fatal: true }).decode(raw) : latin1Text(raw);
  } catch (err) {
    throw new FileFormatError(name, "version 3 .npy header is not valid UTF-8", { cause: err });
  }
  let dict: PyLiteral;
  try {
    dict = parsePyLiteral(text);
  } catch (err) {
    throw new FileFormatError(name, `cannot parse .npy header: ${(err as Error).message}`, { cause: err });
  }
  if (typeof dict !== "object" || dict === null || dict.type !== "dict") {
    throw new FileFormatError(name, `.npy header is not a dict: ${JSON.stringify(text.trim())}`);
  }
  const keys = [...dict.entries.keys()].sort();
  if (keys.join(",") !== "descr,fortran_order,shape") {
    throw new FileFormatError(
      name,
      `.npy header has keys [${keys.join(", ")}], expected descr, fortran_order, shape`,
    );
  }
  const fortranOrder = dict.entries.get("fortran_order");
  if (typeof fortranOrder !== "boolean") {
    throw new FileFormatError(name, `.npy header fortran_order is not True/False: ${String(fortranOrder)}`);
  }
  const shapeValue = dict.entries.get("shape")!;
  if (!isPyTuple(shapeValue) || !shapeValue.items.every((d) => typeof d === "number" && d >= 0)) {
    throw new FileFormatError(
      name,
      `.npy header shape is not a tuple of non-negative integers: ${text.trim()}`,
    );
  }
  const shape = shapeValue.items as number[];
  return { version: major, descr: dict.entries.get("descr")!, fortranOrder, shape: [...shape], dataOffset };
}

/** The preamble numpy.save writes for this dict content, version chosen as numpy does. */
export function encodeNpyHeader(
  descrRepr: string,
  fortranOrder: boolean,
  shape: readonly number[],
): Uint8Array {
  let text = `{'descr': ${descrRepr}, 'fortran_order': ${fortranOrder ? "True" : "False"}, 'shape': ${pyTupleRepr(shape.map(String))}, }`;
  if (shape.length > 0) {
    const growing = String(shape[fortranOrder ? shape.length - 1 : 0]);
    text += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - growing.length));
  }
  // Version 1 when the length fits 16 bits, 2 when it needs 32, 3 when the text is not Latin-1.
  const latin1 = isLatin1(text);
  const body = latin1 ? latin1Bytes(text) : new TextEncoder().encode(text);
  const v1 = wrap(body, 1);
  if (latin1 && v1 !== undefined) return v1;
  return wrap(body, latin1 ? 2 : 3)!;
}

function wrap(body: Uint8Array, version: 1 | 2 | 3): Uint8Array | undefined {
  const prefix = version === 1 ? 10 : 12;
  const hlen = body.length + 1;
  const padlen = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
  const headerLength = hlen + padlen;
  if (version === 1 && headerLength > 0xffff) return undefined;
  const out = new Uint8Array(prefix + headerLength);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  out.set(body, prefix);
  out.fill(0x20, prefix + body.length, out.length - 1);
  out[out.length - 1] = 0x0a;
  return out;
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** True Latin-1 (TextDecoder's "latin1" is really windows-1252, which remaps 0x80-0x9f). */
export function latin1Text(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return out;
}
