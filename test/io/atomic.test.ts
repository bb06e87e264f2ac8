/** Temporary folders of atomic writes do not outlive an interrupted process. */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { removeStaleTemps, writeFolderAtomic } from "../../src/io/atomic.js";
import { tempDir } from "./formats/helpers.js";

const { dir, cleanup } = tempDir("si-atomic-");
after(cleanup);

const CHILD = new URL("./atomic-child.ts", import.meta.url).pathname;

function temps(parent: string): string[] {
  return readdirSync(parent).filter((n) => n.includes(".tmp-"));
}

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((res) => child.on("exit", (code, signal) => res({ code, signal })));
}

/** Starts a slow save in a child, sends SIGINT once its temp folder exists, returns how it ended. */
async function interruptedSave(name: string, format: string, mode = "") {
  const parent = join(dir, name);
  mkdirSync(parent);
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, join(parent, "out"), format, mode], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout?.on("data", (d) => {
    stdout += String(d);
  });
  const end = exited(child);
  await until(() => temps(parent).length > 0, 30_000);
  child.kill("SIGINT");
  const how = await end;
  return { ...how, parent, stdout };
}

describe("atomic writes and process ends", () => {
  test("SIGINT mid-save: the temp folder is removed and the process still dies by SIGINT", async () => {
    const { signal, code, parent, stdout } = await interruptedSave("binary", "binary");
    assert.deepEqual({ signal, code }, { signal: "SIGINT", code: null });
    assert.equal(stdout.includes("finished"), false);
    assert.deepEqual(readdirSync(parent), []);
  });

  test("SIGINT mid-save of a zarr folder with the script's own handler calling process.exit(130)", async () => {
    const { signal, code, parent } = await interruptedSave("zarr", "zarr", "handler");
    assert.deepEqual({ signal, code }, { signal: null, code: 130 });
    assert.deepEqual(readdirSync(parent), []);
  });

  test("stale temp folders of dead processes are removed at the next write, live ones kept", async () => {
    const parent = join(dir, "stale");
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
    assert.ok(deadPid !== undefined && deadPid > 0);
    const dead = join(parent, `.out.tmp-${deadPid}-abc-def`);
    const live = join(parent, `.out.tmp-${process.ppid}-abc-def`);
    const other = join(parent, `.other.tmp-${deadPid}-abc-def`);
    for (const d of [dead, live, other]) {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, "traces.raw"), new Uint8Array(1000));
    }
    await writeFolderAtomic(join(parent, "out"), {}, (tmp) => writeFileSync(join(tmp, "x"), "x"));
    assert.equal(existsSync(dead), false);
    assert.equal(existsSync(live), true);
    assert.equal(existsSync(other), true);
    assert.equal(existsSync(join(parent, "out", "x")), true);
    assert.deepEqual(removeStaleTemps(join(parent, "out")), []);
  });

  test("no signal listener is left once the write is over", async () => {
    const before = process.listenerCount("SIGINT");
    let during = -1;
    await writeFolderAtomic(join(dir, "listeners"), {}, () => {
      during = process.listenerCount("SIGINT");
    });
    assert.equal(during, before + 1);
    assert.equal(process.listenerCount("SIGINT"), before);
  });
});
