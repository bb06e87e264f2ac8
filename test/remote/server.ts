/**
 * A loopback HTTP server for the remote tests: static files with Range / If-Range / HEAD support
 * and optional HTML directory indexes, GIN's raw and contents-API layout over a local folder, and a
 * log of every request. Listens on 127.0.0.1 only, on an ephemeral port.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export interface LoggedRequest {
  method: string;
  path: string;
  range: string | null;
}

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface TestServer {
  url: string;
  log: LoggedRequest[];
  bytesSent: () => number;
  close(): Promise<void>;
}

export async function startServer(routes: Route[]): Promise<TestServer> {
  const log: LoggedRequest[] = [];
  let sent = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    log.push({
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname),
      range: req.headers.range ?? null,
    });
    const write = res.write.bind(res);
    res.write = ((chunk: Uint8Array, ...rest: never[]) => {
      sent += chunk.length;
      return write(chunk, ...rest);
    }) as typeof res.write;
    for (const route of routes) if (await route(req, res, url)) return;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    bytesSent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface StaticOptions {
  /** Serve an HTML index for directories (as python -m http.server does). */
  htmlIndex?: boolean;
  /** Answer 404 for these paths (relative to the mount, "/"-separated). */
  hide?: (rel: string) => boolean;
  /** Honour Range headers (default true); false answers 200 with the whole file. */
  ranges?: boolean;
}

/** Serve `root` under URL prefix `mount` ("/data"). */
export function staticFiles(mount: string, root: string, opts: StaticOptions = {}): Route {
  return (req, res, url) => {
    const path = decodeURIComponent(url.pathname);
    if (path !== mount && !path.startsWith(`${mount}/`)) return false;
    const rel = path.slice(mount.length).replace(/^\/+/, "");
    if (rel.split("/").includes("..") || opts.hide?.(rel.replace(/\/$/, ""))) {
      res.writeHead(404).end();
      return true;
    }
    const file = join(root, rel);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(file);
    } catch {
      res.writeHead(404).end();
      return true;
    }
    if (st.isDirectory()) {
      if (!opts.htmlIndex) {
        res.writeHead(404).end();
        return true;
      }
      if (!path.endsWith("/")) {
        // as python -m http.server does
        res.writeHead(301, { Location: `${url.pathname}/` }).end();
        return true;
      }
      const links = readdirSync(file, { withFileTypes: true })
        .filter((e) => !opts.hide?.(`${rel}${e.name}`))
        .map(
          (e) =>
            `<li><a href="${encodeURIComponent(e.name)}${e.isDirectory() ? "/" : ""}">${e.name}</a></li>`,
        );
      res
        .writeHead(200, { "Content-Type": "text/html" })
        .end(`<html><body><a href="../">..</a><ul>${links.join("")}</ul></body></html>`);
      return true;
    }
    sendFile(req, res, readFileSync(file), opts.ranges ?? true);
    return true;
  };
}

/** Send bytes with Content-Length, an ETag, and Range / If-Range semantics. */
export function sendFile(req: IncomingMessage, res: ServerResponse, body: Uint8Array, ranges = true): void {
  const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
  const headers = {
    "Content-Type": "application/octet-stream",
    ETag: etag,
    "Accept-Ranges": ranges ? "bytes" : "none",
  };
  const range = req.headers.range;
  const ifRange = req.headers["if-range"];
  const useRange = ranges && range !== undefined && (ifRange === undefined || ifRange === etag);
  const m = useRange ? /^bytes=(\d*)-(\d*)$/.exec(range) : null;
  if (m === null) {
    res.writeHead(200, { ...headers, "Content-Length": body.length });
    if (req.method === "HEAD") res.end();
    else res.end(body);
    return;
  }
  let start = m[1] === "" ? Math.max(0, body.length - Number(m[2])) : Number(m[1]);
  const end = m[1] === "" || m[2] === "" ? body.length - 1 : Math.min(Number(m[2]), body.length - 1);
  if (start >= body.length) {
    res.writeHead(416, { "Content-Range": `bytes */${body.length}` }).end();
    return;
  }
  start = Math.min(start, end);
  res.writeHead(206, {
    ...headers,
    "Content-Length": end - start + 1,
    "Content-Range": `bytes ${start}-${end}/${body.length}`,
  });
  if (req.method === "HEAD") res.end();
  else res.end(body.subarray(start, end + 1));
}

/** GIN's layout over `root`: /<owner>/<name>/raw/master/<path> and the contents API. */
export function ginRoutes(owner: string, name: string, root: string): Route[] {
  const raw = staticFiles(`/${owner}/${name}/raw/master`, root);
  const api: Route = (_req, res, url) => {
    const prefix = `/api/v1/repos/${owner}/${name}/contents`;
    const path = decodeURIComponent(url.pathname);
    if (!path.startsWith(prefix)) return false;
    const rel = path.slice(prefix.length).replace(/^\/+|\/+$/g, "");
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(join(root, rel));
    } catch {
      res.writeHead(404, { "Content-Type": "application/json" }).end('{"message":"Not Found"}');
      return true;
    }
    const entry = (p: string) => {
      const s = statSync(join(root, p));
      return {
        type: s.isDirectory() ? "dir" : "file",
        name: p.split("/").pop(),
        path: p,
        size: s.isDirectory() ? 0 : 53,
      };
    };
    const body = st.isDirectory()
      ? readdirSync(join(root, rel)).map((n) => entry(rel === "" ? n : `${rel}/${n}`))
      : entry(rel);
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    return true;
  };
  return [raw, api];
}
