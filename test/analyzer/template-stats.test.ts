import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lerp, percentileOfRows } from "../../src/analyzer/template-stats.js";

// Columns of 5 float32 values and np.percentile(x, q) from numpy 2.4 (float32 result). The old
// formula `a + (b - a) * t` in float64 then rounded gives 1.1478497982025146, -41.18752670288086
// and -32.07356643676758 (1 ulp off).
const CASES: { x: number[]; q: number; numpy: number }[] = [
  {
    x: [11.28933048248291, -17.631540298461914, -14.064371109008789, -33.40231704711914, -52.75752639770508],
    q: 90,
    numpy: 1.1478490829467773,
  },
  {
    x: [13.822287559509277, 35.027244567871094, -22.238372802734375, -53.82029342651367, 1.3062416315078735],
    q: 10,
    numpy: -41.187522888183594,
  },
  {
    x: [-10.276152610778809, -46.294979095458984, 29.20291519165039, 29.126920700073242, -10.741445541381836],
    q: 10,
    numpy: -32.07356262207031,
  },
];

describe("percentileOfRows matches numpy bit for bit", () => {
  for (const { x, q, numpy } of CASES) {
    it(`q=${q} on ${x.length} float32 values`, () => {
      const data = Float32Array.from(x);
      const rows = x.map((_, i) => i);
      const [v] = percentileOfRows(data, 1, rows, true, q);
      assert.equal(v, numpy);
    });
  }

  it("float32 lerp by hand: t >= 0.5 interpolates from b with 1 - t taken in float64", () => {
    // sorted column of CASES[0]: a = -14.064371109008789 (index 3), b = 11.28933048248291, t = 0.6
    const a = -14.064371109008789;
    const b = 11.28933048248291;
    const diff = Math.fround(b - a); // 25.353702545166016
    const expected = Math.fround(b - Math.fround(diff * Math.fround(1 - 0.6000000000000001)));
    assert.equal(lerp(a, b, 0.6000000000000001, true), expected);
    assert.equal(expected, 1.1478490829467773);
    // t < 0.5 interpolates from a
    assert.equal(lerp(0, 10, 0.25, true), 2.5);
  });

  it("float64 data: the same two-sided formula without rounding", () => {
    const data = Float64Array.from([0, 1, 2, 3, 4]);
    const [p90] = percentileOfRows(data, 1, [0, 1, 2, 3, 4], false, 90);
    assert.equal(p90, 4 - 1 * (1 - (0.9 * 4 - 3))); // 3.6 as numpy computes it: b - diff * (1 - t)
    const [p10] = percentileOfRows(data, 1, [4, 3, 2, 1, 0], false, 10);
    assert.equal(p10, 0 + 1 * (0.1 * 4));
  });
});
