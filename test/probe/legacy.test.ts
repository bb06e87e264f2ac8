import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type DType, toNumpyDescr } from "../../src/dtype.js";
import { InvalidArgumentError } from "../../src/errors.js";
import { prepareProbeGroupForChannels } from "../../src/probe/attach.js";
import { getColumn } from "../../src/probe/contact-table.js";
import {
  contactVectorFromProbeGroup,
  legacyProbeAnnotations,
  probeGroupFromLegacyContactVector,
  probeGroupFromLegacyLocations,
} from "../../src/probe/legacy.js";
import { readProbeinterface } from "../../src/probe/node.js";

const PY = join(import.meta.dirname, "..", "fixtures", "python-si");
const expected = JSON.parse(readFileSync(join(PY, "probes", "expected.json"), "utf8"));
const numpy = (dtype: string) => (dtype.startsWith("<U") ? dtype : toNumpyDescr(dtype as DType));

describe("legacy (SpikeInterface ≤ 0.104) probe properties", () => {
  test("contact_vector: connected contacts ordered by device index, wiring rewritten 0..n-1", () => {
    const group = readProbeinterface(join(PY, "probes", "multishank_probe.json"));
    const cv = contactVectorFromProbeGroup(group);
    assert.deepEqual(
      cv.columns.map((c) => [c.name, numpy(c.dtype)]),
      expected["multishank_probe.json"].contact_vector_dtype.map(([n, d]: string[]) => [n, numpy(d)]),
    );
    assert.deepEqual(Array.from(getColumn(cv, "device_channel_indices")!.values as Float64Array), [
      ...Array(16).keys(),
    ]);
    assert.deepEqual(
      Array.from(getColumn(cv, "x")!.values as Float64Array).slice(0, 5),
      [170, 170, 170, 170, 150],
    );
    assert.deepEqual((getColumn(cv, "shank_ids")!.values as string[]).slice(6, 10), ["1", "1", "0", "0"]);

    const annotations = legacyProbeAnnotations(group);
    assert.deepEqual(Object.keys(annotations), ["probe_0_planar_contour", "probes_info"]);
    assert.deepEqual(annotations.probes_info, [{ name: "anchor-multishank", manufacturer: "anchor" }]);

    // reading it back gives what HEAD attaches for the same probe file
    const legacy = probeGroupFromLegacyContactVector(cv, { ...annotations, other: 1 });
    assert.deepEqual(legacy.consumedAnnotations, ["probes_info", "probe_0_planar_contour"]);
    const head = prepareProbeGroupForChannels(group, { numChannels: 16 }).probegroup;
    assert.equal(legacy.probegroup.equals(head), true);
  });

  test("unconnected contacts are left out of the contact vector", () => {
    const group = readProbeinterface(join(PY, "probes", "two_probes_group.json"));
    group.probes[0].setDeviceChannelIndices([0, -1, 2, 3, 4, 5]);
    const cv = contactVectorFromProbeGroup(group);
    assert.equal(cv.numContacts, 9);
    assert.deepEqual(
      Array.from(getColumn(cv, "probe_index")!.values as Float64Array),
      [0, 0, 0, 0, 0, 1, 1, 1, 1],
    );
    const back = probeGroupFromLegacyContactVector(cv).probegroup;
    assert.deepEqual(
      back.probes.map((p) => p.getContactCount()),
      [5, 4],
    );
    assert.deepEqual(back.probes[1].toDict().contact_shape_params[0], { radius: 7 });
  });

  test("location-only objects get a dummy probe; bad probes_info is refused", () => {
    const legacy = probeGroupFromLegacyLocations(
      [
        [0, 0],
        [0, 25],
      ],
      { probes_info: [{ model_name: "X" }], probe_0_planar_contour: null },
    );
    const probe = legacy.probegroup.probes[0];
    assert.equal(probe.modelName, "X");
    assert.equal(probe.probePlanarContour, null);
    assert.deepEqual(Array.from(probe.deviceChannelIndices!), [0, 1]);
    assert.deepEqual(legacy.consumedAnnotations, ["probes_info", "probe_0_planar_contour"]);
    assert.throws(
      () => probeGroupFromLegacyLocations([[0, 0]], { probes_info: "oops" }),
      (err: unknown) => err instanceof InvalidArgumentError && err.message.includes('"oops"'),
    );
    assert.throws(
      () => probeGroupFromLegacyContactVector({ columns: [{ name: "x", values: [0] }] }),
      (err: unknown) => err instanceof InvalidArgumentError && err.message.includes('"probe_index"'),
    );
  });
});
