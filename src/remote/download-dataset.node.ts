/**
 * `downloadDataset` (SpikeInterface's `download_dataset`): a file or a folder of the NEO test-data
 * repository on GIN, fetched over plain HTTP (Python goes through datalad, git and git-annex) into a
 * local cache, and its local path returned.
 *
 * - A file at its final cache path is complete (downloads are renamed into place only when their
 *   size matches), so a cache hit sends no request at all. A folder is complete when its
 *   ".<name>.si-download.json" record (written next to it, not inside, where readers scan) lists
 *   files that are all there with their sizes.
 * - A path is first asked for as a file (one request for a file). When the answer is a 404 or an
 *   HTML page (a folder), it is listed through GIN's contents API
 *   (`api/v1/repos/.../contents/<path>`); or its files are taken from `files` (no listing request),
 *   for servers without the API such as a static mirror.
 * - Every request has an idle timeout; failures are typed errors naming the URL and the cache
 *   folder ("network", or "file_not_found" for a 404).
 */
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InvalidArgumentError, isSiError, SpikeInterfaceError } from "../errors.js";
import { globalDatasetFolder } from "./cache-dir.node.js";
import { downloadFile, type FileDownloadOptions } from "./download-file.node.js";
import {
  DEFAULT_GIN_REPO,
  type GinRepo,
  ginContentsUrl,
  ginRawUrl,
  normalizeRemotePath,
  parseGinContents,
  parseGinRepo,
} from "./gin.js";
import {
  DEFAULT_TIMEOUT_MS,
  defaultFetch,
  discardBody,
  type FetchLike,
  networkError,
  openRequest,
  type RequestContext,
} from "./http-request.js";

export interface DownloadDatasetOptions {
  /** File or folder inside the repository, e.g. "mearec/mearec_test_10s.h5". */
  remotePath: string;
  /** Repository web address (default the NEO ephy_testing_data repository on GIN). */
  repo?: string;
  /** Branch, tag or commit (default "master"). */
  ref?: string;
  /** Local copy of the repository: files land at `<localFolder>/<remotePath>`. Default: see cache-dir. */
  localFolder?: string;
  /** Send requests to this server instead of the repo's (a mirror with GIN's URL layout). */
  baseUrl?: string;
  /** The folder's files (paths relative to `remotePath`): no listing request needed. */
  files?: readonly string[];
  /** Leave files writable (default false: read-only, like datalad's locked annexed files). */
  unlock?: boolean;
  /** Ask the server (HEAD) whether cached files still have its size; re-download those that do not. */
  updateIfExists?: boolean;
  /** Idle timeout of each request in ms (default 30 000). */
  timeoutMs?: number;
  fetchImpl?: FetchLike;
  /** A progress bar for large files, on a TTY only (default true). */
  progressBar?: boolean;
  signal?: AbortSignal;
}

interface FolderRecord {
  url: string;
  files: { path: string; size: number }[];
}

/** Download (or find in the cache) a file or a folder; resolves to its local path. */
export async function downloadDataset(options: DownloadDatasetOptions): Promise<string> {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError("downloadDataset needs an options object with remotePath");
  }
  const remotePath = normalizeRemotePath(options.remotePath);
  const repo = parseGinRepo(options.repo ?? DEFAULT_GIN_REPO, options.ref ?? "master", options.baseUrl);
  const localFolder = resolve(options.localFolder ?? join(globalDatasetFolder(), repo.name));
  const localPath = join(localFolder, ...remotePath.split("/"));
  const ctx: RequestContext = {
    fetchImpl: options.fetchImpl ?? defaultFetch(),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    where: ` (cache folder ${localFolder})`,
    details: { cacheFolder: localFolder },
  };
  if (!(ctx.timeoutMs > 0)) throw new InvalidArgumentError(`timeoutMs must be > 0, got ${ctx.timeoutMs}`);
  const fileOpts = { ...ctx, progressBar: options.progressBar ?? true, readOnly: options.unlock !== true };
  const record = recordPath(localPath);

  // Cache hits: no request at all (unless the caller asked to compare with the server).
  if (options.updateIfExists !== true) {
    if (existsSync(localPath) && statSync(localPath).isFile()) return unlocked(localPath, options);
    const cached = folderRecord(localPath, record);
    if (cached !== null) {
      for (const f of cached.files) unlocked(join(localPath, ...f.path.split("/")), options);
      return localPath;
    }
  }

  let files: string[] | null = options.files?.map((f) => normalizeRemotePath(f)) ?? null;
  if (options.files === undefined && !isDirectory(localPath)) {
    // Most calls name a file: ask for it directly (one request); list only when that fails.
    const asFile = await tryAsFile(ginRawUrl(repo, remotePath), localPath, fileOpts, options);
    if (typeof asFile === "string") return asFile;
    files = await listRemote(repo, remotePath, ctx);
    if (files === null) throw asFile.error; // neither a file nor a folder: the raw URL's answer
  } else if (options.files === undefined) files = await listRemote(repo, remotePath, ctx);

  if (files === null) {
    const url = ginRawUrl(repo, remotePath);
    throw new SpikeInterfaceError(
      "file_exists",
      `${localPath} is a folder, but the server has no folder there (${url}): remove it to download the file`,
      { path: localPath, url },
    );
  }
  const done: FolderRecord["files"] = [];
  for (const rel of files) {
    const url = ginRawUrl(repo, `${remotePath}/${rel}`);
    const target = join(localPath, ...rel.split("/"));
    if (options.updateIfExists === true && existsSync(target)) await dropIfChanged(url, target, ctx);
    if (!existsSync(target)) await downloadFile(url, target, { ...fileOpts, rejectHtml: !isHtmlName(rel) });
    unlocked(target, options);
    done.push({ path: rel, size: statSync(target).size });
  }
  const rec: FolderRecord = { url: ginRawUrl(repo, remotePath), files: done };
  writeFileSync(record, `${JSON.stringify(rec, null, 1)}\n`);
  return localPath;
}

/**
 * Download `url` as a file, or say why it is not one: a 404 (a folder on GIN, or nothing) or an
 * HTML page (a folder index on a mirror). Other failures (network, timeout) are thrown.
 */
async function tryAsFile(
  url: string,
  localPath: string,
  fileOpts: FileDownloadOptions,
  options: DownloadDatasetOptions,
): Promise<string | { error: SpikeInterfaceError }> {
  if (options.updateIfExists === true && existsSync(localPath)) await dropIfChanged(url, localPath, fileOpts);
  if (existsSync(localPath)) return unlocked(localPath, options);
  try {
    await downloadFile(url, localPath, { ...fileOpts, rejectHtml: !isHtmlName(localPath) });
  } catch (err) {
    if (isSiError(err, "file_not_found") || isSiError(err, "file_format")) return { error: err };
    throw err;
  }
  return unlocked(localPath, options);
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Where the completeness record of a folder lives: next to it, hidden. */
function recordPath(localPath: string): string {
  return join(dirname(localPath), `.${basename(localPath)}.si-download.json`);
}

/** The folder's record when every file it lists is there with its size, else null. */
function folderRecord(localPath: string, record: string): FolderRecord | null {
  if (!existsSync(record) || !existsSync(localPath)) return null;
  let rec: FolderRecord;
  try {
    rec = JSON.parse(readFileSync(record, "utf8")) as FolderRecord;
    if (!Array.isArray(rec.files)) return null;
    const complete = rec.files.every((f) => {
      const p = join(localPath, ...normalizeRemotePath(f.path).split("/"));
      return existsSync(p) && statSync(p).size === f.size;
    });
    return complete ? rec : null;
  } catch {
    return null; // unreadable or tampered record: check with the server again
  }
}

/**
 * The files under `remotePath` (relative to it), or null when it is a file. GIN answers the
 * contents API; a server without it (404) is asked for the path as a file.
 */
async function listRemote(repo: GinRepo, remotePath: string, ctx: RequestContext): Promise<string[] | null> {
  const top = await listOne(repo, remotePath, ctx);
  if (top === "missing" || top.kind === "file") return null;
  const out: string[] = [];
  const walk = async (dir: string, entries: { type: string; path: string }[]): Promise<void> => {
    for (const e of entries) {
      const path = normalizeRemotePath(e.path);
      if (!path.startsWith(`${dir}/`)) {
        throw networkError(
          ginContentsUrl(repo, dir),
          `listing entry ${JSON.stringify(e.path)} is outside the folder`,
          ctx,
        );
      }
      if (e.type === "dir") {
        const sub = await listOne(repo, path, ctx);
        if (sub !== "missing") await walk(path, sub.entries);
      } else if (e.type === "file" || e.type === "symlink") {
        out.push(path.slice(remotePath.length + 1));
      }
      // "submodule" entries have no content to download
    }
  };
  await walk(remotePath, top.entries);
  if (out.length === 0) {
    throw new SpikeInterfaceError(
      "file_not_found",
      `no files under ${remotePath}: ${ginContentsUrl(repo, remotePath)}${ctx.where}`,
      {
        url: ginContentsUrl(repo, remotePath),
        ...ctx.details,
      },
    );
  }
  return out.sort();
}

async function listOne(
  repo: GinRepo,
  path: string,
  ctx: RequestContext,
): Promise<"missing" | { kind: "dir" | "file"; entries: { type: string; path: string }[] }> {
  const url = ginContentsUrl(repo, path);
  const res = await openRequest(url, { headers: { Accept: "application/json" } }, ctx);
  if (res.response.status === 404) {
    discardBody(res);
    return "missing";
  }
  if (res.response.status !== 200) {
    discardBody(res);
    throw networkError(url, `listing failed (HTTP ${res.response.status})`, ctx, {
      status: res.response.status,
    });
  }
  const text = new TextDecoder().decode(await res.bytes());
  let parsed: ReturnType<typeof parseGinContents> = null;
  try {
    parsed = parseGinContents(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (parsed === null) throw networkError(url, "the listing is not a GIN/Gogs contents answer", ctx);
  return parsed;
}

/** HEAD the URL; remove the cached file when the server's size differs (it is then re-downloaded). */
async function dropIfChanged(url: string, path: string, ctx: RequestContext): Promise<void> {
  const res = await openRequest(url, { method: "HEAD", headers: { "Accept-Encoding": "identity" } }, ctx);
  discardBody(res);
  if (res.response.status === 404) {
    throw new SpikeInterfaceError("file_not_found", `not found (HTTP 404): ${url}${ctx.where}`, {
      url,
      ...ctx.details,
    });
  }
  const len = res.response.headers.get("Content-Length");
  if (res.response.ok && len !== null && Number(len) !== statSync(path).size) {
    rmSync(path, { force: true });
  }
}

function unlocked(path: string, options: DownloadDatasetOptions): string {
  if (options.unlock === true && statSync(path).isFile()) chmodSync(path, 0o644);
  return path;
}

function isHtmlName(p: string): boolean {
  return /\.html?$/i.test(p);
}
