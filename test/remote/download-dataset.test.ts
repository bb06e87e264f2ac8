import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { isSiError } from "../../src/errors.js";
import { downloadDataset } from "../../src/remote/download-dataset.node.js";
import { ginRoutes, type Route, startServer, staticFiles, type TestServer } from "./server.js";

const REPO = "https://gin.example.org/NeuralEnsemble/ephy_testing_data";
const dir = mkdtempSync(join(tmpdir(), "si-remote-dl-"));
const gin = join(dir, "gin");
let server: TestServer;
/** Paths whose next GET is cut after this many bytes, or left without any answer. */
const cut = new Map<string, number>();
const hang = new Set<string>();

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function put(rel: string, data: Uint8Array): void {
  const p = join(gin, rel);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, data);
}

/** Misbehaviour injected before the normal routes: a dropped connection or a silent server. */
const faults: Route = (req, res, url) => {
  const path = decodeURIComponent(url.pathname);
  if ([...hang].some((h) => path.endsWith(h))) return true; // never answers
  const key = [...cut.keys()].find((k) => path.endsWith(`/raw/master/${k}`));
  if (key === undefined || req.headers.range !== undefined) return false;
  const n = cut.get(key)!;
  cut.delete(key);
  const body = readFileSync(join(gin, key));
  res.writeHead(200, { "Content-Length": body.length, ETag: '"v1"' });
  res.write(body.subarray(0, n), () => res.destroy());
  return true;
};

before(async () => {
  put("mearec/mearec_test.h5", bytes(300_000, 1));
  put("spikeglx/multi_gate/run_g0/run_g0_t0.imec0.ap.bin", bytes(50_000, 2));
  put("spikeglx/multi_gate/run_g0/run_g0_t0.imec0.ap.meta", new TextEncoder().encode("nSavedChans=385\n"));
  put("spikeglx/multi_gate/run_g1/run_g1_t0.imec0.ap.bin", bytes(20_000, 3));
  put("big/resume.bin", bytes(400_000, 4));
  put("big/stall.bin", bytes(100_000, 5));
  // The faults route answers resumed requests through sendFile with the ETag the cut one had.
  const resumeRoute: Route = (req, res, url) => {
    const path = decodeURIComponent(url.pathname);
    if (!path.endsWith("big/resume.bin") || req.headers.range === undefined) return false;
    const body = readFileSync(join(gin, "big/resume.bin"));
    if (req.headers["if-range"] !== '"v1"') return false;
    const start = Number(/bytes=(\d+)-/.exec(req.headers.range)![1]);
    res.writeHead(206, {
      "Content-Length": body.length - start,
      "Content-Range": `bytes ${start}-${body.length - 1}/${body.length}`,
      ETag: '"v1"',
    });
    res.end(body.subarray(start));
    return true;
  };
  server = await startServer([faults, resumeRoute, ...ginRoutes("NeuralEnsemble", "ephy_testing_data", gin)]);
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function opts(localFolder: string) {
  return { repo: REPO, baseUrl: server.url, localFolder, timeoutMs: 2000, progressBar: false };
}

describe("downloadDataset", () => {
  test("a file: downloaded read-only, then a cache hit sends no request", async () => {
    const cache = join(dir, "c1");
    const n0 = server.log.length;
    const p = await downloadDataset({ ...opts(cache), remotePath: "mearec/mearec_test.h5" });
    assert.equal(p, join(cache, "mearec", "mearec_test.h5"));
    assert.deepEqual(readFileSync(p), Buffer.from(readFileSync(join(gin, "mearec/mearec_test.h5"))));
    assert.equal(statSync(p).mode & 0o222, 0, "locked like a datalad annexed file");
    const n = server.log.length;
    assert.deepEqual(
      server.log.slice(n0).map((r) => `${r.method} ${r.path}`),
      ["GET /NeuralEnsemble/ephy_testing_data/raw/master/mearec/mearec_test.h5"],
      "a file costs one request: no listing",
    );
    assert.equal(await downloadDataset({ ...opts(cache), remotePath: "/mearec/mearec_test.h5" }), p);
    assert.equal(server.log.length, n, "cache hit: no request");
    await downloadDataset({ ...opts(cache), remotePath: "mearec/mearec_test.h5", unlock: true });
    assert.notEqual(statSync(p).mode & 0o200, 0, "unlock leaves it writable");
    assert.equal(server.log.length, n);
  });

  test("a folder through GIN's contents API; a complete folder is a cache hit", async () => {
    const cache = join(dir, "c2");
    const n0 = server.log.length;
    const p = await downloadDataset({ ...opts(cache), remotePath: "spikeglx/multi_gate" });
    const sent = server.log.slice(n0).map((r) => r.path.replace("/NeuralEnsemble/ephy_testing_data", ""));
    assert.deepEqual(
      sent.slice(0, 2),
      ["/raw/master/spikeglx/multi_gate", "/api/v1/repos/contents/spikeglx/multi_gate"],
      "the path asked as a file (404: a folder), then listed",
    );
    assert.equal(sent.length, 2 + 2 + 3, sent.join("\n"));
    assert.equal(p, join(cache, "spikeglx", "multi_gate"));
    for (const f of [
      "run_g0/run_g0_t0.imec0.ap.bin",
      "run_g0/run_g0_t0.imec0.ap.meta",
      "run_g1/run_g1_t0.imec0.ap.bin",
    ]) {
      assert.deepEqual(readFileSync(join(p, f)), readFileSync(join(gin, "spikeglx/multi_gate", f)));
    }
    assert.ok(
      existsSync(join(cache, "spikeglx", ".multi_gate.si-download.json")),
      "record beside, not inside",
    );
    const n = server.log.length;
    await downloadDataset({ ...opts(cache), remotePath: "spikeglx/multi_gate/" });
    assert.equal(server.log.length, n, "cache hit: no request");
    // a file deleted from the cached folder is fetched again, and only it
    rmSync(join(p, "run_g1/run_g1_t0.imec0.ap.bin"), { force: true });
    await downloadDataset({ ...opts(cache), remotePath: "spikeglx/multi_gate" });
    const raw = server.log.slice(n).filter((r) => r.path.includes("/raw/"));
    assert.deepEqual(
      raw.map((r) => r.path.split("/").pop()),
      ["run_g1_t0.imec0.ap.bin"],
    );
  });

  test("a folder from an explicit file list on a mirror without the listing API", async () => {
    const mirror = await startServer([
      staticFiles("/NeuralEnsemble/ephy_testing_data/raw/master", gin, { htmlIndex: true }),
    ]);
    try {
      const cache = join(dir, "c3");
      const o = { ...opts(cache), baseUrl: mirror.url, remotePath: "spikeglx/multi_gate" };
      const p = await downloadDataset({ ...o, files: ["run_g0/run_g0_t0.imec0.ap.meta"] });
      assert.equal(readFileSync(join(p, "run_g0/run_g0_t0.imec0.ap.meta"), "utf8"), "nSavedChans=385\n");
      assert.deepEqual(
        mirror.log.map((r) => r.path.split("/").pop()),
        ["run_g0_t0.imec0.ap.meta"],
        "no listing",
      );
      // without `files`, the listing is missing and the folder URL answers an HTML page: a clear error
      const err = await downloadDataset({ ...o, localFolder: join(dir, "c3b") }).catch((e) => e);
      assert.ok(isSiError(err, "file_format"), String(err));
      assert.match(err.message, /HTML page, not a file .*pass `files`/);
      assert.ok(!existsSync(join(dir, "c3b", "spikeglx", "multi_gate")));
    } finally {
      await mirror.close();
    }
  });

  test("an interrupted download leaves no complete-looking file and is resumed", async () => {
    const cache = join(dir, "c4");
    cut.set("big/resume.bin", 150_000);
    const err = await downloadDataset({ ...opts(cache), remotePath: "big/resume.bin" }).catch((e) => e);
    assert.ok(isSiError(err, "network"), String(err));
    assert.match(err.message, /interrupted after \d+ of 400000 bytes/);
    assert.ok(err.message.includes(cache), "names the cache folder");
    assert.ok(!existsSync(join(cache, "big", "resume.bin")));
    const part = join(cache, "big", ".resume.bin.si-part");
    assert.ok(existsSync(part) && statSync(part).size > 0 && statSync(part).size <= 150_000);
    const have = statSync(part).size;
    const n = server.log.length;
    const p = await downloadDataset({ ...opts(cache), remotePath: "big/resume.bin" });
    assert.deepEqual(readFileSync(p), readFileSync(join(gin, "big/resume.bin")));
    const get = server.log.slice(n).find((r) => r.path.endsWith("raw/master/big/resume.bin"))!;
    assert.equal(get.range, `bytes=${have}-`, "asks only for the rest");
    assert.ok(!existsSync(part) && !existsSync(`${part}.json`));
  });

  test("a partial file of another version of the remote file is restarted", async () => {
    const cache = join(dir, "c5");
    mkdirSync(join(cache, "mearec"), { recursive: true });
    const part = join(cache, "mearec", ".mearec_test.h5.si-part");
    writeFileSync(part, new Uint8Array(1000).fill(7));
    const url = `${server.url}/NeuralEnsemble/ephy_testing_data/raw/master/mearec/mearec_test.h5`;
    writeFileSync(`${part}.json`, JSON.stringify({ url, etag: '"old"', lastModified: null, total: 300_000 }));
    const p = await downloadDataset({ ...opts(cache), remotePath: "mearec/mearec_test.h5" });
    assert.deepEqual(readFileSync(p), readFileSync(join(gin, "mearec/mearec_test.h5")));
  });

  test("404 is a file_not_found error naming the URL and the cache folder", async () => {
    const cache = join(dir, "c6");
    const t0 = performance.now();
    const err = await downloadDataset({ ...opts(cache), remotePath: "nope/missing.h5" }).catch((e) => e);
    assert.ok(isSiError(err, "file_not_found"), String(err));
    assert.ok(err.message.includes("/raw/master/nope/missing.h5"));
    assert.ok(err.message.includes(cache));
    assert.ok(performance.now() - t0 < 2000);
    assert.ok(!existsSync(join(cache, "nope", "missing.h5")));
  });

  test("a silent server or a stalled body times out with a network error, never a hang", async () => {
    const cache = join(dir, "c7");
    hang.add("raw/master/big/stall.bin");
    const t0 = performance.now();
    const err = await downloadDataset({ ...opts(cache), remotePath: "big/stall.bin", timeoutMs: 300 }).catch(
      (e) => e,
    );
    hang.clear();
    assert.ok(isSiError(err, "network"), String(err));
    assert.match(err.message, /no response within 300 ms/);
    assert.ok(err.message.includes("/NeuralEnsemble/ephy_testing_data/raw/master/big/stall.bin"));
    assert.ok(err.message.includes(cache));
    assert.ok(performance.now() - t0 < 2000);
    // headers and some bytes, then silence: the idle timer fires mid-body
    const stall: Route = (req, res, url) => {
      if (!url.pathname.endsWith("raw/master/big/stall.bin")) return false;
      res.writeHead(200, { "Content-Length": 100_000 });
      res.write(new Uint8Array(10));
      void req;
      return true;
    };
    const s2 = await startServer([stall, ...ginRoutes("NeuralEnsemble", "ephy_testing_data", gin)]);
    try {
      const e2 = await downloadDataset({
        ...opts(cache),
        baseUrl: s2.url,
        remotePath: "big/stall.bin",
        timeoutMs: 300,
      }).catch((e) => e);
      assert.ok(isSiError(e2, "network"), String(e2));
      assert.match(e2.message, /interrupted after 10 of 100000 bytes.*no response within 300 ms/);
    } finally {
      await s2.close();
    }
  });

  test("no server at all: a quick network error", async () => {
    const s = await startServer([]);
    await s.close();
    const cache = join(dir, "c8");
    const err = await downloadDataset({ ...opts(cache), baseUrl: s.url, remotePath: "a/b.bin" }).catch(
      (e) => e,
    );
    assert.ok(isSiError(err, "network"), String(err));
    assert.match(err.message, /request failed \(ECONNREFUSED\)/);
    assert.ok(err.message.includes(s.url) && err.message.includes(cache));
  });

  test("updateIfExists re-downloads a file whose remote size changed", async () => {
    const cache = join(dir, "c9");
    put("upd/f.bin", bytes(1000, 9));
    await downloadDataset({ ...opts(cache), remotePath: "upd/f.bin" });
    put("upd/f.bin", bytes(2000, 10));
    const p = await downloadDataset({ ...opts(cache), remotePath: "upd/f.bin", updateIfExists: true });
    assert.equal(statSync(p).size, 2000);
    const n = server.log.length;
    await downloadDataset({ ...opts(cache), remotePath: "upd/f.bin", updateIfExists: true });
    assert.deepEqual(
      server.log
        .slice(n)
        .filter((r) => r.path.includes("/raw/"))
        .map((r) => r.method),
      ["HEAD"],
      "unchanged: one HEAD, no download",
    );
  });

  test("default cache folder: $SPIKEINTERFACE_DATASETS/<repo name>", async () => {
    const before = process.env.SPIKEINTERFACE_DATASETS;
    process.env.SPIKEINTERFACE_DATASETS = join(dir, "env-cache");
    try {
      const { localFolder: _, ...o } = opts("");
      const p = await downloadDataset({ ...o, remotePath: "mearec/mearec_test.h5" });
      assert.equal(p, join(dir, "env-cache", "ephy_testing_data", "mearec", "mearec_test.h5"));
    } finally {
      if (before === undefined) delete process.env.SPIKEINTERFACE_DATASETS;
      else process.env.SPIKEINTERFACE_DATASETS = before;
    }
  });

  test("concurrent calls for one file download it once", async () => {
    const cache = join(dir, "c10");
    put("conc/f.bin", bytes(200_000, 11));
    const n = server.log.length;
    const [a, b] = await Promise.all([
      downloadDataset({ ...opts(cache), remotePath: "conc/f.bin" }),
      downloadDataset({ ...opts(cache), remotePath: "conc/f.bin" }),
    ]);
    assert.equal(a, b);
    assert.deepEqual(readFileSync(a), readFileSync(join(gin, "conc/f.bin")));
    assert.equal(server.log.slice(n).filter((r) => r.path.includes("/raw/") && r.method === "GET").length, 1);
  });
});
