/** .npy / .npz reading and writing (pure, browser-safe: callers do the file I/O). */
export {
  type NpyColumnSpec,
  type NpyFromStringsOptions,
  type NpyFromTypedArrayOptions,
  type NpyLayoutOptions,
  npyFromBools,
  npyFromColumns,
  npyFromStrings,
  npyFromTypedArray,
} from "./builders.js";
export { numericColumn, stringColumn } from "./columns.js";
export { encodeNpy } from "./encode-npy.js";
export type {
  NpyArray,
  NpyColumn,
  NpyField,
  NpyFieldType,
  NpyNumericArray,
  NpyStringArray,
  NpyStructuredArray,
} from "./npy-array.js";
export { shapeSize } from "./npy-array.js";
export { hasNpyMagic } from "./npy-header.js";
export { type EncodeNpzOptions, encodeNpz, readNpz } from "./npz.js";
export { parseNpy } from "./parse-npy.js";
export {
  encodeSpikeVectorNpy,
  readSpikeVectorNpy,
  SPIKE_VECTOR_FIELDS,
  type SpikeVectorColumns,
  spikeVectorFromNpy,
  spikeVectorToNpy,
} from "./spike-vector-npy.js";
