/**
 * One array's chunk pipeline: values <-> chunk bytes (dtype layout, fill-value padding) and
 * chunk bytes <-> stored bytes (filters in order, then the compressor; decoding in reverse).
 */
import { allocate, type TypedArray, viewAs } from "../../dtype.js";
import { FileFormatError, InvalidArgumentError } from "../../errors.js";
import type { BloscCodec } from "./codecs/blosc.js";
import { getCodec } from "./codecs/registry.js";
import type { BytesCodec, Codec, ObjectCodec } from "./codecs/types.js";
import type { ArrayMetadata, FillValue } from "./metadata.js";
import { product } from "./region.js";
import {
  decodeByteStrings,
  decodeUnicode,
  encodeByteStrings,
  encodeUnicode,
  type ZarrDType,
} from "./zarr-dtype.js";

/** What reads return: typed arrays for numbers (Uint8Array 0/1 for bool), strings, or JS values. */
export type ZarrValues = TypedArray | string[] | unknown[];

/** A decoded chunk: its bytes in dtype layout, or the items of an object chunk. */
export type ChunkData = Uint8Array | unknown[];

function swapBytes(bytes: Uint8Array, size: number): void {
  if (size <= 1) return;
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/** Bytes (dtype layout, as stored) of `count` elements -> values. Copies. */
export function bytesToValues(bytes: Uint8Array, dtype: ZarrDType, count: number): ZarrValues {
  switch (dtype.kind) {
    case "number": {
      const copy = bytes.slice(0, count * dtype.itemsize);
      if (!dtype.littleEndian) swapBytes(copy, dtype.itemsize);
      return viewAs(dtype.dtype, copy.buffer, 0, count);
    }
    case "bool": {
      const out = bytes.slice(0, count);
      for (let i = 0; i < count; i++) out[i] = out[i] !== 0 ? 1 : 0;
      return out;
    }
    case "unicode":
      return decodeUnicode(bytes, count, dtype.length, dtype.littleEndian);
    case "bytes":
      return decodeByteStrings(bytes, count, dtype.length);
    case "object":
      throw new InvalidArgumentError("object arrays have no byte layout");
  }
}

/** Values -> bytes in the dtype layout; checks that the values fit the dtype. */
export function valuesToBytes(
  values: ZarrValues | readonly boolean[],
  dtype: ZarrDType,
  where: string,
): Uint8Array {
  switch (dtype.kind) {
    case "number": {
      if (!ArrayBuffer.isView(values) || (values as TypedArray).BYTES_PER_ELEMENT !== dtype.itemsize) {
        const got = ArrayBuffer.isView(values)
          ? values.constructor.name
          : Array.isArray(values)
            ? "a JS array"
            : typeof values;
        throw new InvalidArgumentError(
          `${where}: expected a typed array of ${dtype.dtype} for dtype ${dtype.str}, got ${got}`,
        );
      }
      const ta = values as TypedArray;
      const isBig = ta instanceof BigInt64Array || ta instanceof BigUint64Array;
      const wantBig = dtype.dtype === "int64" || dtype.dtype === "uint64";
      const isFloat = ta instanceof Float32Array || ta instanceof Float64Array;
      const wantFloat = dtype.dtype === "float32" || dtype.dtype === "float64";
      if (isBig !== wantBig || isFloat !== wantFloat) {
        throw new InvalidArgumentError(
          `${where}: a ${ta.constructor.name} cannot be written as dtype ${dtype.str}`,
        );
      }
      const bytes = new Uint8Array(ta.buffer, ta.byteOffset, ta.byteLength);
      if (dtype.littleEndian) return bytes;
      const copy = bytes.slice();
      swapBytes(copy, dtype.itemsize);
      return copy;
    }
    case "bool": {
      if (values instanceof Uint8Array) return values;
      if (Array.isArray(values) && values.every((v) => typeof v === "boolean")) {
        return Uint8Array.from(values as boolean[], (v) => (v ? 1 : 0));
      }
      throw new InvalidArgumentError(`${where}: expected a Uint8Array or boolean[] for dtype |b1`);
    }
    case "unicode":
      if (!Array.isArray(values))
        throw new InvalidArgumentError(`${where}: expected string[] for dtype ${dtype.str}`);
      return encodeUnicode(values as string[], dtype.length, where);
    case "bytes":
      if (!Array.isArray(values))
        throw new InvalidArgumentError(`${where}: expected string[] for dtype ${dtype.str}`);
      return encodeByteStrings(values as string[], dtype.length, where);
    case "object":
      throw new InvalidArgumentError(`${where}: object arrays are written as JS value lists`);
  }
}

/** A chunk of `count` elements all equal to the fill value. */
export function filledChunk(dtype: ZarrDType, fill: FillValue, count: number): ChunkData {
  if (dtype.kind === "object") return new Array<unknown>(count).fill(fill === 0 ? null : fill);
  const bytes = new Uint8Array(count * dtype.itemsize);
  if (fill === null) return bytes;
  switch (dtype.kind) {
    case "number": {
      const ta = allocate(dtype.dtype, count);
      if (typeof fill === "bigint") (ta as BigInt64Array).fill(fill);
      else if (typeof fill === "number" && fill !== 0) (ta as Float64Array).fill(fill);
      const b = new Uint8Array(ta.buffer);
      if (!dtype.littleEndian) swapBytes(b, dtype.itemsize);
      return b;
    }
    case "bool":
      if (fill === true) bytes.fill(1);
      return bytes;
    case "unicode": {
      if (typeof fill !== "string" || fill === "") return bytes;
      const one = encodeUnicode([fill.slice(0, dtype.length)], dtype.length, "fill_value");
      for (let i = 0; i < count; i++) bytes.set(one, i * one.length);
      return bytes;
    }
    case "bytes": {
      if (!(fill instanceof Uint8Array)) return bytes;
      for (let i = 0; i < count; i++) bytes.set(fill.subarray(0, dtype.itemsize), i * dtype.itemsize);
      return bytes;
    }
  }
}

export class ChunkPipeline {
  readonly dtype: ZarrDType;
  readonly chunkElements: number;
  readonly chunkBytes: number;
  readonly objectCodec: ObjectCodec | undefined;
  readonly filters: BytesCodec[];
  readonly compressor: BytesCodec | undefined;

  constructor(meta: ArrayMetadata, where: string) {
    this.dtype = meta.dtype;
    this.chunkElements = product(meta.chunks);
    this.chunkBytes = this.chunkElements * meta.dtype.itemsize;
    const filters: Codec[] = (meta.filters ?? []).map((c) => getCodec(c, where));
    if (meta.dtype.kind === "object") {
      const first = filters.shift();
      if (first === undefined || first.kind !== "object") {
        throw new FileFormatError(
          where,
          "object array without an object codec (json2, vlen-utf8) as first filter",
        );
      }
      this.objectCodec = first;
    }
    for (const f of filters) {
      if (f.kind !== "bytes")
        throw new FileFormatError(where, `object codec ${f.config.id} is only allowed first`);
    }
    this.filters = filters as BytesCodec[];
    const comp = meta.compressor === null ? undefined : getCodec(meta.compressor, where);
    if (comp !== undefined && comp.kind !== "bytes") {
      throw new FileFormatError(where, `codec ${comp.config.id} cannot be a compressor`);
    }
    this.compressor = comp;
  }

  async encode(chunk: ChunkData, where: string): Promise<Uint8Array> {
    let bytes: Uint8Array;
    let itemsize = this.dtype.itemsize;
    if (this.objectCodec !== undefined) {
      bytes = this.objectCodec.encode(chunk as unknown[], { itemsize: 1, where });
      itemsize = 1;
    } else {
      bytes = chunk as Uint8Array;
    }
    for (const f of this.filters) {
      bytes = await f.encode(bytes, { itemsize, where });
      itemsize = f.encodedItemsize?.(itemsize) ?? itemsize;
    }
    if (this.compressor !== undefined) bytes = await this.compressor.encode(bytes, { itemsize, where });
    return bytes;
  }

  /** Decode a chunk of plain bytes into `dst` (chunkBytes long), without an intermediate copy when
   * the pipeline is a lone Blosc compressor. */
  async decodeInto(stored: Uint8Array, where: string, dst: Uint8Array): Promise<void> {
    const c = this.compressor as (BytesCodec & { decodeInto?: BloscCodec["decodeInto"] }) | undefined;
    if (this.filters.length === 0 && this.objectCodec === undefined && c?.decodeInto !== undefined) {
      await c.decodeInto(stored, { itemsize: this.dtype.itemsize, where }, dst);
      return;
    }
    dst.set((await this.decode(stored, where)) as Uint8Array);
  }

  async decode(stored: Uint8Array, where: string): Promise<ChunkData> {
    let bytes = stored;
    const sizes = [this.objectCodec === undefined ? this.dtype.itemsize : 1];
    for (const f of this.filters)
      sizes.push(f.encodedItemsize?.(sizes[sizes.length - 1]) ?? sizes[sizes.length - 1]);
    if (this.compressor !== undefined) {
      bytes = await this.compressor.decode(bytes, { itemsize: sizes[sizes.length - 1], where });
    }
    for (let i = this.filters.length - 1; i >= 0; i--) {
      bytes = await this.filters[i].decode(bytes, { itemsize: sizes[i + 1], where });
    }
    if (this.objectCodec !== undefined) {
      const items = this.objectCodec.decode(bytes, { itemsize: 1, where });
      if (items.length !== this.chunkElements) {
        throw new FileFormatError(where, `decoded ${items.length} items, expected ${this.chunkElements}`);
      }
      return items;
    }
    if (bytes.length !== this.chunkBytes) {
      throw new FileFormatError(
        where,
        `decoded chunk has ${bytes.length} bytes, expected ${this.chunkBytes}`,
      );
    }
    return bytes;
  }
}
