import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError } from "../../src/errors.js";
import {
  combineProbes,
  generateDummyProbe,
  generateDummyProbeGroup,
  generateLinearProbe,
  generateMultiColumnsProbe,
  generateMultiShank,
  generateTetrode,
} from "../../src/probe/generators.js";

const invalid = (pattern: RegExp) => (err: unknown) =>
  err instanceof InvalidArgumentError && pattern.test(err.message);

describe("generators (probeinterface defaults)", () => {
  test("tetrode: 4 circles of radius 6 at (r,0), (0,r), (-r,0), (0,-r) with cos/sin rounding", () => {
    const t = generateTetrode();
    assert.deepEqual(t.toDict().contact_positions, [
      [10, 0],
      [6.123233995736766e-16, 10],
      [-10, 1.2246467991473533e-15],
      [-1.8369701987210296e-15, -10],
    ]);
    assert.deepEqual(t.toDict().contact_shape_params, new Array(4).fill({ radius: 6 }));
    assert.equal(t.contactIds, null);
    assert.equal(t.probePlanarContour, null);
    assert.equal(generateTetrode({ r: 7.5 }).positionAt(2, 0), -7.5);
  });

  test("linear probe: 16 contacts every 20 µm, ids, tip contour with margin 25", () => {
    const p = generateLinearProbe();
    assert.equal(p.getContactCount(), 16);
    assert.deepEqual(
      p.toDict().contact_positions,
      Array.from({ length: 16 }, (_, i) => [0, 20 * i]),
    );
    assert.deepEqual(
      p.contactIds,
      Array.from({ length: 16 }, (_, i) => String(i)),
    );
    assert.deepEqual(p.toDict().probe_planar_contour, [
      [-25, 325],
      [-25, -25],
      [0, -125],
      [25, -25],
      [25, 325],
    ]);
  });

  test("multi-column probe: column by column, bottom to top, with shifts", () => {
    const p = generateMultiColumnsProbe({
      numColumns: 2,
      numContactPerColumn: [2, 3],
      xpitch: 15,
      ypitch: 12.5,
      yShiftPerColumn: [0, 6.25],
    });
    assert.deepEqual(p.toDict().contact_positions, [
      [0, 0],
      [0, 12.5],
      [15, 6.25],
      [15, 18.75],
      [15, 31.25],
    ]);
    assert.throws(
      () => generateMultiColumnsProbe({ numColumns: 2, yShiftPerColumn: [0] }),
      invalid(/yShiftPerColumn has 1 entries but numColumns is 2/),
    );
    assert.throws(
      () => generateMultiColumnsProbe({ contactShapes: "rect", contactShapeParams: { width: 5 } }),
      invalid(/must have a "height" for rect contacts/),
    );
    assert.throws(
      () => generateMultiColumnsProbe({ numColumns: 2, numContactPerColumn: [3] }),
      invalid(/numContactPerColumn has 1 entries but numColumns is 2/),
    );
  });

  test("multi-shank: shank ids, positions moved by the pitch, joined contour, no contact ids", () => {
    const p = generateMultiShank({ numShank: 2, numColumns: 2, numContactPerColumn: 4 });
    assert.equal(p.getContactCount(), 16);
    assert.deepEqual(p.shankIds, [...new Array(8).fill("0"), ...new Array(8).fill("1")]);
    assert.equal(p.contactIds, null);
    assert.deepEqual(p.toDict().contact_positions[8], [150, 0]);
    const contour = p.toDict().probe_planar_contour!;
    assert.deepEqual(contour[0], [-25, 125]);
    assert.deepEqual(contour[1], [-25, 85]);
    assert.deepEqual(contour[contour.length - 1], [195, 125]);
    assert.equal(contour.length, 12);
    assert.throws(() => combineProbes([generateTetrode().to3d()]), invalid(/2-D probes, got ndim 3/));
  });

  test("dummy probe: 3 columns of 10, 12, 10, manufacturer 'me', quality 1000", () => {
    const p = generateDummyProbe();
    assert.equal(p.getContactCount(), 32);
    assert.equal(p.manufacturer, "me");
    assert.deepEqual(
      Array.from(p.contactAnnotations.quality.values as Float64Array),
      new Array(32).fill(1000),
    );
    assert.deepEqual(p.toDict().contact_positions[10], [25, -12.5]);
    assert.deepEqual(p.toDict().probe_planar_contour, [
      [-25, 287.5],
      [-25, -37.5],
      [25, -137.5],
      [75, -37.5],
      [75, 287.5],
    ]);
    assert.deepEqual(generateDummyProbe({ elecShapes: "rect" }).contactShapeParams[0], {
      width: 6,
      height: 4.5,
    });
    assert.deepEqual(generateDummyProbe({ elecShapes: "square" }).contactShapeParams[0], { width: 7 });
    const group = generateDummyProbeGroup();
    assert.deepEqual(group.probes[1].toDict().contact_positions[0], [150, -50]);
    assert.throws(() => generateDummyProbe({ elecShapes: "hexagon" as "rect" }), invalid(/"hexagon"/));
  });
});
