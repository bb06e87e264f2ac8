import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isSiError } from "../../src/errors.js";
import { parseHtmlListing } from "../../src/remote/html-listing.js";
import { HttpStore } from "../../src/remote/http-store.js";
import { MetadataMemoStore } from "../../src/remote/metadata-memo-store.js";
import { sendFile, startServer } from "./server.js";

const BODY = Uint8Array.from({ length: 100 }, (_, i) => i);

describe("HttpStore", () => {
  test("keys map to URLs under the base (root, sub-path, query kept)", () => {
    const root = new HttpStore("http://127.0.0.1:9/");
    assert.equal(root.keyUrl("/.zgroup"), "http://127.0.0.1:9/.zgroup");
    const sub = new HttpStore("http://127.0.0.1:9/a/b.zarr/?sig=x%2By");
    assert.equal(sub.keyUrl("/traces_seg0/0.0"), "http://127.0.0.1:9/a/b.zarr/traces_seg0/0.0?sig=x%2By");
    assert.equal(sub.keyUrl("/p q/#1"), "http://127.0.0.1:9/a/b.zarr/p%20q/%231?sig=x%2By");
    assert.throws(() => sub.keyUrl("/a/../b"), /"\.\."/);
    assert.throws(() => new HttpStore("file:///tmp/x.zarr"), /http\(s\) URL/);
  });

  test("get, ranges, suffix, past the end, missing keys; counters", async () => {
    const s = await startServer([
      (req, res, url) => {
        if (url.pathname !== "/z/k") return false;
        sendFile(req, res, BODY);
        return true;
      },
    ]);
    try {
      const store = new HttpStore(`${s.url}/z`);
      assert.deepEqual(await store.get("/k"), BODY);
      assert.deepEqual(Array.from((await store.getRange("/k", { offset: 10, length: 3 }))!), [10, 11, 12]);
      assert.deepEqual(Array.from((await store.getRange("/k", { suffixLength: 2 }))!), [98, 99]);
      assert.equal((await store.getRange("/k", { offset: 200, length: 5 }))!.length, 0);
      assert.equal(await store.get("/missing"), undefined);
      assert.deepEqual(store.stats, { requests: 5, rangeRequests: 3, bytes: 105, notFound: 1, retries: 0 });
      assert.deepEqual(
        s.log.map((r) => r.range),
        [null, "bytes=10-12", "bytes=-2", "bytes=200-204", null],
      );
    } finally {
      await s.close();
    }
  });

  test("503 is retried; 500 after the retries is a network error naming the URL and status", async () => {
    let calls = 0;
    const s = await startServer([
      (req, res, url) => {
        calls++;
        if (url.pathname === "/flaky" && calls < 3) res.writeHead(503).end();
        else if (url.pathname === "/flaky") sendFile(req, res, BODY);
        else res.writeHead(500, "Internal Server Error").end();
        return true;
      },
    ]);
    try {
      const store = new HttpStore(s.url, { retries: 2 });
      assert.deepEqual(await store.get("/flaky"), BODY);
      assert.equal(store.stats.retries, 2);
      const err = await store.get("/broken").catch((e) => e);
      assert.ok(isSiError(err, "network"), String(err));
      assert.match(err.message, /HTTP 500 Internal Server Error: http:\/\/127\.0\.0\.1:\d+\/broken/);
      assert.equal(err.details.status, 500);
    } finally {
      await s.close();
    }
  });

  test("at most maxConcurrency requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const s = await startServer([
      (req, res) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        setTimeout(() => {
          inFlight--;
          sendFile(req, res, BODY);
        }, 20);
        return true;
      },
    ]);
    try {
      const store = new HttpStore(s.url, { maxConcurrency: 3 });
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.get(`/k${i}`)));
      assert.equal(peak, 3);
    } finally {
      await s.close();
    }
  });

  test("metadata memo: one request per metadata key, absent ones included", async () => {
    const s = await startServer([]);
    try {
      const store = new MetadataMemoStore(new HttpStore(s.url));
      for (let i = 0; i < 3; i++) {
        assert.equal(await store.get("/a/.zarray"), undefined);
        assert.equal(await store.get("/a/0.0"), undefined);
      }
      // .zmetadata is asked once (it would make it authoritative), .zarray once, the chunk each time
      assert.deepEqual(
        s.log.map((r) => r.path),
        ["/.zmetadata", "/a/.zarray", "/a/0.0", "/a/0.0", "/a/0.0"],
      );
    } finally {
      await s.close();
    }
  });
});

describe("parseHtmlListing", () => {
  test("python http.server, nginx and Apache style pages", () => {
    const html = `<a href="../">../</a><a href="?C=N;O=D">Name</a>
      <a href=".zarray">.zarray</a><a href='0.0'>0.0</a><a href="sub%20dir/">sub dir/</a>
      <a href="/elsewhere/x">x</a><a href="http://other.org/y">y</a><a href=nested/deeper/>n</a>
      <a href="brain_area/">brain_area/</a><a href="a&amp;b">a&amp;b</a>`;
    assert.deepEqual(parseHtmlListing(html, "http://h/r.zarr/properties/"), {
      keys: [".zarray", "0.0", "a&b"],
      prefixes: ["brain_area", "sub dir"],
    });
    const abs = `<a href="/r.zarr/properties/gain_to_uV/">g</a>`;
    assert.deepEqual(parseHtmlListing(abs, "http://h/r.zarr/properties").prefixes, ["gain_to_uV"]);
  });
});
