/**
 * Codecs with numcodecs-style JSON configs (`{"id": "blosc", "cname": "zstd", ...}`), as they
 * appear in `.zarray` "compressor" and "filters". A chunk is encoded through the filters in order
 * and then the compressor; decoding runs the other way.
 *
 * Most codecs map bytes to bytes. Object codecs (json2, vlen-utf8) sit first in the filter list of
 * an object ("|O") array and map a list of values to bytes.
 */
import type { JsonValue } from "../../../base/extractor.js";

export type CodecConfig = { id: string } & { [key: string]: JsonValue };

/** What a codec knows about the chunk it is coding. */
export interface ChunkContext {
  /** Item size in bytes of the data handed to this codec (Blosc records it as typesize). */
  itemsize: number;
  /** "array path, chunk key", for error messages. */
  where: string;
}

export interface BytesCodec {
  readonly kind: "bytes";
  /** The JSON written to `.zarray` (exactly what Python writes for the same codec). */
  readonly config: CodecConfig;
  encode(data: Uint8Array, ctx: ChunkContext): Uint8Array | Promise<Uint8Array>;
  decode(data: Uint8Array, ctx: ChunkContext): Uint8Array | Promise<Uint8Array>;
  /** Item size of the encoded output when the codec changes it (Delta with astype). */
  encodedItemsize?(itemsize: number): number;
}

export interface ObjectCodec {
  readonly kind: "object";
  readonly config: CodecConfig;
  encode(items: readonly unknown[], ctx: ChunkContext): Uint8Array;
  decode(data: Uint8Array, ctx: ChunkContext): unknown[];
}

export type Codec = BytesCodec | ObjectCodec;
