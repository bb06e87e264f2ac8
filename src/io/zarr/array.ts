/**
 * Zarr v2 arrays: open or create, read any box (decoding only the chunks it touches, through the
 * shared LRU of decoded chunks, or only the Blosc blocks it touches for small windows), write
 * whole chunks (an edge chunk is padded with the fill value to the full chunk shape, as zarr does).
 */
import type { TypedArray } from "../../dtype.js";
import { allocate } from "../../dtype.js";
import { InvalidArgumentError, SpikeInterfaceError, throwIfAborted } from "../../errors.js";
import { type CachedValue, type ChunkCache, getDefaultChunkCache, storeIdentity } from "./chunk-cache.js";
import {
  bytesToValues,
  type ChunkData,
  ChunkPipeline,
  filledChunk,
  valuesToBytes,
  type ZarrValues,
} from "./chunk-codec.js";
import { BloscCodec } from "./codecs/blosc.js";
import { type ArrayMetadata, readArrayMetadata } from "./metadata.js";
import { readBloscSpan } from "./partial-read.js";
import {
  type BoxSide,
  copyBoxBytes,
  copyBoxItems,
  product,
  type Region,
  resolveRegion,
  stridesOf,
} from "./region.js";
import { normalizePath, type StoreGetOptions, type StoreKey, storeKey, type ZarrStore } from "./store.js";

export interface OpenArrayOptions extends StoreGetOptions {
  /** Decoded-chunk cache: default the shared 256 MB one; null for none. */
  cache?: ChunkCache | null;
  /** Decode only the Blosc blocks under small reads (default true; needs store.getRange). */
  partialDecode?: boolean;
}

export interface ReadOptions {
  signal?: AbortSignal;
}

/** Below this fraction of a chunk, a read decodes only the Blosc blocks it needs. */
const PARTIAL_FRACTION = 0.25;
const PARTIAL_MIN_CHUNK_BYTES = 1 << 20;
const MAX_PARALLEL_CHUNKS = 8;

export class ZarrArray {
  readonly store: ZarrStore;
  readonly path: string;
  readonly meta: ArrayMetadata;
  readonly cache: ChunkCache | null;
  private readonly pipeline: ChunkPipeline;
  private readonly partialDecode: boolean;
  private readonly cachePrefix: string;
  private fill: ChunkData | undefined;

  constructor(store: ZarrStore, path: string, meta: ArrayMetadata, opts: OpenArrayOptions = {}) {
    this.store = store;
    this.path = normalizePath(path);
    this.meta = meta;
    this.cache = opts.cache === undefined ? getDefaultChunkCache() : opts.cache;
    this.partialDecode = opts.partialDecode ?? true;
    this.pipeline = new ChunkPipeline(meta, storeKey(this.path, ".zarray"));
    this.cachePrefix = `${storeIdentity(store)}|`;
  }

  static async open(store: ZarrStore, path: string, opts: OpenArrayOptions = {}): Promise<ZarrArray> {
    throwIfAborted(opts.signal);
    return new ZarrArray(store, path, await readArrayMetadata(store, path, opts), opts);
  }

  get shape(): readonly number[] {
    return this.meta.shape;
  }

  get chunks(): readonly number[] {
    return this.meta.chunks;
  }

  get dtype(): ArrayMetadata["dtype"] {
    return this.meta.dtype;
  }

  /** Number of chunks along each dimension. */
  get chunkGrid(): number[] {
    return this.meta.shape.map((s, d) => Math.ceil(s / this.meta.chunks[d]));
  }

  chunkKey(coords: readonly number[]): StoreKey {
    const name = coords.length === 0 ? "0" : coords.join(this.meta.dimensionSeparator);
    return storeKey(this.path, name);
  }

  /** Shape of the part of chunk `coords` inside the array (smaller than `chunks` at the edges). */
  chunkValidShape(coords: readonly number[]): number[] {
    this.checkChunkCoords(coords);
    return coords.map((c, d) => Math.min(this.meta.chunks[d], this.meta.shape[d] - c * this.meta.chunks[d]));
  }

  private checkChunkCoords(coords: readonly number[]): void {
    const grid = this.chunkGrid;
    if (
      !Array.isArray(coords) ||
      coords.length !== grid.length ||
      coords.some((c, d) => !Number.isInteger(c) || c < 0 || c >= grid[d])
    ) {
      throw new InvalidArgumentError(
        `${this.path}: chunk ${JSON.stringify(coords)} is outside the chunk grid ${JSON.stringify(grid)}`,
      );
    }
  }

  private where(key: StoreKey): string {
    return `zarr array ${JSON.stringify(this.path)}, chunk ${key}`;
  }

  private fillChunk(): ChunkData {
    this.fill ??= filledChunk(this.meta.dtype, this.meta.fillValue, this.pipeline.chunkElements);
    return this.fill;
  }

  /** The decoded full chunk (a missing chunk reads as the fill value). Do not modify it. */
  async readChunkData(coords: readonly number[], opts: ReadOptions = {}): Promise<ChunkData> {
    this.checkChunkCoords(coords);
    const key = this.chunkKey(coords);
    const load = async (): Promise<CachedValue> => {
      throwIfAborted(opts.signal);
      const raw = await this.store.get(key, opts);
      if (raw === undefined) return this.fillChunk();
      return this.pipeline.decode(raw, this.where(key));
    };
    if (this.cache === null) return (await load()) as ChunkData;
    return (await this.cache.getOrLoad(this.cachePrefix + key, load, sizeOfChunk)) as ChunkData;
  }

  /** Read the box [start, end) as values in C order. */
  async readRegion(region?: Region, opts: ReadOptions = {}): Promise<ZarrValues> {
    throwIfAborted(opts.signal);
    const { shape, chunks, dtype } = this.meta;
    const [start, end] = resolveRegion(shape, region, `zarr array ${JSON.stringify(this.path)}`);
    const outShape = start.map((s, d) => end[d] - s);
    const count = product(outShape);
    const isObject = dtype.kind === "object";
    const out: TypedArray | Uint8Array | unknown[] = isObject
      ? new Array<unknown>(count).fill(null)
      : dtype.kind === "number"
        ? allocate(dtype.dtype, count)
        : new Uint8Array(count * dtype.itemsize);
    const outBytes = isObject ? undefined : new Uint8Array((out as TypedArray).buffer);
    const dstSide: BoxSide = { shape: outShape, origin: start, order: "C" };
    if (count > 0) {
      const first = start.map((s, d) => Math.floor(s / chunks[d]));
      const last = end.map((e, d) => Math.floor((e - 1) / chunks[d]));
      const tasks: (() => Promise<void>)[] = [];
      const idx = [...first];
      for (;;) {
        const coords = [...idx];
        tasks.push(() => this.copyChunkInto(coords, start, end, out, outBytes, dstSide, opts));
        let d = idx.length - 1;
        while (d >= 0) {
          idx[d]++;
          if (idx[d] <= last[d]) break;
          idx[d] = first[d];
          d--;
        }
        if (d < 0) break;
      }
      await runLimited(tasks, MAX_PARALLEL_CHUNKS);
    }
    if (isObject) return out as unknown[];
    if (dtype.kind === "number") {
      if (!dtype.littleEndian) return bytesToValues(outBytes!, dtype, count);
      return out as TypedArray;
    }
    return bytesToValues(outBytes!, dtype, count);
  }

  private async copyChunkInto(
    coords: number[],
    start: number[],
    end: number[],
    out: TypedArray | Uint8Array | unknown[],
    outBytes: Uint8Array | undefined,
    dstSide: BoxSide,
    opts: ReadOptions,
  ): Promise<void> {
    throwIfAborted(opts.signal);
    const { chunks, dtype, order } = this.meta;
    const origin = coords.map((c, d) => c * chunks[d]);
    const lo = origin.map((o, d) => Math.max(o, start[d]));
    const hi = origin.map((o, d) => Math.min(o + chunks[d], end[d]));
    const srcSide: BoxSide = { shape: chunks, origin, order };
    if (outBytes !== undefined && (await this.tryDirect(coords, origin, start, end, dstSide, outBytes, opts)))
      return;
    if (outBytes !== undefined) {
      const partial = await this.tryPartial(coords, origin, lo, hi, opts);
      if (partial !== undefined) {
        copyBoxBytes(partial.bytes, srcSide, partial.base, outBytes, dstSide, lo, hi, dtype.itemsize);
        return;
      }
    }
    const data = await this.readChunkData(coords, opts);
    if (outBytes === undefined) copyBoxItems(data as unknown[], srcSide, out as unknown[], dstSide, lo, hi);
    else copyBoxBytes(data as Uint8Array, srcSide, 0, outBytes, dstSide, lo, hi, dtype.itemsize);
  }

  /**
   * A read covering a whole (non-edge) chunk that lands contiguously in the output (all of the
   * region's trailing dimensions) decodes straight into the output: no decoded-chunk buffer, no
   * copy, no cache churn for data the caller now holds. Returns false when that does not apply.
   */
  private async tryDirect(
    coords: number[],
    origin: number[],
    start: number[],
    end: number[],
    dstSide: BoxSide,
    outBytes: Uint8Array,
    opts: ReadOptions,
  ): Promise<boolean> {
    const { chunks, dtype, order } = this.meta;
    if (order !== "C" || chunks.length === 0) return false;
    for (let d = 0; d < chunks.length; d++) {
      if (origin[d] < start[d] || origin[d] + chunks[d] > end[d]) return false; // not the whole chunk
      if (d > 0 && (start[d] !== origin[d] || end[d] !== origin[d] + chunks[d])) return false;
    }
    const key = this.chunkKey(coords);
    if (this.cache?.get(this.cachePrefix + key) !== undefined) return false;
    const rowElems = product(dstSide.shape.slice(1));
    const at = (origin[0] - start[0]) * rowElems * dtype.itemsize;
    const dst = outBytes.subarray(at, at + this.pipeline.chunkBytes);
    throwIfAborted(opts.signal);
    const raw = await this.store.get(key, opts);
    if (raw === undefined) dst.set(this.fillChunk() as Uint8Array);
    else await this.pipeline.decodeInto(raw, this.where(key), dst);
    return true;
  }

  /** Decoded bytes for a small box of a big Blosc chunk, or undefined to decode the whole chunk. */
  private async tryPartial(
    coords: number[],
    origin: number[],
    lo: number[],
    hi: number[],
    opts: ReadOptions,
  ): Promise<{ bytes: Uint8Array; base: number } | undefined> {
    const { chunks, dtype, order, filters } = this.meta;
    if (!this.partialDecode || typeof this.store.getRange !== "function") return undefined;
    if (!(this.pipeline.compressor instanceof BloscCodec) || (filters !== null && filters.length > 0))
      return undefined;
    if (this.pipeline.chunkBytes < PARTIAL_MIN_CHUNK_BYTES) return undefined;
    const strides = stridesOf(chunks, order);
    let first = 0;
    let lastEl = 0;
    for (let d = 0; d < chunks.length; d++) {
      first += (lo[d] - origin[d]) * strides[d];
      lastEl += (hi[d] - 1 - origin[d]) * strides[d];
    }
    const startByte = first * dtype.itemsize;
    const endByte = (lastEl + 1) * dtype.itemsize;
    if (endByte - startByte > PARTIAL_FRACTION * this.pipeline.chunkBytes) return undefined;
    const key = this.chunkKey(coords);
    const cacheKey = this.cachePrefix + key;
    if (this.cache?.get(cacheKey) !== undefined) return undefined;
    const r = await readBloscSpan(
      this.store,
      key,
      cacheKey,
      startByte,
      endByte,
      this.cache,
      this.where(key),
      opts,
    );
    if (r === null) return undefined;
    if (r === undefined) {
      const fill = this.fillChunk() as Uint8Array;
      return { bytes: fill, base: 0 };
    }
    return r;
  }

  async readWhole(opts: ReadOptions = {}): Promise<ZarrValues> {
    return this.readRegion(undefined, opts);
  }

  /**
   * Encode and store one chunk. `data` holds either the chunk's part inside the array (C order,
   * shape `chunkValidShape(coords)`) or a full chunk; an edge chunk is padded with the fill value.
   */
  async writeChunk(coords: readonly number[], data: ZarrValues | readonly boolean[]): Promise<void> {
    if (typeof this.store.set !== "function") {
      throw new SpikeInterfaceError("incompatible", `cannot write ${this.path}: the zarr store is read-only`);
    }
    const valid = this.chunkValidShape(coords);
    const key = this.chunkKey(coords);
    const where = this.where(key);
    const nValid = product(valid);
    const nFull = this.pipeline.chunkElements;
    const len = (data as ArrayLike<unknown>).length;
    if (len !== nValid && len !== nFull) {
      throw new InvalidArgumentError(
        `${where}: got ${len} values, expected ${nValid} (shape ${JSON.stringify(valid)}) or a full chunk of ${nFull}`,
      );
    }
    const { chunks, dtype } = this.meta;
    let chunk: ChunkData;
    const origin = coords.map((c, d) => c * chunks[d]);
    const hi = origin.map((o, d) => o + valid[d]);
    if (dtype.kind === "object") {
      if (!Array.isArray(data))
        throw new InvalidArgumentError(`${where}: object arrays take a list of values`);
      if (len === nFull) chunk = data as unknown[];
      else {
        chunk = [...(this.fillChunk() as unknown[])];
        const src: BoxSide = { shape: valid, origin, order: "C" };
        copyBoxItems(data as unknown[], src, chunk, { shape: chunks, origin, order: "C" }, origin, hi);
      }
    } else {
      const bytes = valuesToBytes(data, dtype, where);
      if (len === nFull) chunk = bytes;
      else {
        chunk = (this.fillChunk() as Uint8Array).slice();
        const src: BoxSide = { shape: valid, origin, order: "C" };
        const dst: BoxSide = { shape: chunks, origin, order: this.meta.order };
        copyBoxBytes(bytes, src, 0, chunk, dst, origin, hi, dtype.itemsize);
      }
    }
    let stored = await this.pipeline.encode(chunk, where);
    // Never let a store keep a view of the caller's buffer.
    if (ArrayBuffer.isView(data) && stored.buffer === (data as TypedArray).buffer) stored = stored.slice();
    await this.store.set(key, stored);
    if (this.cache !== null) {
      this.cache.delete(this.cachePrefix + key);
      this.cache.deletePrefix(`${this.cachePrefix + key}#`);
    }
  }

  /** Write the whole array from C-order values, chunk by chunk. */
  async writeWhole(data: ZarrValues | readonly boolean[]): Promise<void> {
    const { shape, chunks } = this.meta;
    const total = product(shape);
    const len = (data as ArrayLike<unknown>).length;
    if (len !== total) {
      throw new InvalidArgumentError(
        `${this.path}: got ${len} values for shape ${JSON.stringify(shape)} (${total})`,
      );
    }
    if (total === 0) return;
    const grid = this.chunkGrid;
    const idx = grid.map(() => 0);
    const whole: BoxSide = { shape, origin: shape.map(() => 0), order: "C" };
    const dtype = this.meta.dtype;
    const bytes = dtype.kind === "object" ? undefined : valuesToBytes(data, dtype, this.path);
    for (;;) {
      const valid = this.chunkValidShape(idx);
      const origin = idx.map((c, d) => c * chunks[d]);
      const hi = origin.map((o, d) => o + valid[d]);
      const part: BoxSide = { shape: valid, origin, order: "C" };
      if (bytes === undefined) {
        const items = new Array<unknown>(product(valid));
        copyBoxItems(data as unknown[], whole, items, part, origin, hi);
        await this.writeChunk(idx, items);
      } else {
        const buf = new Uint8Array(product(valid) * dtype.itemsize);
        copyBoxBytes(bytes, whole, 0, buf, part, origin, hi, dtype.itemsize);
        await this.writeChunk(idx, bytesToValues(buf, dtype, product(valid)) as ZarrValues);
      }
      let d = idx.length - 1;
      while (d >= 0) {
        idx[d]++;
        if (idx[d] < grid[d]) break;
        idx[d] = 0;
        d--;
      }
      if (d < 0) break;
    }
  }
}

function sizeOfChunk(v: CachedValue): number {
  return v instanceof Uint8Array ? v.byteLength : 64 * v.length;
}

async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const t = tasks[next++];
      await t();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
