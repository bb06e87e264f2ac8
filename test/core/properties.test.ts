import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  InvalidArgumentError,
  isSiError,
  NumpyRecording,
  NumpySorting,
  UnknownIdError,
} from "../../src/index.js";

function rec(ids: (string | number)[] = ["a", "b", "c", "d"]): NumpyRecording {
  return new NumpyRecording({
    tracesList: { data: new Int16Array(2 * ids.length), shape: [2, ids.length] },
    samplingFrequency: 1000,
    channelIds: ids,
  });
}

const values = (r: NumpyRecording, key: string) => {
  const v = r.getProperty(key);
  return v === null ? null : Array.from(v as ArrayLike<unknown>);
};

describe("properties on a subset of ids (examples.md §5)", () => {
  test("P1 floats fill with NaN", () => {
    const r = rec();
    r.setProperty("f", Float64Array.from([1.5, 2.5]), { ids: ["b", "d"] });
    assert.deepEqual(values(r, "f"), [Number.NaN, 1.5, Number.NaN, 2.5]);
    assert.equal(r.getPropertyInfo("f")?.dtype, "float64");
    r.setProperty("g", [1.5, 2.5], { ids: ["b", "d"] });
    assert.deepEqual(values(r, "g"), [Number.NaN, 1.5, Number.NaN, 2.5]);
  });
  test("P2-P4 int and bool need missingValue", () => {
    const r = rec();
    assert.throws(
      () => r.setProperty("i", [1, 2], { ids: ["b", "d"] }),
      (e) =>
        e instanceof InvalidArgumentError && /natural missing value/.test(e.message) && /"i"/.test(e.message),
    );
    r.setProperty("i", [1, 2], { ids: ["b", "d"], missingValue: -1 });
    assert.deepEqual(values(r, "i"), [-1, 1, -1, 2]);
    assert.equal(r.getPropertyInfo("i")?.dtype, "int64");
    assert.throws(() => r.setProperty("bb", [true], { ids: ["b"] }), /bool/);
    r.setProperty("bb", [true], { ids: ["b"], missingValue: false });
    assert.deepEqual(values(r, "bb"), [false, true, false, false]);
  });
  test("P5-P7 strings fill with '' or the given missing value", () => {
    const r = rec();
    r.setProperty("s", ["xx", "y"], { ids: ["a", "c"] });
    assert.deepEqual(values(r, "s"), ["xx", "", "y", ""]);
    r.setProperty("s", ["longer"], { ids: ["b"] });
    assert.deepEqual(values(r, "s"), ["xx", "longer", "y", ""]);
    r.setProperty("s2", ["x"], { ids: ["a"], missingValue: "unknown" });
    assert.deepEqual(values(r, "s2"), ["x", "unknown", "unknown", "unknown"]);
  });
  test("P8-P10 kinds must match (JS numbers count as floats for float properties)", () => {
    const r = rec();
    assert.throws(
      () => r.setProperty("f", Float64Array.from([1.5]), { ids: ["a"], missingValue: "none" }),
      /"none"/,
    );
    r.setProperty("f", Float64Array.from([1.5, 2.5]), { ids: ["b", "d"], missingValue: 0 });
    assert.deepEqual(values(r, "f"), [0, 1.5, 0, 2.5]);
    assert.throws(() => r.setProperty("f", Int32Array.from([7]), { ids: ["a"] }), /float64.*int32/);
    assert.throws(() => r.setProperty("f", ["7"], { ids: ["a"] }), /"f"/);
    r.setProperty("f", [7.0], { ids: ["a"] });
    assert.deepEqual(values(r, "f"), [7, 1.5, 0, 2.5]);
    assert.equal(r.getPropertyInfo("f")?.dtype, "float64");
  });
  test("P11 objects fill with null", () => {
    const r = rec();
    r.setProperty("o", [{ k: 1 }], { ids: ["c"] });
    assert.deepEqual(values(r, "o"), [null, null, { k: 1 }, null]);
  });
  test("P12 and P16: all ids scatter by id; get in the order asked", () => {
    const r = rec();
    r.setProperty("p", [1, 2, 3, 4], { ids: ["d", "c", "b", "a"] });
    assert.deepEqual(values(r, "p"), [4, 3, 2, 1]);
    assert.deepEqual(Array.from(r.getProperty("p", ["c", "a"]) as ArrayLike<number>), [2, 4]);
  });
  test("P13-P15 bad ids and lengths", () => {
    const r = rec();
    assert.throws(
      () => r.setProperty("p", [1, 2], { ids: ["a", "a"] }),
      (e) => isSiError(e, "duplicate_id") && /"a"/.test(String(e)),
    );
    assert.throws(
      () => r.setProperty("p", [1.5], { ids: ["zz"] }),
      (e) => e instanceof UnknownIdError && /"zz"/.test(e.message),
    );
    assert.throws(() => r.setProperty("p", [1, 2]), /2 values for 4/);
    assert.throws(() => r.setProperty("p", [1, 2], { ids: ["a"] }), /2 values for 1 ids/);
    assert.throws(
      () => r.setProperty("e", [], { ids: [] }),
      (e) => e instanceof InvalidArgumentError && /"e".*empty/.test(e.message),
    );
    assert.equal(r.getProperty("e"), null);
    r.setProperty("p", [1, 2, 3, 4]);
    assert.throws(
      () => r.getProperty("p", ["zz"]),
      (e) => e instanceof UnknownIdError && /"zz"/.test(e.message),
    );
  });
  test("P17-P18", () => {
    const r = rec();
    assert.equal(r.getProperty("nokey"), null);
    r.setProperty("p", [1, 2, 3, 4]);
    r.setProperty("p", ["w", "x", "y", "z"]);
    assert.equal(r.getPropertyInfo("p")?.dtype, "str");
    r.setProperty("p", null);
    assert.equal(r.getProperty("p"), null);
  });
  test("P19 noise-level caches never follow the data", () => {
    const r = rec();
    r.setProperty("noise_level_mad_scaled", Float64Array.from([1, 2, 3, 4]));
    r.setProperty("keep", Float64Array.from([1, 2, 3, 4]));
    const sub = r.selectChannels(["b", "a"]);
    assert.equal(sub.getProperty("noise_level_mad_scaled"), null);
    assert.deepEqual(Array.from(sub.getProperty("keep") as Float64Array), [2, 1]);
    assert.equal(r.frameSlice(0, 1).getProperty("noise_level_mad_scaled"), null);
  });
  test("multi-dimensional properties slice by rows", () => {
    const r = rec();
    r.setProperty("loc", Float64Array.from([0, 0, 1, 10, 2, 20, 3, 30]), { shape: [4, 2] });
    const sub = r.selectChannels(["c", "a"]);
    assert.deepEqual(sub.getPropertyInfo("loc")?.shape, [2, 2]);
    assert.deepEqual(Array.from(sub.getProperty("loc") as Float64Array), [2, 20, 0, 0]);
  });
  test("sortings share the rules", () => {
    const s = NumpySorting.fromUnitDict({ u: [1], v: [2] }, 1000);
    s.setProperty("q", ["x"], { ids: ["v"] });
    assert.deepEqual(s.getProperty("q"), ["", "x"]);
    assert.deepEqual(s.selectUnits(["v"]).getProperty("q"), ["x"]);
  });
});

describe("ids (examples.md §6)", () => {
  test("I1 float ids are refused, naming the value", () => {
    assert.throws(
      () => rec([0.5, 1.5]),
      (e) => e instanceof InvalidArgumentError && /0.5/.test(e.message),
    );
  });
  test("I2, I5, I6: kinds kept, duplicates accepted by the base class, default ids 0..n-1", () => {
    assert.deepEqual(rec(["a", "bb"]).channelIds, ["a", "bb"]);
    assert.deepEqual(rec([3, 4]).channelIds, [3, 4]);
    assert.deepEqual(rec(["a", "a"]).channelIds, ["a", "a"]);
    const r = new NumpyRecording({
      tracesList: { data: new Int16Array(6), shape: [2, 3] },
      samplingFrequency: 1,
    });
    assert.deepEqual(r.channelIds, [0, 1, 2]);
  });
  test("I8 idsToIndices follows the given order; unknown ids are all named", () => {
    const r = rec([0, 1, 2]);
    assert.deepEqual([...r.idsToIndices([2, 1])], [2, 1]);
    assert.throws(
      () => r.idsToIndices([1, 7, 9]),
      (e) => e instanceof UnknownIdError && /7, 9/.test(e.message),
    );
  });
  test("string and number ids never match each other", () => {
    const r = rec([1, 2]);
    assert.throws(() => r.idsToIndices(["1"]), UnknownIdError);
  });
});

describe("annotations", () => {
  test("set, overwrite, delete, copies", () => {
    const r = rec();
    r.annotate({ a: { deep: [1] } });
    const got = r.getAnnotation("a") as { deep: number[] };
    got.deep.push(2);
    assert.deepEqual(r.getAnnotation("a"), { deep: [1] });
    assert.throws(() => r.setAnnotation("a", 1), /overwrite/);
    r.setAnnotation("a", 1, { overwrite: true });
    assert.equal(r.getAnnotation("a"), 1);
    r.deleteAnnotation("a");
    assert.throws(() => r.deleteAnnotation("a"), /"a"/);
    assert.equal(r.getAnnotation("missing"), null);
    r.annotate({ note: "x" });
    assert.equal(r.selectChannels(["a"]).getAnnotation("note"), "x");
  });
});

describe("properties (fast-check)", () => {
  test("a subset set then get returns the values; the others hold the missing value", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.double({ noNaN: true }), { minLength: 8, maxLength: 8 }),
        (pick, vals) => {
          const ids = Array.from({ length: 8 }, (_, i) => `c${i}`);
          const r = rec(ids);
          const chosen = pick.map((i) => ids[i]);
          const v = Float64Array.from(pick, (_, k) => vals[k]);
          r.setProperty("x", v, { ids: chosen });
          assert.deepEqual(Array.from(r.getProperty("x", chosen) as Float64Array), Array.from(v));
          const all = r.getProperty("x") as Float64Array;
          ids.forEach((id, i) => {
            if (!chosen.includes(id)) assert.ok(Number.isNaN(all[i]) || pick.length === 8);
          });
        },
      ),
    );
  });
});
