/**
 * The slice of Python literal syntax that .npy headers use: the header is `repr()` of a dict, and
 * numpy reads it back with `ast.literal_eval`. Parsing covers strings, ints, True/False/None,
 * tuples, lists and dicts; `repr` reproduces Python's spelling exactly, because encodeNpy must
 * write headers byte-identical to numpy's.
 */

export type PyLiteral = string | number | boolean | null | PyTuple | PyList | PyDict;

export interface PyTuple {
  readonly type: "tuple";
  readonly items: readonly PyLiteral[];
}

export interface PyList {
  readonly type: "list";
  readonly items: readonly PyLiteral[];
}

export interface PyDict {
  readonly type: "dict";
  readonly entries: ReadonlyMap<string, PyLiteral>;
}

/** Thrown by parsePyLiteral; callers wrap it in a FileFormatError that names the file. */
export class PyLiteralSyntaxError extends Error {
  constructor(message: string, text: string, position: number) {
    super(`${message} at offset ${position} of ${JSON.stringify(shorten(text))}`);
    this.name = "PyLiteralSyntaxError";
  }
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  r: "\r",
  t: "\t",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new PyLiteralSyntaxError(message, this.text, this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  value(): PyLiteral {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) this.fail("unexpected end of text");
    if (c === "{") return this.dict();
    if (c === "(") return this.sequence(")", "tuple");
    if (c === "[") return this.sequence("]", "list");
    if (c === "'" || c === '"') return this.string();
    if ((c === "u" || c === "U") && (this.text[this.pos + 1] === "'" || this.text[this.pos + 1] === '"')) {
      this.pos++;
      return this.string();
    }
    if (/[-+0-9]/.test(c)) return this.integer();
    const word = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos, this.pos + 16))?.[0];
    if (word === "True" || word === "False" || word === "None") {
      this.pos += word.length;
      return word === "None" ? null : word === "True";
    }
    return this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  integer(): number {
    // Python 2 headers may carry a long suffix ("3L"), which numpy also tolerates.
    const m = /^[-+]?\d+L?/.exec(this.text.slice(this.pos, this.pos + 40));
    const next = this.text[this.pos + (m?.[0].length ?? 0)];
    if (!m || next === "." || next === "e" || next === "E") this.fail("expected an integer");
    this.pos += m[0].length;
    const n = Number(m[0].replace("L", ""));
    if (!Number.isSafeInteger(n)) this.fail(`integer ${m[0]} is too large`);
    return n;
  }

  string(): string {
    const quote = this.text[this.pos++];
    let out = "";
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) this.fail("unterminated string");
      if (c === quote) return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      if (e === undefined) this.fail("unterminated string");
      const hexLength = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
      if (hexLength > 0) {
        const hex = this.text.slice(this.pos, this.pos + hexLength);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) this.fail(`bad \\${e} escape`);
        const code = Number.parseInt(hex, 16);
        if (code > 0x10ffff) this.fail(`code point \\${e}${hex} is out of range`);
        out += String.fromCodePoint(code);
        this.pos += hexLength;
      } else if (e in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[e];
      } else if (e === "\n") {
        // a backslash-newline continues the line
      } else {
        out += `\\${e}`; // Python keeps unknown escapes verbatim
      }
    }
  }

  sequence(close: ")" | "]", type: "tuple" | "list"): PyLiteral {
    this.pos++;
    const items: PyLiteral[] = [];
    let sawComma = false;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        break;
      }
      items.push(this.value());
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ",") {
        this.pos++;
        sawComma = true;
      } else if (c !== close) {
        this.fail(`expected "," or "${close}"`);
      }
    }
    // "(x)" is just x in Python; only "(x,)" is a one-element tuple.
    if (type === "tuple" && items.length === 1 && !sawComma) return items[0];
    return { type, items };
  }

  dict(): PyDict {
    this.pos++;
    const entries = new Map<string, PyLiteral>();
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === "}") {
        this.pos++;
        return { type: "dict", entries };
      }
      const key = this.value();
      if (typeof key !== "string") this.fail("dict keys must be strings");
      this.skipSpace();
      if (this.text[this.pos] !== ":") this.fail('expected ":"');
      this.pos++;
      entries.set(key, this.value());
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ",") this.pos++;
      else if (c !== "}") this.fail('expected "," or "}"');
    }
  }
}

/** Parse one Python literal (the whole text, surrounding whitespace allowed). */
export function parsePyLiteral(text: string): PyLiteral {
  const p = new Parser(text);
  const value = p.value();
  p.skipSpace();
  if (p.pos !== text.length) p.fail("unexpected text after the literal");
  return value;
}

export function isPyTuple(value: PyLiteral): value is PyTuple {
  return typeof value === "object" && value !== null && value.type === "tuple";
}

export function isPyList(value: PyLiteral): value is PyList {
  return typeof value === "object" && value !== null && value.type === "list";
}

/** Python's `repr(str)`: single quotes unless the text has a ' and no ", escapes as Python does. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch !== " " && /[\p{C}\p{Z}]/u.test(ch)) out += escapeCodePoint(ch.codePointAt(0)!);
    else out += ch;
  }
  return out + quote;
}

function escapeCodePoint(code: number): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\U${code.toString(16).padStart(8, "0")}`;
}

/** Python's `repr(tuple_of_ints)`: `()`, `(3,)`, `(6, 90, 16)`. */
export function pyTupleRepr(items: readonly string[]): string {
  if (items.length === 1) return `(${items[0]},)`;
  return `(${items.join(", ")})`;
}
