/**
 * Encode an NpyArray exactly as `numpy.save` would write it: same header text, padding and version
 * choice, data in the byte order of `descr` and in Fortran order when `fortranOrder` is set.
 */
import { type DType, dtypeOf, isTypedArray, itemsize } from "../../dtype.js";
import { InvalidArgumentError } from "../../errors.js";
import { byteswapInPlace, reorderElements, scatterField } from "./byte-layout.js";
import {
  type Fail,
  fieldByteSize,
  fieldTypeItemsize,
  parseScalarDescr,
  scalarDescr,
  structuredDescrRepr,
} from "./descr.js";
import { encodeFixedText } from "./fixed-text.js";
import type { NpyArray, NpyColumn, NpyField, NpyStructuredArray } from "./npy-array.js";
import { shapeSize } from "./npy-array.js";
import { encodeNpyHeader } from "./npy-header.js";
import { pyStrRepr } from "./python-literal.js";

type DataWriter = (target: Uint8Array) => void;

/** Bytes of a .npy file holding `array`. Throws InvalidArgumentError on inconsistent arrays. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const fail: Fail = (message) => {
    throw new InvalidArgumentError(`cannot encode .npy (descr ${JSON.stringify(array.descr)}): ${message}`, {
      descr: array.descr,
    });
  };
  const shape = array.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(`shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  }
  const count = shapeSize(shape);
  let descrRepr: string;
  let elementSize: number;
  let write: DataWriter;

  if (array.kind === "numeric") {
    const type = parseScalarDescr(array.descr, fail);
    if (type.kind !== "numeric" || type.dtype !== array.dtype)
      fail(`descr does not match dtype ${array.dtype}`);
    checkNumericColumn(array.data, array.dtype, count, "data", fail);
    descrRepr = pyStrRepr(scalarDescr(type));
    elementSize = itemsize(array.dtype);
    write = (target) => writeNumeric(array.data, array.dtype, type.bigEndian, target);
  } else if (array.kind === "string") {
    const type = parseScalarDescr(array.descr, fail);
    if (type.kind !== array.encoding || type.width !== array.width) {
      fail(`descr does not match ${array.encoding} text of width ${array.width}`);
    }
    if (!Array.isArray(array.data) || array.data.length !== count) {
      fail(`data has ${array.data?.length} strings, shape (${shape.join(", ")}) needs ${count}`);
    }
    descrRepr = pyStrRepr(scalarDescr(type));
    elementSize = fieldTypeItemsize(type);
    const bigEndian = type.kind === "unicode" && type.bigEndian;
    const layout = {
      encoding: array.encoding,
      width: array.width,
      bigEndian,
      stride: elementSize,
      offset: 0,
      perRecord: 1,
    };
    write = (target) => encodeFixedText(array.data, target, count, layout, fail);
  } else if (array.kind === "structured") {
    descrRepr = structuredDescrRepr(array.fields);
    if (descrRepr !== array.descr) fail(`descr does not match the fields, expected ${descrRepr}`);
    elementSize = 0;
    for (const f of array.fields) elementSize += fieldByteSize(f);
    if (elementSize !== array.itemsize)
      fail(`itemsize ${array.itemsize} does not match the fields (${elementSize})`);
    checkColumns(array, count, fail);
    write = (target) => writeRecords(array, count, target, fail);
  } else {
    return fail(`unknown kind ${JSON.stringify((array as { kind: unknown }).kind)}`);
  }

  const nbytes = count * elementSize;
  const header = encodeNpyHeader(descrRepr, array.fortranOrder, shape);
  const out = new Uint8Array(header.length + nbytes);
  out.set(header);
  const body = out.subarray(header.length);
  if (array.fortranOrder && shape.length > 1) {
    const cOrder = new Uint8Array(nbytes);
    write(cOrder);
    body.set(reorderElements(cOrder, shape, elementSize, false));
  } else {
    write(body);
  }
  return out;
}

function checkNumericColumn(data: unknown, dtype: DType, length: number, what: string, fail: Fail): void {
  if (!isTypedArray(data)) fail(`${what} is not a typed array`);
  const actual = dtypeOf(data);
  if (actual !== dtype && !(dtype === "bool" && actual === "uint8")) {
    fail(`${what} is a ${data.constructor.name}, dtype ${dtype} needs its own typed array`);
  }
  if (data.length !== length) fail(`${what} has ${data.length} elements, expected ${length}`);
}

function writeNumeric(data: NpyColumn, dtype: DType, bigEndian: boolean, target: Uint8Array): void {
  const typed = data as Exclude<NpyColumn, string[]>;
  const raw = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  target.set(raw);
  if (dtype === "bool") {
    // numpy booleans are exactly 0 or 1; normalise any other truthy byte
    for (let i = 0; i < raw.length; i++) if (target[i] > 1) target[i] = 1;
  }
  if (bigEndian) byteswapInPlace(target.subarray(0, raw.length), itemsize(dtype));
}

function checkColumns(array: NpyStructuredArray, count: number, fail: Fail): void {
  const names = new Set<string>();
  for (const field of array.fields) {
    checkField(field, fail);
    if (field.type.kind === "padding") continue;
    if (names.has(field.name)) fail(`duplicate field ${JSON.stringify(field.name)}`);
    names.add(field.name);
    const column = Object.hasOwn(array.data, field.name) ? array.data[field.name] : undefined;
    const length = count * shapeSize(field.shape);
    const what = `column ${JSON.stringify(field.name)}`;
    if (column === undefined) fail(`${what} is missing`);
    if (field.type.kind === "numeric") checkNumericColumn(column, field.type.dtype, length, what, fail);
    else if (!Array.isArray(column) || column.length !== length) {
      fail(`${what} must be an array of ${length} strings`);
    }
  }
}

function checkField(field: NpyField, fail: Fail): void {
  const type = parseScalarDescr(field.descr, fail, field.type.kind === "padding");
  if (scalarDescr(type) !== scalarDescr(field.type)) {
    fail(`field ${JSON.stringify(field.name)} descr ${field.descr} does not match its type`);
  }
  if (!field.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(`field ${JSON.stringify(field.name)} has a bad shape ${JSON.stringify(field.shape)}`);
  }
  if ((field.name === "") !== (field.type.kind === "padding")) {
    fail(`field ${JSON.stringify(field.name)}: only unnamed fields may be padding`);
  }
}

function writeRecords(array: NpyStructuredArray, count: number, target: Uint8Array, fail: Fail): void {
  let offset = 0;
  for (const field of array.fields) {
    const size = fieldByteSize(field);
    const type = field.type;
    const column = array.data[field.name];
    if (type.kind === "numeric") {
      const packed = new Uint8Array(count * size);
      writeNumeric(column, type.dtype, type.bigEndian, packed);
      scatterField(packed, target, count, array.itemsize, offset, size);
    } else if (type.kind === "unicode" || type.kind === "bytes") {
      const layout = {
        encoding: type.kind,
        width: type.width,
        bigEndian: type.kind === "unicode" && type.bigEndian,
        stride: array.itemsize,
        offset,
        perRecord: shapeSize(field.shape),
      };
      encodeFixedText(column as string[], target, count, layout, (m) =>
        fail(`field ${JSON.stringify(field.name)}: ${m}`),
      );
    }
    offset += size;
  }
}
