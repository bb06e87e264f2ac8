import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { extractorFromDict } from "../../src/base/provenance.js";
import { isSiError } from "../../src/errors.js";
import {
  listSpikeglxStreams,
  parseSpikeglxName,
  readSpikeglx,
  SpikeGlxRecording,
} from "../../src/extractors/spikeglx/index.js";
import { defaultValue, writeImec, writeNidq } from "./spikeglx-fixture.js";

const root = mkdtempSync(join(tmpdir(), "si-sglx-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = () => join(root, `f${n++}`);

describe("SpikeGLX file names", () => {
  test("gate, trigger, device and kind", () => {
    assert.deepEqual(parseSpikeglxName("my_run_g2_t13.imec1.lf"), {
      run: "my_run",
      gate: 2,
      trigger: 13,
      device: "imec1",
      kind: "lf",
    });
    assert.deepEqual(parseSpikeglxName("rec_g0_tcat.imec0.ap").trigger, "cat");
    assert.deepEqual(parseSpikeglxName("rec_g0_t0.nidq"), {
      run: "rec",
      gate: 0,
      trigger: 0,
      device: "nidq",
      kind: null,
    });
    assert.equal(parseSpikeglxName("renamed.imec0.ap").gate, null);
  });
});

describe("readSpikeglx", () => {
  test("NP1.0 ap stream: ids, int16 values, per-channel gains, sync left out, probe", async () => {
    const f = folder();
    writeImec({ folder: f, numNeural: 8, numSamples: 300, firstSample: 60000, subfolder: true });
    const rec = readSpikeglx(f);
    assert.deepEqual(listSpikeglxStreams(f), ["imec0.ap", "imec0.ap-SYNC"]);
    assert.equal(rec.getNumChannels(), 8);
    assert.equal(rec.channelIds[0], "imec0.ap#AP0");
    assert.equal(rec.getDtype(), "int16");
    assert.equal(rec.samplingFrequency, 30000);
    assert.equal(rec.getNumSamples(), 300);
    assert.equal(rec.getStartTime(), 2); // firstSample 60000 / 30 kHz
    const traces = await rec.getTraces({
      startFrame: 10,
      endFrame: 13,
      channelIds: ["imec0.ap#AP2", "imec0.ap#AP7"],
    });
    assert.deepEqual(Array.from(traces.data as Int16Array), [
      defaultValue(10, 2),
      defaultValue(10, 7),
      defaultValue(11, 2),
      defaultValue(11, 7),
      defaultValue(12, 2),
      defaultValue(12, 7),
    ]);
    const gains = Array.from(rec.getChannelGains()!);
    assert.equal(gains[0], 2.34375); // 0.6 V / 512 / 500 · 1e6
    assert.equal(gains[1], 1.171875); // gain 1000 on channel 1
    assert.deepEqual(Array.from(rec.getChannelOffsets()!), new Array(8).fill(0));
    assert.deepEqual(rec.getProperty("physical_unit"), new Array(8).fill("uV"));
    assert.deepEqual(rec.getProperty("channel_name")!.slice(0, 2), ["AP0", "AP1"]);
    const locs = rec.getChannelLocations();
    assert.deepEqual(Array.from(locs.slice(0, 8)), [27, 0, 59, 0, 11, 20, 43, 20]);
    const probe = rec.getProbe();
    assert.equal(probe.modelName, "NP1000");
    assert.deepEqual(probe.contactIds!.slice(0, 3), ["e0", "e1", "e2"]);
    assert.equal(probe.contactShapes[0], "square");
    assert.deepEqual(Array.from(rec.getChannelGroups()), new Array(8).fill(0));
    const scaled = await rec.getTraces({ startFrame: 0, endFrame: 1, returnInUV: true });
    assert.ok(Math.abs((scaled.data as Float32Array)[1] - defaultValue(0, 1) * 1.171875) < 1e-3);
  });

  test("the sync stream holds only the last file column", async () => {
    const f = folder();
    writeImec({ folder: f, numNeural: 4, numSamples: 20 });
    const sync = readSpikeglx(f, { streamId: "imec0.ap-SYNC" });
    assert.deepEqual(sync.channelIds, ["imec0.ap-SYNC#SY0"]);
    assert.equal(sync.hasProbe(), false);
    const t = await sync.getTraces({ startFrame: 5, endFrame: 7 });
    assert.deepEqual(Array.from(t.data as Int16Array), [defaultValue(5, 4), defaultValue(6, 4)]);
  });

  test("NP2.0 4-shank: fixed gain 80, shank offsets, groups by shank", () => {
    const f = folder();
    writeImec({ folder: f, numNeural: 8, probe: "np2-4shank" });
    const rec = readSpikeglx(f);
    const g = Number(rec.getChannelGains()![0]);
    assert.ok(Math.abs(g - 0.762939453125) < 1e-12, String(g)); // 0.5 / 8192 / 80 · 1e6
    const locs = rec.getChannelLocations();
    // channel 5: shank 1, x 32 within the shank, z 75
    assert.deepEqual([locs[10], locs[11]], [250 + 32, 75]);
    assert.deepEqual(Array.from(rec.getChannelGroups()), [0, 1, 2, 3, 0, 1, 2, 3]);
    assert.deepEqual(rec.getProbe().contactIds!.slice(0, 2), ["s0e0", "s1e1"]);
  });

  test("NP1110: gains from the imro table header", () => {
    const f = folder();
    const bin = writeImec({ folder: f, numNeural: 4, geometry: "none" });
    const meta = bin.replace(/\.bin$/, ".meta");
    const text = readFileSync(meta, "latin1").replace(
      /~imroTbl=.*/,
      "~imroTbl=(1110,0,0,1000,250,1)(0 0 0)(1 0 0)",
    );
    writeFileSync(meta, text);
    const rec = readSpikeglx(f);
    assert.deepEqual(Array.from(rec.getChannelGains()!), new Array(4).fill(1.171875)); // 0.6 / 512 / 1000
  });

  test("snsShankMap fallback and no-geometry files", () => {
    const a = folder();
    writeImec({ folder: a, numNeural: 4, geometry: "shank" });
    const locs = readSpikeglx(a).getChannelLocations();
    assert.deepEqual(Array.from(locs), [0, 0, 32, 0, 0, 20, 32, 20]);
    const b = folder();
    writeImec({ folder: b, numNeural: 4, geometry: "none" });
    assert.equal(readSpikeglx(b).hasProbe(), false);
  });

  test("gates become segments in order, each with its t_start", async () => {
    const f = folder();
    writeImec({ folder: f, gate: 1, numSamples: 50, firstSample: 3000, value: () => 7 });
    writeImec({ folder: f, gate: 0, numSamples: 40, value: () => 3 });
    const rec = readSpikeglx(f);
    assert.equal(rec.getNumSegments(), 2);
    assert.equal(rec.getNumSamples({ segmentIndex: 0 }), 40);
    assert.equal(rec.getNumSamples({ segmentIndex: 1 }), 50);
    assert.equal(rec.getStartTime({ segmentIndex: 1 }), 0.1);
    const t = await rec.getTraces({ segmentIndex: 1, startFrame: 0, endFrame: 1 });
    assert.equal((t.data as Int16Array)[0], 7);
  });

  test("several streams: streamId is required; nidq gains in volts", async () => {
    const f = folder();
    writeImec({ folder: f, numNeural: 4 });
    writeImec({ folder: f, numNeural: 4, kind: "lf" });
    writeNidq({ folder: f });
    assert.deepEqual(listSpikeglxStreams(f), [
      "imec0.ap",
      "nidq",
      "imec0.lf",
      "imec0.ap-SYNC",
      "imec0.lf-SYNC",
    ]);
    assert.throws(() => readSpikeglx(f), /several SpikeGLX streams.*imec0\.ap/);
    assert.throws(() => readSpikeglx(f, { streamId: "imec9.ap" }), /no stream "imec9\.ap"/);
    const lf = readSpikeglx(f, { streamId: "imec0.lf" });
    assert.equal(lf.samplingFrequency, 2500);
    assert.equal(lf.getChannelGains()![0], (0.6 / 512 / 250) * 1e6);
    assert.equal(lf.channelIds[3], "imec0.lf#LF3");
    assert.ok(lf.hasProbe());
    const ni = readSpikeglx(f, { streamId: "nidq" });
    assert.equal(ni.getNumChannels(), 4);
    assert.deepEqual(ni.getProperty("physical_unit"), ["V", "V", "V", "V"]);
    assert.equal(ni.getProperty("gain_to_physical_unit")![0], 5 / 32768);
    assert.ok(Math.abs(Number(ni.getChannelGains()![0]) - 152.587890625) < 1e-9);
    assert.equal(ni.hasProbe(), false);
  });

  test("provenance dict rebuilds the same stream", async () => {
    const f = folder();
    writeImec({ folder: f, numNeural: 4 });
    const rec = readSpikeglx(f);
    const dict = rec.toDict();
    assert.equal(dict.class, "spikeinterface.extractors.neoextractors.spikeglx.SpikeGLXRecordingExtractor");
    const again = await extractorFromDict(dict);
    assert.ok(again instanceof SpikeGlxRecording);
    assert.deepEqual(again.channelIds, rec.channelIds);
    assert.ok(rec.isJsonSerializable());
  });

  test("reads are positioned: a late window of a file is correct", async () => {
    const f = folder();
    writeImec({ folder: f, numNeural: 2, numSamples: 5000 });
    const rec = readSpikeglx(f);
    const t = await rec.getTraces({ startFrame: 4998, endFrame: 5000, channelIds: ["imec0.ap#AP1"] });
    assert.deepEqual(Array.from(t.data as Int16Array), [defaultValue(4998, 1), defaultValue(4999, 1)]);
  });
});

describe("readSpikeglx bad input", () => {
  test("fileSizeBytes that disagrees with the .bin names both numbers", () => {
    const f = folder();
    writeImec({ folder: f, numNeural: 2, numSamples: 10, declaredSize: 999 });
    assert.throws(
      () => readSpikeglx(f),
      (err: unknown) =>
        isSiError(err, "file_format") && /60 bytes.*fileSizeBytes=999/.test((err as Error).message),
    );
  });

  test("missing folder, folder without pairs, missing meta fields", () => {
    assert.throws(
      () => readSpikeglx(join(root, "nope")),
      (e: unknown) => isSiError(e, "file_not_found"),
    );
    const empty = folder();
    writeImec({ folder: empty, numNeural: 2 });
    rmSync(join(empty, "run_g0_t0.imec0.ap.bin"));
    assert.throws(() => readSpikeglx(empty), /no \.meta\/\.bin pair found \(1 \.meta file/);
    const bad = folder();
    const bin = writeImec({ folder: bad, numNeural: 2 });
    writeFileSync(
      bin.replace(/\.bin$/, ".meta"),
      "typeThis=imec\nnSavedChans=3\nimAiRangeMax=0.6\nfileName=x_g0_t0.imec0.ap.bin\n",
    );
    assert.throws(() => readSpikeglx(bad), /missing the imSampRate field/);
  });
});
