/**
 * Template tools (spec api.md §9) on a `Templates` or a SortingAnalyzer: per-channel amplitudes,
 * main ("extremum") channels, peak shifts and amplitudes on the main channel. Array-level rules are
 * in ./template-arrays.ts.
 *
 * Deliberate difference: SpikeInterface's deprecated `get_template_extremum_channel` silently
 * ignores `peak_sign` / `mode` (it forces "both" for Templates). Here, for Templates, an explicit
 * sign or mode is honoured and omitted ones default to "both" / "extremum" (HEAD's result); for an
 * analyzer a sign that contradicts its settings is an error instead of being ignored.
 */
import type { Id } from "../base/ids.js";
import { InvalidArgumentError } from "../errors.js";
import {
  denseTemplatesOf,
  isTemplatesLike,
  resolveSignAndMode,
  type TemplatesOrAnalyzer,
} from "../sparsity/sources.js";
import {
  type FloatArray,
  mainChannelsFromTemplatesArray,
  type PeakMode,
  type PeakSign,
  peakShiftsFromTemplatesArray,
  templateAmplitudesFromArray,
} from "./template-arrays.js";

export interface TemplateAmplitudesOptions {
  /** Templates: default "both". SortingAnalyzer: must be omitted (comes from its settings). */
  peakSign?: PeakSign | null;
  /** Templates: default "extremum". SortingAnalyzer: default its peakMode. */
  peakMode?: PeakMode | null;
  absValue?: boolean;
  /** Which templates of an analyzer's "templates" extension (default "average"). */
  operator?: string;
}

/** Amplitude per channel of every unit, as a Map unit id → Float64Array (numChannels). */
export function getTemplateAmplitudes(
  obj: TemplatesOrAnalyzer,
  options: TemplateAmplitudesOptions = {},
): Map<Id, Float64Array> {
  const amps = templateAmplitudesMatrix(obj, options);
  const c = obj.channelIds.length;
  const out = new Map<Id, Float64Array>();
  obj.unitIds.forEach((id, u) => {
    out.set(id, amps.values.slice(u * c, (u + 1) * c));
  });
  return out;
}

/**
 * Same as getTemplateAmplitudes as one units × channels matrix, plus whether the values are
 * float32-exact (the templates were float32), which threshold rules need to compare like numpy.
 */
export function templateAmplitudesMatrix(
  obj: TemplatesOrAnalyzer,
  options: TemplateAmplitudesOptions = {},
): { values: Float64Array; float32: boolean } {
  const { peakSign, peakMode } = resolveSignAndMode(obj, options.peakSign, options.peakMode, "amplitudes");
  const { templates, nbefore } = denseTemplatesOf(obj, options.operator);
  const values = templateAmplitudesFromArray(templates, {
    peakSign,
    peakMode,
    nbefore,
    absValue: options.absValue ?? true,
  });
  return { values, float32: templates.data instanceof Float32Array };
}

export interface MainChannelOptions {
  peakSign?: PeakSign | null;
  peakMode?: PeakMode | null;
}

/**
 * Main channel index of every unit: the analyzer's stored main channels, or for Templates the
 * argmax rule with the given sign/mode (default "both" / "extremum").
 */
export function getMainChannelIndices(
  obj: TemplatesOrAnalyzer,
  options: MainChannelOptions = {},
): Int32Array {
  if (!isTemplatesLike(obj)) {
    resolveSignAndMode(obj, options.peakSign, null, "main channels");
    if (options.peakMode !== undefined && options.peakMode !== null && options.peakMode !== obj.peakMode) {
      throw new InvalidArgumentError(
        `main channels: peakMode ${JSON.stringify(options.peakMode)} differs from the analyzer's ${JSON.stringify(obj.peakMode)}`,
      );
    }
    const main = obj.getMainChannelIndices();
    if (main.length !== obj.unitIds.length) {
      throw new InvalidArgumentError(
        `analyzer returned ${main.length} main channels for ${obj.unitIds.length} units`,
      );
    }
    return Int32Array.from(main);
  }
  const { peakSign, peakMode } = resolveSignAndMode(obj, options.peakSign, options.peakMode, "main channels");
  return mainChannelsFromTemplatesArray(obj.getDenseTemplates(), {
    peakSign,
    peakMode,
    nbefore: obj.nbefore,
  });
}

export interface ExtremumChannelOptions extends MainChannelOptions {
  /** "id" (default) or "index". */
  outputs?: "id" | "index";
}

/** Main ("extremum") channel of every unit as a Map unit id → channel id (or index). */
export function getTemplateExtremumChannel(
  obj: TemplatesOrAnalyzer,
  options: ExtremumChannelOptions = {},
): Map<Id, Id> {
  const outputs = options.outputs ?? "id";
  if (outputs !== "id" && outputs !== "index") {
    throw new InvalidArgumentError(`outputs must be "id" or "index", got ${JSON.stringify(outputs)}`);
  }
  const main = getMainChannelIndices(obj, options);
  const out = new Map<Id, Id>();
  obj.unitIds.forEach((id, u) => {
    out.set(id, outputs === "id" ? obj.channelIds[main[u]] : main[u]);
  });
  return out;
}

/**
 * Per unit, the shift (samples) of the main-channel peak relative to nbefore. The sign defaults to
 * "both" for Templates and to the analyzer's setting for an analyzer.
 */
export function getTemplatePeakShiftOnMainChannel(
  obj: TemplatesOrAnalyzer,
  options: { peakSign?: PeakSign | null } = {},
): Map<Id, number> {
  const { peakSign } = resolveSignAndMode(obj, options.peakSign, null, "peak shift");
  // SpikeInterface takes the main channel with the default rule, whatever the sign asked for.
  const main = getMainChannelIndices(obj);
  const { templates, nbefore } = denseTemplatesOf(obj);
  const shifts = peakShiftsFromTemplatesArray(templates, main, { peakSign, nbefore });
  return new Map(obj.unitIds.map((id, u) => [id, shifts[u]]));
}

/** Deprecated name of getTemplatePeakShiftOnMainChannel (same result). */
export function getTemplateExtremumChannelPeakShift(
  obj: TemplatesOrAnalyzer,
  options: { peakSign?: PeakSign | null } = {},
): Map<Id, number> {
  return getTemplatePeakShiftOnMainChannel(obj, options);
}

/**
 * Amplitude of every unit on its main channel (main channels as in getMainChannelIndices with the
 * same sign and default mode; the amplitude uses `peakMode`).
 */
export function getTemplateAmplitudeOnMainChannel(
  obj: TemplatesOrAnalyzer,
  options: { peakSign?: PeakSign | null; peakMode?: PeakMode | null; absValue?: boolean } = {},
): Map<Id, number> {
  const main = getMainChannelIndices(obj, { peakSign: options.peakSign });
  const amps = templateAmplitudesMatrix(obj, options).values;
  const c = obj.channelIds.length;
  return new Map(obj.unitIds.map((id, u) => [id, amps[u * c + main[u]]]));
}

/**
 * Deprecated SpikeInterface helper: amplitude on the main channel with Python's defaults for
 * Templates (peakSign "neg", peakMode "at_index"); an analyzer uses its settings.
 */
export function getTemplateExtremumAmplitude(
  obj: TemplatesOrAnalyzer,
  options: { peakSign?: PeakSign | null; peakMode?: PeakMode | null; absValue?: boolean } = {},
): Map<Id, number> {
  if (!isTemplatesLike(obj)) return getTemplateAmplitudeOnMainChannel(obj, options);
  return getTemplateAmplitudeOnMainChannel(obj, {
    ...options,
    peakSign: options.peakSign ?? "neg",
    peakMode: options.peakMode ?? "at_index",
  });
}

/** The dense templates array (units × samples × channels) of either source. */
export function getDenseTemplatesArray(
  obj: TemplatesOrAnalyzer,
  options: { returnInUV?: boolean | null; operator?: string } = {},
): { data: FloatArray; shape: readonly [number, number, number] } {
  const { templates, isInUV } = denseTemplatesOf(obj, options.operator);
  if (options.returnInUV !== undefined && options.returnInUV !== null && options.returnInUV !== isInUV) {
    throw new InvalidArgumentError(
      `returnInUV ${options.returnInUV} is not possible: the templates are ${isInUV ? "in µV" : "raw"}`,
    );
  }
  return templates;
}
