import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { InvalidArgumentError } from "../../src/errors.js";
import { getCpuCount, setCpuCountProvider } from "../../src/jobs/cpu-count.js";
import {
  fixJobKwargs,
  getGlobalJobKwargs,
  isSetGlobalJobKwargsSet,
  type JobKwargs,
  resetGlobalJobKwargs,
  setGlobalJobKwargs,
  splitJobKwargs,
} from "../../src/jobs/job-kwargs.js";

function throwsNaming(fn: () => unknown, name: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvalidArgumentError, `expected InvalidArgumentError, got ${String(err)}`);
    assert.ok(err.message.includes(name), `message ${JSON.stringify(err.message)} should name ${name}`);
    return true;
  });
}

afterEach(() => {
  resetGlobalJobKwargs();
  setCpuCountProvider(null);
});

describe("global job kwargs", () => {
  test("defaults are SpikeInterface's, camelCased", () => {
    assert.deepEqual(getGlobalJobKwargs(), {
      poolEngine: "process",
      nJobs: 1,
      chunkDuration: "1s",
      progressBar: true,
      mpContext: null,
      maxThreadsPerWorker: 1,
    });
  });

  test("get returns a copy", () => {
    const g = getGlobalJobKwargs();
    g.nJobs = 7;
    assert.equal(getGlobalJobKwargs().nJobs, 1);
  });

  test("set merges (keeps other chunk keys) and sets the flag; reset keeps the flag", () => {
    setGlobalJobKwargs({ chunkMemory: "10M", progressBar: false });
    assert.equal(isSetGlobalJobKwargsSet(), true);
    const g = getGlobalJobKwargs();
    assert.equal(g.chunkDuration, "1s");
    assert.equal(g.chunkMemory, "10M");
    assert.equal(g.progressBar, false);
    resetGlobalJobKwargs();
    assert.equal(getGlobalJobKwargs().chunkMemory, undefined);
    assert.equal(isSetGlobalJobKwargsSet(), true);
  });

  test("set with null removes the key", () => {
    setGlobalJobKwargs({ chunkDuration: null });
    assert.equal("chunkDuration" in getGlobalJobKwargs(), false);
  });

  test("set rejects unknown keys and bad values, naming them", () => {
    throwsNaming(() => setGlobalJobKwargs({ nJob: 2 } as JobKwargs), "nJob");
    throwsNaming(() => setGlobalJobKwargs({ n_jobs: 2 } as JobKwargs), "nJobs"); // hint
    throwsNaming(() => setGlobalJobKwargs({ chunkMemory: "10MiB" }), "10MiB");
    assert.deepEqual(getGlobalJobKwargs().chunkMemory, undefined, "a failed set changes nothing");
  });
});

describe("fixJobKwargs", () => {
  // examples.md §8 on a 2-CPU machine. Python's `1.0` (float = all cores) is spelled "all" here.
  const table: [JobKwargs["nJobs"], number][] = [
    [1, 1],
    [2, 2],
    [4, 2],
    [100, 2],
    [-1, 2],
    [-2, 1],
    [-3, 1],
    [0.5, 1],
    ["all", 2],
    [0.01, 1],
    [1.5, 1],
    [null, 1],
  ];
  for (const [input, expected] of table) {
    test(`nJobs ${String(input)} → ${expected} with 2 CPUs`, () => {
      assert.equal(fixJobKwargs({ nJobs: input }, { cpuCount: 2 }).nJobs, expected);
    });
  }

  test("fractions and negatives on 8 CPUs", () => {
    const n = (v: number) => fixJobKwargs({ nJobs: v }, { cpuCount: 8 }).nJobs;
    assert.deepEqual(
      [n(0.5), n(0.25), n(0.99), n(-1), n(-2), n(-8), n(-9), n(3.9)],
      [4, 2, 7, 8, 7, 1, 1, 3],
    );
  });

  test("nJobs 0, a string, NaN and Infinity are errors naming the value", () => {
    throwsNaming(() => fixJobKwargs({ nJobs: 0 }, { cpuCount: 2 }), "nJobs=0");
    throwsNaming(() => fixJobKwargs({ nJobs: "2" as unknown as number }, { cpuCount: 2 }), '"2"');
    throwsNaming(() => fixJobKwargs({ nJobs: Number.NaN }, { cpuCount: 2 }), "NaN");
    throwsNaming(() => fixJobKwargs({ nJobs: Number.POSITIVE_INFINITY }, { cpuCount: 2 }), "Infinity");
  });

  test("the CPU count comes from the injectable provider", () => {
    setCpuCountProvider(() => 6);
    assert.equal(getCpuCount(), 6);
    assert.equal(fixJobKwargs({ nJobs: -1 }).nJobs, 6);
    setCpuCountProvider(() => 0);
    throwsNaming(() => fixJobKwargs({ nJobs: -1 }), "returned 0");
  });

  test("unknown runtime key is an error naming it", () => {
    throwsNaming(() => fixJobKwargs({ chunk_size: 10 } as JobKwargs), "chunk_size");
    throwsNaming(() => fixJobKwargs({ verbose: true } as JobKwargs), "verbose");
  });

  test("defaults come through", () => {
    assert.deepEqual(fixJobKwargs({}, { cpuCount: 2 }), {
      poolEngine: "process",
      nJobs: 1,
      chunkDuration: "1s",
      progressBar: true,
      mpContext: null,
      maxThreadsPerWorker: 1,
    });
  });

  test("a runtime chunk key removes every global chunk key", () => {
    setGlobalJobKwargs({ chunkMemory: "10M", totalMemory: "1G" });
    const f = fixJobKwargs({ chunkSize: 1000 }, { cpuCount: 2 });
    assert.equal(f.chunkSize, 1000);
    assert.equal(f.chunkMemory, undefined);
    assert.equal(f.totalMemory, undefined);
    assert.equal(f.chunkDuration, undefined);
  });

  test("runtime chunk keys that are null do not remove the globals", () => {
    setGlobalJobKwargs({ chunkMemory: "10M" });
    const f = fixJobKwargs(
      { chunkSize: null, chunkMemory: null, totalMemory: null, chunkDuration: null, nJobs: 2 },
      { cpuCount: 2 },
    );
    assert.equal(f.chunkMemory, "10M");
    assert.equal(f.chunkDuration, "1s");
    assert.equal(f.nJobs, 2);
  });

  test("non-chunk runtime keys override and leave global chunk keys alone", () => {
    setGlobalJobKwargs({ nJobs: -1, chunkDuration: "2s" });
    const f = fixJobKwargs({ progressBar: false, mpContext: "spawn", poolEngine: "thread" }, { cpuCount: 4 });
    assert.deepEqual(
      [f.nJobs, f.chunkDuration, f.progressBar, f.mpContext, f.poolEngine],
      [4, "2s", false, "spawn", "thread"],
    );
  });

  test("bad values are errors naming them", () => {
    throwsNaming(() => fixJobKwargs({ chunkSize: 10.5 }), "10.5");
    throwsNaming(() => fixJobKwargs({ chunkSize: 0 }), "chunkSize=0");
    throwsNaming(() => fixJobKwargs({ chunkDuration: "1000us" }), "1000us");
    throwsNaming(() => fixJobKwargs({ chunkDuration: -1 }), "-1");
    throwsNaming(() => fixJobKwargs({ totalMemory: "1K" }), "1K");
    throwsNaming(() => fixJobKwargs({ progressBar: "yes" as unknown as boolean }), '"yes"');
    throwsNaming(() => fixJobKwargs({ poolEngine: "fork" as "thread" }), '"fork"');
    throwsNaming(() => fixJobKwargs({ mpContext: "threads" as "spawn" }), '"threads"');
    throwsNaming(() => fixJobKwargs({ maxThreadsPerWorker: 0 }), "maxThreadsPerWorker=0");
  });
});

describe("splitJobKwargs", () => {
  test("separates specific options from fixed job kwargs", () => {
    const { specificKwargs, jobKwargs } = splitJobKwargs(
      { folder: "/tmp/x", overwrite: true, nJobs: -1, chunkSize: 500 },
      { cpuCount: 3 },
    );
    assert.deepEqual(specificKwargs, { folder: "/tmp/x", overwrite: true });
    assert.equal(jobKwargs.nJobs, 3);
    assert.equal(jobKwargs.chunkSize, 500);
    assert.equal(jobKwargs.chunkDuration, undefined);
  });
});
