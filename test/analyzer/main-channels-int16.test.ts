/**
 * The int16 WebAssembly path of the main-channel estimate gives the same float32 average templates,
 * bit for bit, as the float32 accumulator it replaces.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { templatesArrayFromRecordingAndSorting } from "../../src/analyzer/estimate-main-channels.js";
import { estimateTemplatesWithAccumulator } from "../../src/analyzer/waveform-tools.js";
import { msToSamples } from "../../src/recording/time.js";
import { randomSpikesSelection } from "../../src/sorting/sorting-tools.js";
import { takeSpikes } from "../../src/sorting/spike-vector.js";
import { fixtureRecording, fixtureSorting } from "./helpers.js";

test("int16 main-channel templates equal the float32 accumulator's", async () => {
  const recording = fixtureRecording();
  const sorting = fixtureSorting();
  assert.equal(recording.getDtype(), "int16");
  const fs = recording.samplingFrequency;
  for (const maxSpikesPerUnit of [7, 100]) {
    const opts = { msBefore: 1, msAfter: 2.5, maxSpikesPerUnit, seed: 3 };
    const fast = await templatesArrayFromRecordingAndSorting(recording, sorting, opts);
    const nbefore = msToSamples(1, fs);
    const nafter = msToSamples(2.5, fs);
    const numSamples = Array.from({ length: recording.getNumSegments() }, (_, s) =>
      recording.getNumSamples({ segmentIndex: s }),
    );
    const indices = randomSpikesSelection(sorting, {
      numSamples,
      method: "uniform",
      maxSpikesPerUnit,
      marginSize: Math.max(nbefore, nafter),
      seed: 3,
    });
    const slow = await estimateTemplatesWithAccumulator({
      recording,
      spikes: takeSpikes(sorting.toSpikeVector(), indices),
      numUnits: sorting.getNumUnits(),
      nbefore,
      nafter,
      returnInUV: false,
    });
    assert.deepEqual(fast.shape, slow.shape);
    assert.ok(fast.data.some((v) => v !== 0));
    assert.deepEqual(fast.data, slow.average);
  }
});
