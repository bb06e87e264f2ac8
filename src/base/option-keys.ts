/**
 * Unknown option keys: options objects are plain JS objects, so a typo (`dtpye`) or a Python name
 * (`n_jobs`) would otherwise be silently ignored. These helpers name the bad key and suggest the
 * valid one. Browser-safe.
 */
import { formatValue, InvalidArgumentError } from "../errors.js";

export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Optimal string alignment distance (adjacent transpositions count 1: "dtpye" → "dtype" is 1). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** The valid key meant by `key`: its camelCase form, else the nearest within 2 edits (case-insensitive). */
export function suggestKey(key: string, valid: readonly string[]): string | null {
  const camel = snakeToCamel(key);
  if (camel !== key && valid.includes(camel)) return camel;
  let best: string | null = null;
  let bestDistance = 3;
  for (const v of valid) {
    const dist = editDistance(camel.toLowerCase(), v.toLowerCase());
    if (dist < bestDistance) [best, bestDistance] = [v, dist];
  }
  return best;
}

/** Throws InvalidArgumentError naming `key` unless it is in `valid`, with a suggestion. */
export function checkOptionKey(key: string, valid: readonly string[], what: string, where = ""): void {
  if (valid.includes(key)) return;
  const hint = suggestKey(key, valid);
  throw new InvalidArgumentError(
    `unknown ${what} ${formatValue(key)}${where}${hint === null ? "" : ` (did you mean "${hint}"?)`}; valid keys: ${valid.join(", ")}`,
    { key },
  );
}

export function checkOptionKeys(options: object, valid: readonly string[], what: string, where = ""): void {
  for (const key of Object.keys(options)) checkOptionKey(key, valid, what, where);
}
