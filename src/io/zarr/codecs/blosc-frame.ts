/**
 * Blosc1 frames ("blosc format version 2", what numcodecs' Blosc codec reads and writes), framed
 * in TypeScript so that shuffling and the inner compressor can be ours:
 *
 *   16-byte header: version 2, inner-format version 1, flags, typesize, nbytes, blocksize, ctbytes
 *   bstarts: int32 offset of each block (blocks may be stored in any order)
 *   each block: one stream per "split" (typesize streams, or 1), each `int32 size + bytes`;
 *               a stream whose size equals its raw length is stored uncompressed.
 *   flags: 0x01 byte shuffle, 0x02 whole frame stored raw ("memcpyed"), 0x04 bit shuffle,
 *          0x10 blocks not split, bits 5-7 inner format.
 *
 * Block size, split and "raw when it does not compress" decisions follow c-blosc 1.21 so that our
 * frames have the shape Python's have. Blocks are independent, which lets `decodeBloscBlocks`
 * decode only the blocks under a small read window.
 */
import { FileFormatError, InvalidArgumentError } from "../../../errors.js";
import {
  type BloscCname,
  COMPCODE,
  COMPFORMAT,
  FORMAT_NAMES,
  type InnerCompress,
  innerDecompressor,
  tsZstdInto,
} from "./blosc-inner.js";
import { bitShuffle, bitUnshuffle, byteShuffle, byteUnshuffle } from "./shuffle.js";
import { zstdMaxCompressedSize } from "./zstd-encoder.js";

export const BLOSC_HEADER = 16;
const L1 = 32 * 1024;
const MIN_BUFFERSIZE = 128;
const MAX_SPLITS = 16;
const MAX_TYPESIZE = 255;
const MAX_BUFFERSIZE = 2 ** 31 - 1 - BLOSC_HEADER;
const MAX_BLOCKSIZE = Math.floor((2 ** 31 - 1 - MAX_TYPESIZE * 4) / 3);

export interface BloscHeader {
  flags: number;
  typesize: number;
  nbytes: number;
  blocksize: number;
  ctbytes: number;
  format: number;
  shuffle: 0 | 1 | 2;
  memcpyed: boolean;
  dontSplit: boolean;
  nblocks: number;
  leftover: number;
}

export function parseBloscHeader(frame: Uint8Array, where: string): BloscHeader {
  if (frame.length < BLOSC_HEADER) {
    throw new FileFormatError(where, `Blosc frame is ${frame.length} bytes, shorter than its 16-byte header`);
  }
  const dv = new DataView(frame.buffer, frame.byteOffset, BLOSC_HEADER);
  const version = frame[0];
  const flags = frame[2];
  const typesize = frame[3];
  const nbytes = dv.getInt32(4, true);
  const blocksize = dv.getInt32(8, true);
  const ctbytes = dv.getInt32(12, true);
  if (version !== 1 && version !== 2)
    throw new FileFormatError(where, `unknown Blosc format version ${version}`);
  if ((flags & 0x08) !== 0) throw new FileFormatError(where, `unknown Blosc flags 0x${flags.toString(16)}`);
  if (nbytes < 0 || ctbytes < BLOSC_HEADER) {
    throw new FileFormatError(where, `corrupt Blosc header (nbytes ${nbytes}, ctbytes ${ctbytes})`);
  }
  if (nbytes > 0 && (blocksize <= 0 || blocksize > MAX_BLOCKSIZE || typesize === 0)) {
    throw new FileFormatError(where, `corrupt Blosc header (blocksize ${blocksize}, typesize ${typesize})`);
  }
  const nblocks = nbytes === 0 ? 0 : Math.ceil(nbytes / blocksize);
  const memcpyed = (flags & 0x02) !== 0;
  if (memcpyed && ctbytes !== nbytes + BLOSC_HEADER) {
    throw new FileFormatError(
      where,
      `corrupt Blosc frame: raw frame of ${nbytes} bytes has ctbytes ${ctbytes}`,
    );
  }
  if (!memcpyed && nbytes > 0 && nblocks > (ctbytes - BLOSC_HEADER) / 4) {
    throw new FileFormatError(where, `corrupt Blosc frame: ${nblocks} blocks do not fit in ${ctbytes} bytes`);
  }
  return {
    flags,
    typesize,
    nbytes,
    blocksize,
    ctbytes,
    format: flags >>> 5,
    shuffle: (flags & 0x04) !== 0 ? 2 : (flags & 0x01) !== 0 ? 1 : 0,
    memcpyed,
    dontSplit: (flags & 0x10) !== 0,
    nblocks,
    leftover: nbytes === 0 ? 0 : nbytes % blocksize,
  };
}

function isHcr(compcode: number): boolean {
  return compcode === COMPCODE.lz4hc || compcode === COMPCODE.zlib || compcode === COMPCODE.zstd;
}

/** c-blosc's default ("forward compatible") split rule: split unless zstd. */
function splitBlock(compcode: number, typesize: number, blocksize: number): boolean {
  return compcode !== COMPCODE.zstd && typesize <= MAX_SPLITS && blocksize / typesize >= MIN_BUFFERSIZE;
}

/** c-blosc's automatic block size (256 KB for zstd at clevel 5). */
export function computeBlocksize(
  compcode: number,
  clevel: number,
  typesize: number,
  nbytes: number,
  forced: number,
): number {
  if (nbytes < typesize) return 1;
  let bs = nbytes;
  if (forced > 0) {
    bs = Math.min(Math.max(forced, MIN_BUFFERSIZE), MAX_BLOCKSIZE);
  } else if (nbytes >= L1) {
    bs = L1;
    if (isHcr(compcode)) bs *= 2;
    const mult = [0.25, 0.5, 1, 2, 4, 4, 8, 8, 8, 8][clevel];
    bs *= mult;
    if (clevel === 9 && isHcr(compcode)) bs *= 2;
  }
  if (clevel > 0 && splitBlock(compcode, typesize, bs)) {
    if (bs > 1 << 18) bs = 1 << 18;
    bs *= typesize;
    if (bs < 1 << 16) bs = 1 << 16;
    if (bs > 1024 * 1024) bs = 1024 * 1024;
  }
  if (bs > nbytes) bs = nbytes;
  if (bs > typesize) bs = Math.floor(bs / typesize) * typesize;
  return bs;
}

export interface BloscFrameParams {
  cname: BloscCname;
  clevel: number;
  shuffle: 0 | 1 | 2;
  blocksize: number;
  typesize: number;
}

/** Write a Blosc frame with `compress` as the inner compressor. */
export async function encodeBloscFrame(
  src: Uint8Array,
  params: BloscFrameParams,
  compress: InnerCompress,
  /** Use the TS zstd encoder in place for bit-shuffled blocks (see blosc.ts). */
  inPlaceZstd = false,
): Promise<Uint8Array> {
  const nbytes = src.length;
  if (nbytes > MAX_BUFFERSIZE) {
    throw new InvalidArgumentError(
      `Blosc cannot compress ${nbytes} bytes in one chunk (limit ${MAX_BUFFERSIZE})`,
    );
  }
  const typesize = params.typesize > MAX_TYPESIZE || params.typesize < 1 ? 1 : params.typesize;
  const compcode = COMPCODE[params.cname];
  const clevel = params.clevel;
  const blocksize = computeBlocksize(compcode, clevel, typesize, nbytes, params.blocksize);
  const nblocks = nbytes === 0 ? 0 : Math.ceil(nbytes / blocksize);
  const leftover = nbytes === 0 ? 0 : nbytes % blocksize;
  let flags = COMPFORMAT[params.cname] << 5;
  if (params.shuffle === 1) flags |= 0x01;
  if (params.shuffle === 2) flags |= 0x04;
  if (!splitBlock(compcode, typesize, blocksize)) flags |= 0x10;
  const maxbytes = nbytes + BLOSC_HEADER;
  // In-place compression may write up to a worst-case zstd frame past the frame's own limit (the
  // in-place path is only taken where that fits; otherwise the scratch path below).
  const slack = inPlaceZstd ? zstdMaxCompressedSize(blocksize) - blocksize + 16 : 0;
  const out = new Uint8Array(maxbytes + slack);
  const dv = new DataView(out.buffer);
  const writeHeader = (f: number, ctbytes: number) => {
    out[0] = 2;
    out[1] = 1;
    out[2] = f;
    out[3] = typesize;
    dv.setInt32(4, nbytes, true);
    dv.setInt32(8, blocksize, true);
    dv.setInt32(12, ctbytes, true);
  };
  const raw = (): Uint8Array => {
    writeHeader(flags | 0x02, maxbytes);
    out.set(src, BLOSC_HEADER);
    return out.subarray(0, maxbytes);
  };
  if (clevel === 0 || nbytes < MIN_BUFFERSIZE) return raw();

  const tmp = params.shuffle === 0 ? undefined : new Uint8Array(blocksize);
  let nt = BLOSC_HEADER + 4 * nblocks;
  for (let j = 0; j < nblocks; j++) {
    dv.setInt32(BLOSC_HEADER + 4 * j, nt, true);
    const isLeftover = j === nblocks - 1 && leftover > 0;
    const bsize = isLeftover ? leftover : blocksize;
    const off = j * blocksize;
    let block = src.subarray(off, off + bsize);
    let hint = 0;
    if (tmp !== undefined && params.shuffle === 1 && typesize > 1) {
      byteShuffle(src, off, tmp, 0, bsize, typesize);
      block = tmp.subarray(0, bsize);
      hint = Math.floor(bsize / typesize);
    } else if (tmp !== undefined && params.shuffle === 2 && bsize >= typesize) {
      bitShuffle(src, off, tmp, 0, bsize, typesize);
      block = tmp.subarray(0, bsize);
      const n = Math.floor(bsize / typesize);
      hint = n % 8 === 0 ? n / 8 : 0;
    }
    const nsplits = (flags & 0x10) === 0 && !isLeftover ? typesize : 1;
    const neblock = Math.floor(bsize / nsplits);
    for (let s = 0; s < nsplits; s++) {
      const stream = block.subarray(s * neblock, (s + 1) * neblock);
      nt += 4;
      let maxOut = neblock;
      if (nt + maxOut > maxbytes) {
        maxOut = maxbytes - nt;
        if (maxOut <= 0) return raw();
      }
      const opts = { clevel, hintOffsets: hint > 0 ? [hint] : [] };
      let size = 0;
      if (inPlaceZstd && hint > 0 && nt + zstdMaxCompressedSize(neblock) <= out.length) {
        size = tsZstdInto(stream, out, nt, maxOut, opts); // 0: did not compress, store raw
      } else {
        // Synchronous results are copied out at once: the TS encoder reuses its scratch buffer.
        let c = compress(stream, maxOut, opts);
        if (c instanceof Promise) c = await c;
        if (c !== undefined && c.length > 0 && c.length < neblock) {
          out.set(c, nt);
          size = c.length;
        }
      }
      if (size === 0) {
        if (nt + neblock > maxbytes) return raw();
        out.set(stream, nt);
        size = neblock;
      }
      dv.setInt32(nt - 4, size, true);
      nt += size;
    }
  }
  writeHeader(flags, nt);
  return out.subarray(0, nt);
}

/**
 * Decode blocks [first, last] of a frame into `dst` (bsize bytes per block, contiguous).
 * `frame` holds the frame bytes from `frameOffset` on (the whole frame, or a fetched range that
 * covers the wanted blocks); `bstarts` are the block offsets from the frame's table.
 */
export async function decodeBloscBlocks(
  h: BloscHeader,
  bstarts: Int32Array,
  frame: Uint8Array,
  frameOffset: number,
  first: number,
  last: number,
  dst: Uint8Array,
  where: string,
): Promise<void> {
  const decompress = innerDecompressor(h.format);
  if (decompress === undefined) {
    throw new FileFormatError(
      where,
      `no TS decoder for Blosc inner format ${FORMAT_NAMES[h.format] ?? h.format}`,
    );
  }
  const ts = h.typesize;
  const tmp = h.shuffle === 0 ? undefined : new Uint8Array(h.blocksize);
  for (let j = first; j <= last; j++) {
    const isLeftover = j === h.nblocks - 1 && h.leftover > 0;
    const bsize = isLeftover ? h.leftover : h.blocksize;
    const dOff = (j - first) * h.blocksize;
    const unshuffle = (h.shuffle === 1 && ts > 1) || (h.shuffle === 2 && bsize >= ts);
    const target = unshuffle ? tmp! : dst;
    const tOff = unshuffle ? 0 : dOff;
    const split = !h.dontSplit && ts <= MAX_SPLITS && bsize / ts >= MIN_BUFFERSIZE && !isLeftover;
    const nsplits = split ? ts : 1;
    const neblock = Math.floor(bsize / nsplits);
    let pos = bstarts[j] - frameOffset;
    for (let s = 0; s < nsplits; s++) {
      if (pos < 0 || pos + 4 > frame.length) throw corrupt(where, j, "stream offset out of range");
      const cbytes = frame[pos] | (frame[pos + 1] << 8) | (frame[pos + 2] << 16) | (frame[pos + 3] << 24);
      pos += 4;
      if (cbytes < 0 || pos + cbytes > frame.length)
        throw corrupt(where, j, `stream size ${cbytes} out of range`);
      const out = target.subarray(tOff + s * neblock, tOff + (s + 1) * neblock);
      if (cbytes === neblock) {
        out.set(frame.subarray(pos, pos + cbytes));
      } else {
        let ok = decompress(frame.subarray(pos, pos + cbytes), out);
        if (ok instanceof Promise) ok = await ok;
        if (!ok)
          throw corrupt(where, j, `${FORMAT_NAMES[h.format]} stream does not decode to ${neblock} bytes`);
      }
      pos += cbytes;
    }
    if (unshuffle && h.shuffle === 1) byteUnshuffle(tmp!, 0, dst, dOff, bsize, ts);
    else if (unshuffle) bitUnshuffle(tmp!, 0, dst, dOff, bsize, ts);
  }
}

function corrupt(where: string, block: number, msg: string): FileFormatError {
  return new FileFormatError(where, `corrupt Blosc block ${block}: ${msg}`);
}

/** The block-offset table of a (non-raw) frame. */
export function readBstarts(frame: Uint8Array, h: BloscHeader, where: string): Int32Array {
  const need = BLOSC_HEADER + 4 * h.nblocks;
  if (frame.length < need) throw new FileFormatError(where, "Blosc frame truncated inside its block table");
  const dv = new DataView(frame.buffer, frame.byteOffset + BLOSC_HEADER, 4 * h.nblocks);
  const out = new Int32Array(h.nblocks);
  for (let j = 0; j < h.nblocks; j++) out[j] = dv.getInt32(4 * j, true);
  return out;
}

/**
 * Decode a whole frame with the TS framing (throws for formats without a TS inner decoder), into
 * `into` when given (it must have exactly the frame's decoded size).
 */
export async function decodeBloscFrame(
  frame: Uint8Array,
  where: string,
  into?: Uint8Array,
): Promise<Uint8Array> {
  const h = parseBloscHeader(frame, where);
  if (frame.length < h.ctbytes) {
    throw new FileFormatError(where, `Blosc frame truncated: ${frame.length} of ${h.ctbytes} bytes`);
  }
  if (into !== undefined && into.length !== h.nbytes) {
    throw new FileFormatError(where, `Blosc frame holds ${h.nbytes} bytes, expected ${into.length}`);
  }
  const dst = into ?? new Uint8Array(h.nbytes);
  if (h.nbytes === 0) return dst;
  if (h.memcpyed) {
    dst.set(frame.subarray(BLOSC_HEADER, BLOSC_HEADER + h.nbytes));
    return dst;
  }
  await decodeBloscBlocks(h, readBstarts(frame, h, where), frame, 0, 0, h.nblocks - 1, dst, where);
  return dst;
}
