/**
 * generateRecording (SpikeInterface's generate_recording): a lazy MockRecording of standard
 * normal noise with string channel ids "0".."n-1", annotated as filtered, named
 * "SyntheticRecording", with a linear probe wired to channels 0..n-1 by default.
 */
import { InvalidArgumentError } from "../../errors.js";
import { generateLinearProbe } from "../../probe/generators.js";
import type { Probe } from "../../probe/probe.js";
import type { NoiseStrategy } from "../noise.js";
import { checkDurations, checkPositiveInteger, checkSamplingFrequency, checkTStarts } from "./checks.js";
import { MockRecording } from "./noise-generator-recording.js";

export interface GenerateRecordingOptions {
  /** Default 2. */
  numChannels?: number;
  /** Hz, default 30000. */
  samplingFrequency?: number;
  /** Seconds per segment, default [5, 2.5]. */
  durations?: readonly number[];
  /** Attach a linear probe (one column, 20 µm pitch). Default true. */
  setProbe?: boolean;
  /** 2 (default) or 3: a 3-D probe (the 2-D one moved to the x–z plane). */
  ndim?: 2 | 3;
  /** Start time (s) of each segment. */
  tStarts?: readonly number[] | null;
  /** Undefined draws a fresh seed (stored in the recording's kwargs). */
  seed?: number | null;
  /** "float32" (default) or "float64". */
  dtype?: "float32" | "float64";
  /** Noise strategy of the MockRecording; default "tile_pregenerated" (SpikeInterface's). */
  strategy?: NoiseStrategy;
}

export function generateRecording(options: GenerateRecordingOptions = {}): MockRecording {
  const {
    numChannels = 2,
    samplingFrequency = 30000,
    durations = [5, 2.5],
    setProbe = true,
    ndim = 2,
    tStarts = null,
    seed,
    dtype = "float32",
    strategy = "tile_pregenerated",
  } = options;
  checkPositiveInteger(numChannels, "numChannels");
  checkSamplingFrequency(samplingFrequency);
  const segs = checkDurations(durations);
  const starts = checkTStarts(tStarts, segs.length);
  if (ndim !== 2 && ndim !== 3) {
    throw new InvalidArgumentError(`ndim must be 2 or 3, got ${String(ndim)}`, { ndim });
  }
  const recording = new MockRecording({
    numChannels,
    samplingFrequency,
    durations: segs,
    dtype,
    seed,
    strategy,
    // One second per block, as SpikeInterface's generate_recording.
    noiseBlockSize: Math.max(1, Math.floor(samplingFrequency)),
  });
  if (starts !== null) for (let i = 0; i < starts.length; i++) recording.getSegment(i).tStart = starts[i];
  recording.annotate({ is_filtered: true });
  recording.name = "SyntheticRecording";
  if (setProbe) recording.setProbe(wiredLinearProbe(numChannels, ndim));
  return recording;
}

/** The probe of generated recordings and snippets: linear, 2-D or 3-D, contact i wired to channel i. */
export function wiredLinearProbe(numChannels: number, ndim: 2 | 3 = 2): Probe {
  let probe = generateLinearProbe({ numElec: numChannels });
  if (ndim === 3) probe = probe.to3d();
  probe.setDeviceChannelIndices(Int32Array.from({ length: numChannels }, (_, i) => i));
  return probe;
}
