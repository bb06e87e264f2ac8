/**
 * int64 values handled as pairs of 32-bit words (low word first: little-endian data on a
 * little-endian host, which is what typed arrays give on every platform Node and browsers ship on).
 * Converting through the words avoids allocating one BigInt per element, which is an order of
 * magnitude slower. `stride` and `offset` count 32-bit words, so the same loops read packed columns
 * (stride 2) and interleaved records (e.g. stride 6 for the 24-byte spike record).
 */

const TWO_32 = 4294967296;

/** Called with the element index and its exact value when it does not fit the target. */
export type OutOfRange = (index: number, value: bigint) => never;

function exact(words: Int32Array, at: number, unsigned: boolean): bigint {
  const v = (BigInt(words[at + 1]) << 32n) | BigInt(words[at] >>> 0);
  return unsigned ? BigInt.asUintN(64, v) : v;
}

/** int64 (or uint64) words to Float64Array, failing beyond ±(2^53 - 1) where doubles stop being exact. */
export function wordsToFloat64(
  words: Int32Array,
  count: number,
  stride: number,
  offset: number,
  unsigned: boolean,
  bad: OutOfRange,
): Float64Array {
  const out = new Float64Array(count);
  const minHigh = unsigned ? 0 : -0x200000;
  for (let i = 0, at = offset; i < count; i++, at += stride) {
    const high = words[at + 1];
    const low = words[at] >>> 0;
    // |v| <= 2^53 - 1 means the high word lies in [-2^21, 2^21), minus the -2^53 corner itself
    if (high >= 0x200000 || high < minHigh || (high === -0x200000 && low === 0)) {
      bad(i, exact(words, at, unsigned));
    }
    out[i] = high * TWO_32 + low;
  }
  return out;
}

/** int64 (or uint64) words to Int32Array, failing when a value is outside the int32 range. */
export function wordsToInt32(
  words: Int32Array,
  count: number,
  stride: number,
  offset: number,
  unsigned: boolean,
  bad: OutOfRange,
): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0, at = offset; i < count; i++, at += stride) {
    const low = words[at];
    if (words[at + 1] !== low >> 31 || (unsigned && low < 0)) bad(i, exact(words, at, unsigned));
    out[i] = low;
  }
  return out;
}

/** Integral doubles (|v| <= 2^53 - 1) into int64 words; `bad` gets the index of any other value. */
export function float64ToWords(
  values: Float64Array,
  words: Int32Array,
  stride: number,
  offset: number,
  bad: (index: number, value: number) => never,
): void {
  for (let i = 0, at = offset; i < values.length; i++, at += stride) {
    const v = values[i];
    if (!Number.isSafeInteger(v)) bad(i, v);
    const high = Math.floor(v / TWO_32);
    words[at] = v - high * TWO_32; // stored modulo 2^32, i.e. the low word's bit pattern
    words[at + 1] = high;
  }
}

/** int32 values sign-extended into int64 words. */
export function int32ToWords(values: Int32Array, words: Int32Array, stride: number, offset: number): void {
  for (let i = 0, at = offset; i < values.length; i++, at += stride) {
    const v = values[i];
    words[at] = v;
    words[at + 1] = v >> 31;
  }
}

/**
 * The 24-byte spike records (int64 sample, unit, segment) to columns in one fused pass, reading the
 * records once. Returns undefined if any value does not fit, so the caller can name it.
 */
export function spikeRecordsToColumns(
  records: Int32Array,
  count: number,
): { sampleIndex: Float64Array; unitIndex: Int32Array; segmentIndex: Int32Array } | undefined {
  const sampleIndex = new Float64Array(count);
  const unitIndex = new Int32Array(count);
  const segmentIndex = new Int32Array(count);
  for (let i = 0, at = 0; i < count; i++, at += 6) {
    const high = records[at + 1];
    const low = records[at] >>> 0;
    const unit = records[at + 2];
    const segment = records[at + 4];
    if (
      high >= 0x200000 ||
      high < -0x200000 ||
      (high === -0x200000 && low === 0) ||
      records[at + 3] !== unit >> 31 ||
      records[at + 5] !== segment >> 31
    ) {
      return undefined;
    }
    sampleIndex[i] = high * TWO_32 + low;
    unitIndex[i] = unit;
    segmentIndex[i] = segment;
  }
  return { sampleIndex, unitIndex, segmentIndex };
}
