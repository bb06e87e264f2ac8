/**
 * A Zstandard decoder for the frames our encoder writes (and any frame restricted to the same
 * features): raw/RLE blocks, raw/RLE literals, sequences with the predefined FSE tables, repeat
 * offsets. That covers reading back what we wrote at memcpy-like speed, without a round trip
 * through the wasm libzstd. Frames using Huffman literals or custom FSE tables (libzstd's usual
 * output, e.g. Python-written chunks) return UNSUPPORTED and go to libzstd-wasm.
 */
// The predefined distributions and code tables are the encoder's (zstd-fse.ts): one copy of the RFC.
import { LL_BASE, LL_BITS, LL_NORM, ML_BASE, ML_BITS, ML_NORM, OF_NORM } from "./zstd-fse.js";

export const UNSUPPORTED = -1;
export const CORRUPT = -2;

interface FseDTable {
  log: number;
  symbol: Uint8Array;
  nbBits: Uint8Array;
  base: Uint16Array;
}

/** RFC 8878 §4.1.1: spread symbols, then give each state its bit count and next-state base. */
function buildDTable(norm: readonly number[], log: number): FseDTable {
  const size = 1 << log;
  const symbol = new Uint8Array(size);
  let high = size - 1;
  for (let s = 0; s < norm.length; s++) if (norm[s] === -1) symbol[high--] = s;
  const step = (size >>> 1) + (size >>> 3) + 3;
  let pos = 0;
  for (let s = 0; s < norm.length; s++) {
    for (let i = 0; i < norm[s]; i++) {
      symbol[pos] = s;
      do pos = (pos + step) & (size - 1);
      while (pos > high);
    }
  }
  const next = norm.map((c) => (c === -1 ? 1 : c));
  const nbBits = new Uint8Array(size);
  const base = new Uint16Array(size);
  for (let u = 0; u < size; u++) {
    const x = next[symbol[u]]++;
    const nb = log - (31 - Math.clz32(x));
    nbBits[u] = nb;
    base[u] = (x << nb) - size;
  }
  return { log, symbol, nbBits, base };
}

const LL_D = buildDTable(LL_NORM, 6);
const ML_D = buildDTable(ML_NORM, 6);
const OF_D = buildDTable(OF_NORM, 5);

/** Bits read from the end of a byte range towards its start (the sequence bit stream). */
class BackwardReader {
  private pos: number;
  constructor(
    private readonly b: Uint8Array,
    private readonly start: number,
    end: number,
  ) {
    const last = b[end - 1];
    if (last === 0) throw new RangeError("no end mark");
    this.pos = (end - start) * 8 - (Math.clz32(last) - 24) - 1;
  }
  read(n: number): number {
    if (n === 0) return 0;
    if (n > 24) return this.read(n - 16) * 65536 + this.read(16);
    this.pos -= n;
    if (this.pos < 0) throw new RangeError("bit stream overread");
    const i = this.start + (this.pos >>> 3);
    const b = this.b;
    const v = b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
    return (v >>> (this.pos & 7)) & ((1 << n) - 1);
  }
  get done(): boolean {
    return this.pos === 0;
  }
}

/** Decode `src` (one or more frames) into `dst`; bytes written, UNSUPPORTED or CORRUPT. */
export function zstdDecodeSimple(src: Uint8Array, dst: Uint8Array): number {
  try {
    return decodeFrames(src, dst);
  } catch (err) {
    if (err instanceof RangeError) return CORRUPT;
    throw err;
  }
}

function decodeFrames(src: Uint8Array, dst: Uint8Array): number {
  let ip = 0;
  let op = 0;
  while (ip < src.length) {
    if (ip + 4 > src.length) return CORRUPT;
    const magic = (src[ip] | (src[ip + 1] << 8) | (src[ip + 2] << 16) | (src[ip + 3] << 24)) >>> 0;
    ip += 4;
    if (magic >>> 4 === 0x184d2a5) {
      // skippable frame
      ip += 4 + ((src[ip] | (src[ip + 1] << 8) | (src[ip + 2] << 16) | (src[ip + 3] << 24)) >>> 0);
      continue;
    }
    if (magic !== 0xfd2fb528) return CORRUPT;
    const fhd = src[ip++];
    if ((fhd & 3) !== 0 || (fhd & 0x08) !== 0) return UNSUPPORTED; // dictionary / reserved bit
    const single = (fhd >>> 5) & 1;
    const fcsFlag = fhd >>> 6;
    if (!single) ip++; // window descriptor
    ip += [single, 2, 4, 8][fcsFlag];
    const reps = [1, 4, 8];
    for (;;) {
      if (ip + 3 > src.length) return CORRUPT;
      const h = src[ip] | (src[ip + 1] << 8) | (src[ip + 2] << 16);
      ip += 3;
      const last = h & 1;
      const type = (h >>> 1) & 3;
      const size = h >>> 3;
      if (type === 0) {
        if (ip + size > src.length || op + size > dst.length) return CORRUPT;
        dst.set(src.subarray(ip, ip + size), op);
        ip += size;
        op += size;
      } else if (type === 1) {
        if (op + size > dst.length) return CORRUPT;
        dst.fill(src[ip++], op, op + size);
        op += size;
      } else if (type === 2) {
        if (ip + size > src.length) return CORRUPT;
        const r = decodeBlock(src, ip, ip + size, dst, op, reps);
        if (r < 0) return r;
        op = r;
        ip += size;
      } else return CORRUPT;
      if (last) break;
    }
    if ((fhd >>> 2) & 1) ip += 4; // content checksum (not verified)
  }
  return op;
}

function decodeBlock(
  src: Uint8Array,
  ip: number,
  end: number,
  dst: Uint8Array,
  op: number,
  reps: number[],
): number {
  const b0 = src[ip];
  const litType = b0 & 3;
  if (litType > 1) return UNSUPPORTED; // Huffman-coded literals
  let litSize: number;
  switch ((b0 >>> 2) & 3) {
    case 1:
      litSize = (b0 >>> 4) + (src[ip + 1] << 4);
      ip += 2;
      break;
    case 3:
      litSize = (b0 >>> 4) + (src[ip + 1] << 4) + (src[ip + 2] << 12);
      ip += 3;
      break;
    default:
      litSize = b0 >>> 3;
      ip += 1;
  }
  let lit: Uint8Array;
  if (litType === 0) {
    lit = src.subarray(ip, ip + litSize);
    ip += litSize;
  } else {
    lit = new Uint8Array(litSize).fill(src[ip++]);
  }
  if (lit.length !== litSize || ip > end) return CORRUPT;
  let nSeq = src[ip++];
  if (nSeq >= 128) {
    if (nSeq === 255) {
      nSeq = src[ip] + (src[ip + 1] << 8) + 0x7f00;
      ip += 2;
    } else {
      nSeq = ((nSeq - 128) << 8) + src[ip++];
    }
  }
  let lp = 0;
  if (nSeq > 0) {
    if (src[ip++] !== 0) return UNSUPPORTED; // only the predefined tables
    const br = new BackwardReader(src, ip, end);
    let sLL = br.read(6);
    let sOF = br.read(5);
    let sML = br.read(6);
    for (let i = 0; i < nSeq; i++) {
      const ofc = OF_D.symbol[sOF];
      const mlc = ML_D.symbol[sML];
      const llc = LL_D.symbol[sLL];
      const ov = 2 ** ofc + br.read(ofc);
      const ml = ML_BASE[mlc] + br.read(ML_BITS[mlc]);
      const ll = LL_BASE[llc] + br.read(LL_BITS[llc]);
      let offset: number;
      if (ov > 3) {
        offset = ov - 3;
        reps[2] = reps[1];
        reps[1] = reps[0];
        reps[0] = offset;
      } else {
        const idx = ll === 0 ? ov : ov - 1; // 0 = rep1, 1 = rep2, 2 = rep3, 3 = rep1 - 1
        offset = idx === 3 ? reps[0] - 1 : reps[idx];
        if (idx !== 0) {
          if (idx !== 1) reps[2] = reps[1];
          reps[1] = reps[0];
          reps[0] = offset;
        }
      }
      if (i < nSeq - 1) {
        sLL = LL_D.base[sLL] + br.read(LL_D.nbBits[sLL]);
        sML = ML_D.base[sML] + br.read(ML_D.nbBits[sML]);
        sOF = OF_D.base[sOF] + br.read(OF_D.nbBits[sOF]);
      }
      if (lp + ll > litSize || op + ll + ml > dst.length || offset > op + ll || offset <= 0)
        throw new RangeError("bad sequence");
      if (ll > 0) {
        if (ll > 32) dst.set(lit.subarray(lp, lp + ll), op);
        else for (let k = 0; k < ll; k++) dst[op + k] = lit[lp + k];
        op += ll;
        lp += ll;
      }
      let m = op - offset;
      if (offset >= ml) {
        dst.copyWithin(op, m, m + ml);
        op += ml;
      } else if (offset >= 16) {
        // Overlapping match (a run of period `offset`, e.g. a bit plane repeated): copy whole
        // periods, each already complete when it is copied.
        const stop = op + ml;
        while (op < stop) {
          const n = Math.min(offset, stop - op);
          dst.copyWithin(op, m, m + n);
          op += n;
          m += n;
        }
      } else {
        const stop = op + ml;
        while (op < stop) dst[op++] = dst[m++];
      }
    }
    if (!br.done) return CORRUPT;
  }
  const rest = litSize - lp;
  if (op + rest > dst.length) return CORRUPT;
  dst.set(lit.subarray(lp), op);
  return op + rest;
}
