/**
 * Decode a .npy file held in memory. Pure (no fs): the caller reads the bytes. Little-endian numeric
 * arrays in C order come back as zero-copy views of `bytes` when the data offset is aligned (numpy
 * aligns it to 64 bytes), so mutating the result mutates the input buffer.
 */
import { type DType, itemsize, viewAs } from "../../dtype.js";
import { FileFormatError } from "../../errors.js";
import { byteswapInPlace, gatherField, reorderElements } from "./byte-layout.js";
import {
  type Fail,
  fieldByteSize,
  fieldTypeItemsize,
  parseScalarDescr,
  parseStructuredDescr,
  scalarDescr,
  structuredDescrRepr,
} from "./descr.js";
import { decodeFixedText } from "./fixed-text.js";
import type { NpyArray, NpyColumn, NpyField, NpyNumericArray } from "./npy-array.js";
import { shapeSize } from "./npy-array.js";
import { readNpyHeader } from "./npy-header.js";

/**
 * Parse .npy bytes (format versions 1, 2 and 3). `name` (a path or entry name) is used in error
 * messages. Throws FileFormatError for bad magic/headers, truncated data, pickled object arrays and
 * unsupported dtypes.
 */
export function parseNpy(bytes: Uint8Array, name = "<npy>"): NpyArray {
  const header = readNpyHeader(bytes, name);
  const fail: Fail = (message) => {
    throw new FileFormatError(name, message);
  };
  const { shape, fortranOrder, descr } = header;
  const count = shapeSize(shape);
  const fields = typeof descr === "string" ? undefined : parseStructuredDescr(descr, fail);
  const scalar = typeof descr === "string" ? parseScalarDescr(descr, fail) : undefined;
  let elementSize = 0;
  if (scalar) elementSize = fieldTypeItemsize(scalar);
  else for (const f of fields!) elementSize += fieldByteSize(f);

  const nbytes = count * elementSize;
  if (!Number.isSafeInteger(nbytes)) fail(`shape (${shape.join(", ")}) is too large`);
  const available = bytes.length - header.dataOffset;
  if (available < nbytes) {
    fail(
      `truncated data: shape (${shape.join(", ")}) of ${typeof descr === "string" ? descr : "records"} ` +
        `needs ${nbytes} bytes, the file holds ${available}`,
    );
  }
  let data = bytes.subarray(header.dataOffset, header.dataOffset + nbytes);
  if (fortranOrder && shape.length > 1) data = reorderElements(data, shape, elementSize, true);

  const base = { shape, fortranOrder };
  if (scalar?.kind === "numeric") {
    const values = numericValues(data, scalar.dtype, scalar.bigEndian, count);
    return {
      ...base,
      kind: "numeric",
      descr: scalarDescr(scalar),
      dtype: scalar.dtype,
      data: values,
    } as NpyNumericArray;
  }
  if (scalar?.kind === "unicode" || scalar?.kind === "bytes") {
    const strings = decodeFixedText(
      data,
      count,
      {
        encoding: scalar.kind,
        width: scalar.width,
        bigEndian: scalar.kind === "unicode" && scalar.bigEndian,
        stride: elementSize,
        offset: 0,
        perRecord: 1,
      },
      fail,
    );
    return {
      ...base,
      kind: "string",
      descr: scalarDescr(scalar),
      encoding: scalar.kind,
      width: scalar.width,
      data: strings,
    };
  }
  return {
    ...base,
    kind: "structured",
    descr: structuredDescrRepr(fields!),
    fields: fields!,
    itemsize: elementSize,
    data: structuredColumns(data, count, fields!, elementSize, fail),
  };
}

function numericValues(data: Uint8Array, dtype: DType, bigEndian: boolean, count: number) {
  if (bigEndian) {
    const copy = data.slice();
    byteswapInPlace(copy, itemsize(dtype));
    return viewAs(dtype, copy.buffer, 0, count);
  }
  return viewAs(dtype, data.buffer, data.byteOffset, count);
}

function structuredColumns(
  records: Uint8Array,
  count: number,
  fields: readonly NpyField[],
  recordSize: number,
  fail: Fail,
): Record<string, NpyColumn> {
  const columns: Record<string, NpyColumn> = Object.create(null);
  let offset = 0;
  for (const field of fields) {
    const size = fieldByteSize(field);
    const perRecord = shapeSize(field.shape);
    const type = field.type;
    if (type.kind === "numeric") {
      const column = gatherField(records, count, recordSize, offset, size);
      if (type.bigEndian) byteswapInPlace(column, itemsize(type.dtype));
      columns[field.name] = viewAs(type.dtype, column.buffer, 0, count * perRecord);
    } else if (type.kind === "unicode" || type.kind === "bytes") {
      columns[field.name] = decodeFixedText(
        records,
        count,
        {
          encoding: type.kind,
          width: type.width,
          bigEndian: type.kind === "unicode" && type.bigEndian,
          stride: recordSize,
          offset,
          perRecord,
        },
        (message) => fail(`field ${JSON.stringify(field.name)}: ${message}`),
      );
    }
    offset += size;
  }
  return columns;
}
