/**
 * Reading a small byte span of a Blosc-compressed chunk without decoding the whole chunk: Blosc
 * blocks (256 KB for SpikeInterface's default) are independent, so a 1 ms window of a 1 s chunk
 * needs one or two of its ~90 blocks. With a store that supports ranged reads, we fetch the
 * header and block table, then only the compressed bytes of the needed blocks.
 */

import type { ChunkCache } from "./chunk-cache.js";
import { BLOSC_HEADER, decodeBloscBlocks, parseBloscHeader, readBstarts } from "./codecs/blosc-frame.js";
import { innerDecompressor } from "./codecs/blosc-inner.js";
import type { StoreGetOptions, StoreKey, ZarrStore } from "./store.js";

export interface PartialChunk {
  /** Decoded bytes of the chunk from byte `base` on. */
  bytes: Uint8Array;
  base: number;
}

async function fetchRange(
  store: ZarrStore,
  key: StoreKey,
  offset: number,
  length: number,
  opts: StoreGetOptions,
): Promise<Uint8Array | undefined> {
  return store.getRange!(key, { offset, length }, opts);
}

/**
 * Decoded bytes covering [start, end) of the chunk at `key`, or undefined when the chunk does
 * not exist; null when the chunk cannot be read partially (then decode it whole).
 */
export async function readBloscSpan(
  store: ZarrStore,
  key: StoreKey,
  cacheKey: string,
  start: number,
  end: number,
  cache: ChunkCache | null,
  where: string,
  opts: StoreGetOptions,
): Promise<PartialChunk | undefined | null> {
  const loadTable = async (): Promise<Uint8Array> => {
    const head = await fetchRange(store, key, 0, BLOSC_HEADER, opts);
    if (head === undefined) return new Uint8Array(0);
    const h = parseBloscHeader(head, where);
    if (h.memcpyed || h.nbytes === 0) return head.slice();
    const table = await fetchRange(store, key, BLOSC_HEADER, 4 * h.nblocks, opts);
    const out = new Uint8Array(BLOSC_HEADER + 4 * h.nblocks);
    out.set(head);
    if (table !== undefined) out.set(table, BLOSC_HEADER);
    return out;
  };
  const tableKey = `${cacheKey}#table`;
  const table = (
    cache === null
      ? await loadTable()
      : await cache.getOrLoad(tableKey, loadTable, (v) => (v as Uint8Array).length + 64)
  ) as Uint8Array;
  if (table.length === 0) return undefined;
  const h = parseBloscHeader(table, where);
  if (end > h.nbytes) return null;
  if (h.memcpyed) {
    const bytes = await fetchRange(store, key, BLOSC_HEADER + start, end - start, opts);
    if (bytes === undefined || bytes.length !== end - start) return null;
    return { bytes, base: start };
  }
  if (innerDecompressor(h.format) === undefined) return null;
  const bstarts = readBstarts(table, h, where);
  const first = Math.floor(start / h.blocksize);
  const last = Math.floor((end - 1) / h.blocksize);
  // Blocks may be stored out of order (c-blosc's threads append them as they finish): a block
  // ends where the next stored block starts.
  const sorted = Int32Array.from(bstarts).sort();
  const nextStart = (s: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] <= s) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length ? sorted[lo] : h.ctbytes;
  };
  let from = Number.POSITIVE_INFINITY;
  let to = 0;
  for (let j = first; j <= last; j++) {
    from = Math.min(from, bstarts[j]);
    to = Math.max(to, nextStart(bstarts[j]));
  }
  const load = async (): Promise<Uint8Array> => {
    const frame = await fetchRange(store, key, from, to - from, opts);
    if (frame === undefined) return new Uint8Array(0);
    const size = Math.min(h.nbytes, (last + 1) * h.blocksize) - first * h.blocksize;
    const dst = new Uint8Array(size);
    await decodeBloscBlocks(h, bstarts, frame, from, first, last, dst, where);
    return dst;
  };
  const blocksKey = `${cacheKey}#blocks${first}-${last}`;
  const bytes = (
    cache === null ? await load() : await cache.getOrLoad(blocksKey, load, (v) => (v as Uint8Array).length)
  ) as Uint8Array;
  if (bytes.length === 0) return undefined;
  return { bytes, base: first * h.blocksize };
}
