/**
 * "noise_levels" (ComputeNoiseLevels, spec api.md §10.4): getNoiseLevels of the recording, in the
 * analyzer's units (µV when returnInUV). Params are getNoiseLevels' options, stored with
 * SpikeInterface's keys (`method`, `random_slices_kwargs: {num_chunks_per_segment, ...}`); old
 * params (num_chunks_per_segment, chunk_size, seed at top level) move under random_slices_kwargs
 * on load.
 */
import { SpikeInterfaceError } from "../../errors.js";
import type { JobKey, JobKwargs } from "../../jobs/job-kwargs.js";
import { getNoiseLevels, type NoiseLevelsOptions } from "../../tools/noise-levels.js";
import { type ExtensionDataValue, isAnalyzerArray, makeArray, takeLastAxis } from "../analyzer-array.js";
import { analyzerJobKwargs } from "../chunk-runner.js";
import { AnalyzerExtension, type ExtensionParams } from "../extension.js";
import { registerAnalyzerExtension } from "../extension-registry.js";
import { warnAnalyzer } from "../warnings.js";

/** getNoiseLevels' options; job kwargs are run-time options of `compute`, not params. */
export type NoiseLevelsExtensionOptions = Omit<
  NoiseLevelsOptions,
  "returnInUV" | "returnScaled" | "signal" | JobKey
>;

declare module "../extension.js" {
  interface AnalyzerExtensionTypes {
    noise_levels: { extension: ComputeNoiseLevels; options: NoiseLevelsExtensionOptions };
  }
}

const toSnake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const toCamel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function mapKeys(value: unknown, fn: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, fn));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [fn(k), mapKeys(v, fn)]));
  }
  return value;
}

export class ComputeNoiseLevels extends AnalyzerExtension {
  static override readonly extensionName = "noise_levels";
  static override readonly needRecording = true;
  static override readonly needJobKwargs = true;
  static override readonly pythonClass = "spikeinterface.core.analyzer_extension_core.ComputeNoiseLevels";
  static override readonly optionNames = ["method", "forceRecompute", "randomSlicesKwargs", "slices", "seed"];

  buildParams(options: NoiseLevelsExtensionOptions & { seed?: number | null }): ExtensionParams {
    const { seed, ...rest } = options;
    if (seed !== undefined) {
      // SpikeInterface 0.105 still takes a top-level seed (deprecated); its loader moves it under
      // random_slices_kwargs, which is where we store it directly.
      warnAnalyzer(`noise_levels: "seed" is deprecated, use randomSlicesKwargs: { seed: ${String(seed)} }`);
      // An explicit randomSlicesKwargs.seed wins over the deprecated spelling.
      rest.randomSlicesKwargs = { seed, ...rest.randomSlicesKwargs } as typeof rest.randomSlicesKwargs;
    }
    return mapKeys(structuredClone({ ...rest }), toSnake) as ExtensionParams;
  }

  protected async compute(jobKwargs: JobKwargs): Promise<void> {
    const options = mapKeys(this.params, toCamel) as NoiseLevelsExtensionOptions;
    const levels = await getNoiseLevels(this.analyzer.requireRecording("noise_levels"), {
      ...options,
      ...analyzerJobKwargs(jobKwargs),
      returnInUV: this.analyzer.returnInUV,
    });
    const dtype = levels instanceof Float32Array ? "float32" : "float64";
    this.data.set("noise_levels", makeArray(levels, [levels.length], dtype));
  }

  /** Noise level per channel. */
  getData(): Float32Array | Float64Array {
    this.checkComputed();
    const a = this.data.get("noise_levels");
    if (!isAnalyzerArray(a))
      throw new SpikeInterfaceError("extension", "noise_levels has no noise_levels array");
    return a.data as Float32Array | Float64Array;
  }

  override handleBackwardCompatibilityOnLoad(): void {
    for (const key of ["num_chunks_per_segment", "chunk_size", "seed"]) {
      if (!(key in this.params)) continue;
      const slices = (this.params.random_slices_kwargs ?? {}) as Record<string, unknown>;
      slices[key] = this.params[key];
      this.params.random_slices_kwargs = slices;
      delete this.params[key];
    }
  }

  selectUnitsData(): Map<string, ExtensionDataValue> {
    return new Map(this.data);
  }

  override selectChannelsData(channelIndices: Int32Array): Map<string, ExtensionDataValue> {
    const a = this.data.get("noise_levels");
    return isAnalyzerArray(a)
      ? new Map([["noise_levels", takeLastAxis(a, channelIndices)]])
      : new Map(this.data);
  }

  // Per channel: merging or splitting units leaves it unchanged.
  override mergeUnitsData(): Map<string, ExtensionDataValue> {
    return new Map(this.data);
  }

  override splitUnitsData(): Map<string, ExtensionDataValue> {
    return new Map(this.data);
  }
}

registerAnalyzerExtension(ComputeNoiseLevels);
