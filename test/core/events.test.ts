import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { unzipSync } from "fflate";
import type { EventTable } from "../../src/event/base-event.js";
import { NumpyEvent } from "../../src/event/numpy-event.js";
import "../../src/event/select-segment-event.js";
import { extractorFromDict } from "../../src/base/provenance.js";
import { InvalidArgumentError, isSiError, UnknownIdError } from "../../src/errors.js";

const FIXTURE = new URL("../fixtures/python-si/event/", import.meta.url);
const expected = JSON.parse(readFileSync(new URL("expected.json", FIXTURE), "utf8"));

/**
 * The fixture's structured arrays (event_arrays.npz): a minimal reader for 1-D little-endian records
 * of f8 / U<n> fields, enough for this file (the library's npy reader is written elsewhere).
 */
function readEventNpz(): Map<string, Record<string, Float64Array | string[]>> {
  const files = unzipSync(new Uint8Array(readFileSync(new URL("event_arrays.npz", FIXTURE))));
  const out = new Map<string, Record<string, Float64Array | string[]>>();
  for (const [name, bytes] of Object.entries(files)) {
    const headerLen = bytes[8] | (bytes[9] << 8);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLen));
    const fields = [...header.matchAll(/\('(\w+)', '<([fU])(\d+)'\)/g)].map((m) => ({
      name: m[1],
      kind: m[2],
      size: Number(m[3]) * (m[2] === "U" ? 4 : 1),
    }));
    const n = Number(/'shape': \((\d+),\)/.exec(header)![1]);
    const recordSize = fields.reduce((a, f) => a + f.size, 0);
    const view = new DataView(bytes.buffer, bytes.byteOffset + 10 + headerLen);
    const table: Record<string, Float64Array | string[]> = {};
    let offset = 0;
    for (const f of fields) {
      if (f.kind === "f") {
        table[f.name] = Float64Array.from({ length: n }, (_, i) =>
          view.getFloat64(i * recordSize + offset, true),
        );
      } else {
        table[f.name] = Array.from({ length: n }, (_, i) => {
          let s = "";
          for (let c = 0; c < f.size / 4; c++) {
            const code = view.getUint32(i * recordSize + offset + 4 * c, true);
            if (code === 0) break;
            s += String.fromCodePoint(code);
          }
          return s;
        });
      }
      offset += f.size;
    }
    out.set(name.replace(/^seg0_/, "").replace(/\.npy$/, ""), table);
  }
  return out;
}

function rows(t: EventTable, fields: string[]): unknown[][] {
  const n = (t[fields[0]] as ArrayLike<unknown>).length;
  return Array.from({ length: n }, (_, i) => fields.map((f) => (t[f] as ArrayLike<unknown>)[i]));
}

describe("NumpyEvent against the Python fixture", () => {
  const arrays = readEventNpz();
  const event = NumpyEvent.fromDict([{ trig: arrays.get("trig")!, ttl: arrays.get("ttl")! }]);

  test("channel ids and dtypes", () => {
    assert.deepEqual(event.channelIds, expected.channel_ids);
    assert.equal(event.getNumSegments(), 1);
    assert.deepEqual(
      event.getDtype("trig").map((f) => f.name),
      ["time", "duration", "label"],
    );
    assert.deepEqual(event.getDtype("trig")[2].dtype, "str");
    assert.deepEqual(event.getDtype("ttl"), [{ name: "time", dtype: "float64" }]);
  });

  test("getEvents, all and bounded", () => {
    const fields = ["time", "duration", "label"];
    assert.deepEqual(rows(event.getEvents({ channelId: "trig" }), fields), expected.trig_all);
    assert.deepEqual(
      rows(event.getEvents({ channelId: "trig", startTime: 0.2, endTime: 0.8 }), fields),
      expected["trig_0.2_0.8"],
    );
  });

  test("getEventTimes", () => {
    assert.deepEqual([...event.getEventTimes({ channelId: "ttl" })], expected.ttl_times);
    assert.deepEqual(
      [...event.getEventTimes({ channelId: "ttl", startTime: 0.3 })],
      expected["ttl_times_0.3_"],
    );
  });
});

describe("NumpyEvent bounds (examples.md §14)", () => {
  const ev = () => NumpyEvent.fromDict({ trig: [0.5, 1.0, 1.5, 2.0] });
  test("inclusive on both ends", () => {
    assert.deepEqual([...ev().getEventTimes({ channelId: "trig", startTime: 1.0 })], [1.0, 1.5, 2.0]);
    assert.deepEqual([...ev().getEventTimes({ channelId: "trig", endTime: 1.5 })], [0.5, 1.0, 1.5]);
  });
  test("both bounds apply (Python raises IndexError here)", () => {
    assert.deepEqual(
      [...ev().getEventTimes({ channelId: "trig", startTime: 1.0, endTime: 1.5 })],
      [1.0, 1.5],
    );
    assert.deepEqual([...ev().getEventTimes({ channelId: "trig", startTime: 1.6, endTime: 1.7 })], []);
  });
  test("a plain array becomes a time field", () => {
    assert.deepEqual(ev().getDtype("trig"), [{ name: "time", dtype: "float64" }]);
    assert.ok(ev().getEvents({ channelId: "trig" }).time instanceof Float64Array);
  });
  test("timestamp field is accepted as the time field", () => {
    const e = NumpyEvent.fromDict({ a: { timestamp: [1, 2, 3], code: [7, 8, 9] } });
    assert.deepEqual([...e.getEventTimes({ channelId: "a", startTime: 2 })], [2, 3]);
    assert.deepEqual([...(e.getEvents({ channelId: "a", endTime: 2 }).code as Float64Array)], [7, 8]);
  });
});

describe("NumpyEvent errors", () => {
  const ev = () => NumpyEvent.fromDict({ trig: [0.5, 1.0] });
  test("channelId is required and must exist", () => {
    // @ts-expect-error: channelId is required by the type too
    assert.throws(() => ev().getEventTimes({}), /channelId/);
    assert.throws(
      () => ev().getEvents({ channelId: "nope" }),
      (e) => e instanceof UnknownIdError && /"nope"/.test(e.message),
    );
  });
  test("a dtype without time field", () => {
    assert.throws(
      () => NumpyEvent.fromDict({ a: { t: [1, 2] } }),
      (e) => e instanceof InvalidArgumentError && /"t"/.test(e.message) && /time/.test(e.message),
    );
  });
  test("fields of different lengths", () => {
    assert.throws(() => NumpyEvent.fromDict({ a: { time: [1, 2], label: ["x"] } }), /label/);
  });
  test("segments with different channels", () => {
    assert.throws(() => NumpyEvent.fromDict([{ a: [1] }, { b: [1] }]), /segment 1/);
  });
  test("bad segment index and missing segment index", () => {
    const multi = NumpyEvent.fromDict([{ a: [1] }, { a: [2, 3] }]);
    assert.throws(
      () => multi.getEvents({ channelId: "a" }),
      (e) => isSiError(e, "missing_segment_index"),
    );
    assert.throws(
      () => multi.getEvents({ channelId: "a", segmentIndex: 2 }),
      (e) => isSiError(e, "segment_index") && /2/.test(String(e)),
    );
    assert.throws(() => ev().getEvents({ channelId: "trig", startTime: Number.NaN }), /startTime/);
  });
});

describe("segments and provenance", () => {
  const multi = () => NumpyEvent.fromDict([{ a: [1] }, { a: [2, 3] }, { a: [4] }]);
  test("selectSegments keeps the chosen segments in order", () => {
    const sel = multi().selectSegments([2, 1]);
    assert.equal(sel.getNumSegments(), 2);
    assert.deepEqual([...sel.getEventTimes({ channelId: "a", segmentIndex: 0 })], [4]);
    assert.deepEqual([...sel.getEventTimes({ channelId: "a", segmentIndex: 1 })], [2, 3]);
    assert.throws(
      () => multi().selectSegments(3),
      (e) => isSiError(e, "segment_index") && /3/.test(String(e)),
    );
  });
  test("numeric channel ids through a Map", () => {
    const e = NumpyEvent.fromDict(new Map([[7, [0.1, 0.2]]]));
    assert.deepEqual(e.channelIds, [7]);
    assert.deepEqual([...e.getEventTimes({ channelId: 7 })], [0.1, 0.2]);
  });
  test("toDict → extractorFromDict round trip (in memory)", async () => {
    const sel = multi().selectSegments([1]);
    assert.equal(sel.isJsonSerializable(), false);
    const back = (await extractorFromDict(sel.toDict({ recursive: true }))) as NumpyEvent;
    assert.deepEqual([...back.getEventTimes({ channelId: "a" })], [2, 3]);
  });
  test("Python's NumpyEvent dict (empty kwargs) cannot be rebuilt", async () => {
    const dict = JSON.parse(readFileSync(new URL("event.json", FIXTURE), "utf8"));
    await assert.rejects(extractorFromDict(dict), (e) => isSiError(e, "not_dumpable"));
  });
});
