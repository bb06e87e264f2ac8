/**
 * zarr-python (Debian's python3-zarr, no SpikeInterface) reads a zarr folder with every codec and
 * dtype we write and compares each array with the values we wrote (check_js_written.py next to the
 * Python-written fixtures). Skips like ../python-reader.ts says.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { FileSystemStore } from "../../../src/io/zarr/fs-store.node.js";
import {
  consolidateMetadata,
  createGroup,
  getDefaultZarrCompressor,
  JSON2_CONFIG,
  pyFloat,
  writeArray,
  type ZarrValues,
} from "../../../src/io/zarr/index.js";
import { tempDir } from "../formats/helpers.js";
import { runPython, skip } from "../python-reader.js";

const CHECK_SCRIPT = new URL("../../fixtures/generated/zarr/check_js_written.py", import.meta.url);
const { dir, cleanup } = tempDir("si-zarr-pyread-");
after(cleanup);

function gaussInt16(n: number, std: number, seed: number): Int16Array {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++)
    out[i] = Math.round(Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd()) * std);
  return out;
}

const folder = join(dir, "js.zarr");
const store = new FileSystemStore(folder);
const expected: Record<string, unknown> = {};

async function put(name: string, values: ZarrValues | boolean[], opts: Parameters<typeof writeArray>[3]) {
  await writeArray(store, name, values, opts);
  const plain = ArrayBuffer.isView(values)
    ? Array.from(values as ArrayLike<number | bigint>, (v) => (typeof v === "bigint" ? v.toString() : v))
    : values;
  expected[name] = { values: plain, shape: opts?.shape ?? [(values as ArrayLike<unknown>).length] };
}

const blosc = (cname: string, clevel: number, shuffle: number, blocksize = 0) => ({
  id: "blosc",
  cname,
  clevel,
  shuffle,
  blocksize,
});

describe("zarr-python reads every codec and dtype we write", { skip }, () => {
  test("Blosc (each cname and shuffle, odd block size), Zstd, LZ4, GZip, Zlib, Delta, object/vlen/bool/unicode arrays", async () => {
    await createGroup(store, "", {
      attrs: { sampling_frequency: pyFloat(30000), name: "js \u00e9", nan: Number.NaN },
    });
    const noise = gaussInt16(30000 * 16, 20, 7);
    const si = getDefaultZarrCompressor();
    await put("si_default", noise, {
      shape: [30000, 16],
      chunks: [7000, 16],
      compressor: si,
    });
    await put(
      "si_default_f4",
      Float32Array.from(noise, (v) => v * 0.195),
      {
        shape: [30000, 16],
        chunks: [30000, 16],
        compressor: si,
      },
    );
    await put(
      "si_default_i8",
      BigInt64Array.from(noise.subarray(0, 5000), (v) => BigInt(v) * 1000003n),
      { compressor: si, chunks: [3000] },
    );
    const part = noise.subarray(0, 20000);
    await put("blosc_odd", noise.subarray(0, 1003), {
      compressor: blosc("zstd", 5, 2, 250),
    });
    await put("blosc_zstd_byte", part, { compressor: blosc("zstd", 3, 1) });
    await put("blosc_zstd_noshuffle", part, { compressor: blosc("zstd", 1, 0) });
    await put("blosc_lz4", part, { compressor: blosc("lz4", 5, 1) });
    await put("blosc_lz4hc", part, { compressor: blosc("lz4hc", 9, 2) });
    await put("blosc_zlib", part, { compressor: blosc("zlib", 5, 2) });
    await put("blosc_blosclz", part, { compressor: blosc("blosclz", 5, 1) });
    await put("zstd", part, { compressor: { id: "zstd", level: 5 } });
    await put("lz4", part, { compressor: { id: "lz4", acceleration: 1 } });
    await put("gzip", part, { compressor: { id: "gzip", level: 5 } });
    await put("zlib", part, { compressor: { id: "zlib", level: 5 } });
    const spikes = new BigInt64Array(2000);
    for (let i = 1; i < spikes.length; i++) spikes[i] = spikes[i - 1] + BigInt(noise[i] & 63);
    await put("delta_i8", spikes, {
      compressor: si,
      filters: [{ id: "delta", dtype: "<i8", astype: "<i8" }],
      chunks: [700],
    });
    await put("t_starts", Float64Array.from([Number.NaN, 10.5]), { compressor: null });
    await put("channel_ids", ["0", "1", "10", "caf\u00e9", "\u{1d11e}"], {
      compressor: null,
    });
    await put("is_good", [true, false, true], { compressor: null });
    await put("obj", [{ class: "x", kwargs: { a: [1, 2.5, null] } }], {
      dtype: "|O",
      filters: [JSON2_CONFIG],
    });
    await put("vlen", ["a", "bb", "\u00e9"], {
      dtype: "|O",
      filters: [{ id: "vlen-utf8" }],
      compressor: null,
    });
    await put("nested/group/arr", Int32Array.from([1, 2, 3]), { compressor: null });
    await consolidateMetadata(store);
    writeFileSync(join(folder, "expected.json"), JSON.stringify(expected));
    const report = runPython(readFileSync(CHECK_SCRIPT, "utf8"), folder);
    const lines = report.split("\n").filter((l) => l.includes(" ratio="));
    assert.equal(lines.length, Object.keys(expected).length, report);
    for (const line of lines) assert.match(line, / EQUAL ratio=/, line);
  });
});
