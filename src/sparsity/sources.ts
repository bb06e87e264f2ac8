/**
 * What the sparsity builders and template tools read from their input, which in SpikeInterface is
 * "a Templates or a SortingAnalyzer". Both are described here as small structural interfaces so
 * this module does not depend on the SortingAnalyzer implementation: `Templates` implements
 * `TemplatesLike`, and the SortingAnalyzer implements (or adapts to) `SortingAnalyzerLike`.
 */
import type { Id } from "../base/ids.js";
import { InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import type { BaseRecording } from "../recording/base-recording.js";
import type { BaseSorting } from "../sorting/base-sorting.js";
import type { DenseTemplatesArray, PeakMode, PeakSign } from "../tools/template-arrays.js";
import type { ChannelSparsity } from "./channel-sparsity.js";
import type { ShapedArray } from "./shaped-array.js";

/** A Templates object as the tools see it. */
export interface TemplatesLike {
  readonly unitIds: readonly Id[];
  readonly channelIds: readonly Id[];
  readonly nbefore: number;
  readonly isInUV: boolean;
  /** null when the templates are dense. */
  readonly sparsity: ChannelSparsity | null;
  getDenseTemplates(): DenseTemplatesArray;
  /** Flat numChannels × ndim contact positions (needs a probe). */
  getChannelLocations(): Float64Array;
}

/**
 * A SortingAnalyzer as the tools see it. Sign and mode come from the analyzer's settings, main
 * channels are the analyzer's stored ones, and extension data is returned when computed (null
 * otherwise).
 */
export interface SortingAnalyzerLike {
  readonly unitIds: readonly Id[];
  readonly channelIds: readonly Id[];
  /** null for a dense analyzer. */
  readonly sparsity: ChannelSparsity | null;
  readonly returnInUV: boolean;
  readonly peakSign: PeakSign;
  readonly peakMode: PeakMode;
  readonly sorting: BaseSorting;
  readonly recording: BaseRecording | null;
  /** Flat numChannels × ndim channel positions. */
  getChannelLocations(): Float64Array;
  /** The analyzer's main channel index of every unit. */
  getMainChannelIndices(): ArrayLike<number>;
  /** Dense templates of the "templates" extension (operator default "average"), or null. */
  getDenseTemplatesArray(options?: { operator?: string }): (DenseTemplatesArray & { nbefore: number }) | null;
  /** Data of the "noise_levels" extension, or null when not computed. */
  getNoiseLevelsData(): ArrayLike<number> | null;
  /** Dense waveforms [spikes, samples, channels] of one unit from the "waveforms" extension, or null. */
  getDenseWaveformsOneUnit(unitId: Id): (ShapedArray & { nbefore: number; nafter: number }) | null;
}

export type TemplatesOrAnalyzer = TemplatesLike | SortingAnalyzerLike;

export function isTemplatesLike(x: TemplatesOrAnalyzer): x is TemplatesLike {
  return typeof (x as TemplatesLike).getDenseTemplates === "function" && "isInUV" in x;
}

/** Channel locations as numChannels rows of ndim values; checks the size. */
export function locationsOf(x: TemplatesOrAnalyzer): { data: Float64Array; ndim: number } {
  const data = x.getChannelLocations();
  const n = x.channelIds.length;
  const ndim = n === 0 ? 2 : data.length / n;
  if (!Number.isInteger(ndim) || ndim < 1) {
    throw new InvalidArgumentError(`${data.length} location values for ${n} channels`);
  }
  return { data, ndim };
}

/** Dense templates, nbefore and whether they are in µV, from either source. */
export function denseTemplatesOf(
  x: TemplatesOrAnalyzer,
  operator = "average",
): { templates: DenseTemplatesArray; nbefore: number; isInUV: boolean } {
  if (isTemplatesLike(x)) return { templates: x.getDenseTemplates(), nbefore: x.nbefore, isInUV: x.isInUV };
  const t = x.getDenseTemplatesArray({ operator });
  if (t === null) {
    throw new SpikeInterfaceError(
      "extension",
      `the SortingAnalyzer has no "templates" extension (operator ${JSON.stringify(operator)}): compute it first`,
    );
  }
  return { templates: t, nbefore: t.nbefore, isInUV: x.returnInUV };
}

/**
 * Resolve sign and mode the SpikeInterface way: for an analyzer they come from its settings and
 * an explicit sign is refused; for Templates missing values default to "both" / "extremum".
 */
export function resolveSignAndMode(
  x: TemplatesOrAnalyzer,
  peakSign: PeakSign | null | undefined,
  peakMode: PeakMode | null | undefined,
  caller: string,
): { peakSign: PeakSign; peakMode: PeakMode } {
  if (isTemplatesLike(x)) return { peakSign: peakSign ?? "both", peakMode: peakMode ?? "extremum" };
  if (peakSign !== undefined && peakSign !== null) {
    throw new InvalidArgumentError(
      `${caller}: peakSign ${JSON.stringify(peakSign)} given with a SortingAnalyzer; its sign comes from the analyzer settings (${JSON.stringify(x.peakSign)})`,
      { peakSign },
    );
  }
  return { peakSign: x.peakSign, peakMode: peakMode ?? x.peakMode };
}
