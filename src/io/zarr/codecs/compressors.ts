/**
 * numcodecs' stand-alone compressors: Zstd `{"id":"zstd","level":1}`, LZ4
 * `{"id":"lz4","acceleration":1}` (4-byte little-endian size, then an LZ4 block), GZip and Zlib
 * `{"id":"gzip"|"zlib","level":1}`. Defaults are numcodecs'. Zstd goes through libzstd-wasm at
 * the configured level (unshuffled data needs its Huffman-coded literals).
 */
import { FileFormatError, InvalidArgumentError } from "../../../errors.js";
import { deflateImpl } from "./deflate.js";
import { lz4DecodeBlock } from "./lz4-block.js";
import { wasmLz4CompressWithSize, wasmZstdCompress, wasmZstdDecompress } from "./numcodecs-wasm.js";
import type { BytesCodec, ChunkContext, CodecConfig } from "./types.js";

function intOption(config: CodecConfig, key: string, dflt: number, min: number, max: number): number {
  const v = config[key] ?? dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new InvalidArgumentError(
      `${config.id} codec: ${key} must be an integer ${min}..${max}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

export class ZstdCodec implements BytesCodec {
  readonly kind = "bytes";
  readonly config: CodecConfig;
  readonly level: number;

  constructor(config: CodecConfig = { id: "zstd" }) {
    this.level = intOption(config, "level", 1, -131072, 22);
    this.config = { ...config, id: "zstd", level: this.level };
  }

  encode(data: Uint8Array): Promise<Uint8Array> {
    return wasmZstdCompress(data, this.level <= 0 ? 1 : this.level);
  }

  async decode(data: Uint8Array, ctx: ChunkContext): Promise<Uint8Array> {
    try {
      return await wasmZstdDecompress(data);
    } catch (err) {
      throw new FileFormatError(ctx.where, `corrupt zstd data (${(err as Error).message})`, { cause: err });
    }
  }
}

export class Lz4Codec implements BytesCodec {
  readonly kind = "bytes";
  readonly config: CodecConfig;
  readonly acceleration: number;

  constructor(config: CodecConfig = { id: "lz4" }) {
    this.acceleration = intOption(config, "acceleration", 1, -(2 ** 31), 2 ** 31 - 1);
    this.config = { ...config, id: "lz4", acceleration: this.acceleration };
  }

  encode(data: Uint8Array): Promise<Uint8Array> {
    return wasmLz4CompressWithSize(data, Math.max(1, this.acceleration));
  }

  decode(data: Uint8Array, ctx: ChunkContext): Uint8Array {
    if (data.length < 4) throw new FileFormatError(ctx.where, "LZ4 data shorter than its 4-byte size header");
    const size = (data[0] | (data[1] << 8) | (data[2] << 16) | (data[3] << 24)) >>> 0;
    const out = new Uint8Array(size);
    if (lz4DecodeBlock(data.subarray(4), out) !== size) {
      throw new FileFormatError(ctx.where, `corrupt LZ4 data (does not decode to ${size} bytes)`);
    }
    return out;
  }
}

export class DeflateCodec implements BytesCodec {
  readonly kind = "bytes";
  readonly config: CodecConfig;
  readonly level: number;
  readonly format: "gzip" | "zlib";

  constructor(format: "gzip" | "zlib", config: CodecConfig = { id: format }) {
    this.format = format;
    this.level = intOption(config, "level", 1, -1, 9);
    this.config = { ...config, id: format, level: this.level };
  }

  encode(data: Uint8Array): Uint8Array {
    const level = this.level < 0 ? 6 : this.level;
    return this.format === "gzip"
      ? deflateImpl().gzipCompress(data, level)
      : deflateImpl().zlibCompress(data, level);
  }

  decode(data: Uint8Array, ctx: ChunkContext): Uint8Array {
    try {
      return this.format === "gzip" ? deflateImpl().gzipDecompress(data) : deflateImpl().zlibDecompress(data);
    } catch (err) {
      throw new FileFormatError(ctx.where, `corrupt ${this.format} data (${(err as Error).message})`, {
        cause: err,
      });
    }
  }
}
