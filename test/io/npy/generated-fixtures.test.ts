/** numpy-written edge cases (test/fixtures/generated/npy, see its README) parse to expected.json values. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { FileFormatError } from "../../../src/errors.js";
import {
  encodeNpy,
  type NpyArray,
  type NpyColumn,
  numericColumn,
  parseNpy,
  readNpz,
  spikeVectorFromNpy,
  stringColumn,
} from "../../../src/io/npy/index.js";
import { bytesEqual, GENERATED, listFiles, readBytes, readJson } from "./fixture-files.js";

interface FileExpectation {
  descr?: string;
  shape?: number[];
  version?: number;
  fortran_order?: boolean;
  values?: unknown[];
  columns?: Record<string, unknown[]>;
  error?: string;
  [key: string]: unknown;
}

const expected = readJson(join(GENERATED, "expected.json"));
const files = expected.files as Record<string, FileExpectation>;
const UNSUPPORTED = new Set(["f2_half.npy", "c16_complex.npy", "object_pickled.npy"]);
// Written on purpose in ways numpy.save does not (forced v2, Python 2 header): read-only checks.
const NOT_NUMPY_SAVE = new Set(["i8_forced_v2.npy", "py2_long_shape.npy"]);

/** A fixture value as JSON spells it (see the README): NaN/±Infinity/-0 and big integers as strings. */
function jsonValue(v: number | bigint | string): unknown {
  if (typeof v === "string") return v;
  if (typeof v === "bigint") return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : String(v);
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "Infinity";
  if (v === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (Object.is(v, -0)) return "-0";
  return v;
}

function columnValues(column: NpyColumn, bool: boolean): unknown[] {
  if (Array.isArray(column)) return column;
  if (bool) return Array.from(column as Uint8Array, (v) => v === 1);
  return Array.from(column as ArrayLike<number | bigint>, jsonValue);
}

function headerVersion(bytes: Uint8Array): number {
  return bytes[6];
}

describe("numpy-generated .npy edge cases", () => {
  const onDisk = listFiles(GENERATED, ".npy");
  test("expected.json describes every generated .npy", () => {
    assert.deepEqual(onDisk, Object.keys(files).sort());
  });

  for (const file of onDisk) {
    const exp = files[file];
    if (UNSUPPORTED.has(file)) continue;
    test(`${file}: values, shape, descr, order and version`, () => {
      const bytes = readBytes(join(GENERATED, file));
      const npy = parseNpy(bytes, file);
      assert.equal(headerVersion(bytes), exp.version);
      if (exp.shape) assert.deepEqual(npy.shape, exp.shape);
      if (exp.descr) assert.equal(npy.descr, exp.descr);
      if (exp.fortran_order !== undefined) assert.equal(npy.fortranOrder, exp.fortran_order);
      if (exp.values) {
        assert.notEqual(npy.kind, "structured");
        const bool = npy.kind === "numeric" && npy.dtype === "bool";
        assert.deepEqual(columnValues(npy.data as NpyColumn, bool), exp.values);
      }
      if (exp.columns && npy.kind === "structured") {
        for (const field of npy.fields.filter((f) => f.name !== "")) {
          const bool = field.type.kind === "numeric" && field.type.dtype === "bool";
          assert.deepEqual(columnValues(npy.data[field.name], bool), exp.columns[field.name], field.name);
        }
        assert.deepEqual(Object.keys(npy.data), Object.keys(exp.columns));
      }
      if (!NOT_NUMPY_SAVE.has(file))
        assert.ok(bytesEqual(encodeNpy(npy), bytes), "re-encoding is byte-identical");
    });
  }

  test("a header numpy had to write as version 2 (4000 fields) parses and re-encodes as version 2", () => {
    const bytes = readBytes(join(GENERATED, "structured_4000_fields_v2.npy"));
    const exp = files["structured_4000_fields_v2.npy"];
    const npy = parseNpy(bytes);
    assert.equal(npy.kind, "structured");
    assert.equal(npy.kind === "structured" && npy.fields.length, exp.num_fields);
    assert.ok(npy.descr.startsWith(exp.descr_start as string));
    assert.deepEqual(Array.from(numericColumn(npy, "f0000") as Int16Array), exp.f0000);
    assert.deepEqual(Array.from(numericColumn(npy, "f3999") as Int16Array), exp.f3999);
    const encoded = encodeNpy(npy);
    assert.equal(headerVersion(encoded), 2);
    assert.ok(bytesEqual(encoded, bytes));
  });

  test("forced version 2 and Python 2 headers are re-encoded as numpy.save would (version 1)", () => {
    for (const file of NOT_NUMPY_SAVE) {
      const npy = parseNpy(readBytes(join(GENERATED, file)), file);
      const again = encodeNpy(npy);
      assert.equal(headerVersion(again), 1);
      assert.deepEqual(parseNpy(again), npy);
    }
  });

  test("big-endian data is native in memory and big-endian again on disk", () => {
    const npy = parseNpy(readBytes(join(GENERATED, "be_i4.npy")));
    assert.equal(npy.kind === "numeric" && npy.dtype, "int32");
    assert.ok(npy.data instanceof Int32Array);
    assert.equal(npy.descr, ">i4");
    const mixed = parseNpy(readBytes(join(GENERATED, "structured_mixed.npy")));
    assert.deepEqual(Array.from(numericColumn(mixed, "big") as BigInt64Array), [
      1n,
      -1n,
      2n ** 40n,
      -(2n ** 40n),
    ]);
    assert.deepEqual(stringColumn(mixed, "tag"), ["ab", "", "wxyz", "q"]);
  });

  test("unsupported dtypes give FileFormatError naming the file and the dtype", () => {
    const messages: Record<string, RegExp> = {
      "f2_half.npy": /f2_half\.npy.*"<f2" is not supported/,
      "c16_complex.npy": /c16_complex\.npy.*"<c16" is not supported/,
      "object_pickled.npy": /object_pickled\.npy.*"\|O".*pickled arrays are not supported/,
    };
    for (const [file, pattern] of Object.entries(messages)) {
      assert.throws(
        () => parseNpy(readBytes(join(GENERATED, file)), file),
        (err: unknown) => err instanceof FileFormatError && pattern.test(err.message) && err.path === file,
      );
    }
  });
});

describe("numpy savez_compressed archive", () => {
  test("deflated members read back with their values", () => {
    const exp = expected["compressed.npz"] as Record<string, unknown>;
    const npz = readNpz(readBytes(join(GENERATED, "compressed.npz")), "compressed.npz");
    assert.deepEqual([...npz.keys()], exp.keys);
    const get = (k: string): NpyArray => npz.get(k)!;
    assert.deepEqual(get("ids").data, exp.ids);
    assert.deepEqual(columnValues(get("counts").data as NpyColumn, false), exp.counts);
    const v = spikeVectorFromNpy(get("spikes"));
    assert.deepEqual(
      [0, 1].map((i) => [v.sampleIndex[i], v.unitIndex[i], v.segmentIndex[i]]),
      exp.spikes,
    );
    assert.deepEqual(get("mask").shape, [3, 3]);
    assert.deepEqual(columnValues(get("mask").data as NpyColumn, true), exp.mask);
  });
});
