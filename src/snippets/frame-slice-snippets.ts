/**
 * FrameSliceSnippets: the snippets of a single-segment snippets object whose frame lies in
 * [start, end), with frames re-referenced to start at 0, as FrameSliceRecording and
 * FrameSliceSorting do. Snippet data are read from the parent when asked; only the shifted frames
 * are held. SpikeInterface has no frame_slice for snippets: this class
 * path exists only here.
 */
import { checkFrameBounds } from "../base/frame-bounds.js";
import { registerExtractorClass } from "../base/registry.js";
import type { NumberArray } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import { BaseSnippets, BaseSnippetsSegment, snippetsViews } from "./base-snippets.js";

class FrameSliceSnippetsSegment extends BaseSnippetsSegment {
  private readonly first: number;
  private readonly frames: Float64Array;

  constructor(
    private readonly parent: BaseSnippetsSegment,
    start: number,
    end: number | null,
  ) {
    super();
    const [a, b] = parent.framesToIndices(start, end);
    this.first = a;
    this.frames = parent
      .getFrames()
      .subarray(a, b)
      .map((f) => f - start);
  }

  getNumSnippets(): number {
    return this.frames.length;
  }

  getFrames(): Float64Array {
    return this.frames;
  }

  getSnippets(
    indices: Int32Array | null,
    channelIndices: Int32Array | null,
    signal?: AbortSignal,
  ): Promise<NumberArray> {
    const n = this.frames.length;
    const parentIndices =
      indices === null
        ? Int32Array.from({ length: n }, (_, i) => this.first + i)
        : indices.map((i) => this.first + i);
    return this.parent.getSnippets(parentIndices, channelIndices, signal);
  }
}

export class FrameSliceSnippets extends BaseSnippets {
  readonly className = "spikeinterface.core.frameslicesnippets.FrameSliceSnippets";
  readonly parentSnippets: BaseSnippets;

  constructor(parent: BaseSnippets, startFrame: number | null = null, endFrame: number | null = null) {
    if (parent.getNumSegments() !== 1) {
      throw new InvalidArgumentError(
        `frameSlice needs single-segment snippets (these have ${parent.getNumSegments()}): use selectSegments first`,
      );
    }
    checkFrameBounds(startFrame, endFrame, 0);
    const start = startFrame ?? 0;
    super(parent.samplingFrequency, parent.nbefore, parent.snippetLen, parent.channelIds, parent.dtype);
    this.parentSnippets = parent;
    this.addSnippetsSegment(new FrameSliceSnippetsSegment(parent.getSnippetsSegment(0), start, endFrame));
    parent.copyMetadata(this);
    this.kwargs = { parent_snippets: parent, start_frame: startFrame, end_frame: endFrame };
  }
}

snippetsViews.frameSlice = (parent, start, end) => new FrameSliceSnippets(parent, start, end);

registerExtractorClass(
  "spikeinterface.core.frameslicesnippets.FrameSliceSnippets",
  (k) =>
    new FrameSliceSnippets(
      k.parent_snippets as BaseSnippets,
      (k.start_frame as number | null) ?? null,
      (k.end_frame as number | null) ?? null,
    ),
);
