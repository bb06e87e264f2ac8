/**
 * The independent reader of the python-reader tests: Debian's /usr/bin/python3 with numpy and zarr
 * (no SpikeInterface). `skip` is the reason to skip when it cannot import them (install
 * python3-zarr python3-numpy python3-numcodecs); CI installs them and sets
 * SI_TS_REQUIRE_PYTHON_READER=1, so there a missing reader fails instead of skipping.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

export const PYTHON = "/usr/bin/python3";
const probe = spawnSync(PYTHON, ["-c", "import zarr, numpy, numcodecs"], { encoding: "utf8" });
const missing =
  probe.status === 0
    ? false
    : `${PYTHON} cannot import zarr and numpy (${(probe.stderr || String(probe.error)).trim().split("\n").pop()})`;
if (missing && process.env.SI_TS_REQUIRE_PYTHON_READER === "1") throw new Error(missing);
export const skip: string | false = missing;

/** Runs `script` (Python source) with `args`; returns its stdout, asserting exit status 0. */
export function runPython(script: string, ...args: string[]): string {
  const run = spawnSync(PYTHON, ["-c", script, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}
