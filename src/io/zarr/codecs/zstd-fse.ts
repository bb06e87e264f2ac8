/**
 * The entropy-coding half of a Zstandard encoder (RFC 8878), restricted to what our fast encoder
 * emits: sequences coded with the three *predefined* FSE distributions (so no table descriptions
 * are written), and a backward bit stream. Kept apart from the match finder so each part can be
 * read against the RFC on its own.
 */

/** RFC 8878 §3.1.1.3.2.2: predefined normalised counts (-1 = "less than 1", one cell). */
export const LL_NORM = [
  4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1,
  -1,
];
export const ML_NORM = [
  1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1,
];
export const OF_NORM = [
  1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
];

/** Literal-length codes: baseline and number of extra bits (RFC 8878 §3.1.1.3.2.1.1). */
export const LL_BASE = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512,
  1024, 2048, 4096, 8192, 16384, 32768, 65536,
];
export const LL_BITS = [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14,
  15, 16,
];
/** Match-length codes: baseline (a match is at least 3 bytes) and extra bits. */
export const ML_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
  32, 33, 34, 35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051, 4099, 8195, 16387, 32771,
  65539,
];
export const ML_BITS = [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
  2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
];

export function highBit(v: number): number {
  return 31 - Math.clz32(v);
}

const LL_CODE_SMALL = new Uint8Array(64);
const ML_CODE_SMALL = new Uint8Array(128);
for (let v = 0; v < 64; v++) {
  let c = 0;
  while (c + 1 < LL_BASE.length && LL_BASE[c + 1] <= v) c++;
  LL_CODE_SMALL[v] = c;
}
for (let v = 0; v < 128; v++) {
  let c = 0;
  while (c + 1 < ML_BASE.length && ML_BASE[c + 1] <= v + 3) c++;
  ML_CODE_SMALL[v] = c;
}

export function llCode(litLength: number): number {
  return litLength < 64 ? LL_CODE_SMALL[litLength] : highBit(litLength) + 19;
}

export function mlCode(matchLength: number): number {
  const b = matchLength - 3;
  return b < 128 ? ML_CODE_SMALL[b] : highBit(b) + 36;
}

/** An FSE encoding table in zstd's layout (state values live in [tableSize, 2*tableSize)). */
export interface FseCTable {
  tableLog: number;
  stateTable: Uint16Array;
  deltaNbBits: Int32Array;
  deltaFindState: Int32Array;
  /** A valid starting state for each symbol. */
  initState: Uint16Array;
}

/** Build the encoding table for a normalised distribution, spreading symbols as the RFC does. */
export function buildFseCTable(norm: readonly number[], tableLog: number): FseCTable {
  const size = 1 << tableLog;
  const symbols = new Int16Array(size);
  let high = size - 1;
  for (let s = 0; s < norm.length; s++) if (norm[s] === -1) symbols[high--] = s;
  const step = (size >>> 1) + (size >>> 3) + 3;
  const mask = size - 1;
  let pos = 0;
  for (let s = 0; s < norm.length; s++) {
    for (let i = 0; i < norm[s]; i++) {
      symbols[pos] = s;
      do pos = (pos + step) & mask;
      while (pos > high);
    }
  }
  const counts = norm.map((c) => (c === -1 ? 1 : c));
  const cumul = new Int32Array(norm.length + 1);
  for (let s = 0; s < norm.length; s++) cumul[s + 1] = cumul[s] + counts[s];
  const fill = cumul.slice(0, norm.length);
  const stateTable = new Uint16Array(size);
  for (let u = 0; u < size; u++) stateTable[fill[symbols[u]]++] = size + u;
  const deltaNbBits = new Int32Array(norm.length);
  const deltaFindState = new Int32Array(norm.length);
  const initState = new Uint16Array(norm.length);
  for (let s = 0; s < norm.length; s++) {
    const c = counts[s];
    const maxBitsOut = c === 1 ? tableLog : tableLog - highBit(c - 1);
    deltaNbBits[s] = (maxBitsOut << 16) - (c << maxBitsOut);
    deltaFindState[s] = cumul[s] - c;
    initState[s] = stateTable[cumul[s]];
  }
  return { tableLog, stateTable, deltaNbBits, deltaFindState, initState };
}

export const LL_TABLE = buildFseCTable(LL_NORM, 6);
export const ML_TABLE = buildFseCTable(ML_NORM, 6);
export const OF_TABLE = buildFseCTable(OF_NORM, 5);

/**
 * A bit stream written forwards and read backwards by the decoder, closed by a 1 bit. Values are
 * at most 24 bits; whole bytes are flushed as soon as they are complete.
 */
export class BackwardBitWriter {
  out: Uint8Array;
  pos: number;
  private acc = 0;
  private nb = 0;

  constructor(out: Uint8Array, pos: number) {
    this.out = out;
    this.pos = pos;
  }

  add(value: number, nbBits: number): void {
    if (nbBits === 0) return;
    if (this.nb + nbBits > 31) this.flush();
    this.acc |= value << this.nb;
    this.nb += nbBits;
  }

  private flush(): void {
    while (this.nb >= 8) {
      this.out[this.pos++] = this.acc;
      this.acc >>>= 8;
      this.nb -= 8;
    }
  }

  /** Encode `symbol` with the FSE state `state`; returns the new state. */
  encodeSymbol(table: FseCTable, state: number, symbol: number): number {
    const nbOut = (state + table.deltaNbBits[symbol]) >>> 16;
    this.add(state & ((1 << nbOut) - 1), nbOut);
    return table.stateTable[(state >>> nbOut) + table.deltaFindState[symbol]];
  }

  flushState(table: FseCTable, state: number): void {
    this.add(state - (1 << table.tableLog), table.tableLog);
  }

  /** Write the end mark and the last partial byte; returns the end position. */
  close(): number {
    this.add(1, 1);
    this.flush();
    if (this.nb > 0) this.out[this.pos++] = this.acc;
    this.acc = 0;
    this.nb = 0;
    return this.pos;
  }
}
