/**
 * generateSnippets (SpikeInterface's generate_snippets): a generated recording cut at a generated
 * sorting's spikes into NumpySnippets of nbefore + nafter samples. Spikes whose window does not
 * fit in the segment get an all-zero snippet, as SpikeInterface leaves them.
 */
import { allocate, type NumberArray } from "../dtype.js";
import { NumpySnippets, type SnippetsInput } from "../snippets/numpy-snippets.js";
import type { NumpySorting } from "../sorting/numpy-sorting.js";
import { checkNonNegativeInteger } from "./recordings/checks.js";
import { generateRecording, wiredLinearProbe } from "./recordings/generate-recording.js";
import type { MockRecording } from "./recordings/noise-generator-recording.js";
import { deriveSeed, ensureSeed } from "./seeds.js";
import { generateSorting } from "./sortings/generate-sorting.js";

export interface GenerateSnippetsOptions {
  /** Default 20. */
  nbefore?: number;
  /** Default 44. */
  nafter?: number;
  /** Default 2. */
  numChannels?: number;
  /** Hz, default 30000. */
  samplingFrequency?: number;
  /** Seconds per segment, default [10.325, 3.5]. */
  durations?: readonly number[];
  /** Attach the generated recording's linear probe. Default true. */
  setProbe?: boolean;
  /** 2 (default) or 3. */
  ndim?: 2 | 3;
  /** Default 5. */
  numUnits?: number;
  emptyUnits?: readonly number[] | null;
  seed?: number | null;
}

export interface GeneratedSnippets {
  snippets: NumpySnippets;
  sorting: NumpySorting;
}

export async function generateSnippets(options: GenerateSnippetsOptions = {}): Promise<GeneratedSnippets> {
  const {
    nbefore = 20,
    nafter = 44,
    numChannels = 2,
    samplingFrequency = 30000,
    durations = [10.325, 3.5],
    setProbe = true,
    ndim = 2,
    numUnits = 5,
    emptyUnits = null,
  } = options;
  checkNonNegativeInteger(nbefore, "nbefore");
  checkNonNegativeInteger(nafter, "nafter");
  const seed = ensureSeed(options.seed);
  const recording = generateRecording({
    numChannels,
    samplingFrequency,
    durations,
    setProbe: false,
    ndim,
    seed: deriveSeed(seed, "recording"),
  });
  const sorting = generateSorting({
    numUnits,
    samplingFrequency,
    durations,
    emptyUnits,
    seed: deriveSeed(seed, "sorting"),
  });
  const snippetsList: SnippetsInput[] = [];
  const framesList: Float64Array[] = [];
  for (let s = 0; s < sorting.getNumSegments(); s++) {
    const frames = sorting.getSegmentSpikes(s).sampleIndex.slice();
    snippetsList.push(await cutSnippets(recording, s, frames, nbefore, nafter));
    framesList.push(frames);
  }
  const snippets = new NumpySnippets({
    snippetsList,
    spikesFramesList: framesList,
    samplingFrequency,
    nbefore,
    channelIds: recording.channelIds,
  });
  if (setProbe) snippets.setProbe(wiredLinearProbe(numChannels, ndim));
  return { snippets, sorting };
}

/** Windows [f − nbefore, f + nafter) of each frame, read in chunks of about one second. */
async function cutSnippets(
  recording: MockRecording,
  segmentIndex: number,
  frames: Float64Array,
  nbefore: number,
  nafter: number,
): Promise<SnippetsInput> {
  const width = nbefore + nafter;
  const c = recording.getNumChannels();
  const numSamples = recording.getNumSamples({ segmentIndex });
  const out = allocate(recording.dtype, frames.length * width * c) as NumberArray;
  const maxChunk = Math.max(width, Math.floor(recording.samplingFrequency));
  const fits = (f: number) => f - nbefore >= 0 && f + nafter <= numSamples;
  let i = 0;
  while (i < frames.length) {
    if (!fits(frames[i])) {
      i++;
      continue;
    }
    const start = frames[i] - nbefore;
    let j = i;
    let end = start;
    while (j < frames.length && (!fits(frames[j]) || frames[j] + nafter - start <= maxChunk)) {
      if (fits(frames[j])) end = frames[j] + nafter;
      j++;
    }
    const traces = await recording.getTraces({ segmentIndex, startFrame: start, endFrame: end });
    for (let k = i; k < j; k++) {
      if (!fits(frames[k])) continue;
      const from = (frames[k] - nbefore - start) * c;
      out.set(traces.data.subarray(from, from + width * c) as NumberArray, k * width * c);
    }
    i = j;
  }
  return { data: out, shape: [frames.length, width, c] };
}
