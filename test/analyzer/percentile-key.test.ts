/** Percentile data keys and params as Python writes them for an int q (90) and a float q (92.5). */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadSortingAnalyzer } from "../../src/analyzer/node.js";
import { tempFolder } from "./helpers.js";
import { analyzer } from "./merge-helpers.js";

test('["percentile", 90] is stored as percentile_90 with params 90; 92.5 as percentile_92.5', async () => {
  const an = await analyzer();
  await an.compute("templates", { operators: ["average", ["percentile", 90], ["percentile", 92.5]] });
  const folder = join(tempFolder("si-pkey-"), "an");
  await an.saveAs({ format: "binary_folder", folder });
  const ext = join(folder, "extensions", "templates");
  assert.deepEqual(
    readdirSync(ext)
      .filter((f) => f.endsWith(".npy"))
      .sort(),
    ["average.npy", "percentile_90.npy", "percentile_92.5.npy"],
  );
  const params = readFileSync(join(ext, "params.json"), "utf8");
  // 90 is written as an int (Python reads it back as 90, whose key is "percentile_90")
  assert.match(params, /"percentile",\s+90\s+\]/);
  assert.match(params, /"percentile",\s+92.5\s+\]/);
  const back = await loadSortingAnalyzer(folder);
  const t = back.getExtension("templates");
  assert.deepEqual(t?.getData({ operator: "percentile", percentile: 90 }).shape, [3, 5, 4]);
});
