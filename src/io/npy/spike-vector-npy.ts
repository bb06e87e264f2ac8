/**
 * The spike vector as SpikeInterface stores it (`spikes.npy`): a structured array
 * `[('sample_index', '<i8'), ('unit_index', '<i8'), ('segment_index', '<i8')]`. In memory the core
 * keeps Float64Array sample indices and Int32Array unit/segment indices (see sorting/spike-vector.ts).
 * `readSpikeVectorNpy`/`encodeSpikeVectorNpy` convert straight between file bytes and those columns
 * in one pass; the NpyArray-level pair serves arrays that are already parsed (e.g. from an .npz).
 */
import type { TypedArray } from "../../dtype.js";
import { FileFormatError, InvalidArgumentError } from "../../errors.js";
import type { SpikeVector } from "../../sorting/spike-vector.js";
import { parseStructuredDescr, scalarDescr, structuredDescrRepr } from "./descr.js";
import {
  float64ToWords,
  int32ToWords,
  type OutOfRange,
  spikeRecordsToColumns,
  wordsToFloat64,
  wordsToInt32,
} from "./int64-words.js";
import type { NpyArray, NpyColumn, NpyField, NpyStructuredArray } from "./npy-array.js";
import { encodeNpyHeader, readNpyHeader } from "./npy-header.js";
import { parseNpy } from "./parse-npy.js";
import type { PyLiteral } from "./python-literal.js";

export const SPIKE_VECTOR_FIELDS = ["sample_index", "unit_index", "segment_index"] as const;

/** The three columns spikeVectorToNpy needs (a SpikeVector has them). */
export interface SpikeVectorColumns {
  readonly sampleIndex: Float64Array;
  readonly unitIndex: Int32Array;
  readonly segmentIndex: Int32Array;
}

const SPIKE_FIELDS: NpyField[] = SPIKE_VECTOR_FIELDS.map((name) => {
  const type = { kind: "numeric", dtype: "int64", bigEndian: false } as const;
  return { name, descr: scalarDescr(type), type, shape: [] };
});
const SPIKE_DESCR = structuredDescrRepr(SPIKE_FIELDS);
const RECORD_WORDS = 6; // 24-byte record = 6 int32 words

function fileErrors(name: string) {
  return (field: string, what: string): OutOfRange =>
    (i, v) => {
      throw new FileFormatError(name, `spike ${i}: ${field} ${v} ${what}`);
    };
}

/** Columns of a parsed spike vector. Other integer widths are accepted; extra fields are ignored. */
export function spikeVectorFromNpy(npy: NpyArray, name = "spikes.npy"): SpikeVector {
  if (npy.kind !== "structured" || npy.shape.length !== 1) {
    throw new FileFormatError(
      name,
      `a spike vector is a 1-D structured array, got ${npy.kind} ${JSON.stringify(npy.descr)} of shape (${npy.shape.join(", ")})`,
    );
  }
  const column = (field: string): TypedArray => {
    const f = npy.fields.find((x) => x.name === field);
    if (f === undefined)
      throw new FileFormatError(name, `spike vector has no ${JSON.stringify(field)} field`);
    const t = f.type;
    if (t.kind !== "numeric" || t.dtype === "bool" || t.dtype.startsWith("float") || f.shape.length > 0) {
      throw new FileFormatError(
        name,
        `spike vector field ${JSON.stringify(field)} has dtype ${f.descr}, expected an integer`,
      );
    }
    return npy.data[field] as TypedArray;
  };
  const bad = fileErrors(name);
  return {
    sampleIndex: toFloat64(column("sample_index"), bad("sample_index", "is beyond 2^53")),
    unitIndex: toInt32(column("unit_index"), bad("unit_index", "does not fit int32")),
    segmentIndex: toInt32(column("segment_index"), bad("segment_index", "does not fit int32")),
  };
}

function words(col: BigInt64Array | BigUint64Array): Int32Array {
  return new Int32Array(col.buffer, col.byteOffset, col.length * 2);
}

function toFloat64(col: TypedArray, bad: OutOfRange): Float64Array {
  if (col instanceof BigInt64Array || col instanceof BigUint64Array) {
    return wordsToFloat64(words(col), col.length, 2, 0, col instanceof BigUint64Array, bad);
  }
  return Float64Array.from(col as ArrayLike<number>);
}

function toInt32(col: TypedArray, bad: OutOfRange): Int32Array {
  if (col instanceof BigInt64Array || col instanceof BigUint64Array) {
    return wordsToInt32(words(col), col.length, 2, 0, col instanceof BigUint64Array, bad);
  }
  if (col instanceof Uint32Array) {
    for (let i = 0; i < col.length; i++) if (col[i] > 0x7fffffff) bad(i, BigInt(col[i]));
  }
  return Int32Array.from(col as ArrayLike<number>);
}

function checkColumns(vector: SpikeVectorColumns): number {
  const { sampleIndex, unitIndex, segmentIndex } = vector;
  const n = sampleIndex.length;
  if (unitIndex.length !== n || segmentIndex.length !== n) {
    throw new InvalidArgumentError(
      `spike vector columns differ in length: sampleIndex ${n}, unitIndex ${unitIndex.length}, segmentIndex ${segmentIndex.length}`,
    );
  }
  return n;
}

function badSample(i: number, v: number): never {
  throw new InvalidArgumentError(
    `sampleIndex[${i}] = ${v} is not an integer in the exact range ±(2^53 - 1)`,
    {
      index: i,
      value: v,
    },
  );
}

/** The structured array SpikeInterface writes as `spikes.npy` (int64 columns). */
export function spikeVectorToNpy(vector: SpikeVectorColumns): NpyStructuredArray {
  const n = checkColumns(vector);
  const sample = new BigInt64Array(n);
  float64ToWords(vector.sampleIndex, words(sample), 2, 0, badSample);
  const unit = new BigInt64Array(n);
  int32ToWords(vector.unitIndex, words(unit), 2, 0);
  const segment = new BigInt64Array(n);
  int32ToWords(vector.segmentIndex, words(segment), 2, 0);
  const data: Record<string, NpyColumn> = Object.create(null);
  data.sample_index = sample;
  data.unit_index = unit;
  data.segment_index = segment;
  return {
    kind: "structured",
    descr: SPIKE_DESCR,
    fields: SPIKE_FIELDS,
    itemsize: 24,
    shape: [n],
    fortranOrder: false,
    data,
  };
}

/** `spikes.npy` bytes for these columns, identical to encodeNpy(spikeVectorToNpy(v)), in one pass. */
export function encodeSpikeVectorNpy(vector: SpikeVectorColumns): Uint8Array {
  const n = checkColumns(vector);
  const header = encodeNpyHeader(SPIKE_DESCR, false, [n]);
  const out = new Uint8Array(header.length + 24 * n);
  out.set(header);
  // the header length is a multiple of 64, so the records are word-aligned
  const records = new Int32Array(out.buffer, header.length, RECORD_WORDS * n);
  float64ToWords(vector.sampleIndex, records, RECORD_WORDS, 0, badSample);
  int32ToWords(vector.unitIndex, records, RECORD_WORDS, 2);
  int32ToWords(vector.segmentIndex, records, RECORD_WORDS, 4);
  return out;
}

/**
 * Read `spikes.npy` bytes straight into spike vector columns. Files with exactly SpikeInterface's
 * little-endian int64 layout are converted in one pass over the records; anything else goes through
 * parseNpy + spikeVectorFromNpy, with the same results and errors.
 */
export function readSpikeVectorNpy(bytes: Uint8Array, name = "spikes.npy"): SpikeVector {
  const header = readNpyHeader(bytes, name);
  const n = header.shape[0];
  const isSpikeLayout =
    header.shape.length === 1 &&
    isSpikeDescr(header.descr) &&
    bytes.length - header.dataOffset >= 24 * n &&
    (bytes.byteOffset + header.dataOffset) % 4 === 0;
  if (!isSpikeLayout) return spikeVectorFromNpy(parseNpy(bytes, name), name);
  const records = new Int32Array(bytes.buffer, bytes.byteOffset + header.dataOffset, RECORD_WORDS * n);
  const fused = spikeRecordsToColumns(records, n);
  if (fused) return fused;
  // some value does not fit: the per-column passes find and name it
  const bad = fileErrors(name);
  return {
    sampleIndex: wordsToFloat64(records, n, RECORD_WORDS, 0, false, bad("sample_index", "is beyond 2^53")),
    unitIndex: wordsToInt32(records, n, RECORD_WORDS, 2, false, bad("unit_index", "does not fit int32")),
    segmentIndex: wordsToInt32(
      records,
      n,
      RECORD_WORDS,
      4,
      false,
      bad("segment_index", "does not fit int32"),
    ),
  };
}

function isSpikeDescr(descr: PyLiteral): boolean {
  if (typeof descr !== "object" || descr === null || descr.type !== "list") return false;
  try {
    const fields = parseStructuredDescr(descr, (message) => {
      throw new Error(message);
    });
    return structuredDescrRepr(fields) === SPIKE_DESCR;
  } catch {
    return false; // parseNpy will report what is wrong with it
  }
}
