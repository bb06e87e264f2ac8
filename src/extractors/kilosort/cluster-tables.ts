/**
 * The per-cluster tables of a Kilosort/phy folder (cluster_group.tsv, cluster_KSLabel.tsv,
 * cluster_ContamPct.tsv, cluster_info.tsv, any .tsv/.csv with a cluster_id column), read and
 * joined on cluster_id the way SpikeInterface does it with pandas:
 *
 * - a cluster_info file, when there is exactly one, is the only table read;
 * - otherwise every .tsv/.csv with a `cluster_id` column is inner-joined on it (files in name
 *   order; a column seen twice gets a `_repeat` suffix);
 * - a column whose non-empty cells all parse as numbers is numeric (int64 when all are integers
 *   and none is empty, float64 with NaN for empty cells otherwise), "True"/"False" columns are
 *   bool, anything else is text ("" for empty cells, where pandas would give "nan").
 */
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { FileFormatError } from "../../errors.js";

export type ClusterColumn =
  | { kind: "int"; values: Float64Array }
  | { kind: "float"; values: Float64Array }
  | { kind: "bool"; values: boolean[] }
  | { kind: "str"; values: string[] };

export interface ClusterTable {
  /** Cluster id of each row. */
  clusterIds: number[];
  /** Other columns in file order, each with one value per row. */
  columns: Map<string, ClusterColumn>;
}

interface RawTable {
  header: string[];
  rows: string[][];
}

function readDelimited(path: string): RawTable {
  const sep = extname(path) === ".csv" ? "," : "\t";
  const lines = readFileSync(path, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  if (lines.length === 0) return { header: [], rows: [] };
  const header = lines[0].split(sep).map((h) => h.trim());
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(sep).map((c) => c.trim());
    if (cells.length > header.length) {
      throw new FileFormatError(
        path,
        `line ${i + 2} has ${cells.length} cells but the header has ${header.length}`,
      );
    }
    while (cells.length < header.length) cells.push("");
    return cells;
  });
  return { header, rows };
}

function typedColumn(cells: readonly string[]): ClusterColumn {
  const filled = cells.filter((c) => c !== "");
  if (filled.length > 0 && filled.every((c) => c === "True" || c === "False")) {
    if (filled.length === cells.length) return { kind: "bool", values: cells.map((c) => c === "True") };
  }
  const isNum = (c: string) => /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(nan|inf)$/i.test(c);
  if (filled.length > 0 && filled.every(isNum)) {
    const values = Float64Array.from(cells, (c) => (c === "" ? Number.NaN : parseNumber(c)));
    const ints = filled.length === cells.length && values.every(Number.isInteger);
    return { kind: ints ? "int" : "float", values };
  }
  return { kind: "str", values: [...cells] };
}

function parseNumber(c: string): number {
  const l = c.toLowerCase().replace(/^\+/, "");
  if (l === "nan" || l === "-nan") return Number.NaN;
  if (l === "inf") return Number.POSITIVE_INFINITY;
  if (l === "-inf") return Number.NEGATIVE_INFINITY;
  return Number(c);
}

function toTable(raw: RawTable, path: string): ClusterTable | null {
  let idAt = raw.header.indexOf("cluster_id");
  // phy's cluster_info used "id" in some versions
  if (idAt < 0) idAt = raw.header.indexOf("id");
  if (idAt < 0) return null;
  const clusterIds = raw.rows.map((r, i) => {
    const v = Number(r[idAt]);
    if (r[idAt] === "" || !Number.isInteger(v)) {
      throw new FileFormatError(
        path,
        `line ${i + 2}: cluster id ${JSON.stringify(r[idAt])} is not an integer`,
      );
    }
    return v;
  });
  if (new Set(clusterIds).size !== clusterIds.length) {
    throw new FileFormatError(path, "a cluster id appears on several lines");
  }
  const columns = new Map<string, ClusterColumn>();
  raw.header.forEach((name, j) => {
    if (j !== idAt) columns.set(name, typedColumn(raw.rows.map((r) => r[j])));
  });
  return { clusterIds, columns };
}

function pickRows(column: ClusterColumn, rows: readonly number[]): ClusterColumn {
  if (column.kind === "int" || column.kind === "float") {
    return { kind: column.kind, values: Float64Array.from(rows, (r) => column.values[r]) };
  }
  if (column.kind === "bool") return { kind: "bool", values: rows.map((r) => column.values[r]) };
  return { kind: "str", values: rows.map((r) => column.values[r]) };
}

/** Inner join on cluster_id, rows in the left table's order. */
function join2(left: ClusterTable, right: ClusterTable): ClusterTable {
  const rightRow = new Map(right.clusterIds.map((id, i) => [id, i]));
  const leftRows: number[] = [];
  const rightRows: number[] = [];
  left.clusterIds.forEach((id, i) => {
    const r = rightRow.get(id);
    if (r !== undefined) {
      leftRows.push(i);
      rightRows.push(r);
    }
  });
  const columns = new Map<string, ClusterColumn>();
  for (const [k, c] of left.columns) columns.set(k, pickRows(c, leftRows));
  for (const [k, c] of right.columns) columns.set(columns.has(k) ? `${k}_repeat` : k, pickRows(c, rightRows));
  return { clusterIds: leftRows.map((i) => left.clusterIds[i]), columns };
}

/** Keep the rows where `keep(row)` is true. */
export function filterRows(table: ClusterTable, keep: (row: number) => boolean): ClusterTable {
  const rows = table.clusterIds.map((_, i) => i).filter(keep);
  const columns = new Map<string, ClusterColumn>();
  for (const [k, c] of table.columns) columns.set(k, pickRows(c, rows));
  return { clusterIds: rows.map((i) => table.clusterIds[i]), columns };
}

/** The joined cluster table of a folder, or null when no file has a cluster_id column. */
export function readClusterTables(folder: string): ClusterTable | null {
  const files = readdirSync(folder)
    .filter((f) => f.endsWith(".tsv") || f.endsWith(".csv"))
    .sort();
  const info = files.filter((f) => f.includes("cluster_info"));
  const chosen = info.length === 1 ? info : files;
  let table: ClusterTable | null = null;
  for (const name of chosen) {
    const path = join(folder, name);
    const t = toTable(readDelimited(path), path);
    if (t === null) continue;
    table = table === null ? t : join2(table, t);
  }
  return table;
}
