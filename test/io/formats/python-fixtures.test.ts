/**
 * Every folder written by Python SpikeInterface loads and reproduces its expected.json: ids,
 * properties (values and dtypes), annotations, probe and locations, times, traces raw and in µV,
 * spike vectors and trains, snippets.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { BaseExtractor } from "../../../src/base/extractor.js";
import {
  BinaryFolderRecording,
  loadExtractor,
  NpyFolderSnippets,
  NpzSortingExtractor,
  NumpyFolderSorting,
  readNpzSorting,
  readZarr,
  ZarrRecordingExtractor,
} from "../../../src/io/folders/index.js";
import type { BaseRecording } from "../../../src/recording/base-recording.js";
import type { BaseSnippets } from "../../../src/snippets/base-snippets.js";
import type { BaseSorting } from "../../../src/sorting/base-sorting.js";
import {
  assertClose,
  expected,
  type Json,
  REC_BINARY,
  REC_ZARR,
  rows,
  SNIPPETS_FOLDER,
  SORTING_FOLDER,
  SORTING_NPZ,
} from "./helpers.js";

const recExp = expected("recording");
const sortExp = expected("sorting");
const snipExp = expected("snippets");

function checkProperties(e: BaseExtractor, want: Record<string, unknown[]>): void {
  for (const [key, values] of Object.entries(want)) {
    const got = e.getProperty(key);
    assert.ok(got !== null, `property ${key}`);
    const flat = (values as unknown[]).flat(3);
    const have = Array.from(got as ArrayLike<unknown>);
    if (typeof flat[0] === "number") assertClose(have as number[], flat as number[], 1e-12, key);
    else assert.deepEqual(have, flat, key);
  }
}

async function checkRecording(rec: BaseRecording): Promise<void> {
  const r = recExp.recording;
  assert.deepEqual([...rec.channelIds], r.channel_ids);
  assert.equal(rec.getNumSegments(), r.num_segments);
  assert.equal(rec.samplingFrequency, r.sampling_frequency);
  assert.equal(rec.getDtype(), r.dtype);
  assert.deepEqual(
    [0, 1].map((s) => rec.getNumSamples({ segmentIndex: s })),
    r.num_samples,
  );
  assert.equal(rec.getTotalSamples(), r.total_samples);
  assert.equal(rec.getTotalDuration(), r.total_duration);
  assert.deepEqual(
    [0, 1].map((s) => rec.getStartTime({ segmentIndex: s })),
    r.start_times,
  );
  assert.deepEqual(
    [0, 1].map((s) => rec.getEndTime({ segmentIndex: s })),
    r.end_times,
  );
  assert.equal(rec.hasScaleableTraces(), r.has_scaleable_traces);
  assert.deepEqual(Array.from(rec.getChannelGains() as Float64Array), r.gain_to_uV);
  assert.deepEqual(Array.from(rec.getChannelOffsets() as Float64Array), r.offset_to_uV);
  // properties, with numpy's dtypes
  assert.deepEqual(rec.getPropertyKeys().sort(), recExp.property_keys);
  checkProperties(rec, recExp.properties);
  const dtypes = Object.fromEntries(rec.getPropertyKeys().map((k) => [k, rec.getPropertyInfo(k)!.dtype]));
  assert.deepEqual(dtypes, {
    brain_area: "str",
    gain_to_uV: "float64",
    group: "int64",
    is_good: "bool",
    offset_to_uV: "float64",
    quality_score: "float64",
  });
  // annotations
  for (const [k, v] of Object.entries(recExp.annotations)) assert.deepEqual(rec.getAnnotation(k), v, k);
  // probe
  assert.ok(rec.hasProbe());
  const p = recExp.probe;
  assert.equal(rec.getProbegroup().ndim, p.ndim);
  assert.deepEqual(Array.from(rec.getChannelLocations()), p.channel_locations.flat());
  assert.deepEqual(Array.from(rec.getChannelGroups() as ArrayLike<number>), p.channel_groups);
  assert.deepEqual(
    rec.getProbes().flatMap((pr) => pr.contactShapes),
    p.contact_shapes,
  );
  // traces and times
  const t = recExp.traces;
  for (const seg of [0, 1]) {
    const n = rec.getNumSamples({ segmentIndex: seg });
    const first = await rec.getTraces({ segmentIndex: seg, startFrame: 0, endFrame: 8 });
    assert.deepEqual(rows(first.data, 16), t[`seg${seg}_raw_0_8_all`]);
    const mid = t[`seg${seg}_raw_mid_3ch`];
    const got = await rec.getTraces({
      segmentIndex: seg,
      startFrame: mid.start_frame,
      endFrame: mid.end_frame,
      channelIds: mid.channel_ids,
    });
    assert.deepEqual(rows(got.data, 3), mid.traces);
    const uv = t[`seg${seg}_uV_last4_3ch`];
    const scaled = await rec.getTraces({
      segmentIndex: seg,
      startFrame: uv.start_frame,
      endFrame: uv.end_frame,
      channelIds: uv.channel_ids,
      returnInUV: true,
    });
    assert.equal(scaled.dtype, "float32");
    assert.deepEqual(rows(scaled.data, 3), uv.traces);
    const whole = await rec.getTraces({ segmentIndex: seg });
    const sums = new Array(16).fill(0);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    whole.data.forEach((v, i) => {
      sums[i % 16] += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    });
    const summary = t[`seg${seg}_full_raw_summary`];
    assert.deepEqual(
      { sums, min, max },
      { sums: summary.sum_per_channel, min: summary.min, max: summary.max },
    );
    const times = rec.getTimes({ segmentIndex: seg });
    const [first3, last] = t[`seg${seg}_times_first3_last1`];
    assert.deepEqual([Array.from(times.subarray(0, 3)), times[n - 1]], [first3, last]);
  }
}

describe("Python recording folders", () => {
  test("binary folder via loadExtractor (si_folder.json)", async () => {
    const rec = (await loadExtractor(REC_BINARY)) as BaseRecording;
    assert.ok(rec instanceof BinaryFolderRecording);
    await checkRecording(rec);
  });

  test("binary folder read directly", async () => {
    await checkRecording(new BinaryFolderRecording(REC_BINARY));
  });

  test("zarr via loadExtractor and readZarr", async () => {
    const rec = (await loadExtractor(REC_ZARR)) as BaseRecording;
    assert.ok(rec instanceof ZarrRecordingExtractor);
    await checkRecording(rec);
    const again = await readZarr(REC_ZARR);
    assert.ok(again instanceof ZarrRecordingExtractor);
  });

  test("zarr traces match the binary folder's everywhere", async () => {
    const a = new BinaryFolderRecording(REC_BINARY);
    const b = await ZarrRecordingExtractor.open(REC_ZARR);
    for (const seg of [0, 1]) {
      const x = await a.getTraces({ segmentIndex: seg });
      const y = await b.getTraces({ segmentIndex: seg });
      assert.deepEqual(y.data, x.data);
      const w = await b.getTraces({
        segmentIndex: seg,
        startFrame: 7499,
        endFrame: 7502,
        channelIds: ["15", "2"],
      });
      const v = await a.getTraces({
        segmentIndex: seg,
        startFrame: 7499,
        endFrame: 7502,
        channelIds: ["15", "2"],
      });
      assert.deepEqual(w.data, v.data);
    }
  });
});

function checkSorting(s: BaseSorting, e: Json, withMetadata: boolean): void {
  assert.deepEqual([...s.unitIds], e.unit_ids);
  assert.equal(s.getNumSegments(), e.num_segments);
  assert.deepEqual(Object.fromEntries(s.countNumSpikesPerUnit()), e.num_spikes_per_unit);
  if (!withMetadata) return;
  assert.equal(s.samplingFrequency, e.sampling_frequency);
  assert.equal(s.countTotalNumSpikes(), e.total_num_spikes);
  for (const seg of [0, 1]) {
    for (const [unitId, train] of Object.entries(e.spike_trains[`seg${seg}`])) {
      assert.deepEqual(
        Array.from(s.getUnitSpikeTrain({ unitId, segmentIndex: seg })),
        train,
        `${unitId}/${seg}`,
      );
    }
  }
  const v = s.toSpikeVector();
  const rec = (i: number) => [v.sampleIndex[i], v.unitIndex[i], v.segmentIndex[i]];
  const n = v.sampleIndex.length;
  assert.equal(n, e.spike_vector.length);
  assert.deepEqual(
    Array.from({ length: 10 }, (_, i) => rec(i)),
    e.spike_vector.first10,
  );
  assert.deepEqual([n - 3, n - 2, n - 1].map(rec), e.spike_vector.last3);
  assert.deepEqual(s.getPropertyKeys().sort(), e.property_keys);
  checkProperties(s, e.properties);
  assert.deepEqual(s.getPropertyInfo("gt_unit_locations")!.shape, [6, 3]);
  assert.equal(s.getPropertyInfo("gt_unit_locations")!.dtype, "float32");
  for (const [k, val] of Object.entries(e.annotations)) assert.deepEqual(s.getAnnotation(k), val, k);
}

describe("Python sorting folders", () => {
  test("numpy folder via loadExtractor", async () => {
    const s = (await loadExtractor(SORTING_FOLDER)) as BaseSorting;
    assert.ok(s instanceof NumpyFolderSorting);
    checkSorting(s, sortExp.sorting_numpy_folder, true);
  });

  test("npz file", () => {
    const s = readNpzSorting(SORTING_NPZ);
    assert.ok(s instanceof NpzSortingExtractor);
    checkSorting(s, sortExp.sorting_npz, false);
    // same spikes as the numpy folder, same vector order
    const f = new NumpyFolderSorting(SORTING_FOLDER);
    assert.deepEqual(s.toSpikeVector(), f.toSpikeVector());
  });
});

describe("Python snippets folder", () => {
  test("npy folder via loadExtractor", async () => {
    const sn = (await loadExtractor(SNIPPETS_FOLDER)) as BaseSnippets;
    assert.ok(sn instanceof NpyFolderSnippets);
    const e = snipExp;
    assert.deepEqual([...sn.channelIds], e.channel_ids);
    assert.equal(sn.getNumSegments(), e.num_segments);
    assert.equal(sn.nbefore, e.nbefore);
    assert.equal(sn.nafter, e.nafter);
    assert.equal(sn.snippetLen, e.snippet_len);
    assert.deepEqual(
      [0, 1].map((s) => sn.getNumSnippets({ segmentIndex: s })),
      e.num_snippets,
    );
    assert.deepEqual(Array.from(sn.getFrames({ segmentIndex: 0 }).subarray(0, 5)), e.frames_seg0_first5);
    assert.deepEqual(Array.from(sn.getChannelLocations()), e.channel_locations.flat());
    const check = (data: Float32Array, shape: readonly number[], want: Json) => {
      assert.deepEqual([...shape], want.shape);
      let sum = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of data) {
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      assert.ok(
        Math.abs(sum - want.sum) < 1e-6 * Math.max(1, Math.abs(want.sum)),
        `sum ${sum} vs ${want.sum}`,
      );
      assert.deepEqual([min, max], [want.min, want.max]);
      assert.deepEqual(Array.from(data.subarray(0, 5)), want.first);
      assert.deepEqual(Array.from(data.subarray(data.length - 5)), want.last);
    };
    const first = await sn.getSnippets({ segmentIndex: 0, indices: [0] });
    check(first.data as Float32Array, first.shape, e.snippets_seg0_first_summary);
    const all = await sn.getSnippets({ segmentIndex: 1 });
    check(all.data as Float32Array, all.shape, e.snippets_seg1_all_summary);
  });
});
