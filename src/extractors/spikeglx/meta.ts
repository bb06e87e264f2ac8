/**
 * SpikeGLX `.meta` files: one `key=value` per line. Keys written with a leading `~` hold tables
 * such as `(header)(entry)(entry)...`; the `~` is dropped from the key and the table text kept
 * as is, so each table is parsed only by the code that needs it. Values stay text until asked
 * for, with errors that name the .meta file and the key.
 */
import { readFileSync } from "node:fs";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";

export class SpikeGlxMeta {
  constructor(
    /** Absolute path of the .meta file (used in every error message). */
    readonly path: string,
    readonly values: ReadonlyMap<string, string>,
  ) {}

  has(key: string): boolean {
    return this.values.has(key);
  }

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  /** A required text value. */
  text(key: string): string {
    const v = this.values.get(key);
    if (v === undefined) throw new FileFormatError(this.path, `missing the ${key} field`);
    return v;
  }

  /** A required number (or `fallback` when the key is absent). */
  number(key: string, fallback?: number): number {
    const v = this.values.get(key);
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      throw new FileFormatError(this.path, `missing the ${key} field`);
    }
    const n = Number(v.trim());
    if (v.trim() === "" || !Number.isFinite(n)) {
      throw new FileFormatError(this.path, `${key}=${JSON.stringify(v)} is not a number`);
    }
    return n;
  }

  /** A required integer field. */
  integer(key: string, fallback?: number): number {
    const n = this.number(key, fallback);
    if (!Number.isInteger(n)) throw new FileFormatError(this.path, `${key}=${n} is not an integer`);
    return n;
  }

  /** A comma-separated list of integers, e.g. snsApLfSy=384,0,1. */
  integers(key: string): number[] {
    return this.text(key)
      .split(",")
      .map((s) => {
        const n = Number(s.trim());
        if (s.trim() === "" || !Number.isInteger(n)) {
          throw new FileFormatError(
            this.path,
            `${key}=${JSON.stringify(this.text(key))}: not a list of integers`,
          );
        }
        return n;
      });
  }

  /** A `(header)(e1)(e2)...` table, or null when the key is absent. */
  table(key: string): MetaTable | null {
    const v = this.values.get(key);
    return v === undefined ? null : parseTable(v, key, this.path);
  }
}

export interface MetaTable {
  readonly header: string;
  readonly entries: readonly string[];
}

function parseTable(text: string, key: string, path: string): MetaTable {
  const t = text.trim();
  if (!t.startsWith("(") || !t.endsWith(")")) {
    throw new FileFormatError(path, `~${key} is not a "(...)(...)" table`);
  }
  const parts = t.slice(1, -1).split(")(");
  return { header: parts[0], entries: parts.slice(1) };
}

/** Parse the text of a .meta file. Lines without "=" are ignored (SpikeGLX never writes them). */
export function parseMetaText(text: string, path: string): SpikeGlxMeta {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const eq = raw.indexOf("=");
    if (eq <= 0) continue;
    let key = raw.slice(0, eq).trim();
    if (key.startsWith("~")) key = key.slice(1);
    values.set(key, raw.slice(eq + 1).trim());
  }
  if (values.size === 0) throw new FileFormatError(path, "not a SpikeGLX .meta file: no key=value lines");
  return new SpikeGlxMeta(path, values);
}

export function readMetaFile(path: string): SpikeGlxMeta {
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch (err) {
    throw new SpikeInterfaceError("file_not_found", `cannot read ${path}`, { path }, { cause: err });
  }
  return parseMetaText(text, path);
}

/**
 * `snsSaveChanSubset`: "all" or ranges like "0:10,50:55,100" (both ends inclusive) — the
 * acquisition channel of each saved channel, in file order.
 */
export function savedChannels(meta: SpikeGlxMeta, numSaved: number): Int32Array {
  const txt = meta.get("snsSaveChanSubset");
  if (txt === undefined || txt.trim() === "all") return Int32Array.from({ length: numSaved }, (_, i) => i);
  const out: number[] = [];
  for (const part of txt.split(",")) {
    const [a, b] = part.split(":").map((s) => Number(s.trim()));
    if (!Number.isInteger(a) || (b !== undefined && !Number.isInteger(b))) {
      throw new FileFormatError(meta.path, `snsSaveChanSubset=${JSON.stringify(txt)} is not a channel list`);
    }
    for (let c = a; c <= (b ?? a); c++) out.push(c);
  }
  if (out.length !== numSaved) {
    throw new FileFormatError(
      meta.path,
      `snsSaveChanSubset lists ${out.length} channels but nSavedChans is ${numSaved}`,
    );
  }
  return Int32Array.from(out);
}
