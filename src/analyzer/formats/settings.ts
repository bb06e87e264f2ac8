/**
 * The analyzer settings and info dicts as SpikeInterface writes them, and the reading rules for
 * older analyzers: `return_scaled` becomes `return_in_uV`; without `peak_sign` (before 0.105) the
 * defaults "both" / "extremum" apply.
 */

import { SI_FORMAT_VERSION } from "../../base/extractor.js";
import { FileFormatError } from "../../errors.js";
import { checkPeakMode, checkPeakSign } from "../../tools/template-arrays.js";
import type { AnalyzerSettings } from "../backend.js";

export const SPIKEINTERFACE_INFO = { version: SI_FORMAT_VERSION, dev_mode: false, object: "SortingAnalyzer" };

export function settingsToJson(s: AnalyzerSettings): Record<string, unknown> {
  return { return_in_uV: s.returnInUV, peak_sign: s.peakSign, peak_mode: s.peakMode };
}

export function settingsFromJson(json: unknown, where: string): AnalyzerSettings {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new FileFormatError(where, "analyzer settings are not a JSON object");
  }
  const d = json as Record<string, unknown>;
  const returnInUV = d.return_in_uV ?? d.return_scaled ?? true;
  if (typeof returnInUV !== "boolean")
    throw new FileFormatError(where, `return_in_uV is not a boolean: ${String(returnInUV)}`);
  if (d.peak_sign === undefined) return { returnInUV, peakSign: "both", peakMode: "extremum" };
  return {
    returnInUV,
    peakSign: checkPeakSign(String(d.peak_sign)),
    peakMode: checkPeakMode(String(d.peak_mode ?? "extremum")),
  };
}
