/** createSortingAnalyzer({ overwrite: true }) keeps the old analyzer when the new one fails. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { createSortingAnalyzer } from "../../src/analyzer/create-sorting-analyzer.js";
import { InvalidArgumentError, SpikeInterfaceError } from "../../src/errors.js";
import { fixtureRecording, fixtureSorting, listFiles, tempFolder } from "./helpers.js";

const dir = tempFolder("si-overwrite-");

function snapshot(folder: string): Map<string, string> {
  return new Map(listFiles(folder).map((f) => [f, readFileSync(join(folder, f)).toString("base64")]));
}

for (const format of ["binary_folder", "zarr"] as const) {
  describe(`analyzer overwrite (${format})`, () => {
    const folder = join(dir, format === "zarr" ? "a.zarr" : "a");
    const base = { sorting: fixtureSorting(), format, folder, sparse: false } as const;

    test("a failure before or during creation leaves the old analyzer byte-identical, no temp folder", async () => {
      await createSortingAnalyzer({ ...base, recording: fixtureRecording() });
      const before = snapshot(folder);
      assert.ok(before.size > 5);
      // Refused after the folder was checked, before anything is written.
      await assert.rejects(
        createSortingAnalyzer({
          ...base,
          recording: fixtureRecording(),
          overwrite: true,
          mainChannelIndices: new Int32Array(base.sorting.getNumUnits()).fill(99),
        }),
        (err: unknown) => err instanceof InvalidArgumentError && /99/.test(err.message),
      );
      // Fails midway through writing the new folder (the recording's provenance).
      const broken = fixtureRecording();
      broken.toDict = () => {
        throw new Error("boom while describing the recording");
      };
      await assert.rejects(createSortingAnalyzer({ ...base, recording: broken, overwrite: true }), /boom/);
      assert.deepEqual(snapshot(folder), before);
      assert.deepEqual(
        readdirSync(dirname(folder)).filter((n) => n.includes(".tmp-")),
        [],
      );
    });

    test("without overwrite an existing folder is refused; with it, replaced", async () => {
      await assert.rejects(
        createSortingAnalyzer({ ...base, recording: fixtureRecording() }),
        (err: unknown) => err instanceof SpikeInterfaceError && err.code === "file_exists",
      );
      const replaced = await createSortingAnalyzer({
        ...base,
        recording: fixtureRecording(),
        overwrite: true,
        sparse: true,
      });
      assert.ok(replaced.sparsity !== null);
      assert.ok(listFiles(folder).some((f) => f.includes("sparsity_mask")));
    });
  });
}
