import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { FileFormatError, isSiError } from "../../src/errors.js";
import { parseProbeinterfaceJson, probeGroupToJson } from "../../src/probe/json.js";
import { readProbeinterface, writeProbeinterface } from "../../src/probe/node.js";
import { Probe } from "../../src/probe/probe.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const PYTHON_SI = join(FIXTURES, "python-si");
const REFERENCE = join(import.meta.dirname, "reference", "written");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Probe JSON files written by Python SpikeInterface / probeinterface. */
const SI_WRITTEN = [
  ...walk(join(PYTHON_SI, "probes")).filter((f) => !f.endsWith("expected.json")),
  ...walk(PYTHON_SI).filter((f) => f.endsWith("probegroup.json")),
];
const LIBRARY = walk(join(FIXTURES, "probe-library")).filter((f) => f.endsWith(".json"));
const REFERENCE_FILES = walk(REFERENCE).filter((f) => !f.includes("assy156"));
const ASSY_WIRED = join(REFERENCE, "assy156_wired.json.txt");

/** Every object's key order, as a list of paths, to compare structures. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, `${prefix}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...keyPaths(v, `${prefix}.${k}`)]);
  }
  return [];
}

describe("probeinterface JSON fixtures", () => {
  test("there are fixtures to check", () => {
    assert.ok(SI_WRITTEN.length >= 5, SI_WRITTEN.join(", "));
    assert.equal(LIBRARY.length, 4);
  });

  for (const file of [...SI_WRITTEN, ...REFERENCE_FILES]) {
    test(`writes Python's exact bytes: ${file.slice(FIXTURES.length - 8)}`, () => {
      const text = readFileSync(file, "utf8");
      const group = parseProbeinterfaceJson(text, { path: file });
      assert.equal(probeGroupToJson(group), text);
    });
  }

  for (const file of [...SI_WRITTEN, ...LIBRARY, ASSY_WIRED]) {
    test(`reads, writes and reads back equal, same keys in the same order: ${file.slice(FIXTURES.length - 8)}`, () => {
      const original = JSON.parse(readFileSync(file, "utf8"));
      const group = readProbeinterface(file);
      const dir = mkdtempSync(join(tmpdir(), "si-probe-"));
      try {
        const out = join(dir, "probe.json");
        writeProbeinterface(out, group);
        const written = JSON.parse(readFileSync(out, "utf8"));
        assert.deepEqual(keyPaths(written), keyPaths(original));
        assert.deepEqual(written, original);
        assert.ok(readProbeinterface(out).equals(group));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  test("expected.json values of the probes fixtures", () => {
    const expected = JSON.parse(readFileSync(join(PYTHON_SI, "probes", "expected.json"), "utf8"));
    for (const name of ["multishank_probe.json", "two_probes_group.json"]) {
      const e = expected[name];
      const group = readProbeinterface(join(PYTHON_SI, "probes", name));
      assert.equal(group.probes.length, e.num_probes);
      assert.deepEqual(
        group.probes.map((p) => p.getContactCount()),
        e.contact_counts,
      );
      assert.deepEqual(
        group.probes.map((p) => p.shankIds),
        e.shank_ids,
      );
      group.probes.forEach((p, i) => {
        assert.deepEqual(p.toDict().contact_positions, e.contact_positions[i]);
        assert.deepEqual(Array.from(p.deviceChannelIndices!), e.device_channel_indices[i]);
      });
      const global = group.getGlobalDeviceChannelIndices();
      assert.deepEqual(
        Array.from(global.probeIndex, (p, i) => [p, global.deviceChannelIndices[i]]),
        e.global_device_channel_indices,
      );
      const table = group.toTable({ complete: true });
      const numpyDtype = { float64: "float64", int64: "int64" } as Record<string, string>;
      assert.deepEqual(
        table.columns.map((c) => [c.name, numpyDtype[c.dtype] ?? c.dtype]),
        e.contact_vector_dtype,
      );
    }
  });

  test("the writer refuses to overwrite unless asked, and leaves no temporary file", () => {
    const dir = mkdtempSync(join(tmpdir(), "si-probe-"));
    try {
      const out = join(dir, "probe.json");
      const group = readProbeinterface(join(PYTHON_SI, "probes", "two_probes_group.json"));
      writeProbeinterface(out, group.probes[1]);
      assert.throws(
        () => writeProbeinterface(out, group),
        (err: unknown) => isSiError(err, "file_exists"),
      );
      assert.equal(readProbeinterface(out).getContactCount(), 4);
      writeProbeinterface(out, group, { overwrite: true });
      assert.equal(readProbeinterface(out).getContactCount(), 10);
      assert.deepEqual(readdirSync(dir), ["probe.json"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("malformed probeinterface JSON", () => {
  const good = JSON.parse(readFileSync(join(PYTHON_SI, "probes", "two_probes_group.json"), "utf8"));
  const withProbe = (change: (p: Record<string, unknown>) => void): string => {
    const doc = structuredClone(good);
    change(doc.probes[0]);
    return JSON.stringify(doc);
  };
  const cases: [string, string, RegExp][] = [
    ["not JSON", "{ probes: [", /not valid JSON/],
    ["not an object", "[1, 2]", /JSON object/],
    ["no probes", '{"specification": "probeinterface"}', /"probes" list/],
    ["another specification", '{"specification": "nwb", "probes": []}', /"nwb"/],
    [
      "missing positions",
      withProbe((p) => delete p.contact_positions),
      /probes\[0\]\.contact_positions is missing/,
    ],
    ["bad ndim", withProbe((p) => (p.ndim = 4)), /probes\[0\]\.ndim must be 2 or 3/],
    ["bad shape", withProbe((p) => ((p.contact_shapes as string[])[2] = "hexagon")), /"hexagon"/],
    [
      "duplicate wiring",
      withProbe((p) => ((p.device_channel_indices as number[])[1] = 0)),
      /device channel index 0/,
    ],
    [
      "wiring clash between probes",
      withProbe((p) => ((p.device_channel_indices as number[])[0] = 9)),
      /device channel index 9 is used twice/,
    ],
    ["short row", withProbe((p) => ((p.contact_positions as number[][])[3] = [1])), /row 3/],
  ];
  for (const [what, text, message] of cases) {
    test(what, () => {
      assert.throws(
        () => parseProbeinterfaceJson(text, { path: "bad.json" }),
        (err: unknown) =>
          err instanceof FileFormatError && message.test(err.message) && err.message.startsWith("bad.json"),
      );
    });
  }

  test("a missing file is file_not_found naming the path", () => {
    assert.throws(
      () => readProbeinterface("/nonexistent/probe.json"),
      (err: unknown) => isSiError(err, "file_not_found") && err.message.includes("/nonexistent/probe.json"),
    );
  });

  test("a file with a bad first_index annotation is refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "si-probe-"));
    try {
      const f = join(dir, "p.json");
      writeFileSync(
        f,
        withProbe((p) => (p.annotations = { first_index: 2 })),
      );
      assert.throws(() => readProbeinterface(f), /first_index must be 0 or 1, got 2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a probe written alone is wrapped in a group, as probeinterface does", () => {
    const p = new Probe();
    p.setContacts({ positions: [[0, 0]] });
    const doc = JSON.parse(probeGroupToJson(p));
    assert.deepEqual(Object.keys(doc), ["specification", "version", "probes"]);
    assert.equal(doc.version, "0.3.2");
    assert.deepEqual(Object.keys(doc.probes[0]), [
      "ndim",
      "si_units",
      "annotations",
      "contact_annotations",
      "contact_positions",
      "contact_plane_axes",
      "contact_shapes",
      "contact_shape_params",
    ]);
  });
});
