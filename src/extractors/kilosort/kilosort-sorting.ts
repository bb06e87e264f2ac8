/**
 * `readKilosort(folder, { keepGoodOnly, removeEmptyUnits })`: a Kilosort (or phy) output folder
 * as a NumpySorting, following SpikeInterface's KiloSortSortingExtractor:
 *
 * - spikes from spike_times.npy and spike_clusters.npy (spike_templates.npy when there is no
 *   spike_clusters.npy, i.e. before any curation), one segment;
 * - `sample_rate` from params.py;
 * - units are the rows of the joined cluster tables (see cluster-tables.ts), sorted by cluster id;
 *   without tables, every cluster with spikes, with quality "unsorted";
 * - `keepGoodOnly` keeps units whose KSLabel is "good"; `removeEmptyUnits` (default true) drops
 *   table rows without spikes; spikes of clusters that are not units are dropped;
 * - properties: `group` → "quality", `cluster_id` → "original_cluster_id",
 *   chan_grp/ch_group/channel_group → "group", every other column under its own name;
 * - a `si_unit_id` column (written by SpikeInterface's phy export) gives the unit ids back.
 *
 * The object is a NumpySorting whose provenance names SpikeInterface's Kilosort class with the
 * folder, so it can be saved as JSON and re-opened here or in Python.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { registerExtractorClass } from "../../base/registry.js";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { parseNpy } from "../../io/npy/parse-npy.js";
import { NumpySorting } from "../../sorting/numpy-sorting.js";
import { type ClusterColumn, type ClusterTable, filterRows, readClusterTables } from "./cluster-tables.js";
import { readPythonParams, sampleRateOf } from "./params-py.js";

export const KILOSORT_CLASS = "spikeinterface.extractors.phykilosortextractors.KiloSortSortingExtractor";
export const PHY_CLASS = "spikeinterface.extractors.phykilosortextractors.PhySortingExtractor";

export interface ReadKilosortOptions {
  /** Keep only units whose KSLabel is "good" (default false). */
  keepGoodOnly?: boolean;
  /** Drop units without spikes (default true, as SpikeInterface's read_kilosort). */
  removeEmptyUnits?: boolean;
  /** Drop units whose phy `group` (quality) is one of these, e.g. ["noise", "mua"]. */
  excludeClusterGroups?: readonly string[] | string | null;
}

/** A 1-D integer .npy (an (n, 1) column is accepted, as SpikeInterface squeezes it) as numbers. */
export function readIntegerNpy(path: string): Float64Array {
  if (!existsSync(path)) throw new SpikeInterfaceError("file_not_found", `${path} is missing`, { path });
  const npy = parseNpy(new Uint8Array(readFileSync(path)), path);
  if (npy.kind !== "numeric" || npy.dtype === "float32" || npy.dtype === "float64" || npy.dtype === "bool") {
    const what = npy.kind === "numeric" ? npy.dtype : `${npy.kind} (${npy.descr})`;
    throw new FileFormatError(path, `expected integers (sample indices or cluster ids), got dtype ${what}`);
  }
  const shape = npy.shape.filter((d) => d !== 1);
  if (shape.length > 1)
    throw new FileFormatError(path, `expected a 1-D array, got shape (${npy.shape.join(", ")})`);
  const data = npy.data;
  const out = new Float64Array(data.length);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
  } else out.set(data);
  return out;
}

interface Units {
  table: ClusterTable;
  unitIds: number[];
}

function selectUnits(folder: string, clusters: Float64Array, options: ReadKilosortOptions): Units {
  const present = new Set<number>(clusters);
  let table = readClusterTables(folder) ?? unsortedTable([...present].sort((a, b) => a - b));
  const exclude = options.excludeClusterGroups;
  const excluded = new Set(exclude == null ? [] : typeof exclude === "string" ? [exclude] : exclude);
  const group = table.columns.get("group");
  if (excluded.size > 0 && group?.kind === "str")
    table = filterRows(table, (r) => !excluded.has(group.values[r]));
  const ks = table.columns.get("KSLabel");
  if (options.keepGoodOnly && ks?.kind === "str") table = filterRows(table, (r) => ks.values[r] === "good");
  if (options.removeEmptyUnits ?? true) table = filterRows(table, (r) => present.has(table.clusterIds[r]));
  // Sorted by cluster id so the unit order does not depend on which table was read first.
  const order = table.clusterIds.map((_, i) => i).sort((a, b) => table.clusterIds[a] - table.clusterIds[b]);
  table = filterRowsInOrder(table, order);
  return { table, unitIds: unitIdsOf(table) };
}

/** No cluster table at all: every cluster with spikes, quality "unsorted" (SpikeInterface's rule). */
function unsortedTable(clusterIds: number[]): ClusterTable {
  const columns = new Map<string, ClusterColumn>([
    ["group", { kind: "str", values: clusterIds.map(() => "unsorted") }],
  ]);
  return { clusterIds, columns };
}

function filterRowsInOrder(table: ClusterTable, order: number[]): ClusterTable {
  const sorted = order.every((r, i) => r === i);
  if (sorted) return table;
  const columns = new Map<string, ClusterColumn>();
  for (const [k, c] of table.columns) {
    columns.set(
      k,
      c.kind === "str"
        ? { kind: "str", values: order.map((r) => c.values[r]) }
        : c.kind === "bool"
          ? { kind: "bool", values: order.map((r) => c.values[r]) }
          : { kind: c.kind, values: Float64Array.from(order, (r) => c.values[r]) },
    );
  }
  return { clusterIds: order.map((r) => table.clusterIds[r]), columns };
}

/** Unit ids: the cluster ids, or SpikeInterface's si_unit_id where it is set and unique. */
function unitIdsOf(table: ClusterTable): number[] {
  const si = table.columns.get("si_unit_id");
  if (si === undefined || si.kind === "str" || si.kind === "bool") return [...table.clusterIds];
  const vals = Array.from(si.values);
  let next = Math.max(-1, ...vals.filter((v) => !Number.isNaN(v)));
  return vals.map((v) => (Number.isNaN(v) || vals.filter((w) => w === v).length !== 1 ? ++next : v));
}

export class KilosortSorting extends NumpySorting {
  override readonly className: string;
  /** Absolute path of the Kilosort/phy folder. */
  readonly folder: string;

  constructor(folder: string, options: ReadKilosortOptions = {}, className = KILOSORT_CLASS) {
    const root = resolve(folder);
    if (!existsSync(root))
      throw new SpikeInterfaceError("file_not_found", `${root} does not exist`, { path: root });
    if (!statSync(root).isDirectory()) throw new FileFormatError(root, "a Kilosort output must be a folder");
    const paramsPath = join(root, "params.py");
    if (!existsSync(paramsPath) || !existsSync(join(root, "spike_times.npy"))) {
      throw new FileFormatError(root, "not a Kilosort/phy folder: it needs params.py and spike_times.npy");
    }
    const fs = sampleRateOf(readPythonParams(paramsPath), paramsPath);
    const times = readIntegerNpy(join(root, "spike_times.npy"));
    const clustersPath = existsSync(join(root, "spike_clusters.npy"))
      ? join(root, "spike_clusters.npy")
      : join(root, "spike_templates.npy");
    const clusters = readIntegerNpy(clustersPath);
    if (clusters.length !== times.length) {
      throw new FileFormatError(
        clustersPath,
        `${clusters.length} cluster labels for ${times.length} spike times`,
      );
    }
    const { table, unitIds } = selectUnits(root, clusters, options);
    const spikes = spikeVector(times, clusters, table.clusterIds);
    super({ spikes, samplingFrequency: fs, unitIds, numSegments: 1 });
    this.className = className;
    this.folder = root;
    setUnitProperties(this, table);
    this.annotate({ phy_folder: root });
    this.notJsonReason = null;
    // SpikeInterface leaves remove_empty_units out of its kwargs (so a reload always removes
    // them); its constructor accepts it, so it is kept here to reload the same units.
    this.kwargs =
      className === KILOSORT_CLASS
        ? {
            folder_path: root,
            keep_good_only: options.keepGoodOnly ?? false,
            remove_empty_units: options.removeEmptyUnits ?? true,
          }
        : { folder_path: root, exclude_cluster_groups: options.excludeClusterGroups ?? null };
  }

  /** Workers rebuild it from the folder: the provenance stays the folder, not the spikes. */
  override shareMemory(): void {
    const k = this.kwargs;
    super.shareMemory();
    this.kwargs = k;
  }
}

/** Spikes of unit clusters only, unit index by cluster; Kilosort writes times sorted already. */
function spikeVector(times: Float64Array, clusters: Float64Array, unitClusters: readonly number[]) {
  const index = new Map(unitClusters.map((c, i) => [c, i]));
  let kept = 0;
  for (let i = 0; i < clusters.length; i++) if (index.has(clusters[i])) kept++;
  const v = {
    sampleIndex: new Float64Array(kept),
    unitIndex: new Int32Array(kept),
    segmentIndex: new Int32Array(kept),
  };
  let k = 0;
  let sorted = true;
  for (let i = 0; i < clusters.length; i++) {
    const u = index.get(clusters[i]);
    if (u === undefined) continue;
    v.sampleIndex[k] = times[i];
    v.unitIndex[k] = u;
    if (k > 0 && times[i] < v.sampleIndex[k - 1]) sorted = false;
    k++;
  }
  if (!sorted) {
    const order = Array.from(v.sampleIndex.keys()).sort(
      (a, b) => v.sampleIndex[a] - v.sampleIndex[b] || a - b,
    );
    return {
      sampleIndex: Float64Array.from(order, (i) => v.sampleIndex[i]),
      unitIndex: Int32Array.from(order, (i) => v.unitIndex[i]),
      segmentIndex: v.segmentIndex,
    };
  }
  return v;
}

const RENAMED: Record<string, string> = {
  group: "quality",
  chan_grp: "group",
  ch_group: "group",
  channel_group: "group",
};

function setUnitProperties(sorting: NumpySorting, table: ClusterTable): void {
  sorting.setProperty("original_cluster_id", Float64Array.from(table.clusterIds), { dtype: "int64" });
  for (const [name, column] of table.columns) {
    if (name === "si_unit_id") continue;
    const key = RENAMED[name] ?? name;
    if (column.kind === "int") sorting.setProperty(key, column.values, { dtype: "int64" });
    else if (column.kind === "float") sorting.setProperty(key, column.values);
    else if (column.kind === "bool") sorting.setProperty(key, column.values);
    else sorting.setProperty(key, column.values, { dtype: "str" });
    // phy's quality labels are text even when a column happens to hold numbers
    if (key === "quality" && column.kind !== "str")
      sorting.setProperty(key, Array.from(column.values, String));
  }
}

export function readKilosort(folder: string, options: ReadKilosortOptions = {}): KilosortSorting {
  return new KilosortSorting(folder, options);
}

/** phy folders: as readKilosort, without the KSLabel filter and keeping empty units. */
export function readPhy(
  folder: string,
  options: Pick<ReadKilosortOptions, "excludeClusterGroups"> = {},
): KilosortSorting {
  return new KilosortSorting(folder, { ...options, removeEmptyUnits: false }, PHY_CLASS);
}

registerExtractorClass(KILOSORT_CLASS, (k) =>
  readKilosort(String(k.folder_path), {
    keepGoodOnly: k.keep_good_only === true,
    removeEmptyUnits: k.remove_empty_units !== false,
  }),
);
registerExtractorClass(PHY_CLASS, (k) =>
  readPhy(String(k.folder_path), {
    excludeClusterGroups: (k.exclude_cluster_groups as string[] | null) ?? null,
  }),
);
