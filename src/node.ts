/**
 * spikeinterface-ts/node: everything in the core plus the parts that need Node (files, worker
 * threads, progress bars).
 */
export * from "./index.js";
export {
  BinaryRecordingExtractor,
  BinaryRecordingSegment,
  type ReadBinaryOptions,
  readBinary,
} from "./io/binary/binary-recording.js";
