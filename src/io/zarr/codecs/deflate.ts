/**
 * zlib / gzip streams. fflate works everywhere (browser included); in Node the native node:zlib
 * is 2-4x faster, so `node-zlib.node.ts` swaps it in (FileSystemStore imports it). Everything
 * that deflates goes through `deflateImpl()` so the swap reaches Blosc-zlib too.
 */
import { gunzipSync, gzipSync, unzlibSync, zlibSync } from "fflate";

export interface DeflateImplementation {
  name: string;
  zlibCompress(data: Uint8Array, level: number): Uint8Array;
  zlibDecompress(data: Uint8Array): Uint8Array;
  gzipCompress(data: Uint8Array, level: number): Uint8Array;
  gzipDecompress(data: Uint8Array): Uint8Array;
}

type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

function level(l: number): Level {
  return Math.max(0, Math.min(9, Math.round(l))) as Level;
}

export const fflateDeflate: DeflateImplementation = {
  name: "fflate",
  zlibCompress: (d, l) => zlibSync(d, { level: level(l) }),
  zlibDecompress: (d) => unzlibSync(d),
  // mtime 0 keeps the output reproducible, as numcodecs' GZip does.
  gzipCompress: (d, l) => gzipSync(d, { level: level(l), mtime: 0 }),
  gzipDecompress: (d) => gunzipSync(d),
};

let current: DeflateImplementation = fflateDeflate;

export function deflateImpl(): DeflateImplementation {
  return current;
}

export function setDeflateImplementation(impl: DeflateImplementation): void {
  current = impl;
}
