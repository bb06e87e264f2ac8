/**
 * Ground-truth demo data for `spikeinterface-ts demo`: src/generate's generateGroundTruthRecording
 * (SpikeInterface's generate_ground_truth_recording — 2-column probe, synthetic templates,
 * Poisson trains at 15 Hz, Gaussian noise of 5 µV, templates injected lazily at the spikes).
 */
import { generateGroundTruthRecording } from "../generate/recordings/generate-ground-truth.js";
import type { InjectTemplatesRecording } from "../generate/recordings/inject-templates-recording.js";
import type { BaseSorting } from "../sorting/base-sorting.js";

export interface DemoDataOptions {
  durationS?: number;
  samplingFrequency?: number;
  numChannels?: number;
  numUnits?: number;
  seed?: number;
}

export interface DemoData {
  /** Keeps the injected templates, for the demo's ground-truth check. */
  recording: InjectTemplatesRecording;
  sorting: BaseSorting;
}

export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const { durationS = 10, samplingFrequency = 25000, numChannels = 16, numUnits = 10, seed = 2205 } = options;
  return generateGroundTruthRecording({
    durations: [durationS],
    samplingFrequency,
    numChannels,
    numUnits,
    seed,
  });
}
