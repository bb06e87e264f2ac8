/**
 * Random chunks of a recording (spec api.md §3.10): `getRandomSampleSlices` draws chunk starts,
 * `getRandomDataChunks` reads them. Slices are `[segmentIndex, startFrame, endFrame]`.
 */
import { InvalidArgumentError } from "../errors.js";
import { chunkDurationToChunkSize } from "../jobs/units.js";
import type { BaseRecording } from "../recording/base-recording.js";
import { concatRows, makeTraces, type Traces } from "../traces.js";
import { createSeededRng } from "./seeded-rng.js";

export type ChunkSlice = readonly [segmentIndex: number, startFrame: number, endFrame: number];

export interface RandomSlicesOptions {
  /** Only "full_random" exists (chunks may overlap). */
  method?: "full_random";
  /** Default 20. */
  numChunksPerSegment?: number;
  /** "500ms", "1s" or seconds as a number; default "500ms". Ignored when chunkSize is given. */
  chunkDuration?: string | number | null;
  /** Chunk length in samples (wins over chunkDuration). */
  chunkSize?: number | null;
  /** Keep chunks this many samples away from both segment ends. Default 0. */
  marginFrames?: number;
  /** Seed of the generator (not numpy's: draws differ from Python's for the same seed). */
  seed?: number | null;
}

/**
 * `numChunksPerSegment` chunk starts per segment, uniform in the inclusive range
 * [margin, numSamples − chunkSize − margin], sorted. A chunk longer than a segment allows is
 * shrunk to (limit − 1) samples — for that segment and every later one, as SpikeInterface does.
 */
export function getRandomSampleSlices(
  recording: BaseRecording,
  options: RandomSlicesOptions = {},
): ChunkSlice[] {
  const method = options.method ?? "full_random";
  if (method !== "full_random") {
    throw new InvalidArgumentError(`getRandomSampleSlices: unknown method ${JSON.stringify(method)}`);
  }
  const numChunks = options.numChunksPerSegment ?? 20;
  if (!Number.isInteger(numChunks) || numChunks < 0) {
    throw new InvalidArgumentError(`numChunksPerSegment must be a non-negative integer, got ${numChunks}`);
  }
  const margin = options.marginFrames ?? 0;
  if (!Number.isInteger(margin) || margin < 0) {
    throw new InvalidArgumentError(`marginFrames must be a non-negative integer, got ${margin}`);
  }
  let chunkSize: number;
  if (options.chunkSize !== undefined && options.chunkSize !== null) {
    chunkSize = options.chunkSize;
    if (!Number.isInteger(chunkSize) || chunkSize < 0) {
      throw new InvalidArgumentError(`chunkSize must be a non-negative integer, got ${chunkSize}`);
    }
  } else {
    const duration = options.chunkDuration === undefined ? "500ms" : options.chunkDuration;
    if (duration === null)
      throw new InvalidArgumentError("getRandomSampleSlices needs chunkSize or chunkDuration");
    chunkSize = chunkDurationToChunkSize(duration, recording.samplingFrequency);
  }
  const numSegments = recording.getNumSegments();
  for (let seg = 0; seg < numSegments; seg++) {
    const limit = recording.getNumSamples({ segmentIndex: seg }) - 2 * margin;
    if (chunkSize > limit) chunkSize = limit - 1;
  }
  const rng = createSeededRng(options.seed);
  const slices: ChunkSlice[] = [];
  for (let seg = 0; seg < numSegments; seg++) {
    const high = recording.getNumSamples({ segmentIndex: seg }) - chunkSize - margin;
    if (chunkSize < 0 || high < margin) {
      throw new InvalidArgumentError(
        `segment ${seg} (${recording.getNumSamples({ segmentIndex: seg })} samples) is too short for chunks of ${chunkSize} samples with margin ${margin}`,
      );
    }
    const starts = Float64Array.from({ length: numChunks }, () => rng.integer(margin, high)).sort();
    for (const s of starts) slices.push([seg, s, s + chunkSize]);
  }
  return slices;
}

export interface RandomDataChunksOptions extends RandomSlicesOptions {
  /** Traces in µV (default false). */
  returnInUV?: boolean;
  /** Deprecated name of returnInUV; wins when given. */
  returnScaled?: boolean;
  /** Explicit slices instead of random ones. */
  slices?: readonly ChunkSlice[];
  signal?: AbortSignal;
}

/** Read random chunks; concatenated along time into one block. */
export async function getRandomDataChunks(
  recording: BaseRecording,
  options: RandomDataChunksOptions = {},
): Promise<Traces> {
  const chunks = await getRandomDataChunkList(recording, options);
  const c = recording.getNumChannels();
  const dtype =
    chunks[0]?.dtype ?? ((options.returnScaled ?? options.returnInUV) ? "float32" : recording.dtype);
  const data = concatRows(
    chunks.map((t) => t.data),
    dtype,
  );
  return makeTraces(data as Traces["data"], c === 0 ? 0 : data.length / c, c);
}

/** Read random chunks, one Traces per slice (SpikeInterface's `concatenated=False`). */
export async function getRandomDataChunkList(
  recording: BaseRecording,
  options: RandomDataChunksOptions = {},
): Promise<Traces[]> {
  const slices = options.slices ?? getRandomSampleSlices(recording, options);
  const returnInUV = options.returnScaled ?? options.returnInUV ?? false;
  const out: Traces[] = [];
  for (const [segmentIndex, startFrame, endFrame] of slices) {
    out.push(
      await recording.getTraces({ segmentIndex, startFrame, endFrame, returnInUV, signal: options.signal }),
    );
  }
  return out;
}
