import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  generateLinearProbe,
  InvalidArgumentError,
  isSiError,
  NumpyRecording,
  ProbeGroup,
} from "../../src/index.js";
import { getProbe } from "../../src/node.js";

const library = join(import.meta.dirname, "..", "fixtures", "probe-library");

function recording(numChannels: number): NumpyRecording {
  const data = new Int16Array(100 * numChannels).map((_, i) => i % numChannels);
  return new NumpyRecording({ tracesList: { data, shape: [100, numChannels] }, samplingFrequency: 30000 });
}

describe("probes on recordings", () => {
  test("the seed's example: ASSY-156 wired to an RHD2164, split by shank", async () => {
    const rec = recording(64);
    const probe = getProbe({
      manufacturer: "cambridgeneurotech",
      probeName: "ASSY-156-P-1",
      libraryFolder: library,
    });
    probe.wiringToDevice("ASSY-156>RHD2164");
    rec.setProbe(probe, { groupMode: "by_shank" });
    assert.ok(rec.hasProbe());
    const groups = rec.getChannelGroups() as Float64Array;
    assert.deepEqual([...new Set(groups)].sort(), [0, 1, 2, 3]);
    const parts = rec.splitBy("group");
    assert.equal(parts.size, 4);
    const all = rec.getChannelLocations();
    for (const [group, sub] of parts) {
      assert.equal(sub.getNumChannels(), 16);
      const ids = sub.channelIds;
      const expected = rec.getChannelLocations({ channelIds: ids });
      assert.deepEqual([...sub.getChannelLocations()], [...expected]);
      // every channel of the part has the same shank, i.e. the same original group
      for (const id of ids) assert.equal(groups[rec.idToIndex(id)], group);
      // traces of the part are the parent's columns
      const t = await sub.getTraces({ endFrame: 1 });
      assert.deepEqual(
        [...t.data],
        ids.map((id) => Number(id) % 64),
      );
    }
    assert.equal(all.length, 128);
  });

  test("locations follow channel slices and reordering", () => {
    const rec = recording(4);
    const probe = generateLinearProbe({ numElec: 4, ypitch: 20 });
    probe.setDeviceChannelIndices([3, 2, 1, 0]);
    rec.setProbe(probe);
    // contact wired to channel 0 is the last contact (y = 60)
    assert.deepEqual([...rec.getChannelLocations()], [0, 60, 0, 40, 0, 20, 0, 0]);
    const sub = rec.selectChannels([2, 0]);
    assert.deepEqual([...sub.getChannelLocations()], [0, 20, 0, 60]);
    const dict = sub.toDict() as { probegroup: { probes: { device_channel_indices: number[] }[] } };
    assert.deepEqual(dict.probegroup.probes[0].device_channel_indices, [0, 1]);
  });

  test("bad probes give clear errors", () => {
    const rec = recording(4);
    const probe = generateLinearProbe({ numElec: 4 });
    probe.setDeviceChannelIndices([0, 1, 2, 7]);
    assert.throws(
      () => rec.setProbe(probe),
      (e) => e instanceof InvalidArgumentError && /7/.test(e.message),
    );
    const three = generateLinearProbe({ numElec: 3 });
    three.setDeviceChannelIndices([0, 1, 2]);
    assert.throws(() => rec.setProbe(three), /3 connected contacts but the recording has 4/);
    const selected = rec.setProbe(three, { inPlace: false });
    assert.deepEqual(selected.channelIds, [0, 1, 2]);
    assert.throws(
      () => recording(2).getChannelLocations(),
      (e) => isSiError(e, "no_probe"),
    );
    assert.throws(
      () => rec.setProbegroup(new ProbeGroup([generateLinearProbe({ numElec: 4 })])),
      /device channel indices/,
    );
  });
});
