import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import "../../src/analyzer/node.js";
import "../../src/extractors/index.js";
import { loadSortingAnalyzer } from "../../src/analyzer/formats/load.js";
import { loadExtractor } from "../../src/io/folders/index.js";
import type { BaseRecording } from "../../src/recording/base-recording.js";
import { writeKilosort } from "../extractors/kilosort-fixture.js";
import { writeImec, writeNidq } from "../extractors/spikeglx-fixture.js";
import { oneErrorLine, REPO, runBin, runCli } from "./helpers.js";

const root = mkdtempSync(join(tmpdir(), "si-cli-"));
after(() => rmSync(root, { recursive: true, force: true }));

const sglx = join(root, "run_g0");
const ks = join(root, "kilosort");
const ks20k = join(root, "kilosort20k");
const badSize = join(root, "bad_size");
const fixtures = join(REPO, "test/fixtures/python-si");

/** `analyze` of the SpikeGLX run with the Kilosort sorting into `out`, plus `extra` options. */
const analyzeArgs = (out: string, ...extra: string[]) => [
  "analyze",
  "--recording",
  sglx,
  "--sorting",
  ks,
  "--out",
  out,
  ...extra,
];

/** AP traces are periodic (50 samples) so every spike window is the same: templates are exact. */
const value = (t: number, c: number) => (c === 8 ? t % 2 : ((t % 50) - 25) * (c + 1));
const NP1_GAIN = [2.34375, 1.171875, 2.34375, 2.34375, 2.34375, 2.34375, 2.34375, 2.34375];

before(() => {
  writeImec({ folder: sglx, numNeural: 8, numSamples: 60000, subfolder: true, value });
  writeImec({ folder: sglx, numNeural: 8, numSamples: 5000, kind: "lf", subfolder: true });
  writeNidq({ folder: sglx, numSamples: 50000 });
  const times: number[] = [];
  const clusters: number[] = [];
  for (let i = 1; i < 40; i++) {
    times.push(i * 1500);
    clusters.push(i % 3 === 0 ? 7 : 2);
  }
  const files = { "cluster_KSLabel.tsv": "cluster_id\tKSLabel\n2\tgood\n7\tmua\n" };
  writeKilosort({ folder: ks, times, clusters, files });
  writeKilosort({ folder: ks20k, times, clusters, sampleRate: 20000 });
  writeImec({ folder: badSize, numNeural: 4, numSamples: 100, declaredSize: 12345 });
});

describe("help and usage", { concurrency: true }, () => {
  test("--help lists the commands; each command has --help", async () => {
    const [top, analyze] = await Promise.all([runCli(["--help"]), runCli(["analyze", "--help"])]);
    assert.equal(top.code, 0);
    for (const cmd of ["demo", "info", "analyze", "save"])
      assert.match(top.stdout, new RegExp(`\\n  ${cmd} `));
    assert.equal(analyze.code, 0);
    const flat = analyze.stdout.replace(/\s+/g, " ");
    for (const opt of [
      "--recording",
      "--sorting",
      "--out",
      "--sparse",
      "--n-jobs",
      "--chunk-duration",
      "--extensions",
    ]) {
      assert.ok(flat.includes(opt), opt);
    }
    assert.match(
      flat,
      /--format <format> analyzer format \(choices: "zarr", "binary_folder", default: "zarr"\)/,
    );
  });

  test("bad usage exits 2 with one line", async () => {
    const runs = await Promise.all([
      runCli(["bogus"]),
      runCli(["info"]),
      runCli(analyzeArgs(join(root, "u1"), "--format", "hdf5")),
      runCli(analyzeArgs(join(root, "u2"), "--n-jobs", "many")),
      runCli(analyzeArgs(join(root, "u3"), "--extensions", "foo")),
      runCli(["save", sglx, "--out", join(root, "u4"), "--chunk-duration", "1parsec"]),
    ]);
    for (const r of runs) {
      assert.equal(r.code, 2, r.stderr);
      oneErrorLine(r);
    }
    assert.match(runs[4].stderr, /unknown extension\(s\) foo/);
    assert.equal(existsSync(join(root, "u3.zarr")), false);
  });
});

describe("demo", () => {
  test("on a clean folder: saved recording, sorting and a zarr analyzer, then info on it", async () => {
    const out = join(root, "demo");
    const r = await runCli([
      "demo",
      "--out",
      out,
      "--duration",
      "3",
      "--channels",
      "8",
      "--units",
      "4",
      "--no-progress",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    for (const name of ["random_spikes", "waveforms", "templates", "noise_levels"]) {
      assert.match(r.stdout, new RegExp(`computed ${name} in`));
      assert.ok(existsSync(join(out, "analyzer.zarr", "extensions", name)), name);
    }
    assert.ok(existsSync(join(out, "recording", "traces_cached_seg0.raw")));
    assert.ok(existsSync(join(out, "sorting", "spikes.npy")));
    const spikes = Number(/with 4 ground-truth units \((\d+) spikes\)/.exec(r.stdout)?.[1]);
    assert.ok(spikes > 0);
    // the unit table ends with the cosine similarity of each found template with the injected one
    const rows = r.stdout.split("\n").filter((line) => /^\s+\d+\s+\d+\s+\d+\s/.test(line));
    assert.equal(rows.length, 4, r.stdout);
    for (const row of rows) {
      const cells = row.trim().split(/\s+/).map(Number);
      const [peak, similarity] = [cells[3], cells[6]];
      // averaging ~50 spikes over 5 µV noise: clear units (peak ≥ 40 µV; the peak, unlike the
      // SNR, does not depend on the unseeded noise-level estimate) match their template closely
      assert.ok(similarity <= 1 && similarity > (peak >= 40 ? 0.95 : 0.5), row);
    }

    const info = await runCli(["info", join(out, "analyzer.zarr"), "--json"]);
    assert.equal(info.code, 0, info.stderr);
    const s = JSON.parse(info.stdout);
    assert.equal(s.kind, "analyzer");
    assert.equal(s.numUnits, 4);
    assert.equal(s.numChannels, 8);
    assert.equal(s.numSpikes, spikes);
    assert.equal(s.totalDurationS, 3);
    assert.equal(s.samplingFrequency, 25000);
    assert.deepEqual(s.extensions, ["random_spikes", "waveforms", "templates", "noise_levels"]);
    assert.equal(s.recording, "attached");
    assert.equal(s.sparse, true);

    const again = await runCli(["demo", "--out", out]);
    assert.equal(again.code, 1);
    assert.match(oneErrorLine(again), /is not empty/);
  });
});

describe("info", { concurrency: true }, () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      "analyzer/analyzer.zarr",
      { kind: "analyzer", numUnits: 6, numChannels: 16, numSegments: 2, numSpikes: 116 },
    ],
    ["analyzer/analyzer_binary_folder", { kind: "analyzer", numUnits: 6, numChannels: 16, dtype: "int16" }],
    ["recording/recording.zarr", { kind: "recording", numChannels: 16, numSegments: 2, totalDurationS: 1.6 }],
    [
      "recording/recording_binary",
      { kind: "recording", numChannels: 16, dtype: "int16", formatVersion: "0.105.0" },
    ],
    ["sorting/sorting_numpy_folder", { kind: "sorting", numUnits: 6, numSpikes: 116 }],
    ["sorting/sorting.npz", { kind: "sorting", numUnits: 6, numSpikes: 116, numSegments: 2 }],
    ["snippets/snippets_npy", { kind: "snippets", numChannels: 4, numSegments: 2 }],
  ];
  for (const [rel, expected] of cases) {
    test(`Python-written ${rel}`, async () => {
      const r = await runCli(["info", join(fixtures, rel), "--json"]);
      assert.equal(r.code, 0, r.stderr);
      const s = JSON.parse(r.stdout);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(s[k], v, k);
    });
  }

  test("SpikeGLX folder: streams, the AP stream, gains in the properties, probe", async () => {
    const [text, json, lf] = await Promise.all([
      runCli(["info", sglx]),
      runCli(["info", sglx, "--json"]),
      runCli(["info", sglx, "--json", "--stream-id", "imec0.lf"]),
    ]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /kind:\s+recording — SpikeGLX folder, stream imec0\.ap/);
    assert.match(text.stdout, /probe:\s+1 probe\(s\), 8 contacts, 1 shank\(s\), NP1000/);
    const s = JSON.parse(json.stdout);
    assert.deepEqual(s.streams, ["imec0.ap", "nidq", "imec0.lf", "imec0.ap-SYNC", "imec0.lf-SYNC"]);
    assert.equal(s.numChannels, 8);
    assert.equal(s.segments[0].numSamples, 60000);
    assert.equal(s.properties.gain_to_uV, "float64");
    assert.equal(JSON.parse(lf.stdout).samplingFrequency, 2500);
  });

  test("Kilosort folder: units and properties", async () => {
    const r = await runCli(["info", ks, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.kind, "sorting");
    assert.deepEqual(s.unitIds, [2, 7]);
    assert.equal(s.numSpikes, 39);
    assert.equal(s.properties.KSLabel, "str");
  });

  test("missing path, wrong kind, size mismatch: exit 1 with one line", async () => {
    const empty = join(root, "empty");
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, "notes.txt"), "hello");
    const [missing, wrong, size] = await Promise.all([
      runCli(["info", join(root, "nope")]),
      runCli(["info", empty]),
      runCli(["info", badSize]),
    ]);
    assert.equal(missing.code, 1);
    assert.match(oneErrorLine(missing), /nope does not exist/);
    assert.equal(wrong.code, 1);
    assert.match(oneErrorLine(wrong), /not a SpikeInterface, SpikeGLX or Kilosort folder/);
    assert.equal(size.code, 1);
    assert.match(oneErrorLine(size), /file size 1000 bytes disagrees with fileSizeBytes=12345/);
    const verbose = await runCli(["info", join(root, "nope"), "--verbose"]);
    assert.equal(verbose.code, 1);
    assert.ok(verbose.stderr.split("\n").length > 2, "--verbose prints the stack");
  });
});

describe("analyze", { concurrency: true }, () => {
  async function checkAnalyzer(folder: string, format: "zarr" | "binary_folder"): Promise<void> {
    const a = await loadSortingAnalyzer(folder, { format });
    assert.deepEqual(a.unitIds, [2, 7]);
    assert.deepEqual(a.channelIds.slice(0, 2), ["imec0.ap#AP0", "imec0.ap#AP1"]);
    const t = a.getDenseTemplatesArray()!;
    const [, width, channels] = t.shape;
    assert.equal(width, 90); // 1 ms + 2 ms at 30 kHz
    assert.equal(t.nbefore, 30);
    for (const k of [0, 29, 30, 61]) {
      for (const c of [0, 1, 7]) {
        const expected = (((k + 20) % 50) - 25) * (c + 1) * NP1_GAIN[c];
        assert.ok(
          Math.abs(t.data[k * channels + c] - expected) < 1e-3,
          `k=${k} c=${c}: ${t.data[k * channels + c]} vs ${expected}`,
        );
      }
    }
    const noise = a.getNoiseLevelsData()!;
    assert.equal(noise.length, 8);
    assert.ok(noise[7] > noise[0]);
  }

  test("SpikeGLX + Kilosort → zarr analyzer with exact templates", async () => {
    const out = join(root, "an_zarr");
    const r = await runCli(analyzeArgs(out));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /analysis done in/);
    assert.match(r.stdout, /unit\s+spikes\s+main ch/);
    await checkAnalyzer(`${out}.zarr`, "zarr");
  });

  test("binary_folder, dense, chosen extensions, keep good only", async () => {
    const out = join(root, "an_bin");
    const r = await runCli(
      analyzeArgs(
        out,
        "--format",
        "binary_folder",
        "--no-sparse",
        "--chunk-duration",
        "500ms",
        "--extensions",
        "templates,random_spikes,waveforms,noise_levels",
      ),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(out, "spikeinterface_info.json")));
    assert.equal(existsSync(join(out, "sparsity_mask.npy")), false);
    await checkAnalyzer(out, "binary_folder");
    const good = await runCli(
      analyzeArgs(join(root, "an_good"), "--keep-good-only", "--extensions", "random_spikes,noise_levels"),
    );
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /units:\s+1 \(2\)/);
  });

  test("--n-jobs 2: worker threads rebuild the SpikeGLX recording, same templates", async () => {
    const out = join(root, "an_jobs");
    const r = await runCli(analyzeArgs(out, "--n-jobs", "2"));
    assert.equal(r.code, 0, r.stderr);
    await checkAnalyzer(`${out}.zarr`, "zarr");
  });

  test("different sampling rates, wrong kinds, existing output: exit 1, one line, no output left", async () => {
    const out = join(root, "an_bad");
    const [rate, wrongRec, wrongSort] = await Promise.all([
      runCli(["analyze", "--recording", sglx, "--sorting", ks20k, "--out", out]),
      runCli(["analyze", "--recording", ks, "--sorting", ks, "--out", join(root, "an_bad2")]),
      runCli(["analyze", "--recording", sglx, "--sorting", sglx, "--out", join(root, "an_bad3")]),
    ]);
    assert.equal(rate.code, 1);
    assert.match(oneErrorLine(rate), /sampling frequencies are too different: recording 30000 Hz/);
    assert.equal(existsSync(`${out}.zarr`), false);
    assert.equal(wrongRec.code, 1);
    assert.match(oneErrorLine(wrongRec), /is a Kilosort folder \(a sorting\), not a recording/);
    assert.equal(wrongSort.code, 1);
    assert.match(oneErrorLine(wrongSort), /is a SpikeGLX folder \(a recording\), not a sorting/);
  });
});

describe("save", { concurrency: true }, () => {
  for (const format of ["binary", "zarr"] as const) {
    test(`SpikeGLX → ${format}: same traces, gains and probe`, async () => {
      const out = join(root, `saved_${format}`);
      const r = await runCli(["save", sglx, "--out", out, "--format", format, "--n-jobs", "1"]);
      assert.equal(r.code, 0, r.stderr);
      const folder = format === "zarr" ? `${out}.zarr` : out;
      assert.ok(existsSync(join(folder, format === "zarr" ? ".zattrs" : "binary.json")));
      const rec = (await loadExtractor(folder)) as BaseRecording;
      assert.equal(rec.getNumChannels(), 8);
      assert.equal(rec.getNumSamples(), 60000);
      assert.deepEqual(Array.from(rec.getChannelGains()!), NP1_GAIN);
      assert.ok(rec.hasProbe());
      const t = await rec.getTraces({ startFrame: 59998, endFrame: 60000 });
      const expected = [59998, 59999].flatMap((s) => Array.from({ length: 8 }, (_, c) => value(s, c)));
      assert.deepEqual(Array.from(t.data as Int16Array), expected);
      const again = await runCli(["save", sglx, "--out", out, "--format", format]);
      assert.equal(again.code, 1);
      assert.match(oneErrorLine(again), /already exists/);
    });
  }
});

describe("interrupt", () => {
  test("Ctrl-C stops demo, removes its output and exits 130", async () => {
    const out = join(root, "interrupted");
    let sent = false;
    const r = await runCli(
      ["demo", "--out", out, "--duration", "200", "--channels", "4", "--units", "3", "--no-progress"],
      {
        onStdout: (text, child) => {
          if (!sent && text.includes("generated")) {
            sent = true;
            child.kill("SIGINT");
          }
        },
      },
    );
    assert.ok(sent);
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted/);
    assert.equal(existsSync(out), false);
  });
});

describe("built CLI (bin/spikeinterface-ts.js → dist)", () => {
  const built = existsSync(join(REPO, "dist/cli/main.js"));
  test("runs as `npx spikeinterface-ts` would", {
    skip: built ? false : "dist/ not built (npm run build)",
  }, async () => {
    const r = await runBin(["info", join(fixtures, "sorting/sorting_numpy_folder"), "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).numUnits, 6);
    const bad = await runBin(["info", join(root, "nope")]);
    assert.equal(bad.code, 1);
    oneErrorLine(bad);
  });
});
