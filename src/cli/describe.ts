/**
 * Summaries of what a folder holds, as plain JSON-able objects (`info --json`) and as aligned
 * text lines (`info`, and the closing summary of `demo`/`analyze`/`save`).
 */

import { sortByDependency } from "../analyzer/extension-registry.js";
import type { SortingAnalyzer } from "../analyzer/sorting-analyzer.js";
import type { BaseExtractor } from "../base/extractor.js";
import type { Id } from "../base/ids.js";
import type { ProbeGroup } from "../probe/probegroup.js";
import { BaseRecording } from "../recording/base-recording.js";
import { BaseSnippets } from "../snippets/base-snippets.js";
import { BaseSorting } from "../sorting/base-sorting.js";

export interface ProbeSummary {
  probes: number;
  contacts: number;
  shanks: number;
  models: string[];
}

export interface SegmentSummary {
  numSamples?: number;
  durationS?: number;
  tStartS?: number;
  numSpikes?: number;
  /** Sortings without a recording: the time of the last spike stands in for a duration. */
  lastSpikeS?: number;
  numSnippets?: number;
}

export interface Summary {
  path: string;
  kind: "recording" | "sorting" | "snippets" | "analyzer" | "other";
  /** Where it came from: "SpikeInterface binary folder", "SpikeGLX folder", "Kilosort folder"... */
  source: string;
  class: string;
  formatVersion?: string | null;
  samplingFrequency?: number;
  numChannels?: number;
  channelIds?: Id[];
  numUnits?: number;
  unitIds?: Id[];
  numSegments: number;
  segments: SegmentSummary[];
  totalDurationS?: number;
  dtype?: string | null;
  probe?: ProbeSummary | null;
  properties: Record<string, string>;
  unitProperties?: Record<string, string>;
  annotations?: Record<string, unknown>;
  extensions?: string[];
  sparse?: boolean;
  maxActiveChannels?: number;
  recording?: string;
  numSpikes?: number;
  /** Other streams of a SpikeGLX folder. */
  streams?: string[];
}

const SHOWN_IDS = 12;

function probeSummary(pg: ProbeGroup | null): ProbeSummary | null {
  if (pg === null) return null;
  const models = pg.probes.map((p) => p.modelName).filter((m): m is string => m !== null);
  return {
    probes: pg.probes.length,
    contacts: pg.getContactCount(),
    shanks: pg.probes.reduce((s, p) => s + p.getShankCount(), 0),
    models: [...new Set(models)],
  };
}

function propertyTypes(e: BaseExtractor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of e.getPropertyKeys()) {
    const p = e.getPropertyInfo(k);
    if (p !== null) out[k] = p.shape.length > 1 ? `${p.dtype}[${p.shape.slice(1).join("x")}]` : p.dtype;
  }
  return out;
}

function annotationsOf(e: BaseExtractor): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of e.getAnnotationKeys()) out[k] = e.getAnnotation(k);
  return out;
}

function round(x: number, digits = 6): number {
  return Number(x.toFixed(digits));
}

export function describeExtractor(e: BaseExtractor, path: string, source: string): Summary {
  const base = { path, source, class: e.className, numSegments: e.getNumSegments() };
  if (e instanceof BaseRecording) {
    const segments = Array.from({ length: e.getNumSegments() }, (_, s) => ({
      numSamples: e.getNumSamples({ segmentIndex: s }),
      durationS: round(e.getDuration({ segmentIndex: s })),
      tStartS: round(e.getStartTime({ segmentIndex: s })),
    }));
    return {
      ...base,
      kind: "recording",
      samplingFrequency: e.samplingFrequency,
      numChannels: e.getNumChannels(),
      channelIds: e.channelIds.slice(0, SHOWN_IDS),
      segments,
      totalDurationS: round(e.getTotalDuration()),
      dtype: e.getDtype(),
      probe: probeSummary(e.hasProbe() ? e.getProbegroup() : null),
      properties: propertyTypes(e),
      annotations: annotationsOf(e),
    };
  }
  if (e instanceof BaseSorting) {
    const slices = e.getSpikeVectorSegmentSlices();
    const segments = Array.from({ length: e.getNumSegments() }, (_, s): SegmentSummary => {
      const numSpikes = slices[2 * s + 1] - slices[2 * s];
      if (e.hasRecording()) {
        return {
          numSpikes,
          numSamples: e.getNumSamples({ segmentIndex: s }),
          durationS: round(e.getEndTime({ segmentIndex: s }) - e.getStartTime({ segmentIndex: s })),
        };
      }
      return { numSpikes, lastSpikeS: round(e.getLastSpikeFrame({ segmentIndex: s }) / e.samplingFrequency) };
    });
    return {
      ...base,
      kind: "sorting",
      samplingFrequency: e.samplingFrequency,
      numUnits: e.getNumUnits(),
      unitIds: e.unitIds.slice(0, SHOWN_IDS),
      numSpikes: e.countTotalNumSpikes(),
      segments,
      properties: propertyTypes(e),
      annotations: annotationsOf(e),
    };
  }
  if (e instanceof BaseSnippets) {
    const segments = Array.from({ length: e.getNumSegments() }, (_, s) => ({
      numSnippets: e.getNumSnippets({ segmentIndex: s }),
    }));
    return {
      ...base,
      kind: "snippets",
      samplingFrequency: e.samplingFrequency,
      numChannels: e.getNumChannels(),
      channelIds: e.channelIds.slice(0, SHOWN_IDS),
      segments,
      dtype: e.getDtype(),
      probe: probeSummary(e.hasProbe() ? e.getProbegroup() : null),
      properties: propertyTypes(e),
    };
  }
  return { ...base, kind: "other", segments: [], properties: propertyTypes(e) };
}

/** The core extensions in computation order, then the others alphabetically, parents first. */
function extensionOrder(names: string[]): string[] {
  const core = ["random_spikes", "waveforms", "templates", "noise_levels"];
  const rank = (n: string) => (core.includes(n) ? core.indexOf(n) : core.length);
  return sortByDependency([...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)));
}

export function describeAnalyzer(a: SortingAnalyzer, path: string, formatVersion: string | null): Summary {
  const fs = a.samplingFrequency;
  const segments = Array.from({ length: a.getNumSegments() }, (_, s) => {
    const n = a.getNumSamples({ segmentIndex: s });
    return { numSamples: n, durationS: round(n / fs) };
  });
  const extensions = extensionOrder([
    ...new Set([...a.getSavedExtensionNames(), ...a.getLoadedExtensionNames()]),
  ]);
  return {
    path,
    kind: "analyzer",
    source: `SortingAnalyzer (${a.format})`,
    class: "SortingAnalyzer",
    formatVersion,
    samplingFrequency: fs,
    numChannels: a.getNumChannels(),
    channelIds: a.channelIds.slice(0, SHOWN_IDS),
    numUnits: a.getNumUnits(),
    unitIds: a.unitIds.slice(0, SHOWN_IDS),
    numSpikes: a.sorting.countTotalNumSpikes(),
    numSegments: a.getNumSegments(),
    segments,
    totalDurationS: round(a.getTotalSamples() / fs),
    dtype: a.getDtype(),
    probe: probeSummary(a.recAttributes.probegroup),
    properties: {},
    unitProperties: propertyTypes(a.sorting),
    extensions,
    sparse: a.isSparse(),
    maxActiveChannels: a.sparsity?.maxNumActiveChannels ?? a.getNumChannels(),
    recording: a.hasRecording() ? "attached" : "not available (recordingless)",
  };
}

function ids(list: readonly Id[], total: number): string {
  const shown = list.map((x) => (typeof x === "string" ? x : String(x))).join(", ");
  return total > list.length ? `${shown}, … (${total} in all)` : shown;
}

function types(props: Record<string, string>): string {
  const entries = Object.entries(props);
  return entries.length === 0 ? "(none)" : entries.map(([k, t]) => `${k} (${t})`).join(", ");
}

/** Human-readable lines, "key: value", aligned. */
export function summaryLines(s: Summary): string[] {
  const rows: [string, string][] = [
    ["path", s.path],
    ["kind", `${s.kind} — ${s.source}`],
    ["class", s.class],
  ];
  if (s.formatVersion) rows.push(["format version", s.formatVersion]);
  if (s.streams !== undefined) rows.push(["streams", s.streams.join(", ")]);
  if (s.samplingFrequency !== undefined) rows.push(["sampling rate", `${s.samplingFrequency} Hz`]);
  if (s.numChannels !== undefined)
    rows.push(["channels", `${s.numChannels} (${ids(s.channelIds ?? [], s.numChannels)})`]);
  if (s.numUnits !== undefined) rows.push(["units", `${s.numUnits} (${ids(s.unitIds ?? [], s.numUnits)})`]);
  if (s.numSpikes !== undefined) rows.push(["spikes", String(s.numSpikes)]);
  rows.push(["segments", String(s.numSegments)]);
  s.segments.forEach((seg, i) => {
    const parts: string[] = [];
    if (seg.numSamples !== undefined) parts.push(`${seg.numSamples} samples`);
    if (seg.durationS !== undefined) parts.push(`${seg.durationS.toFixed(3)} s`);
    if (seg.tStartS) parts.push(`t_start ${seg.tStartS} s`);
    if (seg.numSpikes !== undefined) parts.push(`${seg.numSpikes} spikes`);
    if (seg.lastSpikeS !== undefined) parts.push(`last spike at ${seg.lastSpikeS.toFixed(3)} s`);
    if (seg.numSnippets !== undefined) parts.push(`${seg.numSnippets} snippets`);
    rows.push([`  segment ${i}`, parts.join(", ")]);
  });
  if (s.totalDurationS !== undefined) rows.push(["duration", `${s.totalDurationS.toFixed(3)} s`]);
  if (s.dtype !== undefined) rows.push(["dtype", String(s.dtype)]);
  if (s.probe !== undefined) {
    const p = s.probe;
    rows.push([
      "probe",
      p === null
        ? "(none)"
        : `${p.probes} probe(s), ${p.contacts} contacts, ${p.shanks} shank(s)${p.models.length ? `, ${p.models.join(", ")}` : ""}`,
    ]);
  }
  if (s.kind !== "analyzer") rows.push(["properties", types(s.properties)]);
  if (s.unitProperties !== undefined) rows.push(["unit properties", types(s.unitProperties)]);
  if (s.sparse !== undefined)
    rows.push(["sparse", s.sparse ? `yes (up to ${s.maxActiveChannels} channels per unit)` : "no"]);
  if (s.extensions !== undefined)
    rows.push(["extensions", s.extensions.length ? s.extensions.join(", ") : "(none)"]);
  if (s.recording !== undefined) rows.push(["recording", s.recording]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`);
}
