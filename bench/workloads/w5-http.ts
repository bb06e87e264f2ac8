/**
 * W5 over HTTP: the zarr copy (W2's artifact, or one written here, untimed) served by a loopback
 * node:http server with Range support, opened with openRemoteRecording, and read in 1000 random
 * 1 ms windows × all channels (the same windows as W5). Reports time, requests and bytes fetched:
 * the cost of lazy remote reading without real network latency.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve, sep } from "node:path";
import { writeZarrRecording } from "../../src/io/folders/zarr-write.js";
import { readBinary } from "../../src/node.js";
import { HttpStore } from "../../src/remote/http-store.js";
import { openRemoteRecording } from "../../src/remote/open-remote.js";
import { type BenchContext, emit, timed } from "../context.js";

/** Static files of `root` on 127.0.0.1 (ephemeral port): 200, 206 for Range (only the range is read), 404. */
async function serveFolder(root: string): Promise<{ url: string; server: Server }> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const path = resolve(join(base, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)));
    if (path !== base && !path.startsWith(base + sep)) return void res.writeHead(404).end();
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) return void res.writeHead(404).end();
      size = st.size;
    } catch {
      return void res.writeHead(404).end();
    }
    const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
    if (m === null) return void res.writeHead(200, { "Content-Length": size }).end(readFileSync(path));
    const start = m[1] === "" ? Math.max(0, size - Number(m[2])) : Number(m[1]);
    const end = m[1] === "" || m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (start > end) return void res.writeHead(416, { "Content-Range": `bytes */${size}` }).end();
    const body = Buffer.allocUnsafe(end - start + 1);
    const fd = openSync(path, "r");
    try {
      readSync(fd, body, 0, body.length, start);
    } finally {
      closeSync(fd);
    }
    res.writeHead(206, { "Content-Length": body.length, "Content-Range": `bytes ${start}-${end}/${size}` });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** W2's zarr copy, or a new one (untimed) when W2 did not run. */
async function ensureZarr(ctx: BenchContext): Promise<string> {
  const existing = ctx.artifacts.get("zarr");
  if (existing !== undefined) return existing;
  const rec = readBinary({
    filePaths: ctx.rawPath,
    samplingFrequency: ctx.samplingFrequency,
    dtype: "int16",
    numChannels: ctx.numChannels,
  });
  const folder = join(ctx.work, "w5-http.zarr");
  await writeZarrRecording(rec, folder, { nJobs: 1, chunkDuration: "1s", progressBar: false });
  ctx.artifacts.set("zarr", folder);
  return folder;
}

export async function w5Http(ctx: BenchContext): Promise<void> {
  const folder = await ensureZarr(ctx);
  const { url, server } = await serveFolder(folder);
  try {
    const http = new HttpStore(url);
    const rec = await openRemoteRecording(http);
    const win = Math.floor(ctx.samplingFrequency / 1000);
    let x = 12345;
    const starts = Array.from({ length: 1000 }, () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % (ctx.numSamples - win);
    });
    const openRequests = http.stats.requests;
    http.resetStats();
    const t = await timed(async () => {
      let acc = 0;
      for (const s of starts) acc += (await rec.getTraces({ startFrame: s, endFrame: s + win })).data[0];
      return acc;
    });
    const st = http.stats;
    const readMB = (1000 * win * ctx.numChannels * 2) / 1e6;
    emit({
      workload: "W5",
      source: "zarr-http",
      nJobs: 1,
      seconds: t.seconds,
      ms_per_window: t.seconds,
      MB_per_s: readMB / t.seconds,
      requests: st.requests,
      range_requests: st.rangeRequests,
      bytes_fetched: st.bytes,
      open_requests: openRequests,
      checksum: t.value,
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}
