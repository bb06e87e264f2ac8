import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import fc from "fast-check";
import { InvalidArgumentError } from "../../src/errors.js";
import { ensureChunkSize } from "../../src/jobs/chunk-size.js";
import { divideIntoChunks, divideSegmentIntoChunks } from "../../src/jobs/chunks.js";
import {
  fixJobKwargs,
  type JobKwargs,
  resetGlobalJobKwargs,
  setGlobalJobKwargs,
} from "../../src/jobs/job-kwargs.js";
import { chunkDurationToChunkSize, convertStringToBytes } from "../../src/jobs/units.js";

function throwsNaming(fn: () => unknown, name: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvalidArgumentError, `expected InvalidArgumentError, got ${String(err)}`);
    assert.ok(err.message.includes(name), `message ${JSON.stringify(err.message)} should name ${name}`);
    return true;
  });
}

afterEach(() => resetGlobalJobKwargs());

// examples.md §8: 384 channels, int16, 30 kHz (768 bytes per sample), one segment of 300000, 2 CPUs.
const REC = { samplingFrequency: 30000, numChannels: 384, itemsize: 2, segmentLengths: [300000] };
const CPUS = 2;
function chunkSizeFor(runtime: JobKwargs): number {
  return ensureChunkSize(REC, fixJobKwargs(runtime, { cpuCount: CPUS }), CPUS);
}

describe("ensureChunkSize (examples.md §8)", () => {
  const rows: [string, JobKwargs, number][] = [
    ["{} (global chunkDuration 1s)", {}, 30000],
    ['chunkDuration "500ms"', { chunkDuration: "500ms" }, 15000],
    ["chunkDuration 0.5", { chunkDuration: 0.5 }, 15000],
    ['chunkDuration "0.3333s"', { chunkDuration: "0.3333s" }, 9999],
    ['chunkDuration "2.5ms"', { chunkDuration: "2.5ms" }, 75],
    ['chunkDuration "0.1ms"', { chunkDuration: "0.1ms" }, 3],
    ['chunkMemory "10M"', { chunkMemory: "10M" }, 13020],
    ['chunkMemory "10M", nJobs 2', { chunkMemory: "10M", nJobs: 2 }, 13020],
    ['chunkMemory "10Mi"', { chunkMemory: "10Mi" }, 13653],
    ['chunkMemory "1.5M"', { chunkMemory: "1.5M" }, 1953],
    ['chunkMemory "100k"', { chunkMemory: "100k" }, 130],
    ['chunkMemory "1G"', { chunkMemory: "1G" }, 1302083],
    ['totalMemory "100M"', { totalMemory: "100M" }, 130208],
    ['totalMemory "100M", nJobs 2', { totalMemory: "100M", nJobs: 2 }, 65104],
    ['totalMemory "1G"', { totalMemory: "1G" }, 1302083],
    ['totalMemory "1G", nJobs 2', { totalMemory: "1G", nJobs: 2 }, 651041],
    ['chunkSize 1000 + chunkDuration "1s"', { chunkSize: 1000, chunkDuration: "1s" }, 1000],
    ['chunkDuration "1s", nJobs 2', { chunkDuration: "1s", nJobs: 2 }, 30000],
    [
      "all four chunk keys null",
      { chunkSize: null, chunkMemory: null, totalMemory: null, chunkDuration: null },
      30000,
    ],
  ];
  for (const [label, runtime, expected] of rows) {
    test(`${label} → ${expected}`, () => assert.equal(chunkSizeFor(runtime), expected));
  }

  test("Python's int chunk_duration=1 is an error there; here 1 is one second", () => {
    assert.equal(chunkSizeFor({ chunkDuration: 1 }), 30000);
  });

  test('"1000us" and "1.5S" are errors naming the value', () => {
    throwsNaming(() => chunkSizeFor({ chunkDuration: "1000us" }), "1000us");
    throwsNaming(() => chunkSizeFor({ chunkDuration: "1.5S" }), "1.5S");
  });

  test('"10MiB" and "768" are errors naming the value', () => {
    throwsNaming(() => chunkSizeFor({ chunkMemory: "10MiB" }), "10MiB");
    throwsNaming(() => chunkSizeFor({ chunkMemory: "768" }), "768");
  });

  test("chunkMemory with totalMemory is an error naming both", () => {
    assert.throws(
      () => ensureChunkSize(REC, { chunkMemory: "10M", totalMemory: "100M" }, CPUS),
      (err: unknown) =>
        err instanceof InvalidArgumentError && err.message.includes("10M") && err.message.includes("100M"),
    );
  });

  test("no chunk key: largest segment with one job, error with two", () => {
    const rec = { ...REC, segmentLengths: [1000, 300000, 5] };
    assert.equal(ensureChunkSize(rec, {}, CPUS), 300000);
    assert.equal(ensureChunkSize(rec, { nJobs: 1 }, CPUS), 300000);
    throwsNaming(() => ensureChunkSize(rec, { nJobs: 2 }, CPUS), "nJobs=2");
  });

  test("global chunkMemory set next to the default duration: memory wins (13020)", () => {
    setGlobalJobKwargs({ chunkMemory: "10M" });
    assert.equal(chunkSizeFor({}), 13020);
  });

  test("raw nJobs -1 is resolved before dividing totalMemory", () => {
    assert.equal(ensureChunkSize(REC, { totalMemory: "100M", nJobs: -1 }, CPUS), 65104);
  });

  test("a budget below one sample is an error, not a zero chunk", () => {
    throwsNaming(() => ensureChunkSize(REC, { chunkMemory: "0.5k" }, CPUS), "0.5k");
    throwsNaming(() => ensureChunkSize(REC, { chunkDuration: "0.01ms" }, CPUS), "0.01ms");
  });
});

describe("convertStringToBytes", () => {
  const rows: [string, number][] = [
    ["1k", 1000],
    ["1Ki", 1024],
    ["1M", 1e6],
    ["1Mi", 1048576],
    ["1G", 1e9],
    ["1Gi", 1073741824],
    ["1T", 1e12],
    ["1P", 1e15],
    ["1Pi", 1125899906842624],
    ["0.5G", 500000000],
    ["2.5Mi", 2621440],
  ];
  for (const [input, expected] of rows) {
    test(`${input} → ${expected}`, () => assert.equal(convertStringToBytes(input), expected));
  }
  for (const input of ["100", "1KB", "1K", "1m", "100MiB", "M", "abcM", "-1M"]) {
    test(`${input} is an error naming it`, () => throwsNaming(() => convertStringToBytes(input), input));
  }
});

describe("chunkDurationToChunkSize", () => {
  test("strings and seconds at 30 kHz", () => {
    const f = (d: string | number) => chunkDurationToChunkSize(d, 30000);
    assert.deepEqual(
      [f("1s"), f("500ms"), f(0.5), f("0.3333s"), f("2.5ms"), f("0.1ms"), f(2)],
      [30000, 15000, 15000, 9999, 75, 3, 60000],
    );
  });
  test("bad durations name the value", () => {
    for (const d of ["1000us", "1.5S", "1", "s", "xms", "0s"]) {
      throwsNaming(() => chunkDurationToChunkSize(d, 30000), d);
    }
    throwsNaming(() => chunkDurationToChunkSize(Number.NaN, 30000), "NaN");
  });
});

describe("division into chunks", () => {
  test("spec examples", () => {
    const pairs = (n: number, cs: number | null) =>
      divideSegmentIntoChunks(n, cs).map((r) => [r.start, r.end]);
    assert.deepEqual(pairs(10, 3), [
      [0, 3],
      [3, 6],
      [6, 9],
      [9, 10],
    ]);
    assert.equal(pairs(9, 3).length, 3);
    assert.deepEqual(pairs(10, null), [[0, 10]]);
    assert.deepEqual(pairs(10, 10), [[0, 10]]);
    assert.deepEqual(pairs(10, 20), [[0, 10]]);
    assert.deepEqual(pairs(0, 3), [[0, 0]]);
  });

  test("bad sizes name the value", () => {
    throwsNaming(() => divideSegmentIntoChunks(10, 0), "0");
    throwsNaming(() => divideSegmentIntoChunks(-5, 3), "-5");
    throwsNaming(() => divideSegmentIntoChunks(10, 2.5), "2.5");
  });

  test("property: every frame of every segment is covered exactly once, in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 5 }),
        fc.option(fc.integer({ min: 1, max: 6000 })),
        (lengths, chunkSize) => {
          const chunks = divideIntoChunks(lengths, chunkSize);
          lengths.forEach((n, seg) => {
            const mine = chunks.filter((c) => c.segmentIndex === seg);
            assert.ok(mine.length >= 1);
            assert.equal(mine[0].start, 0);
            assert.equal(mine[mine.length - 1].end, n);
            for (let i = 1; i < mine.length; i++) assert.equal(mine[i].start, mine[i - 1].end);
            for (const c of mine) {
              assert.ok(c.end >= c.start);
              if (chunkSize !== null) assert.ok(c.end - c.start <= chunkSize);
            }
            const full = chunkSize === null || chunkSize >= n ? 1 : Math.ceil(n / chunkSize);
            assert.equal(mine.length, full);
          });
          const segs = chunks.map((c) => c.segmentIndex);
          assert.deepEqual(
            segs,
            [...segs].sort((a, b) => a - b),
          );
        },
      ),
    );
  });
});
