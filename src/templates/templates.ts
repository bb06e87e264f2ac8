/**
 * Templates (spec api.md §8): one average waveform per unit, units × samples × channels (C order),
 * dense or sparse. When sparse, the last axis holds each unit's active channels first (ascending)
 * and zero padding up to the widest unit, and `sparsity` says which channels they are.
 */
import type { Id } from "../base/ids.js";
import { InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import { parsePythonJson, toPythonJson } from "../io/json.js";
import { ChannelSparsity, type MaskInput } from "../sparsity/channel-sparsity.js";
import { gatherLastAxis, type ShapedArray } from "../sparsity/shaped-array.js";
import type { TemplatesLike } from "../sparsity/sources.js";
import {
  type DenseTemplatesArray,
  type FloatArray,
  mainChannelsFromTemplatesArray,
  type PeakMode,
  type PeakSign,
} from "../tools/template-arrays.js";
import { fromNestedLists, type NestedNumbers, toNestedLists } from "./nested-lists.js";

/** The probe as Templates needs it (probeinterface's Probe satisfies it). */
export interface TemplatesProbe {
  readonly ndim: number;
  /** Flat numContacts × ndim positions. */
  readonly contactPositions: Float64Array;
  toDict(): unknown;
}

/** SpikeInterface's `Templates.to_dict()` keys, JSON-ready. */
export interface TemplatesDict {
  templates_array: NestedNumbers[];
  sparsity_mask: NestedNumbers[] | null;
  channel_ids: Id[];
  unit_ids: Id[];
  sampling_frequency: number;
  nbefore: number;
  is_in_uV: boolean;
  probe: unknown;
}

export interface TemplatesOptions {
  templatesArray: FloatArray;
  /** [numUnits, numSamples, numChannels (dense) or max active channels (sparse)]. */
  shape: readonly [number, number, number];
  samplingFrequency: number;
  nbefore: number;
  isInUV?: boolean;
  /** units × channels; null/omitted = dense. */
  sparsityMask?: MaskInput | null;
  channelIds?: readonly Id[] | null;
  unitIds?: readonly Id[] | null;
  probe?: TemplatesProbe | null;
  /** With a mask, check that every unit is zero past its active channels (default true). */
  checkForConsistentSparsity?: boolean;
}

export class Templates implements TemplatesLike {
  readonly templatesArray: FloatArray;
  readonly shape: readonly [number, number, number];
  readonly samplingFrequency: number;
  readonly nbefore: number;
  readonly nafter: number;
  readonly isInUV: boolean;
  readonly unitIds: readonly Id[];
  readonly channelIds: readonly Id[];
  readonly probe: TemplatesProbe | null;
  readonly sparsity: ChannelSparsity | null;
  readonly numUnits: number;
  readonly numSamples: number;
  readonly numChannels: number;
  readonly msBefore: number;
  readonly msAfter: number;
  readonly checkForConsistentSparsity: boolean;

  constructor(options: TemplatesOptions) {
    const [u, s, w] = options.shape;
    if (![u, s, w].every((d) => Number.isInteger(d) && d >= 0)) {
      throw new InvalidArgumentError(`invalid templates shape [${options.shape.join(", ")}]`);
    }
    if (options.templatesArray.length !== u * s * w) {
      throw new InvalidArgumentError(
        `templatesArray has ${options.templatesArray.length} values, shape [${u}, ${s}, ${w}] needs ${u * s * w}`,
      );
    }
    if (!(Number.isFinite(options.samplingFrequency) && options.samplingFrequency > 0)) {
      throw new InvalidArgumentError(`samplingFrequency must be positive, got ${options.samplingFrequency}`);
    }
    if (!Number.isInteger(options.nbefore) || options.nbefore < 0 || options.nbefore > s) {
      throw new InvalidArgumentError(`nbefore ${options.nbefore} is outside 0..${s} (num samples)`);
    }
    this.templatesArray = options.templatesArray;
    this.shape = [u, s, w];
    this.samplingFrequency = options.samplingFrequency;
    this.nbefore = options.nbefore;
    this.isInUV = options.isInUV ?? true;
    this.probe = options.probe ?? null;
    this.checkForConsistentSparsity = options.checkForConsistentSparsity ?? true;
    this.numUnits = u;
    this.numSamples = s;
    const mask = options.sparsityMask ?? null;
    const maskChannels =
      mask === null
        ? w
        : mask.length > 0 && typeof (mask as readonly unknown[])[0] === "object"
          ? (mask as readonly ArrayLike<unknown>[])[0].length
          : u === 0
            ? (options.channelIds?.length ?? 0)
            : mask.length / u;
    this.numChannels = maskChannels;
    this.nafter = s - this.nbefore;
    this.msBefore = (this.nbefore / this.samplingFrequency) * 1000;
    this.msAfter = (this.nafter / this.samplingFrequency) * 1000;
    this.channelIds = Object.freeze([
      ...(options.channelIds ?? Array.from({ length: this.numChannels }, (_, i) => i)),
    ]);
    if (this.channelIds.length !== this.numChannels) {
      throw new InvalidArgumentError(
        `${this.channelIds.length} channel ids for ${this.numChannels} channels`,
      );
    }
    this.unitIds = Object.freeze([...(options.unitIds ?? Array.from({ length: u }, (_, i) => i))]);
    if (this.unitIds.length !== u)
      throw new InvalidArgumentError(`${this.unitIds.length} unit ids for ${u} units`);
    if (mask === null) {
      this.sparsity = null;
    } else {
      this.sparsity = new ChannelSparsity({ mask, unitIds: this.unitIds, channelIds: this.channelIds });
      if (w < this.sparsity.maxNumActiveChannels) {
        throw new InvalidArgumentError(
          `sparse templates have ${w} channel columns, the mask needs ${this.sparsity.maxNumActiveChannels}`,
        );
      }
      if (this.checkForConsistentSparsity) {
        for (let unit = 0; unit < u; unit++) {
          if (!this.sparsity.areWaveformsSparse(this.unitBlock(unit), this.unitIds[unit])) {
            throw new InvalidArgumentError(
              `sparsity mask given but the templates of unit ${String(this.unitIds[unit])} are not sparse (non-zero values past its active channels)`,
            );
          }
        }
      }
    }
  }

  /** The stored (dense or sparse) block of one unit, [samples, width], as a view. */
  private unitBlock(unitIndex: number): ShapedArray<FloatArray> {
    const [, s, w] = this.shape;
    return { data: this.templatesArray.subarray(unitIndex * s * w, (unitIndex + 1) * s * w), shape: [s, w] };
  }

  get sparsityMask(): Uint8Array | null {
    return this.sparsity?.mask ?? null;
  }

  areTemplatesSparse(): boolean {
    return this.sparsity !== null;
  }

  /** Dense [samples, channels] template of the unit at `unitIndex` (a view when dense). */
  getOneTemplateDense(unitIndex: number): ShapedArray<FloatArray> {
    if (!Number.isInteger(unitIndex) || unitIndex < 0 || unitIndex >= this.numUnits) {
      throw new InvalidArgumentError(`unitIndex ${unitIndex} is outside ${this.numUnits} units`);
    }
    const block = this.unitBlock(unitIndex);
    if (this.sparsity === null) return block;
    return this.sparsity.densifyWaveforms(block, this.unitIds[unitIndex]);
  }

  /** Dense units × samples × channels array (the stored array itself when dense). */
  getDenseTemplates(): DenseTemplatesArray {
    if (this.sparsity === null) return { data: this.templatesArray, shape: this.shape };
    const dense = this.sparsity.densifyTemplates({ data: this.templatesArray, shape: this.shape });
    return { data: dense.data, shape: [this.numUnits, this.numSamples, this.numChannels] };
  }

  toDense(): Templates {
    if (this.sparsity === null) return this;
    const dense = this.getDenseTemplates();
    return this.with({ templatesArray: dense.data, shape: dense.shape, sparsityMask: null });
  }

  /** Sparse copy of dense templates, with a ChannelSparsity or a units × channels mask. */
  toSparse(sparsity: ChannelSparsity | MaskInput): Templates {
    if (this.sparsity !== null) throw new InvalidArgumentError("toSparse needs dense templates");
    const sp =
      sparsity instanceof ChannelSparsity
        ? sparsity
        : new ChannelSparsity({ mask: sparsity, unitIds: this.unitIds, channelIds: this.channelIds });
    const sparse = sp.sparsifyTemplates({ data: this.templatesArray, shape: this.shape });
    return this.with({
      templatesArray: sparse.data,
      shape: sparse.shape as [number, number, number],
      sparsityMask: sp.mask,
      checkForConsistentSparsity: this.checkForConsistentSparsity,
    });
  }

  /** The units `unitIds`, in that order. */
  selectUnits(unitIds: readonly Id[]): Templates {
    const [, s, w] = this.shape;
    const c = this.numChannels;
    const indices = this.unitIndices(unitIds);
    const ctor = this.templatesArray.constructor as new (n: number) => FloatArray;
    const data = new ctor(indices.length * s * w);
    indices.forEach((u, k) => {
      data.set(this.templatesArray.subarray(u * s * w, (u + 1) * s * w), k * s * w);
    });
    let mask: Uint8Array | null = null;
    if (this.sparsity !== null) {
      const full = this.sparsity.mask;
      mask = new Uint8Array(indices.length * c);
      indices.forEach((u, k) => {
        mask!.set(full.subarray(u * c, (u + 1) * c), k * c);
      });
    }
    return this.with({
      templatesArray: data,
      shape: [indices.length, s, w],
      sparsityMask: mask,
      unitIds,
      checkForConsistentSparsity: false,
    });
  }

  /** The channels `channelIds`, in that order (dense templates only). */
  selectChannels(channelIds: readonly Id[]): Templates {
    if (this.sparsity !== null) throw new InvalidArgumentError("cannot select channels on sparse templates");
    const indices = channelIds.map((id) => {
      const i = this.channelIds.indexOf(id);
      if (i < 0) throw new SpikeInterfaceError("unknown_id", `unknown channel id: ${JSON.stringify(id)}`);
      return i;
    });
    const sliced = gatherLastAxis({ data: this.templatesArray, shape: this.shape }, indices);
    return this.with({
      templatesArray: sliced.data,
      shape: [this.numUnits, this.numSamples, indices.length],
      channelIds,
      checkForConsistentSparsity: false,
    });
  }

  private unitIndices(unitIds: readonly Id[]): number[] {
    return unitIds.map((id) => {
      const i = this.unitIds.indexOf(id);
      if (i < 0) throw new SpikeInterfaceError("unknown_id", `unknown unit id: ${JSON.stringify(id)}`);
      return i;
    });
  }

  /** A copy with some constructor options replaced (dataclasses.replace). */
  with(changes: Partial<TemplatesOptions>): Templates {
    return new Templates({
      templatesArray: this.templatesArray,
      shape: this.shape,
      samplingFrequency: this.samplingFrequency,
      nbefore: this.nbefore,
      isInUV: this.isInUV,
      sparsityMask: this.sparsityMask,
      channelIds: this.channelIds,
      unitIds: this.unitIds,
      probe: this.probe,
      checkForConsistentSparsity: this.checkForConsistentSparsity,
      ...changes,
    });
  }

  /** Contact positions of the probe, flat numChannels × ndim. */
  getChannelLocations(): Float64Array {
    if (this.probe === null) {
      throw new SpikeInterfaceError("no_probe", "Templates.getChannelLocations() needs a probe to be set");
    }
    return this.probe.contactPositions;
  }

  /** Main channel of every unit (default "both" / "extremum"), as indices or ids. */
  getMainChannels(options: { peakSign?: PeakSign; peakMode?: PeakMode } = {}): Int32Array {
    return mainChannelsFromTemplatesArray(this.getDenseTemplates(), {
      peakSign: options.peakSign ?? "both",
      peakMode: options.peakMode ?? "extremum",
      nbefore: this.nbefore,
    });
  }

  getMainChannelIds(options: { peakSign?: PeakSign; peakMode?: PeakMode } = {}): Id[] {
    return Array.from(this.getMainChannels(options), (i) => this.channelIds[i]);
  }

  /** Every field equal (arrays by value, sparsity by mask and ids, probe by its dict). */
  equals(other: Templates): boolean {
    const a = this.templatesArray;
    const b = other.templatesArray;
    // NaN never equals NaN here, as numpy's array_equal
    const sameArray = a.length === b.length && a.every((v, i) => v === b[i]);
    const sameSparsity =
      this.sparsity === null
        ? other.sparsity === null
        : other.sparsity !== null && this.sparsity.equals(other.sparsity);
    return (
      sameArray &&
      sameSparsity &&
      this.shape.every((d, i) => d === other.shape[i]) &&
      this.samplingFrequency === other.samplingFrequency &&
      this.nbefore === other.nbefore &&
      this.isInUV === other.isInUV &&
      this.unitIds.length === other.unitIds.length &&
      this.unitIds.every((id, i) => id === other.unitIds[i]) &&
      this.channelIds.length === other.channelIds.length &&
      this.channelIds.every((id, i) => id === other.channelIds[i]) &&
      JSON.stringify(this.probe?.toDict() ?? null) === JSON.stringify(other.probe?.toDict() ?? null)
    );
  }

  /**
   * SpikeInterface's `to_dict()`: arrays as nested lists (what its JSON encoder writes), the
   * probe as its dict.
   */
  toDict(): TemplatesDict {
    return {
      templates_array: toNestedLists(this.templatesArray, this.shape),
      sparsity_mask:
        this.sparsity === null
          ? null
          : toNestedLists(this.sparsity.mask, [this.numUnits, this.numChannels], true),
      channel_ids: [...this.channelIds],
      unit_ids: [...this.unitIds],
      sampling_frequency: this.samplingFrequency,
      nbefore: this.nbefore,
      is_in_uV: this.isInUV,
      probe: this.probe === null ? null : this.probe.toDict(),
    };
  }

  /**
   * From a `to_dict()` result (nested lists become Float64Array, as numpy reads JSON floats).
   * A probe dict needs `probeFromDict` (e.g. `Probe.fromDict`) to become a probe object.
   */
  static fromDict(
    d: TemplatesDict,
    options: { probeFromDict?: (d: unknown) => TemplatesProbe } = {},
  ): Templates {
    const t = fromNestedLists(d.templates_array, 3, "templates_array");
    let probe: TemplatesProbe | null = null;
    if (d.probe !== null && d.probe !== undefined) {
      if (options.probeFromDict === undefined) {
        throw new InvalidArgumentError(
          "the templates dict has a probe: pass probeFromDict (e.g. Probe.fromDict)",
        );
      }
      probe = options.probeFromDict(d.probe);
    }
    return new Templates({
      templatesArray: Float64Array.from(t.flat),
      shape: t.shape as [number, number, number],
      sparsityMask:
        d.sparsity_mask === null ? null : fromNestedLists(d.sparsity_mask, 2, "sparsity_mask").flat,
      channelIds: d.channel_ids,
      unitIds: d.unit_ids,
      samplingFrequency: d.sampling_frequency,
      nbefore: d.nbefore,
      isInUV: d.is_in_uV,
      probe,
    });
  }

  toJson(): string {
    return toPythonJson(this.toDict(), 0);
  }

  static fromJson(json: string, options: { probeFromDict?: (d: unknown) => TemplatesProbe } = {}): Templates {
    return Templates.fromDict(parsePythonJson(json, "<templates json>") as TemplatesDict, options);
  }

  toString(): string {
    const head =
      `Templates: ${this.numUnits} units - ${this.numSamples} samples - ${this.numChannels} channels \n` +
      `sampling_frequency=${(this.samplingFrequency / 1000).toFixed(2)} kHz - ` +
      `ms_before=${this.msBefore.toFixed(2)} ms - ms_after=${this.msAfter.toFixed(2)} ms`;
    return this.sparsity === null ? head : `${head}\n${this.sparsity.toString()}`;
  }
}
