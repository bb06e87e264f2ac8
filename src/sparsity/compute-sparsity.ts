/**
 * `computeSparsity` (spec api.md §7.2): one entry point over the ChannelSparsity builders.
 * With Templates, `peakSign` and `amplitudeMode` are required; with a SortingAnalyzer they come
 * from its settings and must be omitted. Deliberate difference: SpikeInterface silently ignores a
 * sign given with an analyzer for "radius" / "closest_channels"; here it is always an error.
 */
import { InvalidArgumentError } from "../errors.js";
import type { PeakMode, PeakSign } from "../tools/template-arrays.js";
import { ChannelSparsity } from "./channel-sparsity.js";
import { isTemplatesLike, type SortingAnalyzerLike, type TemplatesOrAnalyzer } from "./sources.js";

export type SparsityMethod =
  | "radius"
  | "best_channels"
  | "closest_channels"
  | "snr"
  | "amplitude"
  | "energy"
  | "by_property";

export interface ComputeSparsityOptions {
  /** Default "radius". */
  method?: SparsityMethod;
  peakSign?: PeakSign | null;
  amplitudeMode?: PeakMode | null;
  /** best_channels / closest_channels; default 5. */
  numChannels?: number | null;
  /** radius; default 100 µm. */
  radiusUm?: number | null;
  /** snr / amplitude / energy; default 5. */
  threshold?: number | null;
  /** by_property: the property shared by the recording and the sorting. */
  byProperty?: string | null;
  /** snr with Templates: per-channel noise in the templates' units. */
  noiseLevels?: ArrayLike<number> | null;
}

const TEMPLATE_METHODS: readonly string[] = [
  "best_channels",
  "closest_channels",
  "radius",
  "snr",
  "amplitude",
];

function need<T>(value: T | null | undefined, name: string, method: string): T {
  if (value === null || value === undefined) {
    throw new InvalidArgumentError(`sparsity method ${JSON.stringify(method)} needs ${name}`);
  }
  return value;
}

export function computeSparsity(
  obj: TemplatesOrAnalyzer,
  options: ComputeSparsityOptions = {},
): ChannelSparsity {
  const method = options.method ?? "radius";
  const templates = isTemplatesLike(obj);
  if (TEMPLATE_METHODS.includes(method)) {
    if (templates) {
      need(options.peakSign, "peakSign when given Templates", method);
      need(options.amplitudeMode, "amplitudeMode when given Templates", method);
    }
  } else if (templates) {
    throw new InvalidArgumentError(
      `sparsity method ${JSON.stringify(method)} needs a SortingAnalyzer (or is unknown); Templates support ${TEMPLATE_METHODS.join(", ")}`,
    );
  }
  if (!templates) {
    for (const key of ["peakSign", "amplitudeMode"] as const) {
      const value = options[key];
      if (value !== undefined && value !== null) {
        throw new InvalidArgumentError(
          `computeSparsity with a SortingAnalyzer: ${key} must be omitted (got ${JSON.stringify(value)}); it comes from the analyzer settings`,
        );
      }
    }
  }
  const peakSign = options.peakSign ?? null;
  const amplitudeMode = options.amplitudeMode ?? null;
  const numChannels = options.numChannels === undefined ? 5 : options.numChannels;
  const radiusUm = options.radiusUm === undefined ? 100 : options.radiusUm;
  const threshold = options.threshold === undefined ? 5 : options.threshold;
  switch (method) {
    case "best_channels":
      return ChannelSparsity.fromBestChannels(obj, {
        numChannels: need(numChannels, "numChannels", method),
        peakSign,
        amplitudeMode,
      });
    case "closest_channels":
      return ChannelSparsity.fromClosestChannels(obj, {
        numChannels: need(numChannels, "numChannels", method),
        peakSign,
        peakMode: amplitudeMode,
      });
    case "radius":
      return ChannelSparsity.fromRadius(obj, {
        radiusUm: need(radiusUm, "radiusUm", method),
        peakSign,
        peakMode: amplitudeMode,
      });
    case "snr":
      return ChannelSparsity.fromSnr(obj, {
        threshold: need(threshold, "threshold", method),
        noiseLevels: options.noiseLevels,
        peakSign,
        amplitudeMode,
      });
    case "amplitude":
      return ChannelSparsity.fromAmplitude(obj, {
        threshold: need(threshold, "threshold", method),
        amplitudeMode,
        peakSign,
      });
    case "energy":
      return ChannelSparsity.fromEnergy(obj as SortingAnalyzerLike, {
        threshold: need(threshold, "threshold", method),
      });
    case "by_property": {
      const analyzer = obj as SortingAnalyzerLike;
      if (analyzer.recording === null) {
        throw new InvalidArgumentError('sparsity method "by_property" needs the analyzer\'s recording');
      }
      return ChannelSparsity.fromProperty({
        sorting: analyzer.sorting,
        recording: analyzer.recording,
        byProperty: need(options.byProperty, "byProperty", method),
      });
    }
    default:
      throw new InvalidArgumentError(`computeSparsity: unknown method ${JSON.stringify(method)}`);
  }
}
