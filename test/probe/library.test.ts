import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InvalidArgumentError, isSiError } from "../../src/errors.js";
import { prepareProbeGroupForChannels } from "../../src/probe/attach.js";
import { getProbe, PROBE_LIBRARY_ENV, probeLibraryFolders } from "../../src/probe/node.js";
import { ProbeGroup } from "../../src/probe/probegroup.js";
import { getAvailablePathways } from "../../src/probe/wiring.js";

const LIBRARY = join(import.meta.dirname, "..", "fixtures", "probe-library");

// 'ASSY-156>RHD2164' as listed in the spec (probeinterface.md §3): entry k = device channel of contact k
const ASSY_156_RHD2164 = [
  47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21,
  20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 63, 62, 61, 60, 59, 58, 57, 56,
  55, 54, 53, 52, 51, 50, 49, 48,
];

describe("probe library (local folders only)", () => {
  test("the seed's example: ASSY-156-P-1 wired 'ASSY-156>RHD2164', 4 shanks of 16 contacts", () => {
    const probe = getProbe({
      manufacturer: "cambridgeneurotech",
      probeName: "ASSY-156-P-1",
      libraryFolder: LIBRARY,
    });
    assert.equal(probe.getContactCount(), 64);
    assert.equal(probe.manufacturer, "cambridgeneurotech");
    assert.equal(probe.modelName, "ASSY-156-P-1");
    assert.equal(probe.getShankCount(), 4);
    assert.deepEqual(
      probe.getShanks().map((s) => [s.shankId, s.getContactCount()]),
      [
        ["0", 16],
        ["1", 16],
        ["2", 16],
        ["3", 16],
      ],
    );
    assert.equal(probe.deviceChannelIndices, null);
    probe.wiringToDevice("ASSY-156>RHD2164");
    assert.deepEqual(Array.from(probe.deviceChannelIndices!), ASSY_156_RHD2164);

    // the probe returned by getProbe is detached from its file's group
    const prepared = prepareProbeGroupForChannels(new ProbeGroup([probe]), {
      numChannels: 64,
      groupMode: "by_shank",
    });
    const positions = probe.contactPositions;
    const shanks = probe.shankIds!;
    for (let channel = 0; channel < 64; channel++) {
      const contact = ASSY_156_RHD2164.indexOf(channel);
      assert.equal(prepared.order[channel], contact);
      assert.equal(prepared.groups[channel], Number(shanks[contact]));
      assert.deepEqual(
        [prepared.locations[channel * 2], prepared.locations[channel * 2 + 1]],
        [positions[contact * 2], positions[contact * 2 + 1]],
      );
    }
    const sizes = [0, 0, 0, 0];
    for (const g of prepared.groups) sizes[g]++;
    assert.deepEqual(sizes, [16, 16, 16, 16]);
    assert.deepEqual(Array.from(prepared.probegroup.probes[0].deviceChannelIndices!), [...Array(64).keys()]);
    // auto uses the shanks too; by_probe puts every channel in group 0
    const wired = () => {
      const p = probe.copy();
      p.wiringToDevice("ASSY-156>RHD2164");
      return new ProbeGroup([p]);
    };
    const auto = prepareProbeGroupForChannels(wired(), { numChannels: 64 });
    assert.deepEqual(auto.groups, prepared.groups);
    const byProbe = prepareProbeGroupForChannels(wired(), { numChannels: 64, groupMode: "by_probe" });
    assert.deepEqual(Array.from(byProbe.groups), new Array(64).fill(0));
    // copy() drops the wiring, as probeinterface does
    assert.throws(
      () => prepareProbeGroupForChannels(new ProbeGroup([probe.copy()]), { numChannels: 64 }),
      (err: unknown) =>
        err instanceof InvalidArgumentError && /probe 0 .* has no device channel indices/.test(err.message),
    );
  });

  test("name and library layouts", () => {
    const probe = getProbe({
      manufacturer: "imec",
      probeName: "NP1000",
      libraryFolder: LIBRARY,
      name: "left",
    });
    assert.equal(probe.name, "left");
    assert.equal(probe.getContactCount(), 960);
    assert.equal(probe.description, "Neuropixels 1.0 probe");
    // probeinterface's own cache layout: <folder>/<manufacturer>/<probe_name>.json
    const dir = mkdtempSync(join(tmpdir(), "si-probe-lib-"));
    try {
      mkdirSync(join(dir, "neuronexus"));
      cpSync(
        join(LIBRARY, "neuronexus", "A1x32-Poly3-10mm-50-177", "A1x32-Poly3-10mm-50-177.json"),
        join(dir, "neuronexus", "A1x32-Poly3-10mm-50-177.json"),
      );
      const p = getProbe({
        manufacturer: "neuronexus",
        probeName: "A1x32-Poly3-10mm-50-177",
        libraryFolder: dir,
      });
      assert.equal(p.getContactCount(), 32);
      assert.equal(p.annotations.first_index, 1);
      assert.deepEqual(Array.from(p.contactPositions.subarray(0, 2)), [0, 450]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the environment variable adds folders, searched before the cache folders", () => {
    const saved = process.env[PROBE_LIBRARY_ENV];
    try {
      process.env[PROBE_LIBRARY_ENV] = LIBRARY;
      const folders = probeLibraryFolders();
      assert.equal(folders[0], LIBRARY);
      assert.ok(folders.length >= 3);
      const probe = getProbe({ manufacturer: "imec", probeName: "NP2014" });
      assert.equal(probe.getShankCount(), 4);
      assert.equal(probe.getContactCount(), 5120);
    } finally {
      if (saved === undefined) delete process.env[PROBE_LIBRARY_ENV];
      else process.env[PROBE_LIBRARY_ENV] = saved;
    }
  });

  test("a probe not in the library names the folders searched and where to put the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "si-probe-lib-"));
    try {
      assert.throws(
        () => getProbe({ manufacturer: "cambridgeneurotech", probeName: "ASSY-999", libraryFolder: dir }),
        (err: unknown) =>
          isSiError(err, "file_not_found") &&
          err.message.includes('"ASSY-999"') &&
          err.message.includes(join(dir, "cambridgeneurotech", "ASSY-999", "ASSY-999.json")) &&
          err.message.includes("probeinterface_library/main/cambridgeneurotech/ASSY-999/ASSY-999.json"),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("names with path separators are refused", () => {
    assert.throws(
      () => getProbe({ manufacturer: "../etc", probeName: "x", libraryFolder: LIBRARY }),
      (err: unknown) => err instanceof InvalidArgumentError && err.message.includes('"../etc"'),
    );
  });

  test("an unknown pathway lists the known ones", () => {
    const probe = getProbe({
      manufacturer: "cambridgeneurotech",
      probeName: "ASSY-156-P-1",
      libraryFolder: LIBRARY,
    });
    assert.throws(
      () => probe.wiringToDevice("ASSY-156>RHD9999"),
      (err: unknown) =>
        err instanceof InvalidArgumentError &&
        err.message.includes('"ASSY-156>RHD9999"') &&
        getAvailablePathways().every((p) => err.message.includes(JSON.stringify(p))),
    );
    assert.throws(
      () => probe.wiringToDevice("H32>RHD2132"),
      (err: unknown) =>
        err instanceof InvalidArgumentError && /wires 32 contacts but the probe has 64/.test(err.message),
    );
    assert.equal(probe.deviceChannelIndices, null);
  });
});
