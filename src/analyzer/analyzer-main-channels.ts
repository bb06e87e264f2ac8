/**
 * Main channels of an analyzer's units and channel geometry. At HEAD the main channel of each unit
 * is stored as the sorting property "main_channel_id"; analyzers written by SpikeInterface before
 * 0.105 lack it, so on load it is rebuilt the way SpikeInterface does (from templates, waveforms,
 * the sparsity centroid, or the recording) with a warning.
 */
import { SpikeInterfaceError } from "../errors.js";
import type { ProbeGroup } from "../probe/probegroup.js";
import { msToSamples } from "../recording/time.js";
import { mainChannelsFromTemplatesArray } from "../tools/template-arrays.js";
import { type ExtensionDataValue, isAnalyzerArray } from "./analyzer-array.js";
import { estimateMainChannelFromRecording } from "./estimate-main-channels.js";
import { templatesFromWaveforms } from "./extensions/templates.js";
import type { SortingAnalyzer } from "./sorting-analyzer.js";
import { warnAnalyzer } from "./warnings.js";

/** Positions sorted by device channel index (SpikeInterface's rule); only x and y are filled. */
export function channelLocationsOf(probegroup: ProbeGroup, numChannels: number): Float64Array {
  const positions = probegroup.getGlobalContactPositions();
  const ndim = probegroup.ndim;
  const device = probegroup.getGlobalDeviceChannelIndices().deviceChannelIndices;
  const n = device.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (device.some((d) => d >= 0)) order.sort((a, b) => device[a] - device[b] || a - b);
  if (n !== numChannels) {
    throw new SpikeInterfaceError(
      "no_probe",
      `the probe group has ${n} contacts for ${numChannels} channels`,
    );
  }
  const out = new Float64Array(n * ndim);
  for (let r = 0; r < n; r++) {
    const c = order[r];
    for (let d = 0; d < Math.min(ndim, 2); d++) out[r * ndim + d] = positions[c * ndim + d];
  }
  return out;
}

export function msParamToSamples(value: unknown, samplingFrequency: number): number {
  if (typeof value !== "number") {
    throw new SpikeInterfaceError(
      "extension",
      `extension param ms_before/ms_after is not a number: ${String(value)}`,
    );
  }
  return msToSamples(value, samplingFrequency);
}

export function mainChannelIndicesOf(analyzer: SortingAnalyzer): Int32Array {
  const ids = analyzer.getSortingProperty("main_channel_id");
  if (ids === null) {
    throw new SpikeInterfaceError(
      "missing_property",
      'the analyzer has no main channels (sorting property "main_channel_id"): it was written by an old ' +
        "SpikeInterface and has no templates, waveforms, sparsity or recording to rebuild them",
    );
  }
  return analyzer.channelIdsToIndices(Array.from(ids as ArrayLike<string | number>));
}

/** Unit main channels from what an old analyzer has, in SpikeInterface's order of preference. */
async function rebuildMainChannels(analyzer: SortingAnalyzer): Promise<Int32Array | null> {
  const opts = { peakSign: "both", peakMode: "extremum" } as const;
  const templates = analyzer.getExtension("templates");
  let dense: ExtensionDataValue | undefined;
  let nbefore = 0;
  if (templates !== null) {
    dense = templates.data.get("average") ?? templates.data.get("median");
    nbefore = msParamToSamples(templates.params.ms_before, analyzer.samplingFrequency);
  } else if (analyzer.getExtension("waveforms") !== null && analyzer.getExtension("random_spikes") !== null) {
    dense = templatesFromWaveforms(analyzer, ["average"]).get("average");
    nbefore = msParamToSamples(
      analyzer.getExtension("waveforms")?.params.ms_before,
      analyzer.samplingFrequency,
    );
  }
  if (isAnalyzerArray(dense)) {
    const data = dense.data instanceof Float32Array ? dense.data : Float64Array.from(dense.data);
    return mainChannelsFromTemplatesArray(
      { data, shape: dense.shape as [number, number, number] },
      { ...opts, nbefore },
    );
  }
  if (analyzer.sparsity !== null) {
    const locs = analyzer.getChannelLocations();
    const c = analyzer.getNumChannels();
    const nd = locs.length / Math.max(1, c);
    return Int32Array.from(analyzer.unitIds, (_, u) => {
      const chans = analyzer.sparsity?.channelIndicesAt(u) ?? new Int32Array(0);
      const centre = new Float64Array(nd);
      for (const ch of chans) for (let d = 0; d < nd; d++) centre[d] += locs[ch * nd + d] / chans.length;
      let best = 0;
      let bestDist = Number.POSITIVE_INFINITY;
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        for (let d = 0; d < nd; d++) s += (locs[ch * nd + d] - centre[d]) ** 2;
        if (Math.sqrt(s) < bestDist) {
          bestDist = Math.sqrt(s);
          best = ch;
        }
      }
      return best;
    });
  }
  const rec = analyzer.recording;
  if (rec !== null)
    return estimateMainChannelFromRecording(rec, analyzer.sorting, { ...opts, numSpikesForMainChannel: 100 });
  return null;
}

/** Give an old analyzer its "main_channel_id" property (in memory only), warning that it did. */
export async function ensureMainChannels(analyzer: SortingAnalyzer): Promise<void> {
  if (analyzer.getSortingProperty("main_channel_id") !== null) return;
  const main = await rebuildMainChannels(analyzer);
  if (main === null) return; // getMainChannelIndices() will say why
  warnAnalyzer(
    "this SortingAnalyzer is from SpikeInterface < 0.105: its main channels were computed on load; " +
      "save it with saveAs() to keep them",
  );
  await analyzer.setSortingProperty(
    "main_channel_id",
    Array.from(main, (i) => analyzer.channelIds[i]),
    { save: false },
  );
}
