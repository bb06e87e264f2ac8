/**
 * Raw all-channel reads of a recording into one reused buffer. Chunk tasks read a large block per
 * chunk (23 MB for 1 s of 384 int16 channels); a fresh typed array each time costs page faults that
 * were measured at ~25 ms of CPU per such chunk against ~2 ms for the read itself, and they grow
 * worse with several threads faulting in the same process. Segments that offer `readRowsInto`
 * (binary files) fill the reused buffer; others go through `getTraces` as before.
 */
import { allocate, type NumberArray, typedArrayConstructor } from "../dtype.js";
import type { BaseRecording } from "../recording/base-recording.js";

export class RowReader {
  private scratch: NumberArray | null = null;

  /**
   * Raw rows [start, end) of every channel, C order. The result may be this reader's buffer: it is
   * valid only until the next `read`, and must not be kept or written to.
   */
  async read(
    recording: BaseRecording,
    segmentIndex: number,
    start: number,
    end: number,
    signal?: AbortSignal,
  ): Promise<NumberArray> {
    const segment = recording.getSegment(segmentIndex);
    const inBounds = Number.isInteger(start) && start >= 0 && end >= start && end <= segment.getNumSamples();
    if (segment.readRowsInto === undefined || !inBounds) {
      const traces = await recording.getTraces({ segmentIndex, startFrame: start, endFrame: end, signal });
      return traces.data as NumberArray;
    }
    signal?.throwIfAborted();
    const n = (end - start) * recording.getNumChannels();
    const dtype = recording.getDtype();
    if (
      this.scratch === null ||
      this.scratch.length < n ||
      !(this.scratch instanceof typedArrayConstructor(dtype))
    ) {
      // Some headroom: runs of spike windows vary a little in length around the chunk size.
      this.scratch = allocate(dtype, Math.ceil(n * 1.25)) as NumberArray;
    }
    const out = this.scratch.subarray(0, n) as NumberArray;
    segment.readRowsInto(start, end, out);
    return out;
  }
}
