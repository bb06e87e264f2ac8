import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { FileFormatError, isSiError } from "../../src/index.js";
import { writeFolderAtomic } from "../../src/io/atomic.js";
import { parsePythonJson, toPythonJson } from "../../src/io/json.js";
import { makePathsAbsolute, makePathsRelative } from "../../src/io/paths.js";

test("Python JSON with bare NaN / Infinity reads and writes back", () => {
  const v = parsePythonJson('{"t_starts": [NaN, 10.0], "x": -Infinity, "s": "NaN inside"}') as Record<
    string,
    unknown
  >;
  assert.ok(Number.isNaN((v.t_starts as number[])[0]));
  assert.equal((v.t_starts as number[])[1], 10);
  assert.equal(v.x, Number.NEGATIVE_INFINITY);
  assert.equal(v.s, "NaN inside");
  assert.equal(toPythonJson({ a: [Number.NaN, 1.5] }, 0).replace(/\s/g, ""), '{"a":[NaN,1.5]}');
  assert.throws(
    () => parsePythonJson("{oops", "x.json"),
    (e) => e instanceof FileFormatError && /x\.json/.test(e.message),
  );
});

test("relative paths: only existing *path* leaves, moved folders load", () => {
  const root = mkdtempSync(join(tmpdir(), "si-paths-"));
  try {
    mkdirSync(join(root, "data"));
    writeFileSync(join(root, "data", "a.raw"), "x");
    const d = {
      kwargs: {
        file_paths: [join(root, "data", "a.raw"), "/nowhere/b.raw"],
        other: join(root, "data", "a.raw"),
      },
      relative_paths: false,
    };
    const rel = makePathsRelative(d, join(root, "folder"));
    assert.equal(rel.relative_paths, true);
    assert.deepEqual(rel.kwargs.file_paths, ["../data/a.raw", "/nowhere/b.raw"]);
    assert.equal(rel.kwargs.other, d.kwargs.other);
    const abs = makePathsAbsolute(rel, join(root, "folder"));
    assert.equal(abs.kwargs.file_paths[0], join(root, "data", "a.raw"));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("atomic folder writes refuse to overwrite and leave nothing behind on failure", async () => {
  const root = mkdtempSync(join(tmpdir(), "si-atomic-"));
  try {
    const target = join(root, "out");
    await writeFolderAtomic(target, {}, (tmp) => writeFileSync(join(tmp, "a.txt"), "1"));
    assert.ok(existsSync(join(target, "a.txt")));
    await assert.rejects(
      writeFolderAtomic(target, {}, () => undefined),
      (e) => isSiError(e, "file_exists") && e.message.includes(target),
    );
    await assert.rejects(
      writeFolderAtomic(target, { overwrite: true }, (tmp) => {
        writeFileSync(join(tmp, "b.txt"), "2");
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.deepEqual(readdirSync(target), ["a.txt"]);
    assert.deepEqual(readdirSync(root), ["out"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
