import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadSortingAnalyzer } from "../../src/analyzer/node.js";
import { isSiError } from "../../src/errors.js";
import { loadExtractor } from "../../src/io/folders/load.js";
import { readZarr } from "../../src/io/folders/zarr-read.js";
import { ZarrRecordingExtractor } from "../../src/io/folders/zarr-recording.js";
import { FileSystemStore } from "../../src/io/zarr/fs-store.node.js";
import { consolidateMetadata } from "../../src/io/zarr/index.js";
import { loadRemoteSortingAnalyzer } from "../../src/remote/open-remote-analyzer.js";
import { collectWarnings } from "../analyzer/helpers.js";
import { startServer, staticFiles, type TestServer } from "./server.js";

const REC = "test/fixtures/python-si/recording/recording.zarr";
const AN = "test/fixtures/python-si/analyzer/analyzer.zarr";
const dir = mkdtempSync(join(tmpdir(), "si-url-entry-"));
const consolidated = join(dir, "rec.zarr");
let server: TestServer;

before(async () => {
  cpSync(REC, consolidated, { recursive: true });
  await consolidateMetadata(new FileSystemStore(consolidated));
  server = await startServer([
    staticFiles("/rec.zarr", consolidated),
    staticFiles("/an.zarr", AN),
    staticFiles("/an-index.zarr", AN, { htmlIndex: true, hide: (rel) => rel === ".zmetadata" }),
  ]);
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function pathsSince(from: number): string[] {
  return server.log.slice(from).map((r) => r.path);
}

describe("loadExtractor / readZarr on http(s) URLs", () => {
  test("loadExtractor(url) and readZarr(url) read the remote zarr, not a local path", async () => {
    const local = await ZarrRecordingExtractor.open(REC);
    const want = await local.getTraces({ segmentIndex: 1, startFrame: 100, endFrame: 130 });
    for (const open of [loadExtractor, readZarr]) {
      const from = server.log.length;
      const rec = await open(`${server.url}/rec.zarr`);
      assert.ok(rec instanceof ZarrRecordingExtractor);
      assert.deepEqual(rec.getChannelIds(), local.getChannelIds());
      assert.deepEqual(rec.getProperty("gain_to_uV"), local.getProperty("gain_to_uV"));
      const opening = pathsSince(from);
      assert.equal(opening.filter((p) => p.endsWith("/.zmetadata")).length, 1, opening.join("\n"));
      assert.ok(opening.every((p) => p.startsWith("/rec.zarr/")));
      const w = await rec.getTraces({ segmentIndex: 1, startFrame: 100, endFrame: 130 });
      assert.deepEqual(w.data, want.data);
      assert.deepEqual(pathsSince(from).slice(opening.length), ["/rec.zarr/traces_seg1/0.0"]);
    }
  });

  test("the zarr extractor classes open URLs too; their errors name the URL", async () => {
    const rec = await ZarrRecordingExtractor.open(`${server.url}/rec.zarr`);
    assert.deepEqual(rec.getChannelIds(), (await ZarrRecordingExtractor.open(REC)).getChannelIds());
    const err = await readZarr(`${server.url}/an.zarr`).catch((e) => e);
    assert.ok(isSiError(err, "file_format"), String(err));
    assert.ok(err.message.startsWith(`${server.url}/an.zarr`), err.message);
    assert.match(err.message, /SortingAnalyzer zarr folder, not an extractor/);
  });

  test("HttpStore options pass through (timeoutMs); errors name the URL", async () => {
    const quiet = await startServer([() => true]);
    try {
      for (const open of [loadExtractor, readZarr]) {
        const t0 = performance.now();
        const err = await open(`${quiet.url}/r.zarr`, { timeoutMs: 150, retries: 0 }).catch((e) => e);
        assert.ok(isSiError(err, "network"), String(err));
        assert.match(err.message, /no response within 150 ms/);
        assert.ok(err.message.includes(`${quiet.url}/r.zarr`));
        assert.ok(performance.now() - t0 < 1500);
      }
    } finally {
      await quiet.close();
    }
    const missing = await loadExtractor(`${server.url}/nothing.zarr`).catch((e) => e);
    assert.ok(isSiError(missing, "file_format"), String(missing));
    assert.ok(missing.message.includes(`${server.url}/nothing.zarr`));
  });
});

describe("loadSortingAnalyzer on an http(s) URL: lazy and read-only", () => {
  test("opening and reading templates fetch no waveform; waveforms come when asked", async () => {
    const local = await collectWarnings(() => loadSortingAnalyzer(AN));
    const from = server.log.length;
    const { value: remote } = await collectWarnings(() => loadSortingAnalyzer(`${server.url}/an.zarr`));
    const opening = pathsSince(from);
    assert.ok(!opening.some((p) => p.includes("/extensions/waveforms/")), opening.join("\n"));
    assert.ok(
      opening.every((p) => !/\.z(array|attrs|group)$/.test(p)),
      "metadata from .zmetadata only",
    );
    assert.equal(opening.filter((p) => p.endsWith("/.zmetadata")).length, 1);
    assert.ok(opening.length <= 16, `${opening.length} requests to open:\n${opening.join("\n")}`);
    assert.deepEqual(remote.unitIds, local.value.unitIds);
    assert.deepEqual(remote.channelIds, local.value.channelIds);
    assert.deepEqual(remote.sparsity?.mask, local.value.sparsity?.mask);
    assert.deepEqual(remote.sorting.toSpikeVector(), local.value.sorting.toSpikeVector());
    assert.deepEqual(
      remote.getSortingProperty("main_channel_id"),
      local.value.getSortingProperty("main_channel_id"),
    );
    assert.equal(remote.returnInUV, local.value.returnInUV);
    assert.deepEqual(remote.getSavedExtensionNames().sort(), local.value.getSavedExtensionNames().sort());
    assert.deepEqual(remote.getLoadedExtensionNames().sort(), ["noise_levels", "random_spikes", "templates"]);
    const templates = remote.getExtension("templates");
    assert.ok(templates !== null);
    assert.deepEqual(templates.getData(), local.value.getExtension("templates")?.getData());
    assert.deepEqual(
      remote.getExtension("noise_levels")?.getData(),
      local.value.getExtension("noise_levels")?.getData(),
    );
    assert.equal(remote.getExtension("waveforms"), null);
    assert.ok(remote.hasExtension("waveforms"), "saved, not loaded");
    assert.equal(server.log.length - from, opening.length, "reading loaded data: no request");

    const before = server.log.length;
    const wf = await remote.loadExtension("waveforms");
    const asked = pathsSince(before);
    assert.deepEqual(asked.filter((p) => p.includes("/extensions/waveforms/")).sort(), [
      "/an.zarr/extensions/waveforms/waveforms/0.0.0",
      "/an.zarr/extensions/waveforms/waveforms/1.0.0",
    ]);
    assert.deepEqual(wf?.getData(), local.value.getExtension("waveforms")?.getData());
  });

  test("loadExtensions false / a list; the remote store without .zmetadata lists index pages", async () => {
    const from = server.log.length;
    const { value: bare } = await collectWarnings(() =>
      loadRemoteSortingAnalyzer(`${server.url}/an.zarr`, { loadExtensions: false }),
    );
    assert.deepEqual(bare.getLoadedExtensionNames(), []);
    assert.ok(!pathsSince(from).some((p) => p.includes("/extensions/")), pathsSince(from).join("\n"));
    const { value: indexed } = await collectWarnings(() =>
      loadSortingAnalyzer(`${server.url}/an-index.zarr`, { loadExtensions: ["templates"] }),
    );
    assert.deepEqual(indexed.getLoadedExtensionNames(), ["templates"]);
    assert.deepEqual(indexed.getSavedExtensionNames().sort(), [
      "noise_levels",
      "random_spikes",
      "templates",
      "waveforms",
    ]);
    const wrong = await collectWarnings(() =>
      loadSortingAnalyzer(`${server.url}/an.zarr`, { loadExtensions: ["spike_amplitudes"] }),
    ).catch((e) => e);
    assert.ok(isSiError(wrong, "invalid_argument"), String(wrong));
    assert.match(wrong.message, /"spike_amplitudes" not saved in http:\/\/127\.0\.0\.1:\d+\/an\.zarr/);
    const binary = await loadSortingAnalyzer(`${server.url}/an.zarr`, { format: "binary_folder" }).catch(
      (e) => e,
    );
    assert.ok(isSiError(binary, "invalid_argument"), String(binary));
  });

  test("read-only: computing works in memory and sends nothing; saving is refused by name", async () => {
    const { value: remote } = await collectWarnings(() => loadSortingAnalyzer(`${server.url}/an.zarr`));
    assert.equal(remote.isReadOnly(), true);
    assert.equal(remote.folder, `${server.url}/an.zarr`);
    const local = await collectWarnings(() => loadSortingAnalyzer(AN));
    const from = server.log.length;
    const recomputed = await remote.compute("templates", { operators: ["average"] });
    // templates computed from the waveforms, which were fetched (the parent) and nothing written
    const sent = server.log.slice(from);
    assert.ok(
      sent.every((r) => r.method === "GET" || r.method === "HEAD"),
      JSON.stringify(sent),
    );
    assert.ok(sent.some((r) => r.path.includes("/extensions/waveforms/waveforms/")));
    const want = local.value.getExtension("templates")?.data.get("average");
    const got = recomputed.data.get("average");
    assert.ok(want?.kind === "array" && got?.kind === "array");
    assert.deepEqual(got.shape, want.shape);
    let maxDiff = 0;
    for (let i = 0; i < want.data.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(got.data[i] - want.data[i]));
    assert.ok(maxDiff < 1e-3, `recomputed average differs by ${maxDiff}`);
    const err = await recomputed.save().catch((e) => e);
    assert.ok(isSiError(err), String(err));
    assert.match(err.message, /read-only/);
    assert.ok(err.message.includes(`${server.url}/an.zarr`));
    const direct = await remote.backend?.writeExtensionData("templates", new Map()).catch((e) => e);
    assert.ok(isSiError(direct, "incompatible"), String(direct));
    const copy = await remote.saveAs({ format: "memory" });
    assert.deepEqual(copy.getLoadedExtensionNames().sort(), [
      "noise_levels",
      "random_spikes",
      "templates",
      "waveforms",
    ]);
    assert.deepEqual(
      copy.getExtension("waveforms")?.getData(),
      local.value.getExtension("waveforms")?.getData(),
      "saveAs copies the loaded extensions (waveforms: loaded as the parent of templates)",
    );
    await remote.setSortingProperty(
      "note",
      remote.unitIds.map(() => 1),
    );
    assert.deepEqual(
      Array.from(remote.getSortingProperty("note") as ArrayLike<number>),
      remote.unitIds.map(() => 1),
    );
  });
});
