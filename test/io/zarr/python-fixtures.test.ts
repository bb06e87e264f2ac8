import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { FileSystemStore } from "../../../src/io/zarr/fs-store.node.js";
import {
  consolidateMetadata,
  createArray,
  JSON2_CONFIG,
  listChildren,
  MemoryStore,
  openArray,
  openConsolidated,
  pyFloat,
  readAttrs,
  readWhole,
  UnsupportedCodecError,
  writeAttrs,
  zarrJsonDumps,
} from "../../../src/io/zarr/index.js";

const FIX = "test/fixtures/python-si";
const GEN = "test/fixtures/generated/zarr";
const readJson = (p: string) => JSON.parse(readFileSync(p, "utf8"));
const text = (p: string) => readFileSync(p, "utf8");

describe("SpikeInterface recording.zarr (Python 0.105, zarr 2.18)", () => {
  const exp = readJson(`${FIX}/recording/expected.json`);
  const store = new FileSystemStore(`${FIX}/recording/recording.zarr`);

  test("traces_seg0: shape, dtype, chunks, first samples, middle window, channel sums", async () => {
    const a = await openArray(store, "traces_seg0");
    assert.deepEqual(a.shape, [exp.recording.num_samples[0], 16]);
    assert.equal(a.dtype.kind === "number" && a.dtype.dtype, exp.recording.dtype);
    assert.deepEqual(a.chunks, [7500, 16]);
    const first = (await a.readRegion({ start: [0, 0], end: [8, 16] })) as Int16Array;
    assert.deepEqual(Array.from(first), exp.traces.seg0_raw_0_8_all.flat());
    const mid = (await a.readRegion({ start: [15000, 0], end: [15005, 16] })) as Int16Array;
    const three = Array.from(mid).filter((_, i) => [0, 8, 15].includes(i % 16));
    assert.deepEqual(three, exp.traces.seg0_raw_mid_3ch.traces.flat());
    const whole = (await a.readWhole()) as Int16Array;
    const sums = new Array(16).fill(0);
    let min = Infinity;
    let max = -Infinity;
    whole.forEach((v, i) => {
      sums[i % 16] += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    });
    assert.deepEqual(sums, exp.traces.seg0_full_raw_summary.sum_per_channel);
    assert.equal(min, exp.traces.seg0_full_raw_summary.min);
    assert.equal(max, exp.traces.seg0_full_raw_summary.max);
  });

  test("traces_seg1 (partial last chunk) sums", async () => {
    const whole = (await readWhole(store, "traces_seg1")) as Int16Array;
    assert.equal(whole.length, exp.recording.num_samples[1] * 16);
    const sums = new Array(16).fill(0);
    whole.forEach((v, i) => {
      sums[i % 16] += v;
    });
    assert.deepEqual(sums, exp.traces.seg1_full_raw_summary.sum_per_channel);
  });

  test("channel_ids (<U2), properties (<U3, |b1, <i8, <f8), t_starts", async () => {
    assert.deepEqual(await readWhole(store, "channel_ids"), exp.recording.channel_ids);
    assert.deepEqual(await readWhole(store, "properties/brain_area"), exp.properties.brain_area);
    assert.deepEqual(
      Array.from((await readWhole(store, "properties/is_good")) as Uint8Array, Boolean),
      exp.properties.is_good,
    );
    assert.deepEqual(
      Array.from((await readWhole(store, "properties/group")) as BigInt64Array, Number),
      exp.properties.group,
    );
    assert.deepEqual(
      Array.from((await readWhole(store, "properties/gain_to_uV")) as Float64Array),
      exp.properties.gain_to_uV,
    );
    assert.deepEqual(
      Array.from((await readWhole(store, "properties/quality_score")) as Float64Array),
      exp.properties.quality_score,
    );
    assert.deepEqual(
      Array.from((await readWhole(store, "t_starts")) as Float64Array),
      exp.recording.start_times,
    );
  });

  test("root attributes", async () => {
    const attrs = await readAttrs(store, "");
    assert.equal(attrs.sampling_frequency, 30000);
    assert.equal(attrs.num_segments, 2);
    assert.deepEqual(attrs.annotations, {
      experimenter: "anchor",
      is_filtered: true,
      name: "GroundTruthRecording",
      session_index: 3,
    });
  });

  test("the .zarray and .zattrs we write are byte-identical to Python's", async () => {
    const mem = new MemoryStore();
    await createArray(mem, "traces_seg0", {
      shape: [30000, 16],
      chunks: [7500, 16],
      dtype: "int16",
      compressor: { id: "blosc", cname: "zstd", clevel: 5, shuffle: 2, blocksize: 0 },
    });
    await createArray(mem, "channel_ids", { shape: [16], dtype: "<U2", compressor: null });
    await createArray(mem, "properties/is_good", { shape: [16], dtype: "bool", compressor: null });
    await createArray(mem, "properties/gain_to_uV", { shape: [16], dtype: "float64", compressor: null });
    await createArray(mem, "properties/group", { shape: [16], dtype: "int64", compressor: null });
    const dec = new TextDecoder();
    for (const p of [
      "traces_seg0",
      "channel_ids",
      "properties/is_good",
      "properties/gain_to_uV",
      "properties/group",
    ]) {
      assert.equal(
        dec.decode(mem.map.get(`/${p}/.zarray`)),
        text(`${FIX}/recording/recording.zarr/${p}/.zarray`),
        p,
      );
    }
    assert.equal(
      dec.decode(mem.map.get("/properties/.zgroup")),
      text(`${FIX}/recording/recording.zarr/properties/.zgroup`),
    );
    // Copying attributes with merge keeps Python's floats ("1.0") as floats.
    await mem.set("/.zattrs", (await store.get("/.zattrs"))!);
    await writeAttrs(mem, "", { num_segments: 2 }, { merge: true });
    assert.equal(dec.decode(mem.map.get("/.zattrs")), text(`${FIX}/recording/recording.zarr/.zattrs`));
  });
});

describe("SpikeInterface analyzer.zarr (consolidated)", () => {
  const exp = readJson(`${FIX}/analyzer/expected.json`);
  const raw = new FileSystemStore(`${FIX}/analyzer/analyzer.zarr`);

  test("lists children from .zmetadata", async () => {
    const store = await openConsolidated(raw);
    assert.deepEqual(await listChildren(store, ""), {
      arrays: ["recording", "sorting_provenance", "sparsity_mask"],
      groups: ["extensions", "recording_info", "sorting"],
    });
    assert.deepEqual((await listChildren(store, "sorting/spikes")).arrays, [
      "sample_index",
      "segment_slices",
      "unit_index",
    ]);
  });

  test("sorting: unit ids, Delta-filtered spikes, segment slices", async () => {
    const store = await openConsolidated(raw);
    assert.deepEqual(await readWhole(store, "sorting/unit_ids"), exp.unit_ids);
    const sample = (await readWhole(store, "sorting/spikes/sample_index")) as BigInt64Array;
    const unit = (await readWhole(store, "sorting/spikes/unit_index")) as BigInt64Array;
    const slices = (await readWhole(store, "sorting/spikes/segment_slices")) as BigInt64Array;
    assert.equal(sample.length, 116);
    assert.equal(unit.length, 116);
    assert.equal(Number(slices[3]), 116);
    for (let s = 0; s < 2; s++) {
      for (let i = Number(slices[2 * s]) + 1; i < Number(slices[2 * s + 1]); i++)
        assert.ok(sample[i] >= sample[i - 1]);
    }
    assert.ok(unit.every((u) => u >= 0n && u < 6n));
  });

  test("extension arrays: random spikes, waveforms (2 chunks), templates, noise levels, sparsity", async () => {
    const store = await openConsolidated(raw);
    const idx = (await readWhole(store, "extensions/random_spikes/random_spikes_indices")) as BigInt64Array;
    assert.deepEqual(Array.from(idx, Number), exp.random_spikes.indices);
    const wf = await openArray(store, "extensions/waveforms/waveforms");
    assert.deepEqual(wf.shape, exp.waveforms.all_shape);
    assert.deepEqual(wf.chunks, [58, 90, 16]);
    const avg = (await readWhole(store, "extensions/templates/average")) as Float64Array;
    assert.equal(
      avg.reduce((a, b) => a + b, 0),
      exp.templates.average_summary.sum,
    );
    assert.deepEqual(Array.from(avg.subarray(0, 5)), exp.templates.average_summary.first);
    const noise = (await readWhole(store, "extensions/noise_levels/noise_levels")) as Float32Array;
    assert.deepEqual(Array.from(noise), exp.noise_levels_extension.data);
    const mask = (await readWhole(store, "sparsity_mask")) as Uint8Array;
    assert.deepEqual(Array.from(mask, Boolean), exp.sparsity_mask_default.flat());
  });

  test("object arrays (json2 + Blosc lz4) decode to the provenance dicts", async () => {
    const store = await openConsolidated(raw);
    const [prov] = (await readWhole(store, "sorting_provenance")) as Record<string, unknown>[];
    assert.equal(prov.class, "spikeinterface.core.unitsselectionsorting.UnitsSelectionSorting");
    const [rec] = (await readWhole(store, "recording")) as Record<string, unknown>[];
    assert.equal(typeof rec.class, "string");
  });

  test("consolidating the same hierarchy reproduces Python's .zmetadata content", async () => {
    const mem = new MemoryStore();
    const dir = await raw.listDir("/");
    assert.ok(dir.keys.includes(".zmetadata"));
    // Copy every metadata file, then consolidate and compare the parsed JSON.
    const walk = async (prefix: string): Promise<void> => {
      const { keys, prefixes } = await raw.listDir(prefix as `/${string}`);
      for (const k of keys)
        if (k.startsWith(".z") && k !== ".zmetadata")
          await mem.set(`${prefix}${k}` as `/${string}`, (await raw.get(`${prefix}${k}` as `/${string}`))!);
      for (const p of prefixes) await walk(`${prefix}${p}/`);
    };
    await walk("/");
    await consolidateMetadata(mem);
    const ours = new TextDecoder().decode(mem.map.get("/.zmetadata"));
    assert.deepEqual(JSON.parse(ours), readJson(`${FIX}/analyzer/analyzer.zarr/.zmetadata`));
    assert.equal(ours, text(`${FIX}/analyzer/analyzer.zarr/.zmetadata`));
  });
});

describe("generated py.zarr (every codec and dtype; zarr-python 2.13)", () => {
  const exp = readJson(`${GEN}/expected.json`);
  const raw = new FileSystemStore(`${GEN}/py.zarr`);
  const plain = (v: unknown): unknown => {
    if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Array.from(v, Number);
    if (ArrayBuffer.isView(v))
      return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isNaN(x) ? null : x));
    return v;
  };

  for (const [name, e] of Object.entries(
    exp.arrays as Record<string, { values?: unknown[]; shape: number[] }>,
  )) {
    if (e.values === undefined) continue;
    test(`${name} reads as Python wrote it`, async () => {
      const store = await openConsolidated(raw);
      const a = await openArray(store, name);
      assert.deepEqual(a.shape, e.shape);
      let got = plain(await a.readWhole());
      if (a.dtype.kind === "bool") got = (got as number[]).map(Boolean);
      assert.deepEqual(got, e.values);
    });
  }

  test("big_mt: a 1.28 MB chunk whose Blosc blocks are stored out of order", async () => {
    const a = await openArray(raw, "big_mt", { cache: null });
    const check = (v: Int16Array, t0: number) => {
      for (let i = 0; i < v.length; i++) {
        const t = t0 + Math.floor(i / 16);
        const c = i % 16;
        assert.equal(v[i], ((t * 3 + c * 5) % 64) - 32);
      }
    };
    check((await a.readWhole()) as Int16Array, 0);
    // small windows take the partial (block) path
    for (const t0 of [0, 8191, 8192, 20000, 39990])
      check((await a.readRegion({ start: [t0, 0], end: [t0 + 10, 16] })) as Int16Array, t0);
  });

  test("root attributes with NaN and non-ASCII text; nested group attrs", async () => {
    const attrs = await readAttrs(raw, "");
    assert.equal(attrs.name, "café \u{1d11e}");
    assert.ok(Number.isNaN(attrs.nan_value as number));
    assert.deepEqual(attrs.nested, { a: [1, 2.5, null], b: true });
    assert.deepEqual(await readAttrs(raw, "nested/sub"), { k: [1, 2] });
    const mem = new MemoryStore();
    await writeAttrs(mem, "", { ...attrs, sampling_frequency: pyFloat(30000) });
    assert.equal(new TextDecoder().decode(mem.map.get("/.zattrs")), text(`${GEN}/py.zarr/.zattrs`));
  });

  test("our .zarray text equals Python's for the same arrays", async () => {
    const mem = new MemoryStore();
    const si = { id: "blosc", cname: "zstd", clevel: 5, shuffle: 2, blocksize: 0 };
    await createArray(mem, "blosc_zstd_bit", {
      shape: [1000, 4],
      chunks: [300, 4],
      dtype: "int16",
      compressor: si,
    });
    await createArray(mem, "delta_i8", {
      shape: [299],
      chunks: [100],
      dtype: "int64",
      compressor: si,
      filters: [{ id: "delta", dtype: "<i8" }],
    });
    await createArray(mem, "fill_nan", {
      shape: [10],
      chunks: [4],
      dtype: "float64",
      fillValue: Number.NaN,
      compressor: null,
    });
    await createArray(mem, "strs", { shape: [5], dtype: "<U5", compressor: null });
    await createArray(mem, "bools", { shape: [5], dtype: "bool", compressor: null });
    await createArray(mem, "t_starts", { shape: [3], dtype: "float64", compressor: null });
    await createArray(mem, "slash_sep", {
      shape: [3, 4],
      chunks: [2, 2],
      dtype: "int16",
      compressor: null,
      dimensionSeparator: "/",
    });
    await createArray(mem, "zstd", {
      shape: [1000, 4],
      chunks: [512, 4],
      dtype: "int32",
      compressor: { id: "zstd", level: 3 },
    });
    await createArray(mem, "gzip", {
      shape: [1000, 4],
      chunks: [512, 4],
      dtype: "uint16",
      compressor: { id: "gzip", level: 5 },
    });
    await createArray(mem, "obj_json", { shape: [1], dtype: "|O", filters: [JSON2_CONFIG] });
    const dec = new TextDecoder();
    for (const name of [
      "blosc_zstd_bit",
      "delta_i8",
      "fill_nan",
      "strs",
      "bools",
      "t_starts",
      "slash_sep",
      "zstd",
      "gzip",
    ]) {
      assert.equal(dec.decode(mem.map.get(`/${name}/.zarray`)), text(`${GEN}/py.zarr/${name}/.zarray`), name);
    }
    // numcodecs 0.11 writes fewer JSON-codec keys than 0.15 (SpikeInterface's fixture): compare those.
    const ours = JSON.parse(dec.decode(mem.map.get("/obj_json/.zarray")));
    const theirs = readJson(`${FIX}/analyzer/analyzer.zarr/sorting_provenance/.zarray`);
    assert.deepEqual(ours, theirs);
    assert.equal(zarrJsonDumps(ours), text(`${FIX}/analyzer/analyzer.zarr/sorting_provenance/.zarray`));
  });

  test("an unsupported codec (bz2) fails with an error naming the codec and the array", async () => {
    await assert.rejects(openArray(raw, "bz2"), (err: unknown) => {
      assert.ok(err instanceof UnsupportedCodecError);
      assert.match(err.message, /"bz2"/);
      assert.match(err.message, /bz2\/\.zarray/);
      return true;
    });
  });
});
