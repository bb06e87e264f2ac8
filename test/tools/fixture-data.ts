/**
 * Loaders for the Python SpikeInterface fixtures used by the sparsity, templates and tools tests:
 * the int16 ground-truth recording (read straight from its raw files), the sorting's spike vector
 * and a minimal .npy reader.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NumpyRecording, NumpySorting } from "../../src/index.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "python-si");

export function readJson<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, relative), "utf8")) as T;
}

export interface Npy {
  descr: string;
  shape: number[];
  /** Numbers for numeric dtypes (int64 converted to number), 0/1 for bool. */
  data: Float64Array | Float32Array | Int16Array | Uint8Array;
  /** Raw bytes after the header (for structured dtypes). */
  bytes: Uint8Array;
}

export function readNpy(relative: string): Npy {
  const buf = readFileSync(join(FIXTURES, relative));
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + headerLen).toString("latin1");
  const descr = /'descr':\s*('([^']*)'|\[.*\])/.exec(header)?.[1] ?? "";
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  const body = buf.subarray(start + headerLen);
  const bytes = new Uint8Array(body.length);
  bytes.set(body);
  const ab = bytes.buffer;
  let data: Npy["data"];
  if (descr === "'<f8'") data = new Float64Array(ab);
  else if (descr === "'<f4'") data = new Float32Array(ab);
  else if (descr === "'<i2'") data = new Int16Array(ab);
  else if (descr === "'|b1'") data = new Uint8Array(ab);
  else if (descr === "'<i8'") data = Float64Array.from(new BigInt64Array(ab), Number);
  else data = new Uint8Array(ab);
  return { descr, shape, data, bytes };
}

export const CHANNEL_IDS = Array.from({ length: 16 }, (_, i) => String(i));
export const UNIT_IDS = Array.from({ length: 6 }, (_, i) => String(i));

/** The fixture recording: int16, 16 channels, 2 segments (30000 and 18000 samples), gains 0.195 / −3.9. */
export function loadFixtureRecording(): NumpyRecording {
  const seg = (i: number) => {
    const b = readFileSync(join(FIXTURES, "recording", "recording_binary", `traces_cached_seg${i}.raw`));
    const data = new Int16Array(b.length / 2);
    new Uint8Array(data.buffer).set(b);
    return { data, shape: [data.length / 16, 16] as [number, number] };
  };
  const rec = new NumpyRecording({
    tracesList: [seg(0), seg(1)],
    samplingFrequency: 30000,
    tStarts: [0, 10],
    channelIds: CHANNEL_IDS,
  });
  rec.setChannelGains(0.195);
  rec.setChannelOffsets(-3.9);
  const probe = readJson<{ probe: { channel_locations: number[][]; channel_groups: number[] } }>(
    "recording/expected.json",
  ).probe;
  rec.setDummyProbeFromLocations(probe.channel_locations);
  rec.setChannelGroups(probe.channel_groups);
  return rec;
}

/** Flat channel locations of the fixture probe (16 × 2). */
export function fixtureLocations(): Float64Array {
  const probe = readJson<{ probe: { channel_locations: number[][] } }>("recording/expected.json").probe;
  return Float64Array.from(probe.channel_locations.flat());
}

/** The analyzer fixture's sorting (numpy folder): 116 spikes, 6 units, 2 segments. */
export function loadFixtureSorting(): NumpySorting {
  const npy = readNpy("analyzer/analyzer_binary_folder/sorting/spikes.npy");
  const n = npy.shape[0];
  const all = new BigInt64Array(npy.bytes.buffer, 0, n * 3);
  const spikes = {
    sampleIndex: Float64Array.from({ length: n }, (_, i) => Number(all[3 * i])),
    unitIndex: Int32Array.from({ length: n }, (_, i) => Number(all[3 * i + 1])),
    segmentIndex: Int32Array.from({ length: n }, (_, i) => Number(all[3 * i + 2])),
  };
  const sorting = new NumpySorting({ spikes, samplingFrequency: 30000, unitIds: UNIT_IDS, numSegments: 2 });
  const group = readNpy("analyzer/analyzer_binary_folder/sorting/properties/group.npy");
  sorting.setProperty("group", Array.from(group.data));
  return sorting;
}

/** Mask rows as "1010" strings, for compact comparisons with examples.md. */
export function maskRows(mask: Uint8Array, numChannels: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < mask.length; i += numChannels)
    rows.push(Array.from(mask.subarray(i, i + numChannels)).join(""));
  return rows;
}

/** Active channel ids per unit from a mask, as the fixture's unit → channel id lists. */
export function maskToIdLists(
  mask: Uint8Array,
  numChannels: number,
  channelIds: readonly string[],
): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < mask.length; i += numChannels) {
    out.push(channelIds.filter((_, c) => mask[i + c] === 1));
  }
  return out;
}
