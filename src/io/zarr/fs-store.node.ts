/**
 * A zarr store over a local folder (Node only): key "/a/b/0.0" is the file `<root>/a/b/0.0`, the
 * layout Python zarr's DirectoryStore uses. Missing files read as `undefined` (zarr: missing chunk
 * = fill value); ranged reads open the file and read only the bytes asked for, which is what lets
 * a small window of a Blosc chunk be decoded without reading the whole chunk file.
 */
import { mkdir, open, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { InvalidArgumentError, SpikeInterfaceError, throwIfAborted } from "../../errors.js";
import type { RangeQuery, StoreGetOptions, StoreKey, StoreListing, ZarrStore } from "./store.js";
// Side effect: in Node, zlib/gzip (and Blosc-zlib) use the native node:zlib instead of fflate.
import "./codecs/lzma.node.js";
import "./codecs/node-zlib.node.js";

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}

export class FileSystemStore implements ZarrStore {
  readonly root: string;

  constructor(root: string) {
    if (typeof root !== "string" || root.length === 0) {
      throw new InvalidArgumentError(`FileSystemStore root must be a non-empty path, got ${String(root)}`);
    }
    this.root = resolve(root);
  }

  /** The file path of a key; refuses keys that would escape the root. */
  pathOf(key: StoreKey): string {
    if (typeof key !== "string" || !key.startsWith("/")) {
      throw new InvalidArgumentError(`zarr store key must start with "/", got ${JSON.stringify(key)}`);
    }
    const parts = key.split("/").filter((p) => p.length > 0);
    if (parts.some((p) => p === ".." || p === ".")) {
      throw new InvalidArgumentError(`zarr store key ${JSON.stringify(key)} may not contain "." or ".."`);
    }
    return join(this.root, ...parts);
  }

  async get(key: StoreKey, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    throwIfAborted(opts?.signal);
    try {
      const buf = await readFile(this.pathOf(key), { signal: opts?.signal });
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw wrapFsError(err, this.pathOf(key), opts?.signal);
    }
  }

  async getRange(key: StoreKey, range: RangeQuery, opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    throwIfAborted(opts?.signal);
    const path = this.pathOf(key);
    let fh: Awaited<ReturnType<typeof open>>;
    try {
      fh = await open(path, "r");
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw wrapFsError(err, path, opts?.signal);
    }
    try {
      let offset: number;
      let length: number;
      if ("suffixLength" in range) {
        const size = (await fh.stat()).size;
        offset = Math.max(0, size - range.suffixLength);
        length = size - offset;
      } else {
        offset = range.offset;
        length = range.length;
      }
      const out = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(out, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === length ? out : out.subarray(0, got);
    } finally {
      await fh.close();
    }
  }

  async set(key: StoreKey, value: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, value);
  }

  async delete(key: StoreKey): Promise<void> {
    await rm(this.pathOf(key), { force: true, recursive: true });
  }

  async listDir(prefix: StoreKey): Promise<StoreListing> {
    const dir = this.pathOf(prefix.endsWith("/") ? prefix : (`${prefix}/` as StoreKey));
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      const keys: string[] = [];
      const prefixes: string[] = [];
      for (const e of entries) {
        if (e.isDirectory()) prefixes.push(e.name);
        else keys.push(e.name);
      }
      return { keys: keys.sort(), prefixes: prefixes.sort() };
    } catch (err) {
      if (isMissing(err)) return { keys: [], prefixes: [] };
      throw wrapFsError(err, dir, undefined);
    }
  }
}

function wrapFsError(err: unknown, path: string, signal: AbortSignal | undefined): Error {
  if (signal?.aborted) {
    return new SpikeInterfaceError("aborted", "operation aborted", {}, { cause: signal.reason });
  }
  const e = err as NodeJS.ErrnoException;
  return new SpikeInterfaceError(
    "file_format",
    `${path}: cannot read (${e.code ?? e.message})`,
    { path },
    { cause: err },
  );
}
