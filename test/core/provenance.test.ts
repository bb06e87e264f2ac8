import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  appendRecordings,
  appendSortings,
  type BaseExtractor,
  type BaseRecording,
  type BaseSorting,
  BinaryRecordingExtractor,
  concatenateRecordings,
  concatenateSortings,
  extractorFromDict,
  isSiError,
  NumpyRecording,
  NumpySorting,
  selectColumns,
  splitRecording,
} from "../../src/node.js";
import { aggregateChannels } from "../../src/recording/views/aggregate-channels.js";
import { aggregateUnits } from "../../src/sorting/views/aggregate-units.js";

const FIXTURE = new URL("../fixtures/python-si/recording/", import.meta.url);
const expected = JSON.parse(readFileSync(new URL("expected.json", FIXTURE), "utf8"));

function fixtureRecording(): BinaryRecordingExtractor {
  const dict = JSON.parse(readFileSync(new URL("recording_binary/binary.json", FIXTURE), "utf8"));
  const k = dict.kwargs;
  return new BinaryRecordingExtractor({
    filePaths: k.file_paths.map((p: string) => new URL(`recording_binary/${p}`, FIXTURE).pathname),
    samplingFrequency: k.sampling_frequency,
    dtype: k.dtype,
    numChannels: k.num_channels,
    tStarts: k.t_starts,
    channelIds: k.channel_ids,
    gainToUV: k.gain_to_uV,
    offsetToUV: k.offset_to_uV,
  });
}

async function sameTraces(a: BaseRecording, b: BaseRecording): Promise<void> {
  assert.deepEqual(b.channelIds, a.channelIds);
  assert.equal(b.getNumSegments(), a.getNumSegments());
  for (let s = 0; s < a.getNumSegments(); s++) {
    assert.equal(b.getNumSamples({ segmentIndex: s }), a.getNumSamples({ segmentIndex: s }));
    assert.equal(b.getStartTime({ segmentIndex: s }), a.getStartTime({ segmentIndex: s }));
    const ta = await a.getTraces({ segmentIndex: s });
    const tb = await b.getTraces({ segmentIndex: s });
    assert.equal(tb.dtype, ta.dtype);
    assert.deepEqual(tb.data, ta.data);
  }
}

function sameTrains(a: BaseSorting, b: BaseSorting): void {
  assert.deepEqual(b.unitIds, a.unitIds);
  assert.equal(b.getNumSegments(), a.getNumSegments());
  for (let s = 0; s < a.getNumSegments(); s++) {
    assert.equal(b.getStartTime({ segmentIndex: s }), a.getStartTime({ segmentIndex: s }));
    for (const u of a.unitIds) {
      assert.deepEqual(
        [...b.getUnitSpikeTrain({ unitId: u, segmentIndex: s })],
        [...a.getUnitSpikeTrain({ unitId: u, segmentIndex: s })],
      );
    }
  }
}

/** toDict(recursive) → JSON text → extractorFromDict. */
async function viaJson<T extends BaseExtractor>(e: T): Promise<T> {
  assert.equal(e.isJsonSerializable(), true, e.checkSerializability().reason ?? "");
  const text = JSON.stringify(
    e.toDict({ recursive: true, includeAnnotations: true, includeProperties: true }),
  );
  return (await extractorFromDict(JSON.parse(text))) as T;
}

/** toDict(recursive) → extractorFromDict in memory (objects holding typed arrays stay as they are). */
async function viaDict<T extends BaseExtractor>(e: T): Promise<T> {
  return (await extractorFromDict(e.toDict({ recursive: true, includeProperties: true }))) as T;
}

describe("JSON provenance of view chains over a Python-written binary recording", () => {
  test("select segment then frame slice, as measured in Python", async () => {
    const chain = fixtureRecording().selectSegments(1).frameSlice(100, 400);
    const op = expected.ops.select_segment_1_then_frame_slice_100_400;
    assert.deepEqual([chain.getNumSamples()], op.num_samples);
    assert.equal(chain.getStartTime(), op.start_times[0]);
    const back = await viaJson(chain);
    assert.deepEqual([...(await back.getTraces({ endFrame: 1 })).data], op.first_row);
    await sameTraces(chain, back);
    assert.equal(back.getDtype(), "int16");
  });
  test("channel slice, rename, remove, append, concatenate, aggregate", async () => {
    const r = fixtureRecording();
    const every3rd = r.selectChannels(["0", "3", "6", "9", "12", "15"]);
    const op = expected.ops.select_channels_every3rd;
    const back = await viaJson(every3rd);
    assert.deepEqual(back.channelIds, op.channel_ids);
    const t = await back.getTraces({ segmentIndex: 1, endFrame: 4 });
    assert.deepEqual([...t.data], op.traces_seg1_0_4.flat());
    assert.deepEqual([...(back.getChannelGains() as Float64Array)], op.gains);

    const renamed = await viaJson(r.renameChannels(r.channelIds.map((id) => `ch${id}`)));
    assert.deepEqual(renamed.channelIds, expected.ops.rename_channels.channel_ids);
    assert.deepEqual(
      (await viaJson(r.removeChannels(["0", "1"]))).channelIds,
      expected.ops.remove_first_2_channels.channel_ids,
    );

    const cat = await viaJson(concatenateRecordings([r, r]));
    const c = expected.ops.concatenate_recordings_rec_rec;
    assert.deepEqual([cat.getNumSamples()], c.num_samples);
    const b = c.traces_around_seg_boundary;
    const around = await cat.getTraces({
      startFrame: b.start_frame,
      endFrame: b.end_frame,
      channelIds: ["0", "1", "2"],
    });
    assert.deepEqual([...around.data], b.traces.flat());

    const app = await viaJson(appendRecordings([r, r]));
    assert.deepEqual(
      [0, 1, 2, 3].map((s) => app.getNumSamples({ segmentIndex: s })),
      expected.ops.append_recordings_rec_rec.num_samples,
    );
    assert.equal(app.getTotalDuration(), expected.ops.append_recordings_rec_rec.total_duration);

    const deep = appendRecordings([r.selectChannels(["5", "1"]), r.channelSlice(["2", "3"], ["5", "1"])])
      .selectSegments([3, 0])
      .renameChannels(["x", "y"]);
    await sameTraces(deep, await viaJson(deep));
    const agg = aggregateChannels({ a: r.selectChannels(["1"]), b: r.selectChannels(["7", "2"]) });
    const aggBack = await viaJson(agg);
    await sameTraces(agg, aggBack);
    assert.deepEqual(aggBack.getProperty("aggregation_key"), ["a", "b", "b"]);
  });
  test("split recordings and timeSlice", async () => {
    const parts = splitRecording(fixtureRecording());
    assert.deepEqual(
      parts.map((p) => [p.getNumSamples()]),
      expected.ops.split_recording.num_samples,
    );
    const ts = parts[1].timeSlice(10.5, 10.55);
    await sameTraces(ts, await viaJson(ts));
  });
  test("in-memory objects are refused by JSON, with the reason", () => {
    const mem = new NumpyRecording({
      tracesList: { data: new Int16Array(4), shape: [2, 2] },
      samplingFrequency: 30000,
    });
    const onDisk = fixtureRecording().selectSegments(0).selectChannels(["0"]).frameSlice(0, 2);
    assert.equal(onDisk.isJsonSerializable(), true);
    const mixed = aggregateChannels([onDisk, mem.selectChannels([0])]);
    const check = mixed.checkSerializability();
    assert.equal(check.json, false);
    assert.match(check.reason ?? "", /memory/);
  });
  test("unknown classes are a typed error", async () => {
    const dict = { ...fixtureRecording().toDict(), class: "spikeinterface.preprocessing.Nope" };
    await assert.rejects(
      extractorFromDict(dict),
      (e) => isSiError(e, "unknown_class") && /Nope/.test(String(e)),
    );
  });
});

/** A random multi-segment int16 recording with distinct values. */
const arbRecording = fc
  .record({
    numChannels: fc.integer({ min: 1, max: 4 }),
    lengths: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 3 }),
    tStart: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  })
  .map(({ numChannels, lengths, tStart }) => {
    let v = 0;
    return new NumpyRecording({
      tracesList: lengths.map((n) => ({
        data: Int16Array.from({ length: n * numChannels }, () => v++ % 30000),
        shape: [n, numChannels] as [number, number],
      })),
      samplingFrequency: 1000,
      tStarts: lengths.map((_, i) => (tStart === null ? null : tStart + 10 * i)),
      channelIds: Array.from({ length: numChannels }, (_, i) => `ch${i}`),
    });
  });

/** An ordered, non-empty subset of the channels (possibly reordered). */
function pickChannels(r: BaseRecording, coin: () => boolean): string[] {
  const ids = (r.channelIds as string[]).filter(() => coin());
  const chosen = ids.length > 0 ? ids : [r.channelIds[0] as string];
  return coin() ? chosen.reverse() : chosen;
}

describe("recording view properties (fast-check)", () => {
  test("frameSlice of frameSlice composes", async () => {
    await fc.assert(
      fc.asyncProperty(arbRecording, fc.nat(), fc.nat(), fc.nat(), fc.nat(), async (r, a0, b0, c0, d0) => {
        const one = r.selectSegments(0);
        const n = one.getNumSamples();
        const a = a0 % n;
        const b = a + 1 + (b0 % (n - a));
        const m = b - a;
        const c = c0 % m;
        const d = c + 1 + (d0 % (m - c));
        const nested = one.frameSlice(a, b).frameSlice(c, d);
        const direct = one.frameSlice(a + c, a + d);
        assert.deepEqual((await nested.getTraces()).data, (await direct.getTraces()).data);
        // Start times add up in floating point (parent time at a, then + c/fs), as in SpikeInterface.
        const tn = nested.getTimes();
        const td = direct.getTimes();
        assert.equal(tn.length, td.length);
        for (let i = 0; i < tn.length; i++) assert.ok(Math.abs(tn[i] - td[i]) < 1e-9);
      }),
    );
  });
  test("channelSlice then getTraces = getTraces then column selection", async () => {
    await fc.assert(
      fc.asyncProperty(arbRecording, fc.infiniteStream(fc.boolean()), async (r, coins) => {
        const coin = () => coins.next().value;
        const ids = pickChannels(r, coin);
        const sliced = r.channelSlice(ids);
        for (let s = 0; s < r.getNumSegments(); s++) {
          const full = await r.getTraces({ segmentIndex: s });
          const cols = selectColumns(full.data, r.getNumChannels(), r.idsToIndices(ids));
          assert.deepEqual((await sliced.getTraces({ segmentIndex: s })).data, cols);
          assert.deepEqual((await r.getTraces({ segmentIndex: s, channelIds: ids })).data, cols);
          const agg = aggregateChannels([r, r]);
          const aggIds = ids.map((id) => `${r.idToIndex(id)}`);
          assert.deepEqual((await agg.getTraces({ segmentIndex: s, channelIds: aggIds })).data, cols);
        }
      }),
    );
  });
  test("concatenate / append / split / select round-trip", async () => {
    await fc.assert(
      fc.asyncProperty(arbRecording, async (r) => {
        const parts = splitRecording(r);
        const appended = appendRecordings(parts);
        await sameTraces(appended, r);
        const cat = concatenateRecordings(parts);
        assert.equal(cat.getNumSamples(), r.getTotalSamples());
        let at = 0;
        for (let s = 0; s < r.getNumSegments(); s++) {
          const n = r.getNumSamples({ segmentIndex: s });
          const piece = await cat.getTraces({ startFrame: at, endFrame: at + n });
          assert.deepEqual(piece.data, (await r.getTraces({ segmentIndex: s })).data);
          at += n;
        }
        const order = [...Array(r.getNumSegments()).keys()].reverse();
        const sel = r.selectSegments(order);
        for (let k = 0; k < order.length; k++) {
          assert.deepEqual(
            (await sel.getTraces({ segmentIndex: k })).data,
            (await r.getTraces({ segmentIndex: order[k] })).data,
          );
        }
      }),
    );
  });
  test("random view chains survive toDict → extractorFromDict", async () => {
    await fc.assert(
      fc.asyncProperty(arbRecording, fc.infiniteStream(fc.nat(5)), async (r, ops) => {
        let cur: BaseRecording = r;
        for (let step = 0; step < 4; step++) {
          const op = ops.next().value;
          if (op === 0) cur = cur.channelSlice(pickChannels(cur, () => ops.next().value % 2 === 0));
          else if (op === 1) cur = cur.renameChannels(cur.channelIds.map((id) => `${id}'`));
          else if (op === 2) cur = appendRecordings([cur, cur]);
          else if (op === 3) cur = cur.selectSegments(cur.getNumSegments() - 1);
          else if (op === 4 && cur.getNumSegments() === 1 && cur.getNumSamples() > 1)
            cur = cur.frameSlice(1, cur.getNumSamples());
          else cur = concatenateRecordings([cur]);
        }
        await sameTraces(cur, await viaDict(cur));
      }),
      { numRuns: 60 },
    );
  });
});

describe("sorting provenance", () => {
  const base = () =>
    NumpySorting.fromSamplesAndLabels(
      [
        [5, 3, 3, 40],
        [1, 0, 7],
      ],
      [
        ["a", "a", "b", "c"],
        ["b", "a", "c"],
      ],
      1000,
    );
  test("chains of sorting views rebuild with equal trains", async () => {
    const s = base();
    s.setProperty("quality", ["good", "mua", "good"]);
    const chains: BaseSorting[] = [
      s.selectUnits(["c", "a"]),
      s.renameUnits([10, 20, 30]).removeUnits([20]),
      s.selectSegments(0).frameSlice(2, 30),
      appendSortings([s, s.selectUnits(["a", "b", "c"])]).selectSegments([3, 0]),
      concatenateSortings([s.selectSegments(0), s.selectSegments(1)], { totalSamplesList: [50, 10] }),
      aggregateUnits([s, s.selectUnits(["b"])]).selectUnits(["0", "3"]),
      s.selectSegments(0).timeSlice(0.002, 0.041),
    ];
    for (const chain of chains) {
      const back = await viaDict(chain);
      sameTrains(chain, back);
      assert.deepEqual(back.getProperty("quality"), chain.getProperty("quality"));
    }
  });
  test("a registered recording does not travel with the dict (as in SpikeInterface)", async () => {
    const s = base();
    const rec = new NumpyRecording({
      tracesList: [
        { data: new Float32Array(50), shape: [50, 1] },
        { data: new Float32Array(10), shape: [10, 1] },
      ],
      samplingFrequency: 1000,
      tStarts: [2, 7],
    });
    s.registerRecording(rec);
    const sel = s.selectUnits(["a"]);
    assert.equal(sel.getStartTime({ segmentIndex: 1 }), 7);
    const back = await viaDict(sel);
    assert.equal(back.hasRecording(), false);
    assert.deepEqual([...back.getUnitSpikeTrain({ unitId: "a", segmentIndex: 1 })], [0]);
  });
});
