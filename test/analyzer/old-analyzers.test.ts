/**
 * Analyzers written by SpikeInterface before 0.105: settings with `return_scaled` and no peak
 * settings (or no settings.json at all), no "main_channel_id" property, templates params with
 * nbefore/nafter and misspelt "pencentile" keys. Simulated by editing a copy of the 0.105 fixture.
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadSortingAnalyzer } from "../../src/analyzer/node.js";
import { ANALYZER_FIXTURES, collectWarnings, expected, tempFolder } from "./helpers.js";

function oldCopy(name: string): string {
  const folder = join(tempFolder(), name);
  cpSync(join(ANALYZER_FIXTURES, "analyzer_binary_folder"), folder, { recursive: true });
  rmSync(join(folder, "sorting", "properties", "main_channel_id.npy"));
  return folder;
}

describe("analyzers from SpikeInterface < 0.105", () => {
  test("return_scaled settings, no main channels: rebuilt from templates with a warning", async () => {
    const folder = oldCopy("old1");
    writeFileSync(join(folder, "settings.json"), JSON.stringify({ return_scaled: true }));
    const { value: an, warnings } = await collectWarnings(() => loadSortingAnalyzer(folder));
    assert.equal(an.returnInUV, true);
    assert.equal(an.peakSign, "both");
    assert.equal(an.peakMode, "extremum");
    assert.deepEqual(Array.from(an.getMainChannelIndices()), expected.main_channel_indices);
    assert.ok(
      warnings.some((w) => w.includes("< 0.105")),
      warnings.join("\n"),
    );
    assert.ok(
      !existsSync(join(folder, "sorting", "properties", "main_channel_id.npy")),
      "not written back on load",
    );
  });

  test("no settings.json: defaults, and the file is created", async () => {
    const folder = oldCopy("old2");
    rmSync(join(folder, "settings.json"));
    const { value: an, warnings } = await collectWarnings(() => loadSortingAnalyzer(folder));
    assert.equal(an.returnInUV, true);
    assert.ok(warnings.some((w) => w.includes("settings.json not found")));
    assert.deepEqual(JSON.parse(readFileSync(join(folder, "settings.json"), "utf8")), {
      return_in_uV: true,
      peak_sign: "both",
      peak_mode: "extremum",
    });
  });

  test("old templates params and percentile key spelling", async () => {
    const folder = oldCopy("old3");
    const ext = join(folder, "extensions", "templates");
    writeFileSync(
      join(ext, "params.json"),
      JSON.stringify({ operators: ["average", "std"], nbefore: 30, nafter: 60 }),
    );
    renameSync(join(ext, "std.npy"), join(ext, "pencentile_5.0.npy"));
    const an = await loadSortingAnalyzer(folder);
    const t = an.getExtension("templates");
    assert.ok(t !== null);
    assert.equal(t.params.ms_before, 1);
    assert.equal(t.params.ms_after, 2);
    assert.deepEqual([...t.data.keys()].sort(), ["average", "percentile_5.0"]);
    assert.equal(t.getData({ operator: "percentile", percentile: 5 }).shape[1], 90);
  });

  test("without templates, waveforms or sparsity the main channels come from the sparsity centroid", async () => {
    const folder = oldCopy("old4");
    rmSync(join(folder, "extensions"), { recursive: true });
    const an = await loadSortingAnalyzer(folder);
    const main = an.getMainChannelIndices();
    assert.equal(main.length, 6);
    main.forEach((c, u) => {
      assert.ok(an.sparsity?.channelIndicesAt(u).includes(c), `unit ${u}: channel ${c} in its sparsity`);
    });
  });
});
