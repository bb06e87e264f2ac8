import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InvalidArgumentError } from "../../src/errors.js";
import {
  channelLocations,
  computeChannelGroups,
  prepareChannelSelectionWithProbeGroup,
  prepareProbeGroupForChannels,
} from "../../src/probe/attach.js";
import {
  aggregateProbeGroups,
  createDummyProbeFromLocations,
  sliceProbeGroupForChannels,
} from "../../src/probe/attach-views.js";
import { generateLinearProbe, generateTetrode } from "../../src/probe/generators.js";
import { readProbeinterface } from "../../src/probe/node.js";
import { Probe } from "../../src/probe/probe.js";
import { ProbeGroup } from "../../src/probe/probegroup.js";

const PY = join(import.meta.dirname, "..", "fixtures", "python-si");
const expected = JSON.parse(readFileSync(join(PY, "probes", "expected.json"), "utf8"));
const rows = (flat: Float64Array, ndim = 2): number[][] =>
  Array.from({ length: flat.length / ndim }, (_, i) => Array.from(flat.subarray(i * ndim, (i + 1) * ndim)));
const twoProbes = () => readProbeinterface(join(PY, "probes", "two_probes_group.json"));
const multishank = () => readProbeinterface(join(PY, "probes", "multishank_probe.json"));
const invalid = (pattern: RegExp) => (err: unknown) =>
  err instanceof InvalidArgumentError && pattern.test(err.message);

describe("prepareProbeGroupForChannels (set_probegroup at HEAD)", () => {
  test("two probes, auto: expected.json groups and locations", () => {
    const e = expected.set_probegroup_two_probes_auto;
    const prepared = prepareProbeGroupForChannels(twoProbes(), { numChannels: 10 });
    assert.deepEqual(Array.from(prepared.groups), e.groups);
    assert.deepEqual(rows(prepared.locations), e.locations);
    assert.deepEqual(Array.from(prepared.order), [...Array(10).keys()]);
  });

  test("multi-shank probe wired in reverse: expected.json by_shank and by_probe", () => {
    const e = expected.set_probegroup_multishank;
    const byShank = prepareProbeGroupForChannels(multishank(), { numChannels: 16, groupMode: "by_shank" });
    assert.deepEqual(Array.from(byShank.groups), e.by_shank_groups);
    assert.deepEqual(rows(byShank.locations), e.by_shank_locations);
    assert.deepEqual(Array.from(byShank.order), [...Array(16).keys()].reverse());
    assert.deepEqual(Array.from(byShank.probegroup.probes[0].deviceChannelIndices!), [...Array(16).keys()]);
    const byProbe = prepareProbeGroupForChannels(multishank(), { numChannels: 16, groupMode: "by_probe" });
    assert.deepEqual(Array.from(byProbe.groups), e.by_probe_groups);
  });

  test("saved recordings and snippets: probegroup.json gives the expected locations", () => {
    const rec = JSON.parse(readFileSync(join(PY, "recording", "expected.json"), "utf8"));
    const pg = readProbeinterface(join(PY, "recording", "recording_binary", "probegroup.json"));
    const prepared = prepareProbeGroupForChannels(pg, { numChannels: 16 });
    assert.deepEqual(rows(prepared.locations), rec.probe.channel_locations);
    assert.deepEqual(prepared.probegroup.probes[0].contactShapes, rec.probe.contact_shapes);
    const snip = JSON.parse(readFileSync(join(PY, "snippets", "expected.json"), "utf8"));
    const spg = readProbeinterface(join(PY, "snippets", "snippets_npy", "probegroup.json"));
    assert.deepEqual(rows(channelLocations(spg)), snip.channel_locations);
  });

  test("shank ids compare as strings: shank '10' comes before shank '2'", () => {
    const probe = generateLinearProbe({ numElec: 4 });
    probe.setShankIds(["2", "10", "2", "10"]);
    assert.deepEqual(Array.from(computeChannelGroups(new ProbeGroup([probe]), "by_shank")), [1, 0, 1, 0]);
  });

  test("groups by side, with and without shanks", () => {
    const probe = new Probe();
    probe.setContacts({
      positions: [
        [0, 0],
        [0, 0],
        [0, 20],
        [0, 20],
      ],
      contactSides: ["front", "back", "front", "back"],
      shankIds: ["1", "1", "0", "0"],
    });
    const pg = new ProbeGroup([probe]);
    assert.deepEqual(Array.from(computeChannelGroups(pg, "by_side")), [3, 2, 1, 0]);
    assert.deepEqual(Array.from(computeChannelGroups(pg, "auto")), [3, 2, 1, 0]);
    assert.deepEqual(Array.from(computeChannelGroups(pg, "by_shank")), [1, 1, 0, 0]);
  });

  test("device indices beyond the channel count name the index and the count", () => {
    assert.throws(
      () => prepareProbeGroupForChannels(twoProbes(), { numChannels: 8 }),
      invalid(/device channel index 9 is out of range for a recording with 8 channels/),
    );
  });

  test("fewer connected contacts than channels names both counts", () => {
    const pg = twoProbes();
    pg.probes[1].setDeviceChannelIndices([6, -1, 8, -1]);
    assert.throws(
      () => prepareProbeGroupForChannels(pg, { numChannels: 10 }),
      invalid(/8 connected contacts but the recording has 10 channels/),
    );
    // the selection variant keeps the wired channels instead
    const sel = prepareChannelSelectionWithProbeGroup(pg, { numChannels: 10 });
    assert.deepEqual(Array.from(sel.channelIndices), [0, 1, 2, 3, 4, 5, 6, 8]);
    assert.deepEqual(Array.from(sel.groups), [0, 0, 0, 0, 0, 0, 1, 1]);
    assert.deepEqual(rows(sel.locations).slice(6), [
      [300, 0],
      [300, 50],
    ]);
    assert.deepEqual(
      Array.from(sel.probegroup.getGlobalDeviceChannelIndices().deviceChannelIndices),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
  });

  test("duplicate device indices are refused where they are set", () => {
    const probe = generateLinearProbe({ numElec: 3 });
    assert.throws(
      () => probe.setDeviceChannelIndices([0, 2, 2]),
      invalid(/device channel index 2 is given to contacts 1 and 2/),
    );
    const pg = twoProbes();
    assert.throws(
      () => pg.probes[1].setDeviceChannelIndices([0, 7, 8, 9]),
      invalid(/device channel index 0 is used twice/),
    );
    assert.deepEqual(Array.from(pg.probes[1].deviceChannelIndices!), [6, 7, 8, 9]);
  });

  test("interleaved multi-probe wiring cannot give contact i = channel i", () => {
    const pg = twoProbes();
    pg.setGlobalDeviceChannelIndices([0, 2, 4, 6, 8, 9, 1, 3, 5, 7]);
    assert.throws(() => prepareProbeGroupForChannels(pg, { numChannels: 10 }), invalid(/interleaved/));
    // select_channels_with_probegroup reorders the channels to the probe order instead
    const sel = prepareChannelSelectionWithProbeGroup(pg, { numChannels: 10 });
    assert.deepEqual(Array.from(sel.channelIndices), [0, 2, 4, 6, 8, 9, 1, 3, 5, 7]);
  });

  test("overlapping probes are refused unless checkOverlap is false", () => {
    const a = generateLinearProbe({ numElec: 4 });
    const b = generateLinearProbe({ numElec: 4 });
    b.move([0, 10]);
    const pg = new ProbeGroup([a, b]);
    pg.setGlobalDeviceChannelIndices([...Array(8).keys()]);
    assert.throws(
      () => prepareProbeGroupForChannels(pg, { numChannels: 8 }),
      invalid(/probes 0 and 1 overlap/),
    );
    const ok = prepareProbeGroupForChannels(pg, { numChannels: 8, checkOverlap: false });
    assert.deepEqual(Array.from(ok.groups), [0, 0, 0, 0, 1, 1, 1, 1]);
  });

  test("bad group modes", () => {
    const pg = twoProbes();
    assert.throws(
      () => prepareProbeGroupForChannels(pg, { numChannels: 10, groupMode: "by_shank" }),
      invalid(/"by_shank" needs shank ids/),
    );
    assert.throws(
      () => prepareProbeGroupForChannels(pg, { numChannels: 10, groupMode: "by_color" as "auto" }),
      invalid(/groupMode "by_color"/),
    );
  });

  test("unconnected contacts are dropped; no connected contact gives an empty group", () => {
    const probe = generateTetrode();
    probe.setDeviceChannelIndices([-1, 1, -1, 0]);
    const prepared = prepareProbeGroupForChannels(new ProbeGroup([probe]), { numChannels: 2 });
    assert.deepEqual(Array.from(prepared.order), [3, 1]);
    assert.deepEqual(rows(prepared.locations), [
      rows(probe.contactPositions)[3],
      rows(probe.contactPositions)[1],
    ]);
    const none = generateTetrode();
    none.setDeviceChannelIndices([-1, -1, -1, -1]);
    const empty = prepareProbeGroupForChannels(new ProbeGroup([none]), { numChannels: 0 });
    assert.equal(empty.probegroup.probes.length, 0);
  });
});

describe("channel slices, aggregation, dummy probes", () => {
  test("a slice of one probe keeps the requested order and renumbers the wiring", () => {
    const attached = prepareProbeGroupForChannels(multishank(), { numChannels: 16 }).probegroup;
    const sliced = sliceProbeGroupForChannels(attached, [3, 0, 12]);
    const full = rows(channelLocations(attached));
    assert.deepEqual(rows(channelLocations(sliced)), [full[3], full[0], full[12]]);
    assert.deepEqual(Array.from(sliced.probes[0].deviceChannelIndices!), [0, 1, 2]);
    assert.deepEqual(Array.from(prepareProbeGroupForChannels(sliced, { numChannels: 3 }).groups), [1, 1, 0]);
  });

  test("a slice listing the second probe first keeps locations right; interleaving is refused", () => {
    const attached = prepareProbeGroupForChannels(twoProbes(), { numChannels: 10 }).probegroup;
    const full = rows(channelLocations(attached));
    const sliced = sliceProbeGroupForChannels(attached, [7, 6, 0]);
    assert.deepEqual(rows(channelLocations(sliced)), [full[7], full[6], full[0]]);
    assert.throws(
      () => sliceProbeGroupForChannels(attached, [0, 7, 1]),
      invalid(/channel index 1 .* returns to probe 0/),
    );
    assert.throws(
      () => sliceProbeGroupForChannels(attached, [0, 10]),
      invalid(/channel index 10 is out of range/),
    );
    assert.equal(sliceProbeGroupForChannels(attached, []).probes.length, 0);
  });

  test("aggregation stacks copies of every probe wired 0..N-1", () => {
    const a = prepareProbeGroupForChannels(multishank(), { numChannels: 16 }).probegroup;
    const b = prepareProbeGroupForChannels(twoProbes(), { numChannels: 10 }).probegroup;
    const agg = aggregateProbeGroups([a, b]);
    assert.equal(agg.probes.length, 3);
    assert.deepEqual(Array.from(agg.getGlobalDeviceChannelIndices().deviceChannelIndices), [
      ...Array(26).keys(),
    ]);
    assert.deepEqual(rows(channelLocations(agg)), [
      ...rows(channelLocations(a)),
      ...rows(channelLocations(b)),
    ]);
    assert.notEqual(agg.probes[0], a.probes[0]);
  });

  test("dummy probe from 2-D and 3-D locations", () => {
    const p2 = createDummyProbeFromLocations([
      [1, 2],
      [3, 4],
    ]);
    assert.deepEqual(p2.toDict().contact_shape_params, [{ radius: 1 }, { radius: 1 }]);
    assert.deepEqual(Array.from(p2.deviceChannelIndices!), [0, 1]);
    const p3 = createDummyProbeFromLocations(
      [
        [1, 0, 2],
        [3, 0, 4],
      ],
      { axes: "xz" },
    );
    assert.equal(p3.ndim, 3);
    assert.deepEqual(rows(p3.contactPositions, 3), [
      [1, 0, 2],
      [3, 0, 4],
    ]);
    assert.deepEqual(Array.from(p3.deviceChannelIndices!), [0, 1]);
    assert.deepEqual(rows(channelLocations(new ProbeGroup([p3]), "xz")), [
      [1, 2],
      [3, 4],
    ]);
  });
});
