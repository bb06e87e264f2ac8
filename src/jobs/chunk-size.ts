/**
 * `ensureChunkSize`: the number of samples per chunk implied by job kwargs for a given recording
 * shape. Browser-safe. Precedence (SpikeInterface's): chunkSize > chunkMemory > totalMemory >
 * chunkDuration > none (one chunk per segment, allowed only with a single job).
 */
import { formatValue, InvalidArgumentError } from "../errors.js";
import { getCpuCount } from "./cpu-count.js";
import { type JobKwargs, resolveNJobs } from "./job-kwargs.js";
import { chunkDurationToChunkSize, convertStringToBytes } from "./units.js";

export interface ChunkSizeInfo {
  samplingFrequency: number;
  numChannels: number;
  /** Bytes per sample value (the recording dtype's itemsize). */
  itemsize: number;
  /** Frames per segment; the largest is the chunk size when no chunk key is given. */
  segmentLengths: readonly number[];
}

export type ChunkSizeKwargs = Pick<
  JobKwargs,
  "nJobs" | "chunkSize" | "chunkMemory" | "totalMemory" | "chunkDuration"
>;

/**
 * `nJobs` is resolved like fixJobKwargs does (SpikeInterface's ensure_n_jobs would divide
 * totalMemory by a raw -2 and give a negative size; resolving it first cannot give a wrong answer).
 */
export function ensureChunkSize(
  info: ChunkSizeInfo,
  kwargs: ChunkSizeKwargs = {},
  cpuCount?: number,
): number {
  const sampleBytes = info.numChannels * info.itemsize;
  const nJobs = resolveNJobs(kwargs.nJobs ?? 1, cpuCount ?? getCpuCount());
  const { chunkSize, chunkMemory, totalMemory, chunkDuration } = kwargs;
  let size: number;
  let from: string;
  if (chunkSize !== null && chunkSize !== undefined) {
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
      throw new InvalidArgumentError(`chunkSize ${formatValue(chunkSize)} must be an integer >= 1`, {
        value: chunkSize,
      });
    }
    return chunkSize;
  } else if (chunkMemory !== null && chunkMemory !== undefined) {
    if (totalMemory !== null && totalMemory !== undefined) {
      throw new InvalidArgumentError(
        `give chunkMemory (${formatValue(chunkMemory)}) or totalMemory (${formatValue(totalMemory)}), not both`,
        { chunkMemory, totalMemory },
      );
    }
    size = Math.trunc(convertStringToBytes(chunkMemory) / sampleBytes);
    from = `chunkMemory ${formatValue(chunkMemory)}`;
  } else if (totalMemory !== null && totalMemory !== undefined) {
    size = Math.trunc(convertStringToBytes(totalMemory) / (sampleBytes * nJobs));
    from = `totalMemory ${formatValue(totalMemory)} over ${nJobs} jobs`;
  } else if (chunkDuration !== null && chunkDuration !== undefined) {
    return chunkDurationToChunkSize(chunkDuration, info.samplingFrequency);
  } else if (nJobs === 1) {
    return Math.max(1, ...info.segmentLengths); // 1 keeps all-empty recordings dividable
  } else {
    throw new InvalidArgumentError(
      `nJobs=${nJobs} needs a chunk size: give chunkSize, chunkMemory, totalMemory or chunkDuration`,
      { nJobs },
    );
  }
  if (!(size >= 1)) {
    throw new InvalidArgumentError(
      `${from} is less than one sample of ${sampleBytes} bytes (${info.numChannels} channels × ${info.itemsize} bytes)`,
      { sampleBytes },
    );
  }
  return size;
}
