import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { RowReader } from "../../src/jobs/row-reader.js";
import { NumpyRecording, readBinary } from "../../src/node.js";

const T = 500;
const C = 3;
const values = Int16Array.from({ length: T * C }, (_, i) => ((i * 7919) % 2001) - 1000);
const folder = mkdtempSync(join(tmpdir(), "si-row-reader-"));
after(() => rmSync(folder, { recursive: true, force: true }));
const timeMajor = join(folder, "t.raw");
writeFileSync(timeMajor, new Uint8Array(values.buffer));
// The same traces stored [channel][sample].
const channelMajorValues = new Int16Array(T * C);
for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) channelMajorValues[c * T + t] = values[t * C + c];
const channelMajor = join(folder, "c.raw");
writeFileSync(channelMajor, new Uint8Array(channelMajorValues.buffer));

for (const [name, filePaths, timeAxis] of [
  ["time-major", timeMajor, 0],
  ["channel-major", channelMajor, 1],
] as const) {
  test(`RowReader on a ${name} binary file reads what getTraces reads, into one reused buffer`, async () => {
    const rec = readBinary({ filePaths, samplingFrequency: 1000, dtype: "int16", numChannels: C, timeAxis });
    const reader = new RowReader();
    const a = await reader.read(rec, 0, 10, 60);
    assert.deepEqual(Array.from(a), Array.from(values.subarray(10 * C, 60 * C)));
    const b = await reader.read(rec, 0, 400, 430);
    assert.deepEqual(Array.from(b), Array.from(values.subarray(400 * C, 430 * C)));
    assert.ok(b instanceof Int16Array);
    assert.equal(a.buffer, b.buffer, "the second read reuses the first one's buffer");
  });
}

test("RowReader falls back to getTraces: in-memory segments, and ends past the segment (getTraces' rule)", async () => {
  const rec = new NumpyRecording({ tracesList: { data: values, shape: [T, C] }, samplingFrequency: 1000 });
  const reader = new RowReader();
  assert.deepEqual(Array.from(await reader.read(rec, 0, 5, 9)), Array.from(values.subarray(15, 27)));
  const bin = readBinary({ filePaths: timeMajor, samplingFrequency: 1000, dtype: "int16", numChannels: C });
  const past = await reader.read(bin, 0, 490, 510);
  const expected = await bin.getTraces({ segmentIndex: 0, startFrame: 490, endFrame: 510 });
  assert.deepEqual(Array.from(past), Array.from(expected.data));
  await assert.rejects(reader.read(bin, 0, -1, 5), /-1/);
});
