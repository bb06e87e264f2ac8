/**
 * Node only: numcodecs' LZMA codec (`{"id": "lzma", "format": 1, "check": -1, "preset": null,
 * "filters": null}`), the compressor of the SpikeInterface documentation's own zarr example.
 * Decoding uses @napi-rs/lzma (prebuilt liblzma-compatible binaries, loaded on first use, so
 * nothing breaks where no binary exists for the platform). Encoding is refused: that library's
 * encoder stores xz data uncompressed, which would silently defeat the point of choosing LZMA.
 */
import { createRequire } from "node:module";
import { SpikeInterfaceError } from "../../../errors.js";
import { registerCodec } from "./registry.js";
import type { BytesCodec, ChunkContext, CodecConfig } from "./types.js";

// Python's lzma format constants, as numcodecs stores them.
const FORMAT_AUTO = 0;
const FORMAT_XZ = 1;
const FORMAT_ALONE = 2;

interface LzmaBinding {
  xz: { decompressSync(input: Uint8Array): Uint8Array };
  lzma: { decompressSync(input: Uint8Array): Uint8Array };
}

let binding: LzmaBinding | null = null;

function loadBinding(where: string): LzmaBinding {
  if (binding !== null) return binding;
  try {
    binding = createRequire(import.meta.url)("@napi-rs/lzma") as LzmaBinding;
    return binding;
  } catch (err) {
    throw new SpikeInterfaceError(
      "incompatible",
      `${where}: LZMA chunks need the @napi-rs/lzma package, which could not be loaded here (${(err as Error).message})`,
      { codec: "lzma", where },
    );
  }
}

/** An xz stream starts with FD 37 7A 58 5A 00; anything else is taken as the legacy .lzma format. */
function isXz(data: Uint8Array): boolean {
  return data.length >= 6 && data[0] === 0xfd && data[1] === 0x37 && data[2] === 0x7a && data[3] === 0x58;
}

export class LzmaCodec implements BytesCodec {
  readonly kind = "bytes" as const;
  readonly config: CodecConfig;
  private readonly format: number;

  constructor(config: CodecConfig) {
    const format = config.format ?? FORMAT_XZ;
    if (format !== FORMAT_AUTO && format !== FORMAT_XZ && format !== FORMAT_ALONE) {
      throw new SpikeInterfaceError(
        "incompatible",
        `LZMA format ${JSON.stringify(format)} is not supported (xz = 1, alone = 2, auto = 0; raw streams are not)`,
        { codec: "lzma", format },
      );
    }
    this.format = format;
    this.config = {
      id: "lzma",
      format,
      check: config.check ?? -1,
      preset: config.preset ?? null,
      filters: config.filters ?? null,
    };
  }

  encode(_data: Uint8Array, ctx: ChunkContext): Uint8Array {
    throw new SpikeInterfaceError(
      "incompatible",
      `${ctx.where}: writing LZMA is not supported (reading is); use the default Blosc zstd, or zstd/gzip/lz4`,
      { codec: "lzma", where: ctx.where },
    );
  }

  decode(data: Uint8Array, ctx: ChunkContext): Uint8Array {
    const lib = loadBinding(ctx.where);
    const xz = this.format === FORMAT_XZ || (this.format === FORMAT_AUTO && isXz(data));
    try {
      const out = xz ? lib.xz.decompressSync(data) : lib.lzma.decompressSync(data);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    } catch (err) {
      throw new SpikeInterfaceError(
        "file_format",
        `${ctx.where}: corrupt LZMA chunk (${(err as Error).message})`,
        {
          codec: "lzma",
          where: ctx.where,
        },
      );
    }
  }
}

registerCodec("lzma", (config) => new LzmaCodec(config));
