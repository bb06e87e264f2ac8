/**
 * BaseEvent (spec api.md §5): per channel, a table of events whose columns are named fields, one of
 * them `time` (or `timestamp`) in seconds. numpy's structured arrays become a struct of arrays here:
 * `{ time: Float64Array, duration: Float64Array, label: string[] }`, with `getDtype(channelId)`
 * listing the fields in order.
 *
 * Event reads are synchronous: events are small, so a file-backed event object loads its tables when
 * it is opened.
 */
import { BaseExtractor } from "../base/extractor.js";
import type { Id } from "../base/ids.js";
import type { PropertyDType } from "../base/properties.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError } from "../errors.js";

/** The dtype of one field: numeric (int64 held in a Float64Array), "bool", "str" or "object". */
export type EventFieldDType = PropertyDType;

export interface EventField {
  readonly name: string;
  readonly dtype: EventFieldDType;
}

/** The fields of a channel's events, in order (numpy's structured dtype). */
export type EventDType = readonly EventField[];

/** One column: a typed array for numbers, `boolean[]`, `string[]` or `unknown[]`. */
export type EventColumn =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | readonly boolean[]
  | readonly string[]
  | readonly unknown[];

/** The events of one channel in one segment: one equally long column per field. */
export type EventTable = Readonly<Record<string, EventColumn>>;

export interface GetEventsOptions {
  /** Required: the event channel (Python has no default either). */
  channelId: Id;
  segmentIndex?: number;
  /** Inclusive lower bound in seconds. */
  startTime?: number | null;
  /** Inclusive upper bound in seconds. */
  endTime?: number | null;
}

/** A segment answers for all channels; bounds and ids are already checked by BaseEvent. */
export abstract class BaseEventSegment {
  abstract getEvents(channelId: Id, startTime: number | null, endTime: number | null): EventTable;
}

/** Constructors of the lazy views, filled in by ./select-segment-event.ts (breaks the import cycle). */
export const eventViews: {
  selectSegments?: (parent: BaseEvent, segmentIndices: readonly number[]) => BaseEvent;
} = {};

/** The name of the time field of a dtype: "time" first, else "timestamp". */
export function timeFieldOf(dtype: EventDType): "time" | "timestamp" {
  if (dtype.some((f) => f.name === "time")) return "time";
  if (dtype.some((f) => f.name === "timestamp")) return "timestamp";
  throw new InvalidArgumentError(
    `event dtype needs a "time" or "timestamp" field, got fields ${formatList(dtype.map((f) => f.name))}`,
  );
}

export abstract class BaseEvent extends BaseExtractor {
  protected readonly eventSegments: BaseEventSegment[] = [];
  /** Per channel id, its fields. */
  private readonly dtypes: Map<Id, EventDType>;

  /**
   * `structuredDtype` is one dtype for every channel, or one per channel id (all channels needed).
   */
  constructor(
    channelIds: readonly Id[],
    structuredDtype: EventDType | ReadonlyMap<Id, EventDType> | Readonly<Record<string, EventDType>>,
  ) {
    super(channelIds, "channel id");
    this.dtypes = new Map();
    const lookup = (id: Id): EventDType | undefined => {
      if (Array.isArray(structuredDtype)) return structuredDtype as EventDType;
      if (structuredDtype instanceof Map) return structuredDtype.get(id);
      return (structuredDtype as Readonly<Record<string, EventDType>>)[String(id)];
    };
    const missing: Id[] = [];
    for (const id of channelIds) {
      const dtype = lookup(id);
      if (dtype === undefined) {
        missing.push(id);
        continue;
      }
      checkEventDType(dtype, id);
      this.dtypes.set(id, dtype);
    }
    if (missing.length > 0) {
      throw new InvalidArgumentError(`structuredDtype has no entry for channel ids ${formatList(missing)}`, {
        ids: missing,
      });
    }
  }

  get channelIds(): readonly Id[] {
    return this.mainIds;
  }

  getChannelIds(): readonly Id[] {
    return this.mainIds;
  }

  getNumChannels(): number {
    return this.mainIds.length;
  }

  getNumSegments(): number {
    return this.eventSegments.length;
  }

  addEventSegment(segment: BaseEventSegment): void {
    this.eventSegments.push(segment);
  }

  /** The segment object (for views; users read through getEvents). */
  getEventSegment(segmentIndex: number): BaseEventSegment {
    return this.eventSegments[this.segmentIndexOf(segmentIndex)];
  }

  /** The fields of a channel's events. */
  getDtype(channelId: Id): EventDType {
    this.idToIndex(channelId);
    return this.dtypes.get(channelId)!;
  }

  /** All channels' dtypes (for views that share them). */
  getStructuredDtype(): ReadonlyMap<Id, EventDType> {
    return this.dtypes;
  }

  /** Events of one channel with `startTime <= t <= endTime` (both bounds inclusive, both optional). */
  getEvents(options: GetEventsOptions): EventTable {
    const { channelId } = checkChannelOption(options);
    this.idToIndex(channelId);
    const seg = this.segmentIndexOf(options.segmentIndex);
    const start = checkTime(options.startTime, "startTime");
    const end = checkTime(options.endTime, "endTime");
    return this.eventSegments[seg].getEvents(channelId, start, end);
  }

  /** The `time` (or `timestamp`) column of getEvents, in seconds. */
  getEventTimes(options: GetEventsOptions): Float64Array {
    const table = this.getEvents(options);
    const column = table[timeFieldOf(this.getDtype(options.channelId))];
    return column instanceof Float64Array ? column : Float64Array.from(column as ArrayLike<number>);
  }

  selectSegments(segmentIndices: number | readonly number[]): BaseEvent {
    const fn = eventViews.selectSegments;
    if (fn === undefined) {
      throw new SpikeInterfaceError(
        "invalid_argument",
        'event view selectSegments is not loaded: import "spikeinterface-ts"',
      );
    }
    return fn(this, typeof segmentIndices === "number" ? [segmentIndices] : segmentIndices);
  }

  /** SpikeInterface's name for selectSegments on events. */
  selectSegment(segmentIndices: number | readonly number[]): BaseEvent {
    return this.selectSegments(segmentIndices);
  }
}

function checkChannelOption(options: GetEventsOptions | undefined): { channelId: Id } {
  const id = options?.channelId;
  if (id === undefined || id === null) {
    throw new InvalidArgumentError("getEvents needs a channelId: events have no default channel");
  }
  return { channelId: id };
}

function checkTime(value: number | null | undefined, what: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new InvalidArgumentError(`${what} must be a number of seconds, got ${String(value)}`, {
      [what]: value,
    });
  }
  return value;
}

function checkEventDType(dtype: EventDType, channelId: Id): void {
  const names = dtype.map((f) => f.name);
  const dup = names.filter((n, i) => names.indexOf(n) !== i);
  if (dup.length > 0) {
    throw new InvalidArgumentError(
      `event dtype of channel ${JSON.stringify(channelId)} repeats fields ${formatList(dup)}`,
    );
  }
  const timeName = (() => {
    try {
      return timeFieldOf(dtype);
    } catch {
      throw new InvalidArgumentError(
        `event dtype of channel ${JSON.stringify(channelId)} needs a "time" or "timestamp" field, got ${formatList(names)}`,
        { channelId },
      );
    }
  })();
  const timeField = dtype.find((f) => f.name === timeName)!;
  if (["str", "object", "bool"].includes(timeField.dtype)) {
    throw new InvalidArgumentError(
      `the ${timeName} field of channel ${JSON.stringify(channelId)} must be numeric, got ${timeField.dtype}`,
      { channelId },
    );
  }
}
