/** Every .npy/.npz written by real Python SpikeInterface parses to the values in its expected.json. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  encodeNpy,
  type NpyArray,
  numericColumn,
  parseNpy,
  readNpz,
  spikeVectorFromNpy,
  stringColumn,
} from "../../../src/io/npy/index.js";
import { bytesEqual, firstDifference, listFiles, PYTHON_SI, readBytes, readJson } from "./fixture-files.js";

type Json = Record<string, unknown>;
const sortingExpected = readJson(join(PYTHON_SI, "sorting/expected.json"));
const recordingExpected = readJson(join(PYTHON_SI, "recording/expected.json"));
const analyzerExpected = readJson(join(PYTHON_SI, "analyzer/expected.json"));
const snippetsExpected = readJson(join(PYTHON_SI, "snippets/expected.json"));
const eventExpected = readJson(join(PYTHON_SI, "event/expected.json"));

function load(relative: string): NpyArray {
  return parseNpy(readBytes(join(PYTHON_SI, relative)), relative);
}

/** Plain JS values of a numeric or string array (bigint → number, bool → boolean). */
function values(array: NpyArray): unknown[] {
  if (array.kind === "string") return array.data;
  if (array.kind === "numeric") {
    if (array.dtype === "bool") return Array.from(array.data, (v) => v === 1);
    return Array.from(array.data as ArrayLike<number | bigint>, (v) => Number(v));
  }
  throw new Error("structured");
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

function assertClose(actual: number, expected: number, rel = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${actual} vs ${expected}`);
}

describe("Python SpikeInterface .npy fixtures", () => {
  const files = listFiles(PYTHON_SI, ".npy");

  test("all 25 fixture .npy files are found", () => {
    assert.equal(files.length, 25);
  });

  for (const file of files) {
    test(`${file}: encodeNpy(parseNpy(bytes)) is byte-identical`, () => {
      const bytes = readBytes(join(PYTHON_SI, file));
      const encoded = encodeNpy(parseNpy(bytes, file));
      assert.equal(firstDifference(encoded, bytes), -1);
      assert.ok(bytesEqual(encoded, bytes));
    });
  }

  test("sorting spikes.npy is the structured spike vector of expected.json", () => {
    const sv = (sortingExpected.sorting_numpy_folder as Json).spike_vector as Json;
    for (const dir of ["sorting/sorting_numpy_folder", "analyzer/analyzer_binary_folder/sorting"]) {
      const npy = load(`${dir}/spikes.npy`);
      assert.equal(npy.kind, "structured");
      assert.equal(npy.descr, "[('sample_index', '<i8'), ('unit_index', '<i8'), ('segment_index', '<i8')]");
      assert.deepEqual(npy.shape, [sv.length]);
      assert.equal(numericColumn(npy, "sample_index").constructor, BigInt64Array);
      const v = spikeVectorFromNpy(npy);
      const rows = (i: number) => [v.sampleIndex[i], v.unitIndex[i], v.segmentIndex[i]];
      assert.deepEqual(
        Array.from({ length: 10 }, (_, i) => rows(i)),
        sv.first10,
      );
      assert.deepEqual([113, 114, 115].map(rows), sv.last3);
    }
  });

  test("spike trains rebuilt from spikes.npy match expected.json for every unit and segment", () => {
    const v = spikeVectorFromNpy(load("sorting/sorting_numpy_folder/spikes.npy"));
    const trains = (sortingExpected.sorting_numpy_folder as Json).spike_trains as Record<
      string,
      Record<string, number[]>
    >;
    for (const [seg, units] of Object.entries(trains)) {
      for (const [unit, train] of Object.entries(units)) {
        const got: number[] = [];
        for (let i = 0; i < v.sampleIndex.length; i++) {
          if (`seg${v.segmentIndex[i]}` === seg && String(v.unitIndex[i]) === unit)
            got.push(v.sampleIndex[i]);
        }
        assert.deepEqual(got, train, `${seg} unit ${unit}`);
      }
    }
  });

  test("sorting properties match expected.json", () => {
    const props = (sortingExpected.sorting_numpy_folder as Json).properties as Json;
    const dir = "sorting/sorting_numpy_folder/properties";
    const group = load(`${dir}/group.npy`);
    assert.equal(group.descr, "<i8");
    assert.deepEqual(values(group), props.group);
    const locations = load(`${dir}/gt_unit_locations.npy`);
    assert.equal(locations.descr, "<f4");
    assert.deepEqual(locations.shape, [6, 3]);
    assert.deepEqual(values(locations), (props.gt_unit_locations as number[][]).flat());
    const quality = load(`${dir}/quality.npy`);
    assert.equal(quality.descr, "<U4");
    assert.deepEqual(values(quality), props.quality);
    const main = load(`${dir}/main_channel_id.npy`);
    assert.equal(main.descr, "<U2");
    assert.deepEqual(values(main), props.main_channel_id);
  });

  test("recording properties match expected.json (float64, bool, int64, unicode)", () => {
    const props = recordingExpected.properties as Json;
    const descrs: Record<string, string> = {
      quality_score: "<f8",
      is_good: "|b1",
      group: "<i8",
      brain_area: "<U3",
      gain_to_uV: "<f8",
      offset_to_uV: "<f8",
    };
    for (const [key, descr] of Object.entries(descrs)) {
      const npy = load(`recording/recording_binary/properties/${key}.npy`);
      assert.equal(npy.descr, descr, key);
      assert.deepEqual(npy.shape, [16]);
      assert.deepEqual(values(npy), props[key], key);
    }
  });

  test("analyzer extension arrays match expected.json", () => {
    const dir = "analyzer/analyzer_binary_folder";
    const templates = analyzerExpected.templates as Json;
    for (const op of ["average", "std"]) {
      const npy = load(`${dir}/extensions/templates/${op}.npy`);
      const summary = templates[`${op}_summary`] as Json;
      assert.equal(npy.kind === "numeric" && npy.dtype, "float64");
      assert.deepEqual(npy.shape, summary.shape);
      const data = npy.data as Float64Array;
      assertClose(sum(data), summary.sum as number);
      assert.deepEqual(Array.from(data.subarray(0, 5)), summary.first);
      assert.deepEqual(Array.from(data.subarray(data.length - 5)), summary.last);
    }
    const waveforms = load(`${dir}/extensions/waveforms/waveforms.npy`);
    assert.deepEqual(waveforms.shape, (analyzerExpected.waveforms as Json).all_shape);
    assert.equal(waveforms.descr, "<f4");
    const noise = load(`${dir}/extensions/noise_levels/noise_levels.npy`);
    assert.deepEqual(values(noise), (analyzerExpected.noise_levels_extension as Json).data);
    const random = load(`${dir}/extensions/random_spikes/random_spikes_indices.npy`);
    assert.deepEqual(values(random), (analyzerExpected.random_spikes as Json).indices);
    const mask = load(`${dir}/sparsity_mask.npy`);
    assert.deepEqual(mask.shape, [6, 16]);
    assert.deepEqual(values(mask), (analyzerExpected.sparsity_mask_default as boolean[][]).flat());
  });

  test("snippets traces: structured frame + (64, 4) float32 sub-array field", () => {
    const seg0 = load("snippets/snippets_npy/traces_cached_seg0.npy");
    assert.equal(seg0.kind, "structured");
    assert.equal(seg0.descr, "[('frame', '<i8'), ('snippet', '<f4', (64, 4))]");
    assert.deepEqual(seg0.shape, [33]);
    assert.deepEqual(seg0.kind === "structured" && seg0.fields[1].shape, [64, 4]);
    const frames = numericColumn(seg0, "frame") as BigInt64Array;
    assert.deepEqual(Array.from(frames.subarray(0, 5), Number), snippetsExpected.frames_seg0_first5);
    const first = (numericColumn(seg0, "snippet") as Float32Array).subarray(0, 256);
    const s0 = snippetsExpected.snippets_seg0_first_summary as Json;
    assertClose(sum(first), s0.sum as number, 1e-6);
    assert.deepEqual(Array.from(first.subarray(0, 5)), s0.first);
    assert.deepEqual(Array.from(first.subarray(251)), s0.last);

    const seg1 = load("snippets/snippets_npy/traces_cached_seg1.npy");
    const all = numericColumn(seg1, "snippet") as Float32Array;
    const s1 = snippetsExpected.snippets_seg1_all_summary as Json;
    assert.equal(all.length, 15 * 64 * 4);
    assertClose(sum(all), s1.sum as number, 1e-6);
    assert.deepEqual(Array.from(all.subarray(0, 5)), s1.first);
    assert.deepEqual(Array.from(all.subarray(all.length - 5)), s1.last);
  });
});

describe("Python SpikeInterface .npz fixtures", () => {
  test("sorting.npz (np.savez, stored) holds the NpzSortingExtractor keys and spike trains", () => {
    const npz = readNpz(readBytes(join(PYTHON_SI, "sorting/sorting.npz")), "sorting.npz");
    assert.deepEqual(
      [...npz.keys()],
      [
        "unit_ids",
        "num_segment",
        "sampling_frequency",
        "spike_indexes_seg0",
        "spike_labels_seg0",
        "spike_indexes_seg1",
        "spike_labels_seg1",
      ],
    );
    const expected = sortingExpected.sorting_npz as Json;
    assert.deepEqual(values(npz.get("unit_ids")!), expected.unit_ids);
    assert.deepEqual(values(npz.get("num_segment")!), [expected.num_segments]);
    assert.deepEqual(values(npz.get("sampling_frequency")!), [30000]);
    const counts: Record<string, number> = {};
    const trains = (sortingExpected.sorting_numpy_folder as Json).spike_trains as Record<
      string,
      Record<string, number[]>
    >;
    for (const seg of [0, 1]) {
      const frames = values(npz.get(`spike_indexes_seg${seg}`)!) as number[];
      const labels = values(npz.get(`spike_labels_seg${seg}`)!) as string[];
      assert.equal(frames.length, labels.length);
      for (const [unit, train] of Object.entries(trains[`seg${seg}`])) {
        const got = frames.filter((_, i) => labels[i] === unit);
        assert.deepEqual(got, train);
      }
      for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
    }
    assert.deepEqual(counts, expected.num_spikes_per_unit);
  });

  test("event_arrays.npz holds the structured event arrays of expected.json", () => {
    const npz = readNpz(readBytes(join(PYTHON_SI, "event/event_arrays.npz")), "event_arrays.npz");
    const trig = npz.get("seg0_trig")!;
    assert.equal(trig.descr, "[('time', '<f8'), ('duration', '<f8'), ('label', '<U8')]");
    const time = numericColumn(trig, "time");
    const duration = numericColumn(trig, "duration");
    const label = stringColumn(trig, "label");
    const rows = Array.from({ length: trig.shape[0] }, (_, i) => [time[i], duration[i], label[i]]);
    assert.deepEqual(rows, eventExpected.trig_all);
    const ttl = npz.get("seg0_ttl")!;
    assert.deepEqual(Array.from(numericColumn(ttl, "time") as Float64Array), eventExpected.ttl_times);
  });
});
