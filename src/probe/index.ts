/**
 * The probe module (browser-safe): probeinterface's Probe / ProbeGroup model, generators, wiring
 * pathways, the JSON format as text, and the logic that attaches probes to recordings. File
 * access and the probe library are in "./node.js".
 */
export {
  type ConnectedContacts,
  channelLocations,
  checkProbesDoNotOverlap,
  computeChannelGroups,
  connectedContacts,
  GROUP_MODES,
  type GroupMode,
  type PreparedChannelSelection,
  type PreparedProbeGroup,
  type PrepareOptions,
  prepareChannelSelectionWithProbeGroup,
  prepareProbeGroupForChannels,
} from "./attach.js";
export {
  aggregateProbeGroups,
  createDummyProbeFromLocations,
  type DummyProbeOptions,
  sliceProbeGroupForChannels,
} from "./attach-views.js";
export {
  type ContactTable,
  type ContactTableInput,
  getColumn,
  type ToTableOptions,
} from "./contact-table.js";
export type { ContactValuesInput } from "./contact-values.js";
export {
  combineProbes,
  generateDummyProbe,
  generateDummyProbeGroup,
  generateLinearProbe,
  generateMultiColumnsProbe,
  generateMultiShank,
  generateTetrode,
  type LinearProbeOptions,
  type MultiColumnsProbeOptions,
  type MultiShankOptions,
} from "./generators.js";
export { selectAxes } from "./geometry.js";
export { type ParseProbeinterfaceOptions, parseProbeinterfaceJson, probeGroupToJson } from "./json.js";
export {
  applyLegacyProbeAnnotations,
  contactVectorFromProbeGroup,
  type LegacyProbeGroup,
  legacyProbeAnnotations,
  probeGroupFromLegacyContactVector,
  probeGroupFromLegacyLocations,
} from "./legacy.js";
export { Probe, type ProbeOptions, type SetContactsOptions } from "./probe.js";
export { type GlobalDeviceChannelIndices, ProbeGroup } from "./probegroup.js";
export { Shank } from "./shank.js";
export * from "./types.js";
export { getAvailablePathways, getPathwayChannelIndices } from "./wiring.js";
