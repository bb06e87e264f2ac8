/**
 * numcodecs' Blosc codec: `{"id": "blosc", "cname", "clevel", "shuffle", "blocksize"}` (no
 * "typesize" key: Python's numcodecs 0.11-0.15 does not write one, and the typesize is taken from
 * the chunk's item size, as Python does).
 *
 * Frames are built by blosc-frame.ts: TS shuffles, our TS zstd encoder by default (see
 * `configureBlosc`), TS or wasm inner decoders; blosclz/snappy frames go through c-blosc-wasm.
 */
import { FileFormatError, InvalidArgumentError } from "../../../errors.js";
import { decodeBloscFrame, encodeBloscFrame, parseBloscHeader } from "./blosc-frame.js";
import { BLOSC_CNAMES, type BloscCname, innerCompressor, innerDecompressor } from "./blosc-inner.js";
import { wasmBloscDecode, wasmBloscEncode } from "./numcodecs-wasm.js";
import type { BytesCodec, ChunkContext, CodecConfig } from "./types.js";

export interface BloscOptions {
  cname?: BloscCname;
  clevel?: number;
  /** 0 none, 1 byte shuffle, 2 bit shuffle, -1 automatic (bit for 1-byte items, else byte). */
  shuffle?: -1 | 0 | 1 | 2;
  blocksize?: number;
}

export interface BloscSettings {
  /**
   * "fast" (default): our TS zstd encoder for bit-shuffled blocks, ~3x faster than libzstd-wasm,
   * ratio within ~1%;
   * "libzstd": libzstd-wasm at the level c-blosc uses (2*clevel-1), Python's exact compression.
   */
  zstdEncoder: "fast" | "libzstd";
}

const settings: BloscSettings = { zstdEncoder: "fast" };

export function configureBlosc(update: Partial<BloscSettings>): BloscSettings {
  if (update.zstdEncoder !== undefined && update.zstdEncoder !== "fast" && update.zstdEncoder !== "libzstd") {
    throw new InvalidArgumentError(
      `zstdEncoder must be "fast" or "libzstd", got ${JSON.stringify(update.zstdEncoder)}`,
    );
  }
  Object.assign(settings, update);
  return { ...settings };
}

export class BloscCodec implements BytesCodec {
  readonly kind = "bytes";
  readonly config: CodecConfig;
  readonly cname: BloscCname;
  readonly clevel: number;
  readonly shuffle: -1 | 0 | 1 | 2;
  readonly blocksize: number;

  constructor(opts: BloscOptions = {}) {
    const cname = opts.cname ?? "lz4";
    const clevel = opts.clevel ?? 5;
    const shuffle = opts.shuffle ?? 1;
    const blocksize = opts.blocksize ?? 0;
    if (!(BLOSC_CNAMES as readonly string[]).includes(cname)) {
      throw new InvalidArgumentError(
        `unknown Blosc cname ${JSON.stringify(cname)} (one of ${BLOSC_CNAMES.join(", ")})`,
      );
    }
    if (!Number.isInteger(clevel) || clevel < 0 || clevel > 9) {
      throw new InvalidArgumentError(`Blosc clevel must be an integer 0..9, got ${String(clevel)}`);
    }
    if (![-1, 0, 1, 2].includes(shuffle)) {
      throw new InvalidArgumentError(`Blosc shuffle must be -1, 0, 1 or 2, got ${String(shuffle)}`);
    }
    if (!Number.isInteger(blocksize) || blocksize < 0) {
      throw new InvalidArgumentError(
        `Blosc blocksize must be a non-negative integer, got ${String(blocksize)}`,
      );
    }
    this.cname = cname;
    this.clevel = clevel;
    this.shuffle = shuffle;
    this.blocksize = blocksize;
    this.config = { id: "blosc", cname, clevel, shuffle, blocksize };
  }

  static fromConfig(config: CodecConfig): BloscCodec {
    return new BloscCodec({
      cname: config.cname as BloscCname | undefined,
      clevel: config.clevel as number | undefined,
      shuffle: config.shuffle as -1 | 0 | 1 | 2 | undefined,
      blocksize: config.blocksize as number | undefined,
    });
  }

  async encode(data: Uint8Array, ctx: ChunkContext): Promise<Uint8Array> {
    const typesize = ctx.itemsize;
    const shuffle = this.shuffle === -1 ? (typesize === 1 ? 2 : 1) : this.shuffle;
    // The TS zstd encoder stores literals raw, which only pays off on bit-shuffled data; byte
    // shuffled or unshuffled blocks need libzstd's Huffman-coded literals.
    const exactZstd = settings.zstdEncoder === "libzstd" || shuffle !== 2;
    const inner = innerCompressor(this.cname, { exactZstd });
    if (inner === undefined) {
      return wasmBloscEncode(data, {
        cname: this.cname,
        clevel: this.clevel,
        shuffle,
        blocksize: this.blocksize,
      });
    }
    return encodeBloscFrame(
      data,
      { cname: this.cname, clevel: this.clevel, shuffle, blocksize: this.blocksize, typesize },
      inner,
      this.cname === "zstd" && !exactZstd,
    );
  }

  async decode(data: Uint8Array, ctx: ChunkContext): Promise<Uint8Array> {
    const h = parseBloscHeader(data, ctx.where);
    if (!h.memcpyed && h.nbytes > 0 && innerDecompressor(h.format) === undefined)
      return wasmBloscDecode(data);
    return decodeBloscFrame(data, ctx.where);
  }

  /** Decode into `dst` (exactly the decoded size), skipping an intermediate buffer. */
  async decodeInto(data: Uint8Array, ctx: ChunkContext, dst: Uint8Array): Promise<void> {
    const h = parseBloscHeader(data, ctx.where);
    if (!h.memcpyed && h.nbytes > 0 && innerDecompressor(h.format) === undefined) {
      const out = await wasmBloscDecode(data);
      if (out.length !== dst.length) {
        throw new FileFormatError(ctx.where, `decoded chunk has ${out.length} bytes, expected ${dst.length}`);
      }
      dst.set(out);
      return;
    }
    await decodeBloscFrame(data, ctx.where, dst);
  }
}

/** SpikeInterface's default zarr compressor: Blosc zstd, bit shuffle, clevel 5 by default. */
export function getDefaultZarrCompressor(clevel = 5): BloscCodec {
  return new BloscCodec({ cname: "zstd", clevel, shuffle: 2, blocksize: 0 });
}
