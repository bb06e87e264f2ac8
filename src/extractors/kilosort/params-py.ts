/**
 * `params.py` of a Kilosort/phy folder: `name = <python literal>` lines (SpikeInterface runs it
 * with `exec` and lower-cases the names). Here it is parsed, never executed: numbers (`30000.`,
 * `3e4`), strings (with r/b/u prefixes, single, double or triple quotes), True/False/None, lists
 * and tuples of those, and `range(a, b)`. A line this parser does not understand is kept as raw
 * text so that one exotic setting does not make the folder unreadable.
 */
import { readFileSync } from "node:fs";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";

export type PyValue = number | string | boolean | null | PyValue[];

export interface PythonParams {
  /** Parsed values by lower-cased name. */
  values: Map<string, PyValue>;
  /** Lines whose value could not be parsed, by lower-cased name (text after "="). */
  raw: Map<string, string>;
}

class LiteralParser {
  pos = 0;
  constructor(readonly text: string) {}

  private space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  /** Parse one value; throws a plain Error (the caller decides what to do with the line). */
  value(): PyValue {
    this.space();
    const rest = this.text.slice(this.pos);
    const c = rest[0];
    if (c === "[" || c === "(") return this.sequence(c === "[" ? "]" : ")");
    const str = /^([rRbBuU]{0,2})('''|"""|'|")/.exec(rest);
    if (str !== null) return this.string(str[1].toLowerCase().includes("r"), str[2], str[0].length);
    const num = /^[-+]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][-+]?\d+)?/.exec(rest);
    if (num !== null) {
      this.pos += num[0].length;
      return Number(num[0].replaceAll("_", ""));
    }
    const range = /^range\(\s*(-?\d+)\s*(?:,\s*(-?\d+)\s*)?(?:,\s*(-?\d+)\s*)?\)/.exec(rest);
    if (range !== null) {
      this.pos += range[0].length;
      const [a, b, step] =
        range[2] === undefined
          ? [0, Number(range[1]), 1]
          : [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)];
      if (step === 0) throw new Error("range() step is 0");
      const out: number[] = [];
      for (let i = a; step > 0 ? i < b : i > b; i += step) out.push(i);
      return out;
    }
    const word = /^(True|False|None)\b/.exec(rest);
    if (word !== null) {
      this.pos += word[0].length;
      return word[1] === "None" ? null : word[1] === "True";
    }
    throw new Error(`cannot parse ${JSON.stringify(rest.slice(0, 30))}`);
  }

  private string(raw: boolean, quote: string, skip: number): string {
    this.pos += skip;
    let out = "";
    for (;;) {
      if (this.pos >= this.text.length) throw new Error("unterminated string");
      if (this.text.startsWith(quote, this.pos)) {
        this.pos += quote.length;
        return out;
      }
      const ch = this.text[this.pos++];
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const e = this.text[this.pos++];
      if (raw) out += `\\${e}`;
      else out += ({ n: "\n", t: "\t", r: "\r", "0": "\0" } as Record<string, string>)[e] ?? e;
    }
  }

  private sequence(close: string): PyValue[] {
    this.pos++;
    const items: PyValue[] = [];
    for (;;) {
      this.space();
      if (this.text[this.pos] === close) {
        this.pos++;
        return items;
      }
      items.push(this.value());
      this.space();
      if (this.text[this.pos] === ",") this.pos++;
      else if (this.text[this.pos] !== close) throw new Error(`expected "," or "${close}"`);
    }
  }

  /** After the value only a comment may follow. */
  end(): void {
    this.space();
    if (this.pos < this.text.length && this.text[this.pos] !== "#") {
      throw new Error(`unexpected ${JSON.stringify(this.text.slice(this.pos, this.pos + 20))}`);
    }
  }
}

/** Join lines while brackets or triple quotes are open, so multi-line lists parse as one. */
function statements(text: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of text.split(/\r?\n/)) {
    current = current === "" ? line : `${current}\n${line}`;
    const opened = (current.match(/[[(]/g)?.length ?? 0) - (current.match(/[\])]/g)?.length ?? 0);
    const triples = (current.match(/'''|"""/g)?.length ?? 0) % 2;
    if (opened <= 0 && triples === 0) {
      out.push(current);
      current = "";
    }
  }
  if (current !== "") out.push(current);
  return out;
}

export function parsePythonParams(text: string): PythonParams {
  const values = new Map<string, PyValue>();
  const raw = new Map<string, string>();
  for (const stmt of statements(text)) {
    const m = /^\s*([A-Za-z_]\w*)\s*=(?!=)([\s\S]*)$/.exec(stmt);
    if (m === null) continue; // comments, imports, blank lines
    const name = m[1].toLowerCase();
    const parser = new LiteralParser(m[2]);
    try {
      const v = parser.value();
      parser.end();
      values.set(name, v);
    } catch {
      raw.set(name, m[2].trim());
    }
  }
  return { values, raw };
}

export function readPythonParams(path: string): PythonParams {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new SpikeInterfaceError("file_not_found", `${path} is missing`, { path }, { cause: err });
  }
  return parsePythonParams(text);
}

/** The `sample_rate` of a params.py: a positive number, else a FileFormatError naming the file. */
export function sampleRateOf(params: PythonParams, path: string): number {
  const v = params.values.get("sample_rate");
  if (typeof v === "number" && Number.isFinite(v) && v > 0) return v;
  const shown = v === undefined ? params.raw.get("sample_rate") : JSON.stringify(v);
  throw new FileFormatError(
    path,
    shown === undefined ? "no sample_rate line" : `sample_rate = ${shown} is not a positive number`,
  );
}
