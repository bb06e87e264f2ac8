/**
 * What an analyzer keeps of its recording so it works without it ("recordingless"): ids, sampling
 * frequency, sizes, dtype, properties and the probe group (SpikeInterface's `rec_attributes`,
 * spec formats.md §5.1). The JSON form is `recording_info/recording_attributes.json`.
 */
import type { Id } from "../base/ids.js";
import { type Property, propertyFromJson, propertyToJson, toProperty } from "../base/properties.js";
import { parseTraceDType, type TraceDType } from "../dtype.js";
import { FileFormatError } from "../errors.js";
import type { ProbeGroup } from "../probe/probegroup.js";
import type { BaseRecording } from "../recording/base-recording.js";

export interface RecAttributes {
  readonly channelIds: readonly Id[];
  readonly samplingFrequency: number;
  readonly numChannels: number;
  readonly numSamples: readonly number[];
  readonly isFiltered: boolean;
  readonly properties: ReadonlyMap<string, Property>;
  /** null for analyzers written before the dtype was stored. */
  readonly dtype: TraceDType | null;
  readonly probegroup: ProbeGroup | null;
}

/** The JSON dict Python writes (probe group excluded: it has its own file/attribute). */
export interface RecAttributesJson {
  channel_ids: Id[];
  sampling_frequency: number;
  num_channels: number;
  num_samples: number[];
  is_filtered: boolean;
  properties: Record<string, unknown[]>;
  dtype?: string;
}

export function recAttributesFromRecording(recording: BaseRecording): RecAttributes {
  const properties = new Map<string, Property>();
  for (const key of recording.getPropertyKeys()) {
    const p = recording.getPropertyInfo(key);
    if (p !== null) properties.set(key, p);
  }
  return {
    channelIds: [...recording.channelIds],
    samplingFrequency: recording.samplingFrequency,
    numChannels: recording.getNumChannels(),
    numSamples: Array.from({ length: recording.getNumSegments() }, (_, s) =>
      recording.getNumSamples({ segmentIndex: s }),
    ),
    isFiltered: recording.isFiltered(),
    properties,
    dtype: recording.getDtype(),
    probegroup: recording.hasProbe() ? recording.getProbegroup().copy() : null,
  };
}

export function recAttributesToJson(attrs: RecAttributes): RecAttributesJson {
  const properties: Record<string, unknown[]> = {};
  for (const [key, p] of attrs.properties) {
    // Python objects have no JSON form here (SpikeInterface would pickle them); skip them.
    if (p.dtype === "object") continue;
    properties[key] = propertyToJson(p);
  }
  const out: RecAttributesJson = {
    channel_ids: [...attrs.channelIds],
    sampling_frequency: attrs.samplingFrequency,
    num_channels: attrs.numChannels,
    num_samples: [...attrs.numSamples],
    is_filtered: attrs.isFiltered,
    properties,
  };
  if (attrs.dtype !== null) out.dtype = attrs.dtype;
  return out;
}

export function recAttributesFromJson(
  json: unknown,
  probegroup: ProbeGroup | null,
  where: string,
): RecAttributes {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new FileFormatError(where, "recording attributes are not a JSON object");
  }
  const d = json as Partial<RecAttributesJson>;
  const need = ["channel_ids", "sampling_frequency", "num_samples"] as const;
  for (const key of need) {
    if (d[key] === undefined)
      throw new FileFormatError(where, `recording attributes lack ${JSON.stringify(key)}`);
  }
  const channelIds = d.channel_ids as Id[];
  const properties = new Map<string, Property>();
  for (const [key, value] of Object.entries(d.properties ?? {})) {
    if (!Array.isArray(value) || value.length === 0) continue;
    const p = propertyFromJson(value);
    // int-valued float lists (offsets written as 0) stay numeric; that is all SpikeInterface needs.
    properties.set(key, p.dtype === "object" ? toProperty(value) : p);
  }
  return {
    channelIds,
    samplingFrequency: Number(d.sampling_frequency),
    numChannels: d.num_channels ?? channelIds.length,
    numSamples: (d.num_samples as number[]).map(Number),
    isFiltered: d.is_filtered === true,
    properties,
    dtype: typeof d.dtype === "string" ? parseTraceDType(d.dtype) : null,
    probegroup,
  };
}

/** Empty message when they match, else what differs (SpikeInterface's do_recording_attributes_match). */
export function recordingAttributesMismatch(
  recording: BaseRecording,
  attrs: RecAttributes,
  checkDtype = true,
): string {
  const problems: string[] = [];
  const ids = recording.channelIds;
  if (ids.length !== attrs.channelIds.length || ids.some((id, i) => id !== attrs.channelIds[i])) {
    problems.push("channel ids differ");
  }
  if (recording.samplingFrequency !== attrs.samplingFrequency) {
    problems.push(
      `sampling frequency ${recording.samplingFrequency} Hz differs from ${attrs.samplingFrequency} Hz`,
    );
  }
  const n = Array.from({ length: recording.getNumSegments() }, (_, s) =>
    recording.getNumSamples({ segmentIndex: s }),
  );
  if (n.length !== attrs.numSamples.length || n.some((v, i) => v !== attrs.numSamples[i])) {
    problems.push(`numbers of samples [${n.join(", ")}] differ from [${attrs.numSamples.join(", ")}]`);
  }
  if (checkDtype && attrs.dtype !== null && recording.getDtype() !== attrs.dtype) {
    problems.push(`dtype ${recording.getDtype()} differs from ${attrs.dtype}`);
  }
  return problems.join("; ");
}
