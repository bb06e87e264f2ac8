/**
 * JSON files as SpikeInterface writes them with Python's `json` module: keys in insertion order
 * (not sorted), `ensure_ascii`, indent 4 (or the compact `", "`/`": "` form of `json.dumps(d)`),
 * NaN/Infinity as bare tokens. Floats that happen to be integral must stay floats ("30000.0"), so
 * values known to be floats are wrapped with `pyFloat` (see ./py-floats.ts) before writing.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FileFormatError, InvalidArgumentError } from "../../errors.js";
import { parsePythonJson } from "../json.js";
import { isPyFloat, pythonFloatRepr } from "../zarr/json.js";

function pyString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function pyNumber(x: number, float: boolean): string {
  if (!Number.isFinite(x)) return pythonFloatRepr(x);
  if (!float && Number.isInteger(x) && !Object.is(x, -0)) return String(x);
  return pythonFloatRepr(x);
}

function dump(value: unknown, indent: number | null, level: number, where: string): string {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "number") return pyNumber(value, false);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return pyString(value);
  if (isPyFloat(value)) return pyNumber(value.value, true);
  const pad = indent === null ? "" : `\n${" ".repeat(indent * (level + 1))}`;
  const end = indent === null ? "" : `\n${" ".repeat(indent * level)}`;
  const sep = indent === null ? ", " : `,${pad}`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const float = value instanceof Float32Array || value instanceof Float64Array;
    const items = Array.from(value as unknown as ArrayLike<number | bigint>, (v) =>
      typeof v === "bigint" ? v.toString() : pyNumber(v, float),
    );
    return items.length === 0 ? "[]" : `[${pad}${items.join(sep)}${end}]`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const parts = value.map((v, i) => dump(v, indent, level + 1, `${where}[${i}]`));
    return `[${pad}${parts.join(sep)}${end}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const parts = entries.map(([k, v]) => `${pyString(k)}: ${dump(v, indent, level + 1, `${where}.${k}`)}`);
    return `{${pad}${parts.join(sep)}${end}}`;
  }
  throw new InvalidArgumentError(`cannot write a ${typeof value} at ${where} as JSON`);
}

/** `json.dumps(value, indent=4)` (indent null: `json.dumps(value)`, one line). */
export function siJsonDumps(value: unknown, indent: number | null = 4): string {
  return dump(value, indent, 0, "$");
}

/** Read and parse a JSON file; a missing or corrupt file is a FileFormatError naming it. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FileFormatError(path, code === "ENOENT" ? "file is missing" : `cannot be read (${code})`, {
      cause: err,
    });
  }
  return parsePythonJson(text, path);
}

/** A JSON file that must hold an object. */
export function readJsonObject(path: string): Record<string, unknown> {
  const value = readJsonFile(path);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new FileFormatError(path, "expected a JSON object");
  }
  return value as Record<string, unknown>;
}

/** The annotations saved in a folder's `si_folder.json` ({} when there is none). */
export function readFolderAnnotations(folder: string): Record<string, unknown> {
  const path = join(folder, "si_folder.json");
  if (!existsSync(path)) return {};
  const a = readJsonObject(path).annotations;
  return a !== null && typeof a === "object" && !Array.isArray(a) ? (a as Record<string, unknown>) : {};
}
