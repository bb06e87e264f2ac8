/**
 * Folders written by SpikeInterface ≤ 0.104: `num_chan` in binary.json, the probe in `probe.json`
 * with contacts in the order given (reordered here by device channel), `probes_info` annotations
 * moved into the probes, a `contact_vector` property that is ignored; zarr with a `probe` attr.
 */
import assert from "node:assert/strict";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { loadExtractor } from "../../../src/io/folders/index.js";
import { npyFromColumns } from "../../../src/io/npy/builders.js";
import { encodeNpy } from "../../../src/io/npy/encode-npy.js";
import type { BaseRecording } from "../../../src/recording/base-recording.js";
import { expected, type Json, REC_BINARY, REC_ZARR, tempDir } from "./helpers.js";

const { dir, cleanup } = tempDir("si-legacy-");
after(cleanup);
const exp = expected("recording");

const PER_CONTACT = [
  "contact_positions",
  "contact_plane_axes",
  "contact_shapes",
  "contact_shape_params",
  "device_channel_indices",
  "contact_ids",
  "shank_ids",
  "contact_sides",
];

/** The probe dict with its contacts listed in reverse (as a ≤ 0.104 folder could hold them). */
function reversedProbes(probegroup: Json): Json {
  return {
    probes: probegroup.probes.map((p: Json) => {
      const q = { ...p };
      for (const k of PER_CONTACT) if (Array.isArray(q[k])) q[k] = [...q[k]].reverse();
      return q;
    }),
  };
}

function checkLegacy(rec: BaseRecording): void {
  assert.deepEqual(Array.from(rec.getChannelLocations()), exp.probe.channel_locations.flat());
  assert.deepEqual(rec.getProbe().annotations.name, "legacy probe");
  assert.equal(rec.getAnnotation("probes_info"), null);
  assert.ok(!rec.getPropertyKeys().includes("contact_vector"));
  assert.equal(rec.getAnnotation("experimenter"), "anchor");
}

describe("legacy folders", () => {
  test("binary folder with num_chan, probe.json, probes_info and contact_vector", async () => {
    const d = join(dir, "legacy_binary");
    cpSync(REC_BINARY, d, { recursive: true });
    const read = (f: string) => JSON.parse(readFileSync(join(d, f), "utf8"));
    const binary = read("binary.json");
    binary.kwargs.num_chan = binary.kwargs.num_channels;
    delete binary.kwargs.num_channels;
    binary.version = "0.98.0";
    writeFileSync(join(d, "binary.json"), JSON.stringify(binary));
    writeFileSync(
      join(d, "probe.json"),
      JSON.stringify({
        specification: "probeinterface",
        version: "0.2.21",
        ...reversedProbes(read("probegroup.json")),
      }),
    );
    rmSync(join(d, "probegroup.json"));
    const si = read("si_folder.json");
    delete si.probegroup;
    si.annotations.probes_info = [{ name: "legacy probe", manufacturer: "anchor" }];
    writeFileSync(join(d, "si_folder.json"), JSON.stringify(si));
    const cv = npyFromColumns({
      probe_index: new BigInt64Array(16),
      x: new Float64Array(16),
      y: new Float64Array(16),
    });
    writeFileSync(join(d, "properties", "contact_vector.npy"), encodeNpy(cv));
    const rec = (await loadExtractor(d)) as BaseRecording;
    checkLegacy(rec);
    assert.deepEqual(
      Array.from((await rec.getTraces({ segmentIndex: 0, endFrame: 8 })).data),
      exp.traces.seg0_raw_0_8_all.flat(),
    );
  });

  test("zarr with a `probe` attribute", async () => {
    const d = join(dir, "legacy.zarr");
    cpSync(REC_ZARR, d, { recursive: true });
    const attrs = JSON.parse(readFileSync(join(d, ".zattrs"), "utf8"));
    attrs.probe = reversedProbes(attrs.probegroup);
    delete attrs.probegroup;
    attrs.annotations.probes_info = [{ name: "legacy probe" }];
    writeFileSync(join(d, ".zattrs"), JSON.stringify(attrs));
    checkLegacy((await loadExtractor(d)) as BaseRecording);
  });
});
