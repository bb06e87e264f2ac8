/**
 * NumpyEvent (spec api.md §5): events held in memory, one table per channel per segment.
 *
 * Differences from SpikeInterface, on purpose:
 * - with both `startTime` and `endTime`, Python raises IndexError when the start bound removes events
 *   (its second mask is built from the unfiltered times); here both inclusive bounds simply apply;
 * - a plain array of times becomes a table with one `time` field (Python keeps a non-structured
 *   array), so every read returns the same shape of result;
 * - every segment must give every channel, with the first segment's fields (Python fails later, at
 *   read time, or mixes dtypes).
 */
import type { Id } from "../base/ids.js";
import { type Property, toProperty } from "../base/properties.js";
import { registerExtractorClass } from "../base/registry.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import {
  BaseEvent,
  BaseEventSegment,
  type EventColumn,
  type EventDType,
  type EventTable,
  timeFieldOf,
} from "./base-event.js";

/** What a caller may give for one channel: plain times in seconds, or named columns. */
export type EventInput = ArrayLike<number> | Readonly<Record<string, ArrayLike<unknown>>>;

/** One segment: channel id → events. A plain object's keys are string channel ids; use a Map for numbers. */
export type EventDict = ReadonlyMap<Id, EventInput> | Readonly<Record<string, EventInput>>;

interface NormalisedTable {
  readonly dtype: EventDType;
  readonly table: EventTable;
}

export class NumpyEventSegment extends BaseEventSegment {
  constructor(
    private readonly tables: ReadonlyMap<Id, EventTable>,
    private readonly timeFields: ReadonlyMap<Id, string>,
  ) {
    super();
  }

  getEvents(channelId: Id, startTime: number | null, endTime: number | null): EventTable {
    const table = this.tables.get(channelId)!;
    if (startTime === null && endTime === null) return table;
    const times = table[this.timeFields.get(channelId)!] as ArrayLike<number>;
    const lo = startTime ?? Number.NEGATIVE_INFINITY;
    const hi = endTime ?? Number.POSITIVE_INFINITY;
    const keep: number[] = [];
    for (let i = 0; i < times.length; i++) if (times[i] >= lo && times[i] <= hi) keep.push(i);
    const out: Record<string, EventColumn> = {};
    for (const [name, column] of Object.entries(table)) out[name] = takeColumn(column, keep);
    return out;
  }
}

export class NumpyEvent extends BaseEvent {
  readonly className = "spikeinterface.core.numpyextractors.NumpyEvent";

  /** One EventDict per segment (a single dict is one segment); channel ids and fields come from the first. */
  constructor(eventDictList: EventDict | readonly EventDict[]) {
    const list = (Array.isArray(eventDictList) ? eventDictList : [eventDictList]) as EventDict[];
    if (list.length === 0) throw new InvalidArgumentError("NumpyEvent needs at least one segment");
    const segments = list.map((d, seg) => normaliseSegment(d, seg));
    const first = segments[0];
    const channelIds = [...first.keys()];
    const dtypes = new Map<Id, EventDType>([...first].map(([id, t]) => [id, t.dtype]));
    for (let seg = 1; seg < segments.length; seg++) checkSameChannels(segments[seg], dtypes, seg);
    super(channelIds, dtypes);
    const timeFields = new Map<Id, string>(channelIds.map((id) => [id, timeFieldOf(dtypes.get(id)!)]));
    for (const s of segments) {
      this.addEventSegment(
        new NumpyEventSegment(new Map([...s].map(([id, t]) => [id, t.table])), timeFields),
      );
    }
    this.notJsonReason = "its events live in memory";
    this.kwargs = { event_dict_list: segments.map((s) => new Map([...s].map(([id, t]) => [id, t.table]))) };
  }

  /** SpikeInterface's builder: a dict (one segment) or a list of dicts (one per segment). */
  static fromDict(eventDictList: EventDict | readonly EventDict[]): NumpyEvent {
    return new NumpyEvent(eventDictList);
  }
}

function normaliseSegment(dict: EventDict, seg: number): Map<Id, NormalisedTable> {
  const entries: [Id, EventInput][] =
    dict instanceof Map ? [...dict.entries()] : Object.entries(dict as Record<string, EventInput>);
  return new Map(entries.map(([id, input]) => [id, normaliseTable(input, id, seg)]));
}

function isColumns(input: EventInput): input is Readonly<Record<string, ArrayLike<unknown>>> {
  return !ArrayBuffer.isView(input) && !Array.isArray(input) && typeof input === "object";
}

function normaliseTable(input: EventInput, id: Id, seg: number): NormalisedTable {
  const where = `segment ${seg}, channel ${JSON.stringify(id)}`;
  const columns: [string, ArrayLike<unknown>][] = isColumns(input)
    ? Object.entries(input)
    : [["time", input as ArrayLike<number>]];
  if (columns.length === 0) throw new InvalidArgumentError(`${where}: events have no fields`);
  const props: [string, Property][] = columns.map(([name, values]) => {
    if (values === null || typeof values !== "object" || typeof values.length !== "number") {
      throw new InvalidArgumentError(`${where}: field ${JSON.stringify(name)} is not an array`);
    }
    const p = toProperty(ArrayBuffer.isView(values) ? (values as Float64Array) : Array.from(values));
    if (p.shape.length !== 1)
      throw new InvalidArgumentError(`${where}: field ${JSON.stringify(name)} is not 1-D`);
    return [name, p];
  });
  const n = props[0][1].values.length;
  const bad = props.filter(([, p]) => p.values.length !== n);
  if (bad.length > 0) {
    throw new InvalidArgumentError(
      `${where}: fields ${formatList(bad.map(([name]) => name))} do not have ${n} values like ${JSON.stringify(props[0][0])}`,
    );
  }
  const dtype: EventDType = props.map(([name, p]) => ({
    name,
    // An empty plain list infers "object"; times are numbers whatever their count.
    dtype: n === 0 && (name === "time" || name === "timestamp") ? "float64" : p.dtype,
  }));
  const table: Record<string, EventColumn> = {};
  for (const [name, p] of props) {
    const isTime = name === "time" || name === "timestamp";
    table[name] =
      isTime && !(p.values instanceof Float64Array)
        ? Float64Array.from(p.values as ArrayLike<number>)
        : (p.values as EventColumn);
  }
  return { dtype, table };
}

function checkSameChannels(s: Map<Id, NormalisedTable>, dtypes: Map<Id, EventDType>, seg: number): void {
  const missing = [...dtypes.keys()].filter((id) => !s.has(id));
  const extra = [...s.keys()].filter((id) => !dtypes.has(id));
  if (missing.length > 0 || extra.length > 0) {
    throw new InvalidArgumentError(
      `segment ${seg} has channels ${formatList([...s.keys()])}, segment 0 has ${formatList([...dtypes.keys()])}`,
    );
  }
  for (const [id, t] of s) {
    const expected = dtypes.get(id)!;
    // Field names must match; numeric widths may differ between segments (like numpy's promotion).
    const same = expected.length === t.dtype.length && expected.every((f, i) => f.name === t.dtype[i].name);
    if (!same) {
      throw new InvalidArgumentError(
        `segment ${seg}, channel ${JSON.stringify(id)} has fields ${formatList(t.dtype.map((f) => f.name))}, segment 0 has ${formatList(expected.map((f) => f.name))}`,
      );
    }
  }
}

/** Rows `keep` of one column, same kind of container. */
export function takeColumn(column: EventColumn, keep: readonly number[]): EventColumn {
  if (Array.isArray(column)) return keep.map((i) => column[i]);
  const src = column as Float64Array;
  const out = new (src.constructor as Float64ArrayConstructor)(keep.length);
  for (let k = 0; k < keep.length; k++) out[k] = src[keep[k]];
  return out;
}

registerExtractorClass("spikeinterface.core.numpyextractors.NumpyEvent", (k) => {
  const list = k.event_dict_list as EventDict[] | undefined;
  if (list === undefined) {
    // SpikeInterface writes NumpyEvent with empty kwargs: the events themselves are not in the dict.
    throw new SpikeInterfaceError(
      "not_dumpable",
      "this NumpyEvent description holds no events (Python writes none)",
    );
  }
  return new NumpyEvent(list);
});
