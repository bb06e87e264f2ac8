import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type DType, toNumpyDescr } from "../../src/dtype.js";
import { InvalidArgumentError } from "../../src/errors.js";
import type { ContactTable } from "../../src/probe/contact-table.js";
import {
  generateDummyProbe,
  generateDummyProbeGroup,
  generateLinearProbe,
  generateMultiColumnsProbe,
  generateTetrode,
} from "../../src/probe/generators.js";
import { readProbeinterface } from "../../src/probe/node.js";
import { Probe } from "../../src/probe/probe.js";
import { ProbeGroup } from "../../src/probe/probegroup.js";

const REF = join(import.meta.dirname, "reference");
const tables = JSON.parse(readFileSync(join(REF, "tables.json"), "utf8"));
const geometry = JSON.parse(readFileSync(join(REF, "geometry.json"), "utf8"));
const invalid = (pattern: RegExp) => (err: unknown) =>
  err instanceof InvalidArgumentError && pattern.test(err.message);

function asNumpy(table: ContactTable): { dtype: string[][]; rows: unknown[][] } {
  return {
    dtype: table.columns.map((c) => [
      c.name,
      c.dtype.startsWith("<U") ? c.dtype : toNumpyDescr(c.dtype as DType),
    ]),
    rows: Array.from({ length: table.numContacts }, (_, i) => table.columns.map((c) => c.values[i])),
  };
}

function assertClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) < 1e-9, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe("contact tables (to_numpy)", () => {
  test("dtype and values match probeinterface's to_numpy(complete=True)", () => {
    assert.deepEqual(asNumpy(generateDummyProbe().toTable({ complete: true })), tables.dummy_circle);
    assert.deepEqual(asNumpy(generateDummyProbeGroup().toTable({ complete: true })), tables.dummy_group);
    assert.deepEqual(asNumpy(generateDummyProbeGroup().toTable()), tables.dummy_group_incomplete);
    const assy = readProbeinterface(join(REF, "written", "assy156_wired.json.txt")).probes[0];
    assert.deepEqual(asNumpy(assy.toTable({ complete: true })), tables.assy156_wired);
  });

  test("from_numpy round trips, keeping annotations and wiring", () => {
    const probe = generateDummyProbe({ elecShapes: "rect" });
    probe.setDeviceChannelIndices([...Array(32).keys()].reverse());
    const back = Probe.fromTable(probe.toTable({ complete: true }));
    assert.equal(back.probePlanarContour, null); // the table has no contour, as in probeinterface
    back.setPlanarContour(probe.probePlanarContour!);
    assert.deepEqual(back.annotations, {}); // neither are the probe annotations
    back.annotate(probe.annotations);
    assert.equal(back.equals(probe), true);
    assert.equal(back.contactAnnotations.quality.dtype, "float64");
    const group = generateDummyProbeGroup();
    group.setGlobalDeviceChannelIndices([...Array(64).keys()]);
    const groupBack = ProbeGroup.fromTable(group.toTable({ complete: true }));
    groupBack.probes.forEach((p, i) => {
      p.setPlanarContour(group.probes[i].probePlanarContour!);
      p.annotate(group.probes[i].annotations);
    });
    assert.equal(groupBack.equals(group), true);
  });

  test("from_numpy accepts int64 columns as bigint and names missing fields", () => {
    const probe = Probe.fromTable({
      columns: [
        { name: "x", values: [0, 10] },
        { name: "y", values: [0, 0] },
        { name: "contact_shapes", values: ["square", "square"] },
        { name: "width", values: [5, 5] },
        { name: "device_channel_indices", values: BigInt64Array.from([1n, 0n]) },
        { name: "impedance", values: [1.5, 2.5] },
      ],
    });
    assert.deepEqual(Array.from(probe.deviceChannelIndices!), [1, 0]);
    assert.deepEqual(probe.toDict().contact_shape_params, [{ width: 5 }, { width: 5 }]);
    assert.deepEqual(probe.contactAnnotations.impedance.dtype, "float64");
    assert.throws(
      () => Probe.fromTable({ columns: [{ name: "x", values: [0] }] }),
      invalid(/numeric "y" column/),
    );
  });
});

describe("geometry against probeinterface", () => {
  test("rotate around the centre, around a point, and per contact", () => {
    const p = generateLinearProbe({ numElec: 3 });
    p.rotate(30);
    assertClose(p.contactPositions, geometry.rotate30.positions.flat(), "positions");
    assertClose(p.contactPlaneAxes, geometry.rotate30.plane_axes.flat(2), "plane axes");
    assertClose(p.probePlanarContour!, geometry.rotate30.contour.flat(), "contour");
    const q = generateLinearProbe({ numElec: 3 });
    q.rotate(-45, { center: [5, 7] });
    assertClose(q.contactPositions, geometry.rotate_m45_center.positions.flat(), "positions");
    assertClose(q.contactPlaneAxes, geometry.rotate_m45_center.plane_axes.flat(2), "plane axes");
    const r = generateLinearProbe({ numElec: 3 });
    r.rotateContacts([10, 20, 30]);
    assertClose(r.contactPlaneAxes, geometry.rotate_contacts.plane_axes.flat(2), "plane axes");
  });

  test("circular auto shape and contact vertices", () => {
    const p = generateMultiColumnsProbe({ numColumns: 2, numContactPerColumn: 3 });
    p.createAutoShape({ probeType: "circular", margin: 5 });
    assertClose(p.probePlanarContour!, geometry.auto_shape_circular.flat(), "contour");
    assertClose(
      generateDummyProbe({ elecShapes: "rect" }).getContactVertices()[0],
      geometry.rect_vertices_0.flat(),
      "rect",
    );
    const circle = generateTetrode().getContactVertices()[1];
    assert.equal(circle.length, 720);
    assertClose(circle.subarray(0, 6), geometry.circle_vertices_1_first3.flat(), "circle");
  });

  test("3-D rotation needs an axis; 2-D refuses one", () => {
    const p3 = generateLinearProbe({ numElec: 2 }).to3d("xy");
    assert.throws(() => p3.rotate(90), invalid(/needs an axis/));
    p3.rotate(90, { axis: [0, 0, 1], center: [0, 0, 0] });
    // counterclockwise about +z (the 3-D formula of probeinterface)
    assertClose(p3.contactPositions, [0, 0, 0, -20, 0, 0], "rotated about z");
    assert.throws(() => generateTetrode().rotate(10, { axis: [0, 0, 1] }), invalid(/without an axis/));
    assert.throws(() => generateTetrode().move([1, 2, 3]), invalid(/translation vector \[1,2,3\]/));
  });
});

describe("Probe model", () => {
  test("getSlice keeps the given order for every per-contact array", () => {
    const p = generateDummyProbe();
    p.setDeviceChannelIndices([...Array(32).keys()]);
    p.setShankIds(Array.from({ length: 32 }, (_, i) => String(i % 2)));
    const s = p.getSlice([5, 2, 31]);
    assert.deepEqual(s.contactIds, ["5", "2", "31"]);
    assert.deepEqual(s.shankIds, ["1", "0", "1"]);
    assert.deepEqual(Array.from(s.deviceChannelIndices!), [5, 2, 31]);
    assert.deepEqual(s.toDict().contact_positions, [p.toDict().contact_positions[5], [0, 50], [50, 225]]);
    assert.deepEqual(s.probePlanarContour, p.probePlanarContour);
    assert.equal(s.contactAnnotations.quality.values.length, 3);
    const mask = new Array(32).fill(false);
    mask[7] = true;
    assert.deepEqual(p.getSlice(mask).contactIds, ["7"]);
    assert.throws(() => p.getSlice([1, 1]), invalid(/contact index 1 is selected twice/));
    assert.throws(() => p.getSlice([32]), invalid(/contact index 32 is out of range for 32 contacts/));
    assert.throws(() => p.getSlice([true, false]), invalid(/32 values .* got 2/));
  });

  test("copy drops the wiring; a group copy keeps the global wiring", () => {
    const pg = generateDummyProbeGroup();
    pg.setGlobalDeviceChannelIndices([...Array(64).keys()].reverse());
    const c = pg.probes[0].copy();
    assert.equal(c.deviceChannelIndices, null);
    assert.deepEqual(c.contactIds, pg.probes[0].contactIds);
    const gc = pg.copy();
    assert.ok(gc.equals(pg));
    assert.notEqual(gc.probes[0], pg.probes[0]);
  });

  test("a probe joins one group only, with the group's ndim", () => {
    const p = generateTetrode();
    const pg = new ProbeGroup([p]);
    assert.throws(() => new ProbeGroup([p]), invalid(/already attached to a ProbeGroup/));
    assert.throws(
      () => pg.addProbe(generateTetrode().to3d()),
      invalid(/ndim 3 differs from the group's ndim 2/),
    );
    assert.equal(pg.probes.length, 1);
  });

  test("setContacts checks its input and leaves the probe unchanged on error", () => {
    const p = generateTetrode();
    assert.throws(
      () =>
        p.setContacts({
          positions: [
            [0, 0],
            [1, 1],
            [0, 0],
          ],
        }),
      invalid(/position \(0, 0\) at indices \[0, 2\]/),
    );
    assert.throws(
      () => p.setContacts({ positions: [[0, 0]], contactIds: ["a", "b"] }),
      invalid(/2 contact ids given for 1/),
    );
    assert.equal(p.getContactCount(), 4);
    assert.throws(
      () => new Probe({ ndim: 3 }).setContacts({ positions: [[0, 0, 0]] }),
      invalid(/needs planeAxes/),
    );
    assert.throws(() => p.setContacts({ positions: [[0, 0]], contactSides: ["top"] }), invalid(/"top"/));
    assert.throws(() => p.setContactIds(["a", "b", "a", "c"]), invalid(/"a" repeats/));
    assert.throws(() => p.annotate({ first_index: 3 }), invalid(/first_index must be 0 or 1, got 3/));
    assert.throws(() => new Probe().contactPositions, invalid(/has no contacts/));
  });

  test("name, manufacturer... live in annotations; title as probeinterface", () => {
    const p = generateMultiColumnsProbe({ numColumns: 1, numContactPerColumn: 2 });
    p.name = "left";
    p.manufacturer = "acme";
    p.serialNumber = "42";
    assert.deepEqual(p.annotations, { name: "left", manufacturer: "acme", serial_number: "42" });
    p.serialNumber = null;
    assert.equal(p.getTitle(), "left - acme - 2ch");
    p.setShankIds(["0", "1"]);
    assert.equal(p.getTitle(), "left - acme - 2ch - 2shanks");
    assert.equal(new Probe().getTitle(), "Undefined probe");
  });

  test("to3d / to2d keep wiring and shapes", () => {
    const p = generateLinearProbe({ numElec: 2 });
    p.setDeviceChannelIndices([1, 0]);
    const p3 = p.to3d("yz");
    assert.deepEqual(p3.toDict().contact_positions, [
      [0, 0, 0],
      [0, 0, 20],
    ]);
    assert.deepEqual(p3.toDict().contact_plane_axes[0], [
      [0, 1, 0],
      [0, 0, 1],
    ]);
    assert.deepEqual(Array.from(p3.deviceChannelIndices!), [1, 0]);
    assert.equal(p3.contactIds, null);
    const back = p3.to2d("yz");
    assert.deepEqual(back.contactPositions, p.contactPositions);
    assert.throws(() => p.to2d(), invalid(/needs a 3-D probe/));
    assert.throws(() => p.to3d("x"), invalid(/exactly 2 dimensions/));
  });
});
