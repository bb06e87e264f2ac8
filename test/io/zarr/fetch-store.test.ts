import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { FetchStore } from "@zarrita/storage";
import {
  ChunkCache,
  listChildren,
  openArray,
  openConsolidated,
  readAttrs,
  type ZarrStore,
} from "../../../src/io/zarr/index.js";

const ROOT = "test/fixtures/generated/zarr/py.zarr";

/** An in-process "HTTP server" for FetchStore: files of ROOT, 404 when missing, Range requests. */
function serve(requests: string[]) {
  return async (req: Request): Promise<Response> => {
    const path = decodeURIComponent(new URL(req.url).pathname).replace(/^\/data/, "");
    let body: Buffer;
    try {
      body = readFileSync(join(ROOT, path));
    } catch {
      return new Response(null, { status: 404 });
    }
    const range = req.headers.get("Range");
    requests.push(`${path}${range ? ` ${range}` : ""}`);
    if (range === null) return new Response(new Uint8Array(body), { status: 200 });
    const m = /^bytes=(\d*)-(\d*)$/.exec(range)!;
    const start = m[1] === "" ? body.length - Number(m[2]) : Number(m[1]);
    const end = m[1] === "" || m[2] === "" ? body.length - 1 : Math.min(Number(m[2]), body.length - 1);
    return new Response(new Uint8Array(body.subarray(start, end + 1)), { status: 206 });
  };
}

describe("zarrita's FetchStore as a ZarrStore", () => {
  test("consolidated metadata, attributes, arrays and ranged block reads over HTTP", async () => {
    const requests: string[] = [];
    const http: ZarrStore = new FetchStore("http://zarr.test/data", { fetch: serve(requests) });
    const store = await openConsolidated(http);
    assert.deepEqual(requests, ["/.zmetadata"]);
    assert.equal((await readAttrs(store, "")).num_segments, 2);
    assert.ok((await listChildren(store, "")).arrays.includes("blosc_zstd_bit"));
    const a = await openArray(store, "blosc_zstd_bit", { cache: null });
    const whole = (await a.readWhole()) as Int16Array;
    assert.equal(whole[4 * 999 + 3], ((999 * 7 + 3 * 13) % 200) - 100);
    // no request went out for metadata: it all came from .zmetadata
    assert.ok(requests.every((r) => !r.includes(".zarray")));
    requests.length = 0;
    const big = await openArray(store, "big_mt", { cache: new ChunkCache() });
    const win = (await big.readRegion({ start: [30000, 0], end: [30002, 16] })) as Int16Array;
    assert.deepEqual(
      Array.from(win),
      Array.from({ length: 32 }, (_, i) => (((30000 + (i >> 4)) * 3 + (i % 16) * 5) % 64) - 32),
    );
    // header, block table, then one block's bytes: three ranged requests, no whole-chunk download
    assert.equal(requests.length, 3);
    assert.ok(requests.every((r) => r.startsWith("/big_mt/0.0 bytes=")));
    assert.equal(await http.get("/missing"), undefined);
  });
});
