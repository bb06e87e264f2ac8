/**
 * Codec lookup by numcodecs id. `registerCodec` lets an application add one (e.g. bz2 with its own
 * library); an id we do not know fails with an error naming the codec and where it was found.
 */
import { SpikeInterfaceError } from "../../../errors.js";
import { BloscCodec } from "./blosc.js";
import { DeflateCodec, Lz4Codec, ZstdCodec } from "./compressors.js";
import { DeltaCodec } from "./delta.js";
import { Json2Codec, VlenUtf8Codec } from "./object-codecs.js";
import type { Codec, CodecConfig } from "./types.js";

export type CodecFactory = (config: CodecConfig) => Codec;

const factories = new Map<string, CodecFactory>([
  ["blosc", (c) => BloscCodec.fromConfig(c)],
  ["zstd", (c) => new ZstdCodec(c)],
  ["lz4", (c) => new Lz4Codec(c)],
  ["gzip", (c) => new DeflateCodec("gzip", c)],
  ["zlib", (c) => new DeflateCodec("zlib", c)],
  ["delta", (c) => new DeltaCodec(c)],
  ["json2", (c) => new Json2Codec(c)],
  ["json", (c) => new Json2Codec({ ...c, id: "json2" })],
  ["vlen-utf8", () => new VlenUtf8Codec()],
]);

export class UnsupportedCodecError extends SpikeInterfaceError {
  constructor(
    readonly codecId: string,
    where: string,
  ) {
    super(
      "incompatible",
      `${where}: unsupported zarr codec ${JSON.stringify(codecId)} (supported: ${[...factories.keys()].join(", ")})`,
      { codec: codecId, where },
    );
    this.name = "UnsupportedCodecError";
  }
}

export function registerCodec(id: string, factory: CodecFactory): void {
  factories.set(id, factory);
}

export function supportedCodecIds(): string[] {
  return [...factories.keys()];
}

export function isCodecConfig(value: unknown): value is CodecConfig {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { id?: unknown }).id === "string"
  );
}

/** The codec for a config; `where` names the array for error messages. */
export function getCodec(config: CodecConfig, where: string): Codec {
  const factory = factories.get(config.id);
  if (factory === undefined) throw new UnsupportedCodecError(config.id, where);
  return factory(config);
}
