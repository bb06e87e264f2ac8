/** SpikeGLX (.bin + .meta) reader. Node-only. */
export { looksLikeSpikeglxFolder, parseSpikeglxName, type SpikeGlxNameParts } from "./files.js";
export { parseMetaText, readMetaFile, SpikeGlxMeta } from "./meta.js";
export {
  listSpikeglxStreams,
  type ReadSpikeglxOptions,
  readSpikeglx,
  SPIKEGLX_CLASS,
  SpikeGlxRecording,
} from "./spikeglx-recording.js";
