/**
 * loadWaveforms (spec api.md §12, formats.md §5.5), Node-only: opens an analyzer folder, or an old
 * WaveformExtractor folder (SpikeInterface ≤ 0.100: params.json, waveforms/waveforms_<unit>.npy,
 * waveforms/sampled_index_<unit>.npy, templates_<mode>.npy, noise_levels/) converted into an
 * in-memory analyzer (peak sign "neg"). Other old extensions are skipped with a warning.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseDType } from "../../dtype.js";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { parsePythonJson } from "../../io/json.js";
import { numericColumn } from "../../io/npy/index.js";
import { readProbeinterface } from "../../probe/node.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import { ChannelSparsity, type ChannelSparsityDict } from "../../sparsity/channel-sparsity.js";
import { makeArray, storageFor } from "../analyzer-array.js";
import { ensureMainChannels } from "../analyzer-main-channels.js";
import { copySorting } from "../assemble.js";
import { ComputeNoiseLevels } from "../extensions/noise-levels.js";
import { ComputeRandomSpikes } from "../extensions/random-spikes.js";
import { ComputeTemplates } from "../extensions/templates.js";
import { ComputeWaveforms } from "../extensions/waveforms.js";
import { loadSortingAnalyzer } from "../formats/load.js";
import { npyToAnalyzerArray, readNpyFile } from "../formats/npy-io.js";
import { rebuildFromDict } from "../formats/provenance-io.js";
import { recAttributesFromJson } from "../rec-attributes.js";
import { SortingAnalyzer } from "../sorting-analyzer.js";
import { warnAnalyzer } from "../warnings.js";
import { MockWaveformExtractor } from "./mock-waveform-extractor.js";

const readJson = (path: string): unknown => parsePythonJson(readFileSync(path, "utf8"), path);

const OTHER_OLD_EXTENSIONS = [
  "spike_amplitudes",
  "spike_locations",
  "amplitude_scalings",
  "template_metrics",
  "similarity",
  "unit_locations",
  "correlograms",
  "isi_histograms",
  "quality_metrics",
  "principal_components",
];

async function rebuildOptional<T extends BaseRecording | BaseSorting>(
  folder: string,
  name: string,
): Promise<T | null> {
  const path = join(folder, `${name}.json`);
  if (!existsSync(path)) return null;
  return (await rebuildFromDict<T>(readJson(path), folder)).value;
}

async function readOldWaveformExtractor(
  folder: string,
  givenSorting: BaseSorting | null,
): Promise<SortingAnalyzer> {
  const paramsPath = join(folder, "params.json");
  if (!existsSync(paramsPath))
    throw new FileFormatError(
      folder,
      "is neither a SortingAnalyzer nor a WaveformExtractor folder (no params.json)",
    );
  const params = readJson(paramsPath) as Record<string, unknown>;
  const sparsityPath = join(folder, "sparsity.json");
  const sparsity = existsSync(sparsityPath)
    ? ChannelSparsity.fromDict(readJson(sparsityPath) as ChannelSparsityDict)
    : null;
  const probePath = join(folder, "recording_info", "probegroup.json");
  const attrsPath = join(folder, "recording_info", "recording_attributes.json");
  const recAttributes = recAttributesFromJson(
    readJson(attrsPath),
    existsSync(probePath) ? readProbeinterface(probePath) : null,
    attrsPath,
  );
  const recording = await rebuildOptional<BaseRecording>(folder, "recording");
  const sorting = givenSorting ?? (await rebuildOptional<BaseSorting>(folder, "sorting"));
  if (sorting === null) {
    throw new SpikeInterfaceError(
      "invalid_argument",
      `${folder}: the sorting cannot be rebuilt from sorting.json; pass options.sorting`,
    );
  }
  const analyzer = new SortingAnalyzer({
    sorting: copySorting(sorting),
    recording,
    recAttributes,
    format: "memory",
    sparsity,
    settings: { returnInUV: params.return_scaled !== false, peakSign: "neg", peakMode: "extremum" },
    backend: null,
  });
  const msBefore = params.ms_before as number;
  const msAfter = params.ms_after as number;
  const wfFolder = join(folder, "waveforms");
  if (existsSync(wfFolder)) {
    const v = analyzer.sorting.toSpikeVector();
    const selected = new Uint8Array(v.sampleIndex.length);
    for (const unitId of analyzer.unitIds) {
      const path = join(wfFolder, `sampled_index_${unitId}.npy`);
      const npy = readNpyFile(path);
      const spikeIdx = numericColumn(npy, "spike_index", path);
      const segIdx = numericColumn(npy, "segment_index", path);
      for (let k = 0; k < spikeIdx.length; k++) {
        const train = analyzer.sorting.getUnitSpikeIndices(unitId, Number(segIdx[k]));
        selected[train[Number(spikeIdx[k])]] = 1;
      }
    }
    const indices = Float64Array.from(Array.from(selected).flatMap((s, i) => (s ? [i] : [])));
    const rs = new ComputeRandomSpikes(analyzer);
    rs.params = {};
    rs.runInfo = null;
    rs.data.set("random_spikes_indices", makeArray(indices, [indices.length], "int64"));
    analyzer.extensions.set("random_spikes", rs);
    const units = rs.getRandomSpikes().unitIndex;
    const perUnit = analyzer.unitIds.map((unitId) => {
      const path = join(wfFolder, `waveforms_${unitId}.npy`);
      return { path, wfs: npyToAnalyzerArray(readNpyFile(path), path) };
    });
    // The window length comes from the files: the old WaveformExtractor truncated ms → samples
    // (int()), where msToSamples rounds, so 1.05 ms at 30 kHz is 31 samples there, not 32.
    const ns = perUnit.length > 0 ? perUnit[0].wfs.shape[1] : 0;
    for (const { path, wfs } of perUnit) {
      if (wfs.shape.length !== 3 || wfs.shape[1] !== ns)
        throw new FileFormatError(
          path,
          `waveforms of shape [${wfs.shape}] where [n, ${ns}, channels] was expected`,
        );
    }
    const width = sparsity === null ? analyzer.getNumChannels() : sparsity.maxNumActiveChannels;
    const dtype = parseDType(String(params.dtype));
    const all = storageFor(dtype, indices.length * ns * width);
    perUnit.forEach(({ wfs }, u) => {
      const k = wfs.shape[2];
      let r = 0;
      for (let i = 0; i < units.length; i++) {
        if (units[i] !== u) continue;
        for (let t = 0; t < ns; t++)
          all.set(wfs.data.subarray((r * ns + t) * k, (r * ns + t + 1) * k), (i * ns + t) * width);
        r++;
      }
    });
    const wf = new ComputeWaveforms(analyzer);
    wf.params = { ms_before: msBefore, ms_after: msAfter, dtype: params.dtype };
    wf.runInfo = null;
    wf.data.set("waveforms", makeArray(all, [indices.length, ns, width], dtype));
    analyzer.extensions.set("waveforms", wf);
  }
  const templates = new ComputeTemplates(analyzer);
  for (const mode of ["average", "std", "median", "percentile"]) {
    const path = join(folder, `templates_${mode}.npy`);
    if (existsSync(path)) templates.data.set(mode, npyToAnalyzerArray(readNpyFile(path), path));
  }
  if (templates.data.size > 0) {
    templates.params = { ms_before: msBefore, ms_after: msAfter, operators: [...templates.data.keys()] };
    templates.runInfo = null;
    analyzer.extensions.set("templates", templates);
  }
  const noisePath = join(folder, "noise_levels", "noise_levels.npy");
  if (existsSync(noisePath)) {
    const noise = new ComputeNoiseLevels(analyzer);
    noise.params = readJson(join(folder, "noise_levels", "params.json")) as Record<string, unknown>;
    noise.handleBackwardCompatibilityOnLoad();
    noise.runInfo = null;
    noise.data.set("noise_levels", npyToAnalyzerArray(readNpyFile(noisePath), noisePath));
    analyzer.extensions.set("noise_levels", noise);
  }
  for (const old of OTHER_OLD_EXTENSIONS) {
    if (existsSync(join(folder, old)))
      warnAnalyzer(`${folder}: old extension ${JSON.stringify(old)} is not converted (not available here)`);
  }
  await ensureMainChannels(analyzer);
  return analyzer;
}

export interface LoadWaveformsOptions {
  /** The sorting to use with an old WaveformExtractor folder (default: rebuilt from sorting.json). */
  sorting?: BaseSorting | null;
  output?: "MockWaveformExtractor" | "SortingAnalyzer";
}

export async function loadWaveforms(
  folder: string,
  options: LoadWaveformsOptions = {},
): Promise<MockWaveformExtractor | SortingAnalyzer> {
  const abs = resolve(folder);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new SpikeInterfaceError("file_not_found", `waveforms folder ${abs} does not exist`, { path: abs });
  }
  const info = join(abs, "spikeinterface_info.json");
  const isAnalyzer =
    abs.endsWith(".zarr") ||
    (existsSync(info) && (readJson(info) as { object?: string }).object === "SortingAnalyzer");
  const analyzer = isAnalyzer
    ? await loadSortingAnalyzer(abs)
    : await readOldWaveformExtractor(abs, options.sorting ?? null);
  return options.output === "SortingAnalyzer" ? analyzer : new MockWaveformExtractor(analyzer);
}
