/**
 * What recordings and snippets share (spec api.md §3.1): channels with a sampling frequency and a
 * dtype, gains/offsets to µV, channel groups, and an attached probe group.
 */
import type { TraceDType } from "../dtype.js";
import { InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import {
  channelLocations,
  type GroupMode,
  prepareChannelSelectionWithProbeGroup,
  prepareProbeGroupForChannels,
} from "../probe/attach.js";
import { createDummyProbeFromLocations, type DummyProbeOptions } from "../probe/attach-views.js";
import { Probe } from "../probe/probe.js";
import { ProbeGroup } from "../probe/probegroup.js";
import type { PositionsInput } from "../probe/types.js";
import { BaseExtractor, type ExtractorDict } from "./extractor.js";
import { type Id, isIdentity, requireIdList } from "./ids.js";
import type { PropertyValues } from "./properties.js";

export interface SetProbeOptions {
  /** How the `group` property is derived from the probes (default "auto"). */
  groupMode?: GroupMode;
  /**
   * true (default, SpikeInterface HEAD): attach to this object, which must have one connected
   * contact per channel. false: return a new object restricted and ordered to the wired channels
   * (what `set_probe` returned in SpikeInterface ≤ 0.104).
   */
  inPlace?: boolean;
  checkOverlap?: boolean;
}

/**
 * `View` is what the channel views return: BaseRecording for recordings, BaseSnippets for snippets
 * (so `recording.selectChannels()` is typed as a recording without each subclass restating it).
 */
export abstract class BaseRecordingSnippets<
  // biome-ignore lint/suspicious/noExplicitAny: the default stands for "any kind of view" in untyped uses
  View extends BaseRecordingSnippets<any> = BaseRecordingSnippets<any>,
> extends BaseExtractor {
  readonly samplingFrequency: number;
  readonly dtype: TraceDType;
  protected probegroup: ProbeGroup | null = null;

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

  // ----- channel views -----
  /** The lazy channel-slice view (ChannelSliceRecording / ChannelSliceSnippets) of this object. */
  protected abstract channelSliceView(channelIds: readonly Id[] | null, renamed: readonly Id[] | null): View;

  /** A channel subset in the given order. */
  selectChannels(channelIds: readonly Id[]): View {
    return this.channelSliceView(requireChannels(channelIds, "selectChannels"), null);
  }

  /** Alias of selectChannels, with optional new ids. */
  channelSlice(channelIds: readonly Id[], renamedChannelIds?: readonly Id[]): View {
    return this.channelSliceView(requireChannels(channelIds, "channelSlice"), renamedChannelIds ?? null);
  }

  renameChannels(newChannelIds: readonly Id[]): View {
    requireChannels(newChannelIds, "renameChannels");
    if (newChannelIds.length !== this.getNumChannels()) {
      throw new InvalidArgumentError(
        `renameChannels needs ${this.getNumChannels()} ids, got ${newChannelIds.length}`,
      );
    }
    return this.channelSliceView(this.channelIds, newChannelIds);
  }

  /** The other channels, in their order; unknown ids are an error. */
  removeChannels(channelIds: readonly Id[]): View {
    this.checkKnownIds(channelIds);
    const drop = new Set(channelIds);
    const kept = this.channelIds.filter((id) => !drop.has(id));
    return this.channelSliceView(
      requireChannels(kept, "removeChannels (it would remove every channel)"),
      null,
    );
  }

  /** Channel indices for a read request, or null for "all channels in natural order" (the fast path). */
  protected channelIndicesOrNull(
    channelIds: readonly Id[] | null | undefined,
    call: string,
  ): Int32Array | null {
    if (channelIds === undefined || channelIds === null) return null;
    const indices = this.idsToIndices(requireChannels(channelIds, call));
    return isIdentity(indices, this.getNumChannels()) ? null : indices;
  }

  // ----- probe -----

  hasProbe(): boolean {
    return this.probegroup !== null;
  }

  getProbegroup(): ProbeGroup {
    if (this.probegroup === null) {
      throw new SpikeInterfaceError("no_probe", `${this.name} has no probe attached: use setProbe() first`);
    }
    return this.probegroup;
  }

  getProbes(): readonly Probe[] {
    return this.getProbegroup().probes;
  }

  /** The probe, when exactly one is attached. */
  getProbe(): Probe {
    const probes = this.getProbes();
    if (probes.length !== 1) {
      throw new SpikeInterfaceError(
        "invalid_argument",
        `${this.name} has ${probes.length} probes: use getProbegroup()`,
      );
    }
    return probes[0];
  }

  has3dProbe(): boolean {
    return this.probegroup !== null && this.probegroup.probes.length > 0 && this.probegroup.ndim === 3;
  }

  /**
   * Attach a probe: contacts with device index −1 are dropped, the others ordered by device index
   * (contact i = channel i), and the `group` property set from probes/shanks (spec probeinterface.md §7).
   */
  setProbe(probe: Probe, options: SetProbeOptions = {}): this {
    if (!(probe instanceof Probe))
      throw new InvalidArgumentError("setProbe needs a Probe (use setProbegroup for groups)");
    const group = new ProbeGroup([wiredCopy(probe)]);
    return this.setProbegroup(group, options);
  }

  setProbegroup(probegroup: ProbeGroup, options: SetProbeOptions = {}): this {
    const { groupMode = "auto", inPlace = true, checkOverlap = true } = options;
    if (!inPlace) return this.selectChannelsWithProbegroup(probegroup, { groupMode }) as this;
    const prepared = prepareProbeGroupForChannels(probegroup, {
      numChannels: this.getNumChannels(),
      groupMode,
      checkOverlap,
    });
    this.probegroup = prepared.probegroup;
    this.setProperty("group", prepared.groups, { dtype: "int64" });
    return this;
  }

  /** A new object with only the wired channels, ordered by device index, with the probe attached. */
  selectChannelsWithProbegroup(
    probegroup: ProbeGroup,
    { groupMode = "auto" as GroupMode } = {},
  ): BaseRecordingSnippets {
    const prepared = prepareChannelSelectionWithProbeGroup(probegroup, {
      numChannels: this.getNumChannels(),
      groupMode,
    });
    const ids = Array.from(prepared.channelIndices, (i) => this.channelIds[i]);
    const out = this.selectChannels(ids);
    out.probegroup = prepared.probegroup;
    out.setProperty("group", prepared.groups, { dtype: "int64" });
    return out;
  }

  selectChannelsWithProbe(probe: Probe, options: { groupMode?: GroupMode } = {}): BaseRecordingSnippets {
    return this.selectChannelsWithProbegroup(new ProbeGroup([wiredCopy(probe)]), options);
  }

  removeProbe(): void {
    this.probegroup = null;
  }

  /** Channel positions from the probe (n × len(axes), C order), for all channels or `channelIds`. */
  getChannelLocations(options: { channelIds?: readonly Id[]; axes?: string } = {}): Float64Array {
    const all = channelLocations(this.getProbegroup(), options.axes ?? "xy");
    if (options.channelIds === undefined) return all;
    const k = all.length / this.getNumChannels();
    const idx = this.idsToIndices(options.channelIds);
    const out = new Float64Array(idx.length * k);
    idx.forEach((i, r) => {
      out.set(all.subarray(i * k, i * k + k), r * k);
    });
    return out;
  }

  /** Attach a dummy probe with contacts at `locations` (one row per channel). */
  setDummyProbeFromLocations(locations: PositionsInput, options: DummyProbeOptions = {}): void {
    const probe = createDummyProbeFromLocations(locations, options);
    this.setProbegroup(new ProbeGroup([probe]), { checkOverlap: false });
  }

  /** Deprecated in SpikeInterface: the same as setDummyProbeFromLocations. */
  setChannelLocations(locations: PositionsInput): void {
    this.setDummyProbeFromLocations(locations);
  }

  /** Attach an already ordered probe group (contact i = channel i) without recomputing `group`. */
  setProbegroupUnchecked(probegroup: ProbeGroup | null): void {
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

/** A copy that keeps the wiring (Probe.copy drops it, as probeinterface does) and belongs to no group. */
function wiredCopy(probe: Probe): Probe {
  const copy = probe.copy();
  if (probe.deviceChannelIndices !== null) copy.setDeviceChannelIndices(probe.deviceChannelIndices);
  return copy;
}

/** An empty channel list is refused by name: a view or a read with no channel is always a mistake. */
function requireChannels(channelIds: readonly Id[], call: string): readonly Id[] {
  requireIdList(channelIds, call, "channel id");
  if (channelIds.length === 0) {
    throw new InvalidArgumentError(`${call}: the channel id list is empty (at least one channel is needed)`);
  }
  return channelIds;
}
