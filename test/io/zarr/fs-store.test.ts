import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { InvalidArgumentError } from "../../../src/errors.js";
import { FileSystemStore } from "../../../src/io/zarr/fs-store.node.js";
import {
  consolidateMetadata,
  createGroup,
  getDefaultZarrCompressor,
  listChildren,
  openArray,
  openConsolidated,
  readAttrs,
  writeArray,
} from "../../../src/io/zarr/index.js";

const dir = mkdtempSync(join(tmpdir(), "si-zarr-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("FileSystemStore", () => {
  test("get, ranged get, set, listDir, delete; missing keys read as undefined", async () => {
    const store = new FileSystemStore(join(dir, "s1"));
    assert.equal(await store.get("/nope"), undefined);
    assert.equal(await store.getRange("/nope", { offset: 0, length: 4 }), undefined);
    await store.set("/a/b/c", Uint8Array.from([1, 2, 3, 4, 5, 6]));
    assert.deepEqual(Array.from((await store.get("/a/b/c"))!), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from((await store.getRange("/a/b/c", { offset: 2, length: 3 }))!), [3, 4, 5]);
    assert.deepEqual(Array.from((await store.getRange("/a/b/c", { suffixLength: 2 }))!), [5, 6]);
    assert.deepEqual(Array.from((await store.getRange("/a/b/c", { offset: 5, length: 10 }))!), [6]);
    assert.equal(await store.get("/a/b"), undefined); // a directory is not a key
    await store.set("/a/x", new Uint8Array(1));
    assert.deepEqual(await store.listDir("/a/"), { keys: ["x"], prefixes: ["b"] });
    assert.deepEqual(await store.listDir("/missing/"), { keys: [], prefixes: [] });
    await store.delete("/a/x");
    assert.equal(existsSync(join(dir, "s1", "a", "x")), false);
  });

  test("keys must be absolute and may not escape the root", () => {
    const store = new FileSystemStore(join(dir, "s2"));
    assert.throws(
      () => store.pathOf("/a/../../etc/passwd" as `/${string}`),
      (e: unknown) =>
        e instanceof InvalidArgumentError && /"\/a\/\.\.\/\.\.\/etc\/passwd"/.test((e as Error).message),
    );
    assert.throws(() => store.pathOf("relative" as `/${string}`), /must start with "\/"/);
    assert.throws(() => new FileSystemStore(""), /non-empty path/);
  });

  test("a recording-like hierarchy on disk: Python's file layout, consolidated, re-read", async () => {
    const root = join(dir, "rec.zarr");
    const store = new FileSystemStore(root);
    await createGroup(store, "", { attrs: { sampling_frequency: 30000, num_segments: 1 } });
    const traces = Int16Array.from({ length: 3000 * 4 }, (_, i) => (i % 97) - 48);
    await writeArray(store, "traces_seg0", traces, {
      shape: [3000, 4],
      chunks: [1000, 4],
      compressor: getDefaultZarrCompressor(),
    });
    await writeArray(store, "channel_ids", ["a", "bb", "c", "d"], { compressor: null });
    await writeArray(store, "properties/group", BigInt64Array.from([0n, 0n, 1n, 1n]), { compressor: null });
    await consolidateMetadata(store);
    for (const f of [
      ".zgroup",
      ".zattrs",
      ".zmetadata",
      "traces_seg0/.zarray",
      "traces_seg0/0.0",
      "traces_seg0/2.0",
      "properties/.zgroup",
      "properties/group/0",
    ]) {
      assert.ok(existsSync(join(root, f)), f);
    }
    assert.equal(readFileSync(join(root, ".zgroup"), "utf8"), '{\n    "zarr_format": 2\n}');
    const zs = await openConsolidated(new FileSystemStore(root));
    assert.deepEqual(await listChildren(zs, ""), {
      arrays: ["channel_ids", "traces_seg0"],
      groups: ["properties"],
    });
    assert.deepEqual(await readAttrs(zs, ""), { num_segments: 1, sampling_frequency: 30000 });
    const a = await openArray(zs, "traces_seg0");
    assert.deepEqual(
      await a.readRegion({ start: [999, 0], end: [1001, 4] }),
      traces.subarray(999 * 4, 1001 * 4),
    );
    assert.deepEqual(await (await openArray(zs, "channel_ids")).readWhole(), ["a", "bb", "c", "d"]);
  });
});
