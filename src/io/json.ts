/**
 * JSON as Python's json module writes it: bare NaN / Infinity tokens are legal there, so reading
 * must accept them, and writing must produce them for non-finite numbers (JSON.stringify would
 * silently turn them into null, a wrong answer for a t_start or a property).
 */
import { FileFormatError } from "../errors.js";

const NAN_TOKEN = /(?<=[[,:]\s*)(-?)(NaN|Infinity)(?=\s*[\],}])/g;

export function parsePythonJson(text: string, path = "<json>"): unknown {
  const marked = text.replace(
    NAN_TOKEN,
    (_m, sign: string, word: string) => `"__si_nonfinite__${sign}${word}"`,
  );
  try {
    return JSON.parse(marked, (_k, v) => {
      if (typeof v === "string" && v.startsWith("__si_nonfinite__")) {
        const w = v.slice("__si_nonfinite__".length);
        return w === "NaN"
          ? Number.NaN
          : w === "Infinity"
            ? Number.POSITIVE_INFINITY
            : Number.NEGATIVE_INFINITY;
      }
      return v;
    });
  } catch (err) {
    throw new FileFormatError(path, `not valid JSON (${(err as Error).message})`, { cause: err });
  }
}

/** Serialise like `json.dump(obj, indent=4)`, writing NaN/Infinity as Python does. */
export function toPythonJson(value: unknown, indent = 4): string {
  const text = JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === "number" && !Number.isFinite(v)) return `__si_nonfinite__${v}`;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView))
        return Array.from(v as unknown as ArrayLike<number>, Number);
      if (typeof v === "bigint") return Number(v);
      return v;
    },
    indent,
  );
  return text.replace(/"__si_nonfinite__(-?Infinity|NaN)"/g, "$1");
}
