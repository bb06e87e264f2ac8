import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadSortingAnalyzer } from "../../src/analyzer/node.js";
import { isSiError } from "../../src/errors.js";
import { ZarrRecordingExtractor } from "../../src/io/folders/zarr-recording.js";
import { writeZarrRecording } from "../../src/io/folders/zarr-write.js";
import { FileSystemStore } from "../../src/io/zarr/fs-store.node.js";
import { consolidateMetadata } from "../../src/io/zarr/index.js";
import { NumpyRecording } from "../../src/recording/numpy-recording.js";
import { HttpStore } from "../../src/remote/http-store.js";
import { mirrorRemoteZarr } from "../../src/remote/mirror-zarr.node.js";
import { loadRemoteExtractor, openRemoteRecording, readRemoteZarr } from "../../src/remote/open-remote.js";
import { startServer, staticFiles, type TestServer } from "./server.js";

const FIXTURE = "test/fixtures/python-si/recording/recording.zarr";
const dir = mkdtempSync(join(tmpdir(), "si-remote-rec-"));
const consolidated = join(dir, "consolidated.zarr");
const big = join(dir, "big.zarr");
let server: TestServer;

before(async () => {
  cpSync(FIXTURE, consolidated, { recursive: true });
  await consolidateMetadata(new FileSystemStore(consolidated));
  // 64 channels × 1 s int16 per chunk (3.8 MB): big enough for block-wise ranged reads
  const n = 60_000;
  const data = new Int16Array(n * 64);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 2001) - 1000;
  const rec = new NumpyRecording({ tracesList: { data, shape: [n, 64] }, samplingFrequency: 30000 });
  await writeZarrRecording(rec, big, { chunkDuration: "1s", progressBar: false });
  server = await startServer([
    staticFiles("/py", FIXTURE, { htmlIndex: true }),
    staticFiles("/bare", FIXTURE),
    staticFiles("/consolidated", consolidated),
    staticFiles("/big", big),
    staticFiles("/noranges", big, { ranges: false }),
  ]);
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Requests of the server log since `from`, as "path" or "path range". */
function since(from: number): string[] {
  return server.log.slice(from).map((r) => r.path + (r.range ? ` ${r.range}` : ""));
}

async function sameRecording(remote: ZarrRecordingExtractor, local: ZarrRecordingExtractor): Promise<void> {
  assert.deepEqual(remote.getChannelIds(), local.getChannelIds());
  assert.equal(remote.getSamplingFrequency(), local.getSamplingFrequency());
  assert.deepEqual(remote.getPropertyKeys().sort(), local.getPropertyKeys().sort());
  for (const k of local.getPropertyKeys()) assert.deepEqual(remote.getProperty(k), local.getProperty(k), k);
  assert.deepEqual(remote.getChannelLocations(), local.getChannelLocations());
  assert.deepEqual(remote.getAnnotation("name"), local.getAnnotation("name"));
  for (const segmentIndex of [0, 1]) {
    assert.deepEqual(remote.getTimes({ segmentIndex }), local.getTimes({ segmentIndex }));
    const a = await remote.getTraces({ segmentIndex, returnScaled: true });
    const b = await local.getTraces({ segmentIndex, returnScaled: true });
    assert.deepEqual(a.data, b.data);
  }
}

describe("zarr recordings over HTTP", () => {
  test("a Python-written zarr (no .zmetadata, directory index) equals the local copy", async () => {
    const local = await ZarrRecordingExtractor.open(FIXTURE);
    const remote = await openRemoteRecording(`${server.url}/py`);
    assert.ok(remote.getPropertyKeys().includes("gain_to_uV"), "properties found through the index page");
    await sameRecording(remote, local);
  });

  test("a window fetches only the chunks under it", async () => {
    const http = new HttpStore(`${server.url}/py`, { listing: "html" });
    const remote = await openRemoteRecording(http);
    const opened = http.stats.requests;
    const from = server.log.length;
    const w = await remote.getTraces({ segmentIndex: 1, startFrame: 100, endFrame: 130 });
    assert.deepEqual(since(from), ["/py/traces_seg1/0.0"]);
    const local = await ZarrRecordingExtractor.open(FIXTURE);
    assert.deepEqual(
      w.data,
      (await local.getTraces({ segmentIndex: 1, startFrame: 100, endFrame: 130 })).data,
    );
    // across a chunk border: only the chunk not yet cached
    await remote.getTraces({ segmentIndex: 1, startFrame: 7400, endFrame: 7600 });
    assert.deepEqual(since(from), ["/py/traces_seg1/0.0", "/py/traces_seg1/1.0"]);
    await remote.getTraces({ segmentIndex: 1, startFrame: 7000, endFrame: 7100 });
    assert.equal(server.log.length - from, 2, "cached chunk: no request");
    assert.equal(http.stats.requests, opened + 2);
    assert.ok(http.stats.bytes > 80_000 && http.stats.bytes < 200_000 + 20_000);
  });

  test("consolidated metadata: one metadata request instead of one per node", async () => {
    const from = server.log.length;
    const remote = await openRemoteRecording(`${server.url}/consolidated`);
    const opening = since(from);
    assert.deepEqual(
      opening.filter((p) => /\.z(array|attrs|group)$/.test(p)),
      [],
      opening.join("\n"),
    );
    assert.equal(opening.filter((p) => p.endsWith(".zmetadata")).length, 1);
    await sameRecording(remote, await ZarrRecordingExtractor.open(FIXTURE));
    const bare = server.log.length;
    await openRemoteRecording(`${server.url}/py`);
    assert.ok(server.log.length - bare > opening.length + 5, "without .zmetadata: many more requests");
  });

  test("no .zmetadata and no index pages: a warning, traces still read", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const remote = await openRemoteRecording(`${server.url}/bare`);
      await new Promise((r) => setImmediate(r));
      assert.ok(
        warnings.some((m) => m.includes("properties") && m.includes("/bare")),
        warnings.join("\n"),
      );
      const local = await ZarrRecordingExtractor.open(FIXTURE);
      assert.deepEqual(
        (await remote.getTraces({ segmentIndex: 0, endFrame: 50 })).data,
        (await local.getTraces({ segmentIndex: 0, endFrame: 50 })).data,
      );
    } finally {
      process.off("warning", onWarning);
    }
  });

  test("big chunks: a 1 ms window downloads a few Blosc blocks by range, not the chunk", async () => {
    const http = new HttpStore(`${server.url}/big`);
    const remote = await openRemoteRecording(http);
    const local = await ZarrRecordingExtractor.open(big);
    http.resetStats();
    const from = server.log.length;
    const w = await remote.getTraces({ startFrame: 45_000, endFrame: 45_030 });
    assert.deepEqual(w.data, (await local.getTraces({ startFrame: 45_000, endFrame: 45_030 })).data);
    const reqs = since(from);
    assert.ok(reqs.length >= 2 && reqs.length <= 3, reqs.join("\n"));
    assert.ok(
      reqs.every((r) => r.startsWith("/big/traces_seg0/1.0 bytes=")),
      reqs.join("\n"),
    );
    assert.ok(http.stats.bytes < 400_000, `fetched ${http.stats.bytes} bytes of a 3.8 MB chunk`);
    // a second window in the same chunk reuses the block table: one request at most
    const again = server.log.length;
    await remote.getTraces({ startFrame: 50_000, endFrame: 50_030 });
    assert.ok(server.log.length - again <= 1);
  });

  test("a server that ignores Range: each chunk downloaded once", async () => {
    const http = new HttpStore(`${server.url}/noranges`);
    const remote = await openRemoteRecording(http);
    const local = await ZarrRecordingExtractor.open(big);
    for (const s of [1000, 2000, 3000]) {
      const w = await remote.getTraces({ startFrame: s, endFrame: s + 30 });
      assert.deepEqual(w.data, (await local.getTraces({ startFrame: s, endFrame: s + 30 })).data);
    }
    assert.equal(http.supportsRanges, false);
    const chunkReqs = server.log.filter((r) => r.path === "/noranges/traces_seg0/0.0");
    assert.equal(chunkReqs.length, 1, "one download of the chunk serves every window in it");
  });

  test("mirrorRemoteZarr of a zarr without .zmetadata walks the index pages", async () => {
    const folder = await mirrorRemoteZarr(`${server.url}/py`, {
      localFolder: join(dir, "mirror", "py.zarr"),
    });
    await sameRecording(
      await ZarrRecordingExtractor.open(folder),
      await ZarrRecordingExtractor.open(FIXTURE),
    );
  });

  test("readRemoteZarr / loadRemoteExtractor; errors name the URL", async () => {
    const rec = await readRemoteZarr(`${server.url}/consolidated`);
    assert.ok(rec instanceof ZarrRecordingExtractor);
    const rec2 = await loadRemoteExtractor(`${server.url}/consolidated`);
    assert.ok(rec2 instanceof ZarrRecordingExtractor);
    const missing = await loadRemoteExtractor(`${server.url}/nothing.zarr`).catch((e) => e);
    assert.ok(isSiError(missing, "file_format"), String(missing));
    assert.ok(missing.message.includes(`${server.url}/nothing.zarr`));
    const dead = await startServer([]);
    await dead.close();
    const refused = await openRemoteRecording(`${dead.url}/x.zarr`, { retries: 0 }).catch((e) => e);
    assert.ok(isSiError(refused, "network"), String(refused));
    assert.ok(refused.message.includes(`${dead.url}/x.zarr/.zmetadata`));
  });

  test("a silent server times out; an abort is an aborted error", async () => {
    const quiet = await startServer([() => true]);
    try {
      const t0 = performance.now();
      const err = await openRemoteRecording(`${quiet.url}/r.zarr`, { timeoutMs: 200 }).catch((e) => e);
      assert.ok(isSiError(err, "network"), String(err));
      assert.match(err.message, /no response within 200 ms/);
      assert.ok(performance.now() - t0 < 1500);
      const http = new HttpStore(`${quiet.url}/r.zarr`);
      const ac = new AbortController();
      const p = http.get("/.zgroup", { signal: ac.signal });
      setTimeout(() => ac.abort(), 20);
      const aborted = await p.catch((e) => e);
      assert.ok(isSiError(aborted, "aborted"), String(aborted));
    } finally {
      await quiet.close();
    }
  });
});

describe("zarr analyzers over HTTP (through a local mirror)", () => {
  test("a mirrored analyzer equals the local analyzer; the mirror is a cache", async () => {
    const FIX = "test/fixtures/python-si/analyzer/analyzer.zarr";
    const s = await startServer([staticFiles("/an.zarr", FIX)]);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const localFolder = join(dir, "mirror", "an.zarr");
      const remote = await loadSortingAnalyzer(await mirrorRemoteZarr(`${s.url}/an.zarr`, { localFolder }));
      const local = await loadSortingAnalyzer(FIX);
      assert.deepEqual(remote.unitIds, local.unitIds);
      assert.deepEqual(remote.getSavedExtensionNames().sort(), local.getSavedExtensionNames().sort());
      for (const name of local.getSavedExtensionNames()) {
        assert.deepEqual(remote.getExtension(name)?.getData(), local.getExtension(name)?.getData(), name);
      }
      assert.ok(
        s.log.every((r) => !/\.z(array|attrs|group)$/.test(r.path)),
        "metadata from .zmetadata",
      );
      const n = s.log.length;
      assert.equal(await mirrorRemoteZarr(`${s.url}/an.zarr`, { localFolder }), localFolder);
      assert.equal(s.log.length, n, "second call: no request");
    } finally {
      process.off("warning", onWarning);
      await s.close();
    }
  });
});
