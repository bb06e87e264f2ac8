/**
 * Listing a "directory" of a plain HTTP server from its HTML index page (python -m http.server,
 * nginx autoindex, Apache): the links to `name` and `name/`. This is what fsspec's HTTP file system
 * does for zarr-python, and the only way to find the `properties/` arrays of a SpikeInterface zarr
 * that was saved without consolidated metadata. Browser-safe: a regex, no DOM parser.
 */
import type { StoreListing } from "../io/zarr/store.js";

const HREF = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

/**
 * Direct children of the directory at `dirUrl` named by the links of `html`. Links outside the
 * directory (parent, sort links "?C=N;O=D", absolute links elsewhere) are ignored.
 */
export function parseHtmlListing(html: string, dirUrl: string): StoreListing {
  const base = new URL(dirUrl.endsWith("/") ? dirUrl : `${dirUrl}/`);
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const m of html.matchAll(HREF)) {
    const raw = decodeEntities(m[1] ?? m[2] ?? m[3] ?? "");
    if (raw === "" || raw.startsWith("?") || raw.startsWith("#")) continue;
    let target: URL;
    try {
      target = new URL(raw, base);
    } catch {
      continue;
    }
    if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) continue;
    const rest = target.pathname.slice(base.pathname.length);
    const isDir = rest.endsWith("/");
    const name = isDir ? rest.slice(0, -1) : rest;
    if (name === "" || name.includes("/")) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      continue;
    }
    if (decoded === "." || decoded === "..") continue;
    (isDir ? prefixes : keys).add(decoded);
  }
  return { keys: [...keys].sort(), prefixes: [...prefixes].sort() };
}
