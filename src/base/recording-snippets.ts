/**
 * What recordings and snippets share (spec api.md §3.1): channels with a sampling frequency and a
 * dtype, gains/offsets to µV, channel groups, and an attached probe group.
 */
import type { TraceDType } from "../dtype.js";
import { InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import { BaseExtractor, type ExtractorDict } from "./extractor.js";
import type { Id } from "./ids.js";
import type { PropertyValues } from "./properties.js";

/**
 * The probe group as the core sees it. The full model lives in src/probe; the core only needs to
 * copy it, describe it and let the probe module attach it.
 */
export interface ProbeGroupLike {
  copy(): ProbeGroupLike;
  toDict(): unknown;
}

export abstract class BaseRecordingSnippets extends BaseExtractor {
  readonly samplingFrequency: number;
  readonly dtype: TraceDType;
  protected probegroup: ProbeGroupLike | null = null;

  constructor(samplingFrequency: number, channelIds: readonly Id[], dtype: TraceDType) {
    super(channelIds, "channel id");
    if (!(Number.isFinite(samplingFrequency) && samplingFrequency > 0)) {
      throw new InvalidArgumentError(
        `samplingFrequency must be a positive number, got ${samplingFrequency}`,
        {
          samplingFrequency,
        },
      );
    }
    this.samplingFrequency = samplingFrequency;
    this.dtype = dtype;
  }

  get channelIds(): readonly Id[] {
    return this.mainIds;
  }

  getChannelIds(): readonly Id[] {
    return this.mainIds;
  }

  getNumChannels(): number {
    return this.mainIds.length;
  }

  getSamplingFrequency(): number {
    return this.samplingFrequency;
  }

  getDtype(): TraceDType {
    return this.dtype;
  }

  isFiltered(): boolean {
    return this.annotations.is_filtered === true;
  }

  /** True when both gain_to_uV and offset_to_uV exist (SpikeInterface's rule). */
  hasScaleableTraces(): boolean {
    return this.properties.has("gain_to_uV") && this.properties.has("offset_to_uV");
  }

  setChannelGains(gains: number | ArrayLike<number>, channelIds?: readonly Id[]): void {
    this.setBroadcast("gain_to_uV", gains, channelIds);
  }

  setChannelOffsets(offsets: number | ArrayLike<number>, channelIds?: readonly Id[]): void {
    this.setBroadcast("offset_to_uV", offsets, channelIds);
  }

  getChannelGains(channelIds?: readonly Id[]): PropertyValues | null {
    return this.getProperty("gain_to_uV", channelIds);
  }

  getChannelOffsets(channelIds?: readonly Id[]): PropertyValues | null {
    return this.getProperty("offset_to_uV", channelIds);
  }

  setChannelGroups(groups: number | ArrayLike<number>, channelIds?: readonly Id[]): void {
    const n = channelIds?.length ?? this.getNumChannels();
    const values = typeof groups === "number" ? new Array(n).fill(groups) : Array.from(groups);
    this.setProperty("group", values, { ids: channelIds, dtype: "int64" });
  }

  getChannelGroups(channelIds?: readonly Id[]): PropertyValues {
    return (
      this.getProperty("group", channelIds) ?? new Float64Array(channelIds?.length ?? this.getNumChannels())
    );
  }

  getChannelProperty(channelId: Id, key: string): unknown {
    const values = this.getProperty(key);
    if (values === null)
      throw new SpikeInterfaceError("missing_property", `no property ${JSON.stringify(key)}`);
    return values[this.idToIndex(channelId)];
  }

  private setBroadcast(key: string, value: number | ArrayLike<number>, channelIds?: readonly Id[]): void {
    const n = channelIds?.length ?? this.getNumChannels();
    const values = typeof value === "number" ? new Float64Array(n).fill(value) : Float64Array.from(value);
    this.setProperty(key, values, { ids: channelIds });
  }

  // ----- probe -----
  hasProbe(): boolean {
    return this.probegroup !== null;
  }

  getProbegroup(): ProbeGroupLike {
    if (this.probegroup === null) {
      throw new SpikeInterfaceError("no_probe", `${this.name} has no probe attached: use setProbe() first`);
    }
    return this.probegroup;
  }

  /** Attach an already-prepared probe group (the probe module checks and orders it). */
  setProbegroupUnchecked(probegroup: ProbeGroupLike | null): void {
    this.probegroup = probegroup;
  }

  protected override copyExtraMetadata(other: BaseExtractor): void {
    if (other instanceof BaseRecordingSnippets && this.probegroup !== null) {
      other.probegroup = this.probegroup.copy();
    }
  }

  protected override extendDict(dict: ExtractorDict): void {
    if (this.probegroup !== null) dict.probegroup = this.probegroup.toDict();
  }
}
