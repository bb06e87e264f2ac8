/**
 * Blosc's shuffles as WebAssembly SIMD kernels, assembled here from opcodes (no toolchain, no
 * binary blob). The bit transpose is what bounds Blosc encoding in plain JS (~0.5-0.7 GB/s); with
 * `i8x16.bitmask` one instruction gathers one bit of 16 bytes, the idea of c-blosc's SSE2 path.
 *
 * Four kernels, all `(a, b, c, d: i32) -> ()` over the module's own memory:
 *  - deint(src, lo, hi, count): split `count` byte pairs into the even bytes (lo) and odd bytes (hi);
 *  - inter(lo, hi, dst, count): the inverse;
 *  - bits(src, dst, n, planes): `planes` contiguous byte planes of n bytes (n % 8 == 0) -> their
 *    8 bit rows each (row j*8+k, n/8 bytes, element i at bit i%8 of byte i/8);
 *  - unbits(src, dst, n, planes): the inverse.
 * A byte transpose for item sizes 4, 8, 16 is repeated pair splitting.
 */
import { sleb, uleb } from "../../../wasm-leb.js";

const I32 = 0x7f;
const V128 = 0x7b;

type Code = number[];

const seq = (...parts: Code[]): Code => parts.flat();
const get = (i: number): Code => [0x20, ...uleb(i)];
const set = (i: number): Code => [0x21, ...uleb(i)];
const i32 = (v: number): Code => [0x41, ...sleb(v)];
const ADD: Code = [0x6a];
const MUL: Code = [0x6c];
const AND: Code = [0x71];
const SHR_U: Code = [0x76];
const LT_U: Code = [0x49];
const simd = (opcode: number, ...imm: number[]): Code => [0xfd, ...uleb(opcode), ...imm];
const mem = (align: number, offset = 0): Code => [align, ...uleb(offset)];
const load8u = (offset = 0): Code => [0x2d, ...mem(0, offset)];
const load16u: Code = [0x2f, ...mem(0)];
const store8 = (offset = 0): Code => [0x3a, ...mem(0, offset)];
const store16: Code = [0x3b, ...mem(0)];
const v128Load = (offset = 0): Code => simd(0x00, ...mem(0, offset));
const v128Store = (offset = 0): Code => simd(0x0b, ...mem(0, offset));
const v128Const = (bytes: number[]): Code => simd(0x0c, ...bytes);
const shuffle = (lanes: number[]): Code => simd(0x0d, ...lanes);
const I8X16_ADD = simd(0x6e);
const I8X16_SUB = simd(0x71);

/** while (local[i] < local[lim]) { body; local[i] += step } */
function whileLt(i: number, lim: number, step: number, body: Code): Code {
  // block; loop; (i >= lim) br_if 1; body; i += step; br 0; end; end
  return seq(
    [0x02, 0x40, 0x03, 0x40],
    get(i),
    get(lim),
    [0x4f, 0x0d, 1],
    body,
    get(i),
    i32(step),
    ADD,
    set(i),
    [0x0c, 0, 0x0b, 0x0b],
  );
}

function ifThen(cond: Code, body: Code): Code {
  return seq(cond, [0x04, 0x40], body, [0x0b]);
}

/** A function body with its local declarations, size-prefixed for the code section. */
function func(locals: number[], body: Code): Code {
  const all = seq(uleb(locals.length), ...locals.map((t) => [1, t]), body, [0x0b]);
  return [...uleb(all.length), ...all];
}

const EVENS = Array.from({ length: 16 }, (_, i) => 2 * i);
const ODDS = Array.from({ length: 16 }, (_, i) => 2 * i + 1);
const ZIP_LO = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? i / 2 : 16 + (i - 1) / 2));
const ZIP_HI = ZIP_LO.map((x) => x + 8);

// deint(src 0, lo 1, hi 2, count 3); locals 4 i, 5 lim, 6 a, 7 b
function deint(): Code {
  const src2i = seq(get(0), get(4), i32(2), MUL, ADD);
  return func(
    [I32, I32, V128, V128],
    seq(
      get(3),
      i32(-16),
      AND,
      set(5),
      whileLt(
        4,
        5,
        16,
        seq(
          src2i,
          v128Load(),
          set(6),
          src2i,
          v128Load(16),
          set(7),
          get(1),
          get(4),
          ADD,
          get(6),
          get(7),
          shuffle(EVENS),
          v128Store(),
          get(2),
          get(4),
          ADD,
          get(6),
          get(7),
          shuffle(ODDS),
          v128Store(),
        ),
      ),
      whileLt(
        4,
        3,
        1,
        seq(get(1), get(4), ADD, src2i, load8u(), store8(), get(2), get(4), ADD, src2i, load8u(1), store8()),
      ),
    ),
  );
}

// inter(lo 0, hi 1, dst 2, count 3); locals 4 i, 5 lim, 6 a, 7 b
function inter(): Code {
  const dst2i = seq(get(2), get(4), i32(2), MUL, ADD);
  return func(
    [I32, I32, V128, V128],
    seq(
      get(3),
      i32(-16),
      AND,
      set(5),
      whileLt(
        4,
        5,
        16,
        seq(
          get(0),
          get(4),
          ADD,
          v128Load(),
          set(6),
          get(1),
          get(4),
          ADD,
          v128Load(),
          set(7),
          dst2i,
          get(6),
          get(7),
          shuffle(ZIP_LO),
          v128Store(),
          dst2i,
          get(6),
          get(7),
          shuffle(ZIP_HI),
          v128Store(16),
        ),
      ),
      whileLt(
        4,
        3,
        1,
        seq(dst2i, get(0), get(4), ADD, load8u(), store8(), dst2i, get(1), get(4), ADD, load8u(), store8(1)),
      ),
    ),
  );
}

// Locals shared by the two bit kernels: 4 rb, 5 j, 6 p, 7 s (plane pointer), 8 g, 9 lim,
// 10 v/acc (v128), 11 x (v128), 12..19 the 8 row pointers of the current plane.
const BIT_LOCALS = [I32, I32, I32, I32, I32, I32, V128, V128, I32, I32, I32, I32, I32, I32, I32, I32];
const ROW = 12;

/**
 * For each plane j: p = j*n, row pointers rows + p + k*rb, plane pointer planes + p; `body`
 * handles 16 elements (2 row bytes) per step, and once more 8 when n % 16 == 8.
 */
function planeLoop(rowsParam: number, planesParam: number, body: (tail: boolean) => Code): Code {
  const rowPtrs = Array.from({ length: 8 }, (_, k) =>
    seq(get(rowsParam), get(6), ADD, get(4), i32(k), MUL, ADD, set(ROW + k)),
  );
  return seq(
    get(2),
    i32(3),
    SHR_U,
    set(4), // rb = n >>> 3
    get(4),
    i32(-2),
    AND,
    set(9), // lim = rb & ~1
    whileLt(
      5,
      3,
      1,
      seq(
        get(5),
        get(2),
        MUL,
        set(6),
        ...rowPtrs,
        get(planesParam),
        get(6),
        ADD,
        set(7),
        i32(0),
        set(8),
        whileLt(8, 9, 2, seq(body(false), get(7), i32(16), ADD, set(7))),
        ifThen(seq(get(8), get(4), LT_U), body(true)),
      ),
    ),
  );
}

// bits(src planes 0, dst rows 1, n 2, planes 3)
function bits(): Code {
  return func(
    BIT_LOCALS,
    planeLoop(1, 0, (tail) =>
      seq(
        get(7),
        tail ? simd(0x5d, ...mem(0)) : v128Load(), // v128.load64_zero for the last 8
        set(10),
        ...[7, 6, 5, 4, 3, 2, 1, 0].map((k) =>
          seq(
            get(ROW + k),
            get(8),
            ADD,
            get(10),
            simd(0x64), // i8x16.bitmask: bit 7 of every byte
            tail ? store8() : store16,
            k > 0 ? seq(get(10), get(10), I8X16_ADD, set(10)) : [], // v <<= 1
          ),
        ),
      ),
    ),
  );
}

const SEL = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
const BITS = [1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128];

// unbits(src rows 0, dst planes 1, n 2, planes 3)
function unbits(): Code {
  return func(
    BIT_LOCALS,
    planeLoop(0, 1, (tail) =>
      seq(
        v128Const(new Array(16).fill(0)),
        set(10),
        ...[7, 6, 5, 4, 3, 2, 1, 0].map((k) =>
          seq(
            get(ROW + k),
            get(8),
            ADD,
            tail ? load8u() : load16u,
            simd(0x10), // i16x8.splat
            v128Const(SEL),
            simd(0x0e), // swizzle: low byte to lanes 0-7, high byte to lanes 8-15
            v128Const(BITS),
            simd(0x4e), // and
            v128Const(BITS),
            simd(0x23), // i8x16.eq: 0xff where the bit is set
            set(11),
            get(10),
            get(10),
            I8X16_ADD,
            get(11),
            I8X16_SUB,
            set(10), // acc = 2*acc - x
          ),
        ),
        get(7),
        get(10),
        tail ? simd(0x5b, ...mem(0), 0) : v128Store(), // v128.store64_lane 0 for the last 8
      ),
    ),
  );
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function str(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** The module's bytes. */
export function buildShuffleModule(): Uint8Array<ArrayBuffer> {
  const fns = [deint(), inter(), bits(), unbits()];
  const names = ["deint", "inter", "bits", "unbits"];
  const type = [1, 0x60, 4, I32, I32, I32, I32, 0];
  const func = [fns.length, ...fns.map(() => 0)];
  const memory = [1, 0x00, 1];
  const exports = [
    names.length + 1,
    ...str("mem"),
    0x02,
    0,
    ...names.flatMap((n, i) => [...str(n), 0x00, i]),
  ];
  const code = [fns.length, ...fns.flat()];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, type),
    ...section(3, func),
    ...section(5, memory),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

export interface ShuffleKernels {
  memory: WebAssembly.Memory;
  deint(src: number, lo: number, hi: number, count: number): void;
  inter(lo: number, hi: number, dst: number, count: number): void;
  bits(src: number, dst: number, n: number, planes: number): void;
  unbits(src: number, dst: number, n: number, planes: number): void;
}

let kernels: ShuffleKernels | null | undefined;

/** The kernels, or null where WebAssembly SIMD is unavailable (then the JS shuffles are used). */
export function shuffleKernels(): ShuffleKernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  try {
    const bytes = buildShuffleModule();
    if (typeof WebAssembly === "object" && WebAssembly.validate(bytes)) {
      const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
      const e = inst.exports as unknown as ShuffleKernels & { mem: WebAssembly.Memory };
      kernels = { memory: e.mem, deint: e.deint, inter: e.inter, bits: e.bits, unbits: e.unbits };
    }
  } catch {
    kernels = null;
  }
  return kernels;
}
