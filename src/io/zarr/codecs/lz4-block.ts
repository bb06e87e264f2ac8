/**
 * LZ4 *block* format decoder (no frame, no size prefix): the format inside Blosc "lz4"/"lz4hc"
 * blocks and, after a 4-byte little-endian size, inside numcodecs' LZ4 codec. Decoding is a
 * simple token loop, fast in JS; encoding is left to the wasm liblz4 of numcodecs.js.
 */

/**
 * Decode `src` into exactly `dst.length` bytes. Returns the number of bytes produced, or -1 if
 * the stream is malformed (a match before the start, a literal run past either end).
 */
export function lz4DecodeBlock(src: Uint8Array, dst: Uint8Array): number {
  let ip = 0;
  let op = 0;
  const iend = src.length;
  const oend = dst.length;
  while (ip < iend) {
    const token = src[ip++];
    let lit = token >>> 4;
    if (lit === 15) {
      let b: number;
      do {
        if (ip >= iend) return -1;
        b = src[ip++];
        lit += b;
      } while (b === 255);
    }
    if (ip + lit > iend || op + lit > oend) return -1;
    if (lit > 16) dst.set(src.subarray(ip, ip + lit), op);
    else for (let i = 0; i < lit; i++) dst[op + i] = src[ip + i];
    ip += lit;
    op += lit;
    if (ip >= iend) break; // the last sequence has literals only
    if (ip + 2 > iend) return -1;
    const offset = src[ip] | (src[ip + 1] << 8);
    ip += 2;
    if (offset === 0 || offset > op) return -1;
    let len = (token & 15) + 4;
    if ((token & 15) === 15) {
      let b: number;
      do {
        if (ip >= iend) return -1;
        b = src[ip++];
        len += b;
      } while (b === 255);
    }
    if (op + len > oend) return -1;
    let m = op - offset;
    if (offset >= len) {
      dst.copyWithin(op, m, m + len);
      op += len;
    } else if (offset >= 16) {
      // Overlapping copy (a repeating pattern): whole periods at a time.
      const end = op + len;
      while (op < end) {
        const n = Math.min(offset, end - op);
        dst.copyWithin(op, m, m + n);
        op += n;
        m += n;
      }
    } else {
      const end = op + len;
      while (op < end) dst[op++] = dst[m++];
    }
  }
  return op;
}
