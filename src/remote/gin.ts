/**
 * The GIN repository layout (gin.g-node.org runs Gogs), browser-safe:
 *   raw file:  <origin>/<owner>/<repo>/raw/<ref>/<path>   (git-annex content is resolved by GIN)
 *   listing:   <origin>/api/v1/repos/<owner>/<repo>/contents/<path>?ref=<ref>
 * The listing answers a JSON array for a folder (entries with type "file" | "dir" | "symlink") and
 * an object for a file. Sizes in it are those of git blobs — for annexed files the pointer, not
 * the data — so completeness is checked against the download's Content-Length, never the listing.
 */
import { InvalidArgumentError } from "../errors.js";

export const DEFAULT_GIN_REPO = "https://gin.g-node.org/NeuralEnsemble/ephy_testing_data";

export interface GinRepo {
  /** Scheme, host and port requests go to (the repo's, or `baseUrl`). */
  origin: string;
  owner: string;
  name: string;
  ref: string;
}

export function parseGinRepo(repo: string, ref: string, baseUrl?: string): GinRepo {
  let u: URL;
  try {
    u = new URL(repo);
  } catch {
    throw new InvalidArgumentError(
      `repo must be a URL like ${DEFAULT_GIN_REPO}, got ${JSON.stringify(repo)}`,
    );
  }
  const parts = u.pathname
    .replace(/\.git$/, "")
    .split("/")
    .filter((p) => p !== "");
  if (parts.length !== 2) {
    throw new InvalidArgumentError(
      `repo must be <server>/<owner>/<name> (e.g. ${DEFAULT_GIN_REPO}), got ${JSON.stringify(repo)}`,
    );
  }
  let origin = u.origin;
  if (baseUrl !== undefined) {
    try {
      origin = new URL(baseUrl).href.replace(/\/+$/, "");
    } catch {
      throw new InvalidArgumentError(`baseUrl must be a URL, got ${JSON.stringify(baseUrl)}`);
    }
  }
  return { origin, owner: parts[0], name: parts[1], ref };
}

/** "a/b c" → "a/b%20c"; the path must already be validated (no "..", not absolute). */
function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

export function ginRawUrl(r: GinRepo, path: string): string {
  return `${r.origin}/${encodeURIComponent(r.owner)}/${encodeURIComponent(r.name)}/raw/${encodeURIComponent(r.ref)}/${encodePath(path)}`;
}

export function ginContentsUrl(r: GinRepo, path: string): string {
  const p = path === "" ? "" : `/${encodePath(path)}`;
  return `${r.origin}/api/v1/repos/${encodeURIComponent(r.owner)}/${encodeURIComponent(r.name)}/contents${p}?ref=${encodeURIComponent(r.ref)}`;
}

/**
 * A repository-relative path: "/spikeglx/x/" → "spikeglx/x". Rejects ".." and empty segments so
 * that nothing (a caller's path or a listing's entry) can write outside the cache folder.
 */
export function normalizeRemotePath(path: string): string {
  if (typeof path !== "string")
    throw new InvalidArgumentError(`remotePath must be a string, got ${String(path)}`);
  const parts = path
    .replace(/\\/g, "/")
    .split("/")
    .filter((p) => p !== "" && p !== ".");
  if (parts.length === 0) throw new InvalidArgumentError(`remotePath is empty: ${JSON.stringify(path)}`);
  if (parts.includes("..")) {
    throw new InvalidArgumentError(`remotePath may not contain "..": ${JSON.stringify(path)}`);
  }
  return parts.join("/");
}

export interface GinEntry {
  type: string;
  /** Repository-relative path. */
  path: string;
}

/** The entries of a contents answer: an array (folder) or one object (file); null if unrecognised. */
export function parseGinContents(json: unknown): { kind: "dir" | "file"; entries: GinEntry[] } | null {
  const entry = (v: unknown): GinEntry | null => {
    if (v === null || typeof v !== "object") return null;
    const { type, path } = v as { type?: unknown; path?: unknown };
    return typeof type === "string" && typeof path === "string" ? { type, path } : null;
  };
  if (Array.isArray(json)) {
    const entries = json.map(entry);
    return entries.every((e) => e !== null) ? { kind: "dir", entries: entries as GinEntry[] } : null;
  }
  const e = entry(json);
  if (e === null) return null;
  return e.type === "dir" ? { kind: "dir", entries: [] } : { kind: "file", entries: [e] };
}
