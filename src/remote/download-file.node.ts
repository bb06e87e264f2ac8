/**
 * Download one URL to one file, safely: bytes go to a hidden partial file next to the target
 * (".<name>.si-part") which is renamed to the target only once its size matches the server's
 * Content-Length, so a file at the target name is always complete. An interrupted download keeps
 * its partial file and the validator (ETag / Last-Modified) it was started with; the next call
 * asks for the rest (`Range` + `If-Range`) and starts over when the server's file changed or the
 * server ignores ranges.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { SpikeInterfaceError } from "../errors.js";
import { createProgressSink, type ProgressSink } from "../jobs/progress.js";
import { acquireFileLock } from "./file-lock.node.js";
import {
  discardBody,
  networkError,
  type OpenResponse,
  openRequest,
  parseContentRange,
  type RequestContext,
} from "./http-request.js";

export interface FileDownloadOptions extends RequestContext {
  progressBar?: boolean;
  /** Make the finished file read-only (0o444), as datalad leaves locked annexed files. */
  readOnly?: boolean;
  /** Refuse a text/html answer: a folder page (or a login page) is not the file we asked for. */
  rejectHtml?: boolean;
}

interface PartMeta {
  url: string;
  etag: string | null;
  lastModified: string | null;
  total: number | null;
}

export interface FileDownloadResult {
  size: number;
  /** Bytes received over the network by this call. */
  received: number;
  resumedFrom: number;
}

const MIB = 1024 * 1024;

export async function downloadFile(
  url: string,
  target: string,
  opts: FileDownloadOptions,
): Promise<FileDownloadResult> {
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true });
  const name = basename(target);
  const lock = await acquireFileLock(join(dir, `.${name}.si-lock`), { signal: opts.signal });
  try {
    // Another process may have finished it while we waited for the lock.
    if (existsSync(target)) return { size: statSync(target).size, received: 0, resumedFrom: 0 };
    return await fetchToFile(url, target, join(dir, `.${name}.si-part`), opts);
  } finally {
    lock.release();
  }
}

async function fetchToFile(
  url: string,
  target: string,
  part: string,
  opts: FileDownloadOptions,
): Promise<FileDownloadResult> {
  const metaPath = `${part}.json`;
  let have = partialSize(part, metaPath, url);
  const meta = have > 0 ? readMeta(metaPath) : null;
  for (let attempt = 0; attempt < 2; attempt++) {
    const headers: Record<string, string> = { "Accept-Encoding": "identity" };
    if (have > 0) {
      headers.Range = `bytes=${have}-`;
      const validator = meta?.etag && !meta.etag.startsWith("W/") ? meta.etag : meta?.lastModified;
      if (validator) headers["If-Range"] = validator;
    }
    const res = await openRequest(url, { headers }, opts);
    const { status } = res.response;
    if (status === 404 || status === 410) {
      discardBody(res);
      throw new SpikeInterfaceError(
        "file_not_found",
        `not found (HTTP ${status}): ${url}${opts.where ?? ""}`,
        { url, status, ...opts.details },
      );
    }
    if (status === 416 && have > 0) {
      discardBody(res);
      const cr = parseContentRange(res.response.headers.get("Content-Range"));
      if (cr?.total === have) return finish(part, metaPath, target, opts, have, 0, have);
      have = restart(part, metaPath); // the partial file is longer than the remote file
      continue;
    }
    let total: number | null;
    let resumedFrom = 0;
    if (status === 206 && have > 0) {
      const cr = parseContentRange(res.response.headers.get("Content-Range"));
      if (cr === null || !("start" in cr) || cr.start !== have) {
        discardBody(res);
        have = restart(part, metaPath);
        continue;
      }
      total = cr.total;
      resumedFrom = have;
    } else if (status === 200) {
      if (have > 0) have = restart(part, metaPath); // changed remotely, or no range support
      total = contentLength(res.response);
    } else {
      discardBody(res);
      throw networkError(url, `HTTP ${status} ${res.response.statusText}`.trimEnd(), opts, { status });
    }
    const type = res.response.headers.get("Content-Type") ?? "";
    if (opts.rejectHtml && /^text\/html/i.test(type)) {
      discardBody(res);
      throw new SpikeInterfaceError(
        "file_format",
        `the server answered an HTML page, not a file (a folder? pass \`files\`): ${url}${opts.where ?? ""}`,
        { url, ...opts.details },
      );
    }
    const h = res.response.headers;
    const newMeta: PartMeta =
      resumedFrom > 0 && meta !== null
        ? meta
        : { url, etag: h.get("ETag"), lastModified: h.get("Last-Modified"), total };
    writeFileSync(metaPath, JSON.stringify(newMeta));
    const received = await writeBody(res, part, resumedFrom, total, url, opts);
    return finish(part, metaPath, target, opts, resumedFrom + received, received, resumedFrom, total);
  }
  throw networkError(url, "the server's answers to range requests are inconsistent", opts);
}

/** Append the body to the partial file; an interruption keeps what arrived for a later resume. */
async function writeBody(
  res: OpenResponse,
  part: string,
  offset: number,
  total: number | null,
  url: string,
  opts: FileDownloadOptions,
): Promise<number> {
  const fh = await open(part, offset > 0 ? "a" : "w");
  const progress = await startProgress(opts, total, offset, basename(url));
  let received = 0;
  try {
    for await (const chunk of res.chunks()) {
      await fh.write(chunk);
      received += chunk.length;
      progress.advance(offset + received);
    }
  } catch (err) {
    if (err instanceof SpikeInterfaceError && err.code === "network") {
      const of = total === null ? "" : ` of ${total}`;
      throw new SpikeInterfaceError(
        "network",
        `download interrupted after ${offset + received}${of} bytes (kept; the next call resumes): ${err.message}`,
        { ...err.details, received: offset + received, total },
        { cause: err },
      );
    }
    throw err;
  } finally {
    res.close();
    progress.stop();
    await fh.close();
  }
  return received;
}

function finish(
  part: string,
  metaPath: string,
  target: string,
  opts: FileDownloadOptions,
  size: number,
  received: number,
  resumedFrom: number,
  total: number | null = size,
): FileDownloadResult {
  const onDisk = statSync(part).size;
  if ((total !== null && onDisk !== total) || onDisk !== size) {
    const url = readMeta(metaPath)?.url ?? target;
    throw networkError(
      url,
      `download incomplete (${onDisk} of ${total ?? size} bytes; the next call resumes)`,
      opts,
      {
        received: onDisk,
        total,
      },
    );
  }
  if (opts.readOnly) chmodSync(part, 0o444);
  // Windows cannot rename over a read-only file (an update of a locked file).
  if (existsSync(target)) chmodSync(target, 0o644);
  renameSync(part, target);
  rmSync(metaPath, { force: true });
  return { size, received, resumedFrom };
}

/** Bytes of a partial file that can be resumed (0 when there is none or it is for another URL). */
function partialSize(part: string, metaPath: string, url: string): number {
  if (!existsSync(part)) return 0;
  const meta = readMeta(metaPath);
  if (meta === null || meta.url !== url) return restart(part, metaPath);
  return statSync(part).size;
}

function restart(part: string, metaPath: string): number {
  rmSync(part, { force: true });
  rmSync(metaPath, { force: true });
  return 0;
}

function readMeta(metaPath: string): PartMeta | null {
  try {
    const m = JSON.parse(readFileSync(metaPath, "utf8")) as PartMeta;
    return typeof m?.url === "string" ? m : null;
  } catch {
    return null;
  }
}

/** Content-Length when it is the file's size (not that of a compressed transfer). */
function contentLength(r: Response): number | null {
  const enc = r.headers.get("Content-Encoding");
  if (enc !== null && enc !== "identity") return null;
  const v = r.headers.get("Content-Length");
  return v !== null && /^\d+$/.test(v) ? Number(v) : null;
}

/** The jobs progress bar counts "chunks": here one chunk is one MiB. TTY only, big files only. */
async function startProgress(
  opts: FileDownloadOptions,
  total: number | null,
  offset: number,
  label: string,
): Promise<{ advance(bytes: number): void; stop(): void }> {
  if (!opts.progressBar || total === null || total < 4 * MIB) return { advance() {}, stop() {} };
  const sink: ProgressSink = await createProgressSink({ progressBar: true });
  sink.start(Math.ceil(total / MIB), `${decodeURIComponent(label)} (MiB)`);
  let shown = Math.floor(offset / MIB);
  if (shown > 0) sink.tick(shown);
  return {
    advance(bytes) {
      const now = Math.floor(bytes / MIB);
      if (now > shown) {
        sink.tick(now - shown);
        shown = now;
      }
    },
    stop: () => sink.stop(),
  };
}
