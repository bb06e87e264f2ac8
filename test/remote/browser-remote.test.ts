import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { loadSortingAnalyzer } from "../../src/analyzer/node.js";
import { ZarrRecordingExtractor } from "../../src/io/folders/zarr-recording.js";
import { collectWarnings } from "../analyzer/helpers.js";
import { bundleCoreForBrowser } from "../bundle-core.js";
import { startServer, staticFiles, type TestServer } from "./server.js";

// The core entry as a browser bundle (no Node entry loaded: no folder hooks, no registered file
// formats), run here against a loopback server: the remote readers must work with fetch alone.
type Core = typeof import("../../src/index.js");

const dir = mkdtempSync(join(tmpdir(), "si-browser-remote-"));
let core: Core;
let server: TestServer;

before(async () => {
  const result = await bundleCoreForBrowser();
  const file = join(dir, "core.mjs");
  writeFileSync(file, result.outputFiles[0].contents);
  core = (await import(pathToFileURL(file).href)) as Core;
  server = await startServer([
    staticFiles("/rec.zarr", "test/fixtures/python-si/recording/recording.zarr", { htmlIndex: true }),
    staticFiles("/an.zarr", "test/fixtures/python-si/analyzer/analyzer.zarr"),
  ]);
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test("browser bundle: readZarr(url) and loadSortingAnalyzer(url) read remote zarrs", async () => {
  const rec = await core.readZarr(`${server.url}/rec.zarr`, { timeoutMs: 5000 });
  assert.ok(rec instanceof core.ZarrRecordingExtractor);
  const local = await ZarrRecordingExtractor.open("test/fixtures/python-si/recording/recording.zarr");
  const w = await (rec as ZarrRecordingExtractor).getTraces({
    segmentIndex: 0,
    startFrame: 10,
    endFrame: 40,
    returnScaled: true,
  });
  const want = await local.getTraces({ segmentIndex: 0, startFrame: 10, endFrame: 40, returnScaled: true });
  assert.deepEqual(w.data, want.data);

  const { value: remote, warnings } = await collectWarnings(() =>
    core.loadSortingAnalyzer(`${server.url}/an.zarr`),
  );
  assert.ok(
    warnings.some((m) => m.includes("recordingless")),
    "no Node entry: the recording cannot be rebuilt",
  );
  const localAn = await loadSortingAnalyzer("test/fixtures/python-si/analyzer/analyzer.zarr");
  assert.deepEqual(remote.unitIds, localAn.unitIds);
  assert.deepEqual(remote.getExtension("templates")?.getData(), localAn.getExtension("templates")?.getData());
  assert.ok(!server.log.some((r) => r.path.includes("/extensions/waveforms/")));
  // a folder path without the Node entry: a clear error, not a crash
  const err = await core.loadSortingAnalyzer("some/folder.zarr").catch((e) => e);
  assert.match(String(err), /needs the file system: import "spikeinterface-ts\/node"/);
});
