/**
 * The metadata a recording (or snippets) folder carries besides its data (spec formats.md §1):
 * `probegroup.json`, `times_cached_seg{i}.npy` and `properties/`. Reading also accepts the
 * ≤ 0.104 layout: `probe.json` (contacts in the order given, so reordered here by device channel)
 * with `probes_info` annotations, and a `contact_vector` property that is always ignored.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BaseRecordingSnippets } from "../../base/recording-snippets.js";
import { FileFormatError } from "../../errors.js";
import { connectedContacts } from "../../probe/attach.js";
import { parseProbeinterfaceJson, probeGroupToJson } from "../../probe/json.js";
import { applyLegacyProbeAnnotations } from "../../probe/legacy.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import { npyFromTypedArray } from "../npy/builders.js";
import { encodeNpy } from "../npy/encode-npy.js";
import { parseNpy } from "../npy/parse-npy.js";
import { readPropertyFiles, writePropertyFiles } from "./property-files.js";

export function timesFileName(segmentIndex: number): string {
  return `times_cached_seg${segmentIndex}.npy`;
}

/** probegroup.json (when a probe is attached) and properties/. */
export function writeProbeAndProperties(folder: string, extractor: BaseRecordingSnippets): void {
  if (extractor.hasProbe()) {
    writeFileSync(join(folder, "probegroup.json"), probeGroupToJson(extractor.getProbegroup()));
  }
  writePropertyFiles(folder, extractor);
}

/** What `save_metadata_to_folder` writes for a recording: probe, time vectors, properties. */
export function writeRecordingMetadata(folder: string, recording: BaseRecording): void {
  for (let s = 0; s < recording.getNumSegments(); s++) {
    const tv = recording.getTimeInfo({ segmentIndex: s }).timeVector;
    if (tv !== null) writeFileSync(join(folder, timesFileName(s)), encodeNpy(npyFromTypedArray(tv)));
  }
  writeProbeAndProperties(folder, recording);
}

/**
 * Load properties and the probe of a folder onto `extractor`. `annotations` are the folder's saved
 * annotations (legacy `probes_info` lives there); returns the annotation keys the legacy probe used.
 */
export function readProbeAndProperties(
  folder: string,
  extractor: BaseRecordingSnippets,
  annotations: Readonly<Record<string, unknown>> = {},
): string[] {
  readPropertyFiles(folder, extractor);
  const current = join(folder, "probegroup.json");
  const legacy = join(folder, "probe.json");
  if (existsSync(current)) {
    extractor.setProbegroupUnchecked(readProbeFile(current));
    return [];
  }
  if (!existsSync(legacy)) return [];
  // ≤ 0.104 wrote the probes as given: order contacts by device channel (contact i = channel i).
  const connected = connectedContacts(readProbeFile(legacy), extractor.getNumChannels()).probegroup;
  if (connected.getContactCount() !== extractor.getNumChannels()) {
    throw new FileFormatError(
      legacy,
      `${connected.getContactCount()} connected contacts for ${extractor.getNumChannels()} channels`,
    );
  }
  const { probegroup, consumedAnnotations } = applyLegacyProbeAnnotations(connected, annotations);
  extractor.setProbegroupUnchecked(probegroup);
  return consumedAnnotations;
}

function readProbeFile(path: string) {
  try {
    return parseProbeinterfaceJson(readFileSync(path, "utf8"), { path });
  } catch (err) {
    if (err instanceof FileFormatError) throw err;
    throw new FileFormatError(path, (err as Error).message, { cause: err });
  }
}

/** Attach `times_cached_seg{i}.npy` time vectors; each must have one time per sample. */
export function readTimeFiles(folder: string, recording: BaseRecording): void {
  for (let s = 0; s < recording.getNumSegments(); s++) {
    const path = join(folder, timesFileName(s));
    if (!existsSync(path)) continue;
    const npy = parseNpy(new Uint8Array(readFileSync(path)), path);
    if (npy.kind !== "numeric" || npy.shape.length !== 1 || npy.dtype === "bool") {
      throw new FileFormatError(path, `a time vector must be a 1-D numeric array, got ${npy.descr}`);
    }
    const n = recording.getNumSamples({ segmentIndex: s });
    if (npy.shape[0] !== n) {
      throw new FileFormatError(
        path,
        `${npy.shape[0]} times for segment ${s}, which has ${n} samples (is a .raw file truncated?)`,
      );
    }
    recording.setTimes(Float64Array.from(npy.data as ArrayLike<number>, Number), { segmentIndex: s });
  }
}
