/**
 * Provenance of an analyzer's recording and sorting: written as SpikeInterface dicts with paths
 * relative to the analyzer folder (so the folder can move with its data), and rebuilt on load.
 * A recording that cannot be rebuilt (missing files, unknown class, pickle) is not an error: the
 * analyzer opens without it ("recordingless") and says why.
 */
import type { BaseExtractor, ExtractorDict } from "../../base/extractor.js";
import { extractorFromDict } from "../../base/provenance.js";
import { makePathsAbsolute, makePathsRelative } from "../../io/paths.js";

/** The extractor's dict, paths relative to `folder`, or null when JSON cannot describe it. */
export function provenanceDict(extractor: BaseExtractor | null, folder: string): ExtractorDict | null {
  if (extractor === null || !extractor.isJsonSerializable()) return null;
  return makePathsRelative(extractor.toDict({ includeAnnotations: true, recursive: true }), folder);
}

export type Rebuilt<T> = { value: T; error: null } | { value: null; error: string };

/** Rebuild from a dict whose relative paths are relative to `baseFolder`. */
export async function rebuildFromDict<T extends BaseExtractor>(
  dict: unknown,
  baseFolder: string,
): Promise<Rebuilt<T>> {
  try {
    const absolute = makePathsAbsolute(dict, baseFolder);
    const value = (await extractorFromDict(absolute, { baseFolder })) as T;
    return { value, error: null };
  } catch (err) {
    return { value: null, error: err instanceof Error ? err.message : String(err) };
  }
}
