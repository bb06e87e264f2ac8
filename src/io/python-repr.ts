/**
 * Python's text for a float and a string, as `json.dump` writes them. The probeinterface writer
 * (probe/py-json.ts) and the zarr metadata writer (io/zarr/json.ts) must both match Python byte for
 * byte, so they share these two functions.
 */

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest digits that round-trip, like repr.
  const [mantissa, expText] = Math.abs(x).toExponential().split("e");
  const exponent = Number(expText);
  const digits = mantissa.replace(".", "");
  if (exponent < -4 || exponent >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = `${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
    return `${sign}${m}e${e}`;
  }
  if (exponent >= 0) {
    const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    const frac = digits.slice(exponent + 1);
    return `${sign}${intPart}.${frac === "" ? "0" : frac}`;
  }
  return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
}

/**
 * A JSON string literal with Python's ensure_ascii escaping. JSON.stringify already escapes quotes,
 * backslashes and control characters as Python does; what is left outside printable ASCII (DEL and
 * every non-ASCII UTF-16 unit) becomes a lower-case `\uXXXX`.
 */
export function pythonStringRepr(s: string): string {
  return JSON.stringify(s).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
