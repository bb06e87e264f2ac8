/**
 * ChannelSparsity (spec api.md §7.1): which channels represent each unit, held as a
 * units × channels mask (Uint8Array, 1 = active, C order). Sparse waveforms and templates keep
 * each unit's active channels first, in ascending channel order, zero-padded to a common width.
 */
import { type Id, IdIndex } from "../base/ids.js";
import type { NumberArray } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import type { PeakMode, PeakSign } from "../tools/template-arrays.js";
import {
  amplitudeMask,
  bestChannelsMask,
  closestChannelsMask,
  energyMask,
  propertyMask,
  radiusAndMainChannelMask,
  radiusMask,
  type SparsityParts,
  snrMask,
} from "./builders.js";
import { checkShaped, gatherLastAxis, type ShapedArray, scatterLastAxis } from "./shaped-array.js";
import type { SortingAnalyzerLike, TemplatesOrAnalyzer } from "./sources.js";

export type MaskInput = Uint8Array | ArrayLike<boolean | number> | readonly ArrayLike<boolean | number>[];

export interface ChannelSparsityOptions {
  /** units × channels: flat (C order) or one row per unit; truthy = active. */
  mask: MaskInput;
  unitIds: readonly Id[];
  channelIds: readonly Id[];
}

/** SpikeInterface's `ChannelSparsity.to_dict()`; unit-id keys are strings once in JSON. */
export interface ChannelSparsityDict {
  unit_id_to_channel_ids: Record<string, Id[]>;
  channel_ids: Id[];
  unit_ids: Id[];
}

function toMask(input: MaskInput, u: number, c: number): Uint8Array {
  const rows = input as readonly unknown[];
  const nested = !(input instanceof Uint8Array) && rows.length > 0 && typeof rows[0] === "object";
  const flat: ArrayLike<boolean | number> = nested
    ? (input as readonly ArrayLike<boolean | number>[]).flatMap((r, i) => {
        if (r.length !== c)
          throw new InvalidArgumentError(`mask row ${i} has ${r.length} values for ${c} channels`);
        return Array.from(r);
      })
    : (input as ArrayLike<boolean | number>);
  if (nested && rows.length !== u) {
    throw new InvalidArgumentError(`mask has ${rows.length} rows for ${u} units`);
  }
  if (flat.length !== u * c) {
    throw new InvalidArgumentError(
      `mask has ${flat.length} values, ${u} units × ${c} channels need ${u * c}`,
    );
  }
  return Uint8Array.from(flat, (v) => (v ? 1 : 0));
}

export class ChannelSparsity {
  readonly mask: Uint8Array;
  readonly unitIds: readonly Id[];
  readonly channelIds: readonly Id[];
  readonly numUnits: number;
  readonly numChannels: number;
  /** Largest number of active channels of any unit (0 without units). */
  readonly maxNumActiveChannels: number;
  private readonly unitIndex: IdIndex;
  private readonly indicesCache = new Map<number, Int32Array>();

  constructor(options: ChannelSparsityOptions) {
    this.unitIds = Object.freeze([...options.unitIds]);
    this.channelIds = Object.freeze([...options.channelIds]);
    this.numUnits = this.unitIds.length;
    this.numChannels = this.channelIds.length;
    this.mask = toMask(options.mask, this.numUnits, this.numChannels);
    this.unitIndex = new IdIndex(this.unitIds, "unit id");
    let max = 0;
    for (let u = 0; u < this.numUnits; u++) max = Math.max(max, this.channelIndicesAt(u).length);
    this.maxNumActiveChannels = max;
  }

  /** Active channel indices (ascending) of the unit at `unitIndex`. */
  channelIndicesAt(unitIndex: number): Int32Array {
    let cached = this.indicesCache.get(unitIndex);
    if (cached === undefined) {
      const c = this.numChannels;
      const row = this.mask.subarray(unitIndex * c, (unitIndex + 1) * c);
      const out: number[] = [];
      for (let ch = 0; ch < c; ch++) if (row[ch]) out.push(ch);
      cached = Int32Array.from(out);
      this.indicesCache.set(unitIndex, cached);
    }
    return cached;
  }

  /** Active channel indices (ascending) of `unitId`; unknown ids throw. */
  channelIndicesOf(unitId: Id): Int32Array {
    return this.channelIndicesAt(this.unitIndex.indexOf(unitId));
  }

  /** Active channel ids of `unitId`, in channel order. */
  channelIdsOf(unitId: Id): Id[] {
    return Array.from(this.channelIndicesOf(unitId), (i) => this.channelIds[i]);
  }

  get unitIdToChannelIndices(): Map<Id, Int32Array> {
    return new Map(this.unitIds.map((id, u) => [id, this.channelIndicesAt(u)]));
  }

  get unitIdToChannelIds(): Map<Id, Id[]> {
    return new Map(
      this.unitIds.map((id, u) => [id, Array.from(this.channelIndicesAt(u), (i) => this.channelIds[i])]),
    );
  }

  /** Keep only the unit's active channels on the last axis: (..., channels) → (..., active). */
  sparsifyWaveforms<T extends NumberArray>(waveforms: ShapedArray<T>, unitId: Id): ShapedArray<T> {
    checkShaped(waveforms, "waveforms");
    if (!this.areWaveformsDense(waveforms)) {
      throw new InvalidArgumentError(
        `waveforms have ${waveforms.shape[waveforms.shape.length - 1]} channels, the sparsity has ${this.numChannels}`,
      );
    }
    return gatherLastAxis(waveforms, this.channelIndicesOf(unitId));
  }

  /**
   * Put sparse waveforms (..., ≥ active) back on all channels, zeros elsewhere. Columns past the
   * unit's active count must be zero (SpikeInterface only checks that they sum to zero; any
   * non-zero padding is refused here, since it means the layout does not match).
   */
  densifyWaveforms<T extends NumberArray>(waveforms: ShapedArray<T>, unitId: Id): ShapedArray<T> {
    checkShaped(waveforms, "waveforms");
    const active = this.channelIndicesOf(unitId);
    const width = waveforms.shape[waveforms.shape.length - 1];
    if (width < active.length) {
      throw new InvalidArgumentError(
        `waveforms have ${width} channels, unit ${String(unitId)} has ${active.length} active channels`,
      );
    }
    if (!this.areWaveformsSparse(waveforms, unitId)) {
      throw new InvalidArgumentError(
        `waveforms are not in the sparse layout of unit ${String(unitId)}: non-zero values after its ${active.length} active channels`,
      );
    }
    return scatterLastAxis(waveforms, active, this.numChannels);
  }

  areWaveformsDense(waveforms: ShapedArray): boolean {
    return waveforms.shape[waveforms.shape.length - 1] === this.numChannels;
  }

  /** True when every value after the unit's active channels is zero. */
  areWaveformsSparse(waveforms: ShapedArray, unitId: Id): boolean {
    const k = this.channelIndicesOf(unitId).length;
    const width = waveforms.shape[waveforms.shape.length - 1];
    const d = waveforms.data;
    for (let at = 0; at < d.length; at += width) {
      for (let j = k; j < width; j++) if (d[at + j] !== 0) return false;
    }
    return true;
  }

  /** (units, samples, channels) → (units, samples, maxNumActiveChannels), zero-padded per unit. */
  sparsifyTemplates<T extends NumberArray>(templates: ShapedArray<T>): ShapedArray<T> {
    checkShaped(templates, "templates");
    const [u, s, c] = this.checkTemplatesShape(templates);
    if (c !== this.numChannels) {
      throw new InvalidArgumentError(`templates have ${c} channels, the sparsity has ${this.numChannels}`);
    }
    const width = this.maxNumActiveChannels;
    const ctor = templates.data.constructor as new (n: number) => T;
    const out = new ctor(u * s * width);
    for (let unit = 0; unit < u; unit++) {
      const one = { data: templates.data.subarray(unit * s * c, (unit + 1) * s * c) as T, shape: [s, c] };
      out.set(gatherLastAxis(one, this.channelIndicesAt(unit), width).data, unit * s * width);
    }
    return { data: out, shape: [u, s, width] };
  }

  /** (units, samples, ≥ active) → (units, samples, channels). */
  densifyTemplates<T extends NumberArray>(templates: ShapedArray<T>): ShapedArray<T> {
    checkShaped(templates, "templates");
    const [u, s, w] = this.checkTemplatesShape(templates);
    const c = this.numChannels;
    const ctor = templates.data.constructor as new (n: number) => T;
    const out = new ctor(u * s * c);
    for (let unit = 0; unit < u; unit++) {
      const one = { data: templates.data.subarray(unit * s * w, (unit + 1) * s * w) as T, shape: [s, w] };
      out.set(this.densifyWaveforms(one, this.unitIds[unit]).data, unit * s * c);
    }
    return { data: out, shape: [u, s, c] };
  }

  private checkTemplatesShape(templates: ShapedArray): [number, number, number] {
    if (templates.shape.length !== 3 || templates.shape[0] !== this.numUnits) {
      throw new InvalidArgumentError(
        `templates of shape [${templates.shape.join(", ")}] do not match ${this.numUnits} units × samples × channels`,
      );
    }
    return templates.shape as [number, number, number];
  }

  /** Same ids (in order) and same mask. */
  equals(other: ChannelSparsity): boolean {
    return (
      other instanceof ChannelSparsity &&
      sameIds(this.unitIds, other.unitIds) &&
      sameIds(this.channelIds, other.channelIds) &&
      this.mask.length === other.mask.length &&
      this.mask.every((v, i) => v === other.mask[i])
    );
  }

  toDict(): ChannelSparsityDict {
    const map: Record<string, Id[]> = {};
    this.unitIds.forEach((id, u) => {
      map[String(id)] = Array.from(this.channelIndicesAt(u), (i) => this.channelIds[i]);
    });
    return { unit_id_to_channel_ids: map, channel_ids: [...this.channelIds], unit_ids: [...this.unitIds] };
  }

  /** From a toDict() result or its JSON (unit-id keys as strings). */
  static fromDict(d: ChannelSparsityDict): ChannelSparsity {
    const map = new Map<Id, readonly Id[]>();
    for (const id of d.unit_ids) {
      const key = String(id);
      if (!(key in d.unit_id_to_channel_ids)) {
        throw new InvalidArgumentError(`sparsity dict has no channels for unit ${JSON.stringify(id)}`);
      }
      map.set(id, d.unit_id_to_channel_ids[key]);
    }
    return ChannelSparsity.fromUnitIdToChannelIds({
      unitIdToChannelIds: map,
      unitIds: d.unit_ids,
      channelIds: d.channel_ids,
    });
  }

  static fromUnitIdToChannelIds(options: {
    unitIdToChannelIds: ReadonlyMap<Id, readonly Id[]> | Readonly<Record<string, readonly Id[]>>;
    unitIds: readonly Id[];
    channelIds: readonly Id[];
  }): ChannelSparsity {
    const { unitIds, channelIds } = options;
    const units = new IdIndex(unitIds, "unit id");
    const channels = new IdIndex(channelIds, "channel id");
    const entries: [Id, readonly Id[]][] =
      options.unitIdToChannelIds instanceof Map
        ? [...options.unitIdToChannelIds.entries()]
        : Object.entries(options.unitIdToChannelIds).map(([k, v]) => [
            // plain-object keys are strings: map them back to the matching unit id
            unitIds.find((id) => String(id) === k) ?? k,
            v,
          ]);
    const c = channelIds.length;
    const mask = new Uint8Array(unitIds.length * c);
    for (const [unitId, chans] of entries) {
      const u = units.indexOf(unitId);
      for (const ch of channels.indicesOf(chans)) mask[u * c + ch] = 1;
    }
    return new ChannelSparsity({ mask, unitIds, channelIds });
  }

  private static of(parts: SparsityParts): ChannelSparsity {
    return new ChannelSparsity(parts);
  }

  /** All channels active for every unit of `obj` (an analyzer, Templates, or plain ids). */
  static createDense(obj: { unitIds: readonly Id[]; channelIds: readonly Id[] }): ChannelSparsity {
    const mask = new Uint8Array(obj.unitIds.length * obj.channelIds.length).fill(1);
    return new ChannelSparsity({ mask, unitIds: obj.unitIds, channelIds: obj.channelIds });
  }

  static fromBestChannels(
    obj: TemplatesOrAnalyzer,
    options: { numChannels: number; peakSign?: PeakSign | null; amplitudeMode?: PeakMode | null },
  ): ChannelSparsity {
    return ChannelSparsity.of(bestChannelsMask(obj, options));
  }

  static fromClosestChannels(
    obj: TemplatesOrAnalyzer,
    options: { numChannels: number; peakSign?: PeakSign | null; peakMode?: PeakMode | null },
  ): ChannelSparsity {
    return ChannelSparsity.of(closestChannelsMask(obj, options));
  }

  static fromRadiusAndMainChannel(options: {
    unitIds: readonly Id[];
    channelIds: readonly Id[];
    mainChannelIndices: ArrayLike<number>;
    channelLocations: Float64Array;
    radiusUm: number;
  }): ChannelSparsity {
    return ChannelSparsity.of(radiusAndMainChannelMask(options));
  }

  static fromRadius(
    obj: TemplatesOrAnalyzer,
    options: { radiusUm: number; peakSign?: PeakSign | null; peakMode?: PeakMode | null },
  ): ChannelSparsity {
    return ChannelSparsity.of(radiusMask(obj, options));
  }

  static fromSnr(
    obj: TemplatesOrAnalyzer,
    options: {
      threshold: number;
      amplitudeMode?: PeakMode | null;
      peakSign?: PeakSign | null;
      noiseLevels?: ArrayLike<number> | null;
    },
  ): ChannelSparsity {
    return ChannelSparsity.of(snrMask(obj, options));
  }

  static fromAmplitude(
    obj: TemplatesOrAnalyzer,
    options: { threshold: number; amplitudeMode?: PeakMode | null; peakSign?: PeakSign | null },
  ): ChannelSparsity {
    return ChannelSparsity.of(amplitudeMask(obj, options));
  }

  static fromEnergy(analyzer: SortingAnalyzerLike, options: { threshold: number }): ChannelSparsity {
    return ChannelSparsity.of(energyMask(analyzer, options));
  }

  static fromProperty(options: {
    sorting: BaseSorting;
    recording: BaseRecording;
    byProperty: string;
  }): ChannelSparsity {
    return ChannelSparsity.of(propertyMask(options.sorting, options.recording, options.byProperty));
  }

  toString(): string {
    const active = this.mask.reduce((a, v) => a + v, 0);
    const density = this.mask.length === 0 ? 0 : active / this.mask.length;
    return `ChannelSparsity - units: ${this.numUnits} - channels: ${this.numChannels} - density, P(x=1): ${density.toFixed(2)}`;
  }
}

function sameIds(a: readonly Id[], b: readonly Id[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
