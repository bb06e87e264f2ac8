/**
 * Rebuild extractors from provenance dicts (spec api.md §1.5, formats.md §7). Browser-safe: paths
 * are joined as strings; reading JSON files from disk is in ../io (node).
 */
import { InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import type { BaseExtractor, ExtractorDict } from "./extractor.js";
import { propertyFromJson } from "./properties.js";
import { type LoadContext, resolveExtractorClass } from "./registry.js";

/** Hooks for metadata the base layer does not model itself (probe groups). */
export const provenanceHooks: {
  applyProbegroup?: (extractor: BaseExtractor, probegroupDict: unknown) => void;
} = {};

/** A nested extractor dict has these keys (SpikeInterface's own test). */
export function isExtractorDict(value: unknown): value is ExtractorDict {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    "class" in value &&
    "module" in value &&
    "version" in value &&
    "annotations" in value
  );
}

/**
 * Rebuild an extractor from a dict. Nested extractor dicts in kwargs (directly, in lists or as
 * object values) are rebuilt first. Relative paths must already be absolute (see io/paths).
 */
export async function extractorFromDict(
  dict: unknown,
  context: LoadContext = { baseFolder: null },
): Promise<BaseExtractor> {
  if (!isExtractorDict(dict)) {
    throw new InvalidArgumentError(
      "not an extractor dict: it needs class, module, version, kwargs and annotations keys",
    );
  }
  const loader = resolveExtractorClass(dict.class);
  const kwargs = (await rebuildNested(dict.kwargs ?? {}, context)) as Record<string, unknown>;
  let extractor: BaseExtractor;
  try {
    extractor = await loader(kwargs, context);
  } catch (err) {
    if (err instanceof SpikeInterfaceError) throw err;
    throw new SpikeInterfaceError(
      "invalid_argument",
      `cannot rebuild ${dict.class}: ${(err as Error).message}`,
      {},
      { cause: err },
    );
  }
  extractor.annotate(dict.annotations ?? {});
  for (const [key, value] of Object.entries(dict.properties ?? {})) {
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value)) continue;
    const p = propertyFromJson(value);
    extractor.setProperty(key, p.values, { dtype: p.dtype, shape: p.shape });
  }
  if (dict.probegroup !== undefined && dict.probegroup !== null)
    provenanceHooks.applyProbegroup?.(extractor, dict.probegroup);
  return extractor;
}

async function rebuildNested(value: unknown, context: LoadContext): Promise<unknown> {
  if (isExtractorDict(value)) return extractorFromDict(value, context);
  if (Array.isArray(value)) return Promise.all(value.map((v) => rebuildNested(v, context)));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await rebuildNested(v, context);
    return out;
  }
  return value;
}
