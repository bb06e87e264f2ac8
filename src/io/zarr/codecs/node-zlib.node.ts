/**
 * Node only: route zlib/gzip through the native node:zlib (importing this module installs it).
 * A level of -1 means zlib's default, as in Python's zlib.compress.
 */
import { deflateSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import { type DeflateImplementation, setDeflateImplementation } from "./deflate.js";

function view(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export const nodeDeflate: DeflateImplementation = {
  name: "node:zlib",
  zlibCompress: (d, level) => view(deflateSync(d, { level })),
  zlibDecompress: (d) => view(inflateSync(d)),
  gzipCompress: (d, level) => view(gzipSync(d, { level })),
  gzipDecompress: (d) => view(gunzipSync(d)),
};

setDeflateImplementation(nodeDeflate);
