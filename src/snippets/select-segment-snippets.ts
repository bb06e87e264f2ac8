/**
 * SelectSegmentSnippets: some segments of a snippets object, in the given order (shares them).
 * SpikeInterface names this class but does not define it (its select_segments fails on snippets).
 */
import { registerExtractorClass } from "../base/registry.js";
import { SpikeInterfaceError } from "../errors.js";
import { BaseSnippets, snippetsViews } from "./base-snippets.js";

export class SelectSegmentSnippets extends BaseSnippets {
  readonly className = "spikeinterface.core.segmentutils.SelectSegmentSnippets";

  constructor(snippets: BaseSnippets, segmentIndices: number | readonly number[]) {
    const indices = typeof segmentIndices === "number" ? [segmentIndices] : [...segmentIndices];
    const n = snippets.getNumSegments();
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new SpikeInterfaceError("segment_index", `segment index ${i} out of range [0, ${n})`, {
          segmentIndex: i,
        });
      }
    }
    super(
      snippets.samplingFrequency,
      snippets.nbefore,
      snippets.snippetLen,
      snippets.channelIds,
      snippets.dtype,
    );
    for (const i of indices) this.addSnippetsSegment(snippets.getSnippetsSegment(i));
    snippets.copyMetadata(this);
    this.kwargs = { snippets, segment_indices: indices };
  }
}

snippetsViews.selectSegments = (parent, indices) => new SelectSegmentSnippets(parent, indices);

registerExtractorClass(
  "spikeinterface.core.segmentutils.SelectSegmentSnippets",
  (k) => new SelectSegmentSnippets(k.snippets as BaseSnippets, k.segment_indices as number[]),
);
