/**
 * The zarr v2 layer (browser-safe): stores, metadata, arrays, codecs. Node-only pieces are
 * `fs-store.node.ts` (FileSystemStore) and `codecs/node-zlib.node.ts`.
 */
export { type OpenArrayOptions, type ReadOptions, ZarrArray } from "./array.js";
export {
  type CachedValue,
  ChunkCache,
  type ChunkCacheStats,
  getDefaultChunkCache,
  setDefaultChunkCacheSize,
} from "./chunk-cache.js";
export type { ChunkData, ZarrValues } from "./chunk-codec.js";
export {
  BloscCodec,
  type BloscOptions,
  type BloscSettings,
  configureBlosc,
  getDefaultZarrCompressor,
} from "./codecs/blosc.js";
export { DeflateCodec, Lz4Codec, ZstdCodec } from "./codecs/compressors.js";
export { DeltaCodec } from "./codecs/delta.js";
export { JSON2_CONFIG, Json2Codec, VlenUtf8Codec } from "./codecs/object-codecs.js";
export {
  type CodecFactory,
  getCodec,
  registerCodec,
  supportedCodecIds,
  UnsupportedCodecError,
} from "./codecs/registry.js";
export type { BytesCodec, ChunkContext, Codec, CodecConfig, ObjectCodec } from "./codecs/types.js";
export { zstdCompress } from "./codecs/zstd-encoder.js";
export {
  ConsolidatedStore,
  consolidateMetadata,
  listChildren,
  type NodeChildren,
  openConsolidated,
} from "./consolidated.js";
export {
  type CreateArrayOptions,
  createArray,
  inferZarrDType,
  openArray,
  readRegion,
  readWhole,
  writeArray,
  writeChunk,
  ZARR_DEFAULT_COMPRESSOR,
} from "./create.js";
export { type PyFloat, pyFloat, pythonFloatRepr, zarrJsonDumps } from "./json.js";
export {
  type ArrayMetadata,
  createGroup,
  type FillValue,
  type NodeKind,
  nodeKind,
  readArrayMetadata,
  readAttrs,
  writeAttrs,
} from "./metadata.js";
export { guessChunks, type Region } from "./region.js";
export {
  MemoryStore,
  normalizePath,
  type RangeQuery,
  type StoreGetOptions,
  type StoreKey,
  type StoreListing,
  storeKey,
  type ZarrStore,
} from "./store.js";
export { parseZarrDType, unicodeDTypeFor, type ZarrDType } from "./zarr-dtype.js";
