import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, test } from "node:test";
import { divideIntoChunks } from "../../src/jobs/chunks.js";
import { createProgressSink, noopProgressSink } from "../../src/jobs/progress.js";
import { runChunks } from "../../src/jobs/run-chunks.js";

/** A stream that records what is written and claims (or not) to be a terminal. */
class FakeStream extends Writable {
  text = "";
  columns = 120;
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

// Strip ANSI escapes (cursor moves, line clears) to read what the user sees.
const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}[78]`, "g");
const plain = (s: string) => s.replace(ANSI, "");

describe("progress sink", () => {
  test("progressBar false: no-op sink, nothing written even on a TTY", async () => {
    const stream = new FakeStream(true);
    const sink = await createProgressSink({ progressBar: false, stream });
    assert.equal(sink, noopProgressSink);
    sink.start(3, "job");
    sink.tick(3);
    sink.stop();
    assert.equal(stream.text, "");
  });

  test("not a TTY: no-op sink, nothing written", async () => {
    const stream = new FakeStream(false);
    const sink = await createProgressSink({ progressBar: true, stream });
    assert.equal(sink, noopProgressSink);
    sink.start(3, "job");
    sink.tick(3);
    sink.stop();
    assert.equal(stream.text, "");
  });

  test("a TTY with progressBar true draws label, counts, rate and ETA", async () => {
    const stream = new FakeStream(true);
    const sink = await createProgressSink({ progressBar: true, stream });
    assert.notEqual(sink, noopProgressSink);
    sink.start(4, "write_binary");
    sink.tick(1);
    sink.tick(3);
    sink.stop();
    const seen = plain(stream.text);
    assert.match(seen, /write_binary \[/);
    assert.match(seen, /100% \| 4\/4 chunks \| [\d.]+ chunks\/s \| ETA/);
  });

  test("runChunks draws on a fake TTY when asked, and writes nothing when not", async () => {
    const chunks = divideIntoChunks([600], 100);
    const task = new URL("./fixtures/sum-task.ts", import.meta.url);
    const tty = new FakeStream(true);
    await runChunks({
      chunks,
      task,
      initArgs: { numChannels: 1 },
      progressBar: true,
      progressStream: tty,
      jobName: "demo",
    });
    assert.match(plain(tty.text), /demo \[.*\] 100% \| 6\/6 chunks/);
    const quiet = new FakeStream(true);
    await runChunks({
      chunks,
      task,
      initArgs: { numChannels: 1 },
      progressBar: false,
      progressStream: quiet,
    });
    const pipe = new FakeStream(false);
    await runChunks({
      chunks,
      task,
      initArgs: { numChannels: 1 },
      progressBar: true,
      progressStream: pipe,
      nJobs: 2,
    });
    assert.equal(quiet.text + pipe.text, "");
  });
});
