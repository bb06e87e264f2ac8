import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { nJobsForTransfer, transferProblem } from "../../src/base/transfer.js";
import "../../src/io/folders/index.js";
import { saveBinaryFolder } from "../../src/io/folders/save-binary.js";
import type { GetTracesOptions } from "../../src/recording/base-recording.js";
import { NumpyRecording } from "../../src/recording/numpy-recording.js";
import type { Traces } from "../../src/traces.js";

const dir = mkdtempSync(join(tmpdir(), "si-transfer-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const N = 3000;
const C = 3;
const tracesList = () => [
  { data: Int16Array.from({ length: N * C }, (_, i) => (i % 200) - 100), shape: [N, C] as const },
];

/** A user's subclass whose data differs from what its dict (a NumpyRecording) describes. */
class PlusThousand extends NumpyRecording {
  override async getTraces(options: GetTracesOptions = {}): Promise<Traces> {
    const t = await super.getTraces(options);
    const data = Int16Array.from(t.data as Int16Array, (v) => v + 1000);
    return { ...t, data };
  }
}

function captureWarnings(): { messages: string[]; stop: () => void } {
  const messages: string[] = [];
  const listener = (w: Error) => messages.push(w.message);
  process.on("warning", listener);
  return { messages, stop: () => process.off("warning", listener) };
}

async function savedInt16(rec: NumpyRecording, nJobs: number, name: string): Promise<Int16Array> {
  const folder = join(dir, name);
  await saveBinaryFolder(rec, { folder, nJobs, chunkSize: 500, progressBar: false });
  const bytes = readFileSync(join(folder, "traces_cached_seg0.raw"));
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
}

describe("transfer to workers", () => {
  test("a subclass overriding getTraces saves the same numbers at nJobs 1 and 2, with a warning", async () => {
    const rec = new PlusThousand({ tracesList: tracesList(), samplingFrequency: 1000 });
    const w = captureWarnings();
    const one = await savedInt16(rec, 1, "sub1");
    const two = await savedInt16(rec, 2, "sub2");
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    w.stop();
    assert.equal(one[0], -100 + 1000);
    assert.deepEqual(two, one);
    assert.equal(w.messages.length, 1);
    assert.match(w.messages[0], /PlusThousand.*NumpyRecording/);
    assert.match((await transferProblem(rec)) ?? "", /class PlusThousand is not the class registered/);
  });

  test("a registered class keeps its nJobs and no warning", async () => {
    const rec = new NumpyRecording({ tracesList: tracesList(), samplingFrequency: 1000 });
    const w = captureWarnings();
    assert.equal(await transferProblem(rec), null);
    assert.equal(await nJobsForTransfer(rec, 2, "job"), 2);
    const two = await savedInt16(rec, 2, "plain2");
    await new Promise((r) => setImmediate(r));
    w.stop();
    assert.equal(two[0], -100);
    assert.deepEqual(w.messages, []);
  });
});
