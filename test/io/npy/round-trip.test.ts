/** fast-check round trips: parseNpy(encodeNpy(x)) equals x for every dtype, layout and shape 0-d..3-d. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type DType, itemsize, type TypedArray, viewAs } from "../../../src/dtype.js";
import {
  encodeNpy,
  encodeNpz,
  type NpyArray,
  type NpyColumnSpec,
  npyFromColumns,
  npyFromStrings,
  npyFromTypedArray,
  parseNpy,
  readNpz,
} from "../../../src/io/npy/index.js";

const DTYPES: DType[] = [
  "int8",
  "uint8",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "int64",
  "uint64",
  "float32",
  "float64",
  "bool",
];

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 3 });
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Random bit patterns (NaN payloads, -0, extremes included); bool gets 0/1 only. */
function typedArrayArb(dtype: DType, length: number): fc.Arbitrary<TypedArray> {
  if (dtype === "bool") {
    return fc
      .array(fc.boolean(), { minLength: length, maxLength: length })
      .map((a) => Uint8Array.from(a, Number));
  }
  const n = length * itemsize(dtype);
  return fc.uint8Array({ minLength: n, maxLength: n }).map((bytes) => viewAs(dtype, bytes.buffer, 0, length));
}

function rawBytes(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Text that survives numpy's trailing-NUL stripping. */
const unicodeText = fc.string({ unit: "binary", maxLength: 6 }).map((s) => s.replace(/\0+$/, ""));
const latin1Text = fc
  .string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 6 })
  .map((s) => s.replace(/\0+$/, ""));

function checkFileLayout(bytes: Uint8Array): void {
  const headerEnd =
    bytes[6] === 1 ? 10 + (bytes[8] | (bytes[9] << 8)) : 12 + new DataView(bytes.buffer).getUint32(8, true);
  assert.equal(headerEnd % 64, 0, "data starts on a 64-byte boundary");
  assert.equal(bytes[headerEnd - 1], 0x0a, "header ends with a newline");
}

describe("numeric round trips", () => {
  for (const dtype of DTYPES) {
    test(`${dtype}: any shape, byte order and memory order`, () => {
      const arb = shapeArb.chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          data: typedArrayArb(dtype, size(shape)),
          fortranOrder: fc.boolean(),
          bigEndian: fc.boolean(),
        }),
      );
      fc.assert(
        fc.property(arb, ({ shape, data, fortranOrder, bigEndian }) => {
          const npy = npyFromTypedArray(data, { shape, fortranOrder, bigEndian, dtype });
          const bytes = encodeNpy(npy);
          checkFileLayout(bytes);
          const back = parseNpy(bytes);
          assert.equal(back.kind, "numeric");
          assert.equal(back.kind === "numeric" && back.dtype, dtype);
          assert.deepEqual(back.shape, shape);
          assert.equal(back.fortranOrder, fortranOrder);
          assert.equal(back.descr, npy.descr);
          assert.deepEqual(rawBytes(back.data as TypedArray), rawBytes(data));
          assert.deepEqual(encodeNpy(back), bytes);
        }),
        { numRuns: 60 },
      );
    });
  }

  test("Fortran order on disk is the transpose: element (i, j) sits at j * rows + i", () => {
    const npy = npyFromTypedArray(new Int16Array([0, 1, 2, 10, 11, 12]), {
      shape: [2, 3],
      fortranOrder: true,
    });
    const bytes = encodeNpy(npy);
    const onDisk = new Int16Array(bytes.buffer.slice(bytes.length - 12));
    assert.deepEqual(Array.from(onDisk), [0, 10, 1, 11, 2, 12]);
  });
});

describe("string round trips", () => {
  test("unicode <U (astral code points included) and bytes |S, any shape", () => {
    const arb = fc
      .tuple(shapeArb, fc.constantFrom<"unicode" | "bytes">("unicode", "bytes"), fc.boolean())
      .chain(([shape, encoding, fortranOrder]) =>
        fc.record({
          shape: fc.constant(shape),
          encoding: fc.constant(encoding),
          fortranOrder: fc.constant(fortranOrder),
          strings: fc.array(encoding === "unicode" ? unicodeText : latin1Text, {
            minLength: size(shape),
            maxLength: size(shape),
          }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ shape, encoding, fortranOrder, strings }) => {
        const npy = npyFromStrings(strings, { shape, encoding, fortranOrder });
        const back = parseNpy(encodeNpy(npy));
        assert.deepEqual(back, { ...npy, shape: [...shape] });
      }),
      { numRuns: 150 },
    );
  });

  test("npyFromStrings picks numpy's width: longest in code points, at least 1", () => {
    assert.equal(npyFromStrings([]).descr, "<U1");
    assert.equal(npyFromStrings(["", ""]).descr, "<U1");
    assert.equal(npyFromStrings(["ab", "😀😀😀"]).descr, "<U3");
    assert.equal(npyFromStrings(["abcd"], { encoding: "bytes" }).descr, "|S4");
  });
});

type FieldKind =
  | { kind: "numeric"; dtype: DType; bigEndian: boolean }
  | { kind: "unicode"; width: number }
  | { kind: "bytes"; width: number };

const fieldKindArb: fc.Arbitrary<FieldKind> = fc.oneof(
  fc.record({
    kind: fc.constant("numeric" as const),
    dtype: fc.constantFrom(...DTYPES),
    bigEndian: fc.boolean(),
  }),
  fc.record({
    kind: fc.constantFrom("unicode" as const, "bytes" as const),
    width: fc.integer({ min: 0, max: 5 }),
  }),
);

function descrOf(f: FieldKind): string {
  if (f.kind === "unicode") return `<U${f.width}`;
  if (f.kind === "bytes") return `|S${f.width}`;
  const codes: Record<DType, string> = {
    int8: "|i1",
    uint8: "|u1",
    int16: "i2",
    uint16: "u2",
    int32: "i4",
    uint32: "u4",
    int64: "i8",
    uint64: "u8",
    float32: "f4",
    float64: "f8",
    bool: "|b1",
  };
  const code = codes[f.dtype];
  return code.startsWith("|") ? code : `${f.bigEndian ? ">" : "<"}${code}`;
}

function columnArb(f: FieldKind, length: number): fc.Arbitrary<TypedArray | string[]> {
  if (f.kind === "numeric") return typedArrayArb(f.dtype, length);
  // cut to the field width in code points (not UTF-16 units), then re-strip trailing NULs
  const text = (f.kind === "unicode" ? unicodeText : latin1Text).map((s) =>
    Array.from(s).slice(0, f.width).join("").replace(/\0+$/, ""),
  );
  return fc.array(text, { minLength: length, maxLength: length });
}

describe("structured round trips", () => {
  test("random field lists with sub-array shapes, any record shape and order", () => {
    const fieldsArb = fc.array(
      fc.record({ type: fieldKindArb, subShape: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }) }),
      { minLength: 1, maxLength: 4 },
    );
    const arb = fc.tuple(fieldsArb, shapeArb, fc.boolean()).chain(([fields, shape, fortranOrder]) =>
      fc.record({
        shape: fc.constant(shape),
        fortranOrder: fc.constant(fortranOrder),
        fields: fc.constant(fields),
        columns: fc.tuple(...fields.map((f) => columnArb(f.type, size(shape) * size(f.subShape)))),
      }),
    );
    fc.assert(
      fc.property(arb, ({ shape, fortranOrder, fields, columns }) => {
        const specs: Record<string, NpyColumnSpec> = {};
        fields.forEach((f, i) => {
          specs[`f${i}`] = { data: columns[i], descr: descrOf(f.type), shape: f.subShape };
        });
        const npy = npyFromColumns(specs, { shape, fortranOrder });
        const bytes = encodeNpy(npy);
        checkFileLayout(bytes);
        const back = parseNpy(bytes);
        assert.deepEqual(back, { ...npy, shape: [...shape] });
        assert.deepEqual(encodeNpy(back), bytes);
      }),
      { numRuns: 200 },
    );
  });
});

describe("npz round trips", () => {
  test("stored and deflated archives give back every array under its key", () => {
    const entryArb: fc.Arbitrary<NpyArray> = fc.oneof(
      fc
        .constantFrom(...DTYPES)
        .chain((dtype) =>
          shapeArb.chain((shape) =>
            typedArrayArb(dtype, size(shape)).map((d) => npyFromTypedArray(d, { shape, dtype })),
          ),
        ),
      fc.array(unicodeText, { maxLength: 5 }).map((s) => npyFromStrings(s)),
    );
    const arb = fc.record({
      entries: fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/), entryArb, {
        minKeys: 1,
        maxKeys: 5,
      }),
      compress: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, ({ entries, compress }) => {
        const back = readNpz(encodeNpz(entries, { compress }));
        assert.deepEqual([...back.keys()], Object.keys(entries));
        for (const [key, npy] of Object.entries(entries)) {
          assert.deepEqual(encodeNpy(back.get(key)!), encodeNpy(npy), key);
        }
      }),
      { numRuns: 60 },
    );
  });

  test("member names are <key>.npy and stored archives keep the .npy bytes verbatim", () => {
    const npy = npyFromTypedArray(new Float64Array([1, 2, 3]));
    const archive = encodeNpz({ sampling_frequency: npy });
    const text = new TextDecoder("latin1").decode(archive);
    assert.ok(text.includes("sampling_frequency.npy"));
    const raw = encodeNpy(npy);
    const at = text.indexOf(new TextDecoder("latin1").decode(raw));
    assert.ok(at > 0, "the .npy bytes appear uncompressed in a stored archive");
  });
});
