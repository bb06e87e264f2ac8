/**
 * SelectSegmentEvent: some segments of an event object, in the given order (shares the segments).
 */
import { registerExtractorClass } from "../base/registry.js";
import { SpikeInterfaceError } from "../errors.js";
import { BaseEvent, eventViews } from "./base-event.js";

export class SelectSegmentEvent extends BaseEvent {
  readonly className = "spikeinterface.core.segmentutils.SelectSegmentEvent";

  constructor(event: BaseEvent, segmentIndices: number | readonly number[]) {
    const indices = typeof segmentIndices === "number" ? [segmentIndices] : [...segmentIndices];
    const n = event.getNumSegments();
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new SpikeInterfaceError("segment_index", `segment index ${i} out of range [0, ${n})`, {
          segmentIndex: i,
        });
      }
    }
    super(event.channelIds, event.getStructuredDtype());
    for (const i of indices) this.addEventSegment(event.getEventSegment(i));
    event.copyMetadata(this);
    this.kwargs = { event, segment_indices: indices };
  }
}

eventViews.selectSegments = (parent, indices) => new SelectSegmentEvent(parent, indices);

registerExtractorClass(
  "spikeinterface.core.segmentutils.SelectSegmentEvent",
  (k) => new SelectSegmentEvent(k.event as BaseEvent, k.segment_indices as number[]),
);
