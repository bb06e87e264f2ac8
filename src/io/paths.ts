/**
 * Relative paths in provenance dicts (spec formats.md §7): only leaves whose key contains "path"
 * are paths (list items inherit their list's key); only paths that exist are rewritten; the whole
 * tree is rewritten at once and only the top-level dict says `relative_paths: true`. This is what
 * lets a saved folder be moved and still load.
 */
import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

type Visitor = (path: string) => string;

function mapPaths(value: unknown, visit: Visitor, key = ""): unknown {
  if (typeof value === "string") return key.includes("path") ? visit(value) : value;
  if (Array.isArray(value)) return value.map((v) => mapPaths(v, visit, key));
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapPaths(v, visit, k)]));
  }
  return value;
}

function collectPaths(value: unknown, key = "", out: string[] = []): string[] {
  if (typeof value === "string") {
    if (key.includes("path")) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectPaths(v, key, out);
  } else if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value)) collectPaths(v, k, out);
  }
  return out;
}

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Rewrite existing paths relative to `folder` (POSIX separators) when every path can be. */
export function makePathsRelative<T extends { relative_paths?: boolean }>(dict: T, folder: string): T {
  const base = resolve(folder);
  const paths = collectPaths(dict);
  if (paths.some((p) => p.includes("http") || REMOTE.test(p))) return { ...dict, relative_paths: false };
  const rewritten = mapPaths(dict, (p) => {
    const abs = resolve(p);
    if (!existsSync(abs)) return p;
    const rel = relative(base, abs) || ".";
    return rel.split(sep).join("/");
  }) as T;
  return { ...rewritten, relative_paths: true };
}

/** Make the paths of a dict absolute against `baseFolder` where the joined path exists. */
export function makePathsAbsolute<T>(dict: T, baseFolder: string): T {
  return mapPaths(dict, (p) => {
    if (REMOTE.test(p)) return p;
    const abs = isAbsolute(p) ? p : resolve(baseFolder, p);
    return existsSync(abs) ? abs : p;
  }) as T;
}
