/**
 * Division of segments into chunks of frames. Browser-safe. Every frame of every segment is in
 * exactly one chunk, chunks are in segment then frame order, and an empty segment still yields one
 * empty chunk (as in SpikeInterface), so per-segment work such as opening a file still happens.
 */
import { InvalidArgumentError } from "../errors.js";

export interface FrameRange {
  start: number;
  end: number;
}

/** A half-open frame range `[start, end)` of one segment: the unit of work of the executors. */
export interface Chunk {
  segmentIndex: number;
  start: number;
  end: number;
}

/** `chunkSize` null (or larger than the segment) → one chunk for the whole segment. */
export function divideSegmentIntoChunks(numFrames: number, chunkSize: number | null = null): FrameRange[] {
  if (!Number.isSafeInteger(numFrames) || numFrames < 0) {
    throw new InvalidArgumentError(`numFrames ${numFrames} must be an integer >= 0`, { value: numFrames });
  }
  if (chunkSize !== null && (!Number.isSafeInteger(chunkSize) || chunkSize < 1)) {
    throw new InvalidArgumentError(`chunkSize ${chunkSize} must be an integer >= 1 or null`, {
      value: chunkSize,
    });
  }
  if (chunkSize === null || chunkSize >= numFrames) return [{ start: 0, end: numFrames }];
  const ranges: FrameRange[] = [];
  for (let start = 0; start < numFrames; start += chunkSize) {
    ranges.push({ start, end: Math.min(start + chunkSize, numFrames) });
  }
  return ranges;
}

/** All chunks of all segments, segment by segment. */
export function divideIntoChunks(
  segmentLengths: readonly number[],
  chunkSize: number | null = null,
): Chunk[] {
  const chunks: Chunk[] = [];
  segmentLengths.forEach((numFrames, segmentIndex) => {
    for (const { start, end } of divideSegmentIntoChunks(numFrames, chunkSize)) {
      chunks.push({ segmentIndex, start, end });
    }
  });
  return chunks;
}
