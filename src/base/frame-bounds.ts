/** Frame-window checks shared by recordings, sortings and snippets. */
import { FrameRangeError } from "../errors.js";

/**
 * The frame checks every [startFrame, endFrame) query shares (recordings, sortings, snippets):
 * integers, non-negative, not reversed. null/undefined is "no bound". `numSamples` only enriches the
 * message (sortings without a recording do not know it).
 */
export function checkFrameBounds(
  startFrame: number | null | undefined,
  endFrame: number | null | undefined,
  segmentIndex: number,
  numSamples?: number,
): void {
  const given = (f: number | null | undefined): f is number => f !== undefined && f !== null;
  const details = { startFrame, endFrame, segmentIndex };
  if (
    (given(startFrame) && !Number.isInteger(startFrame)) ||
    (given(endFrame) && !Number.isInteger(endFrame))
  ) {
    throw new FrameRangeError(
      `frames must be integers, got startFrame ${startFrame}, endFrame ${endFrame}`,
      details,
    );
  }
  if ((given(startFrame) && startFrame < 0) || (given(endFrame) && endFrame < 0)) {
    throw new FrameRangeError(
      `negative frame: startFrame ${startFrame}, endFrame ${endFrame} (segment ${segmentIndex})`,
      details,
    );
  }
  if (given(startFrame) && given(endFrame) && startFrame > endFrame) {
    const size = numSamples === undefined ? "" : ` has ${numSamples} samples`;
    throw new FrameRangeError(
      `startFrame ${startFrame} is after endFrame ${endFrame} (segment ${segmentIndex}${size})`,
      details,
    );
  }
}
