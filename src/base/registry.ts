/**
 * Class registry for provenance dicts: SpikeInterface class paths (e.g.
 * "spikeinterface.core.channelslice.ChannelSliceRecording") → a function that rebuilds the object
 * from its kwargs. A registry instead of eval; modules register their own classes when imported.
 */
import { SpikeInterfaceError } from "../errors.js";
import type { BaseExtractor } from "./extractor.js";

/** kwargs with nested extractor dicts already rebuilt into objects. */
export type KwargsLoader = (
  kwargs: Record<string, unknown>,
  context: LoadContext,
) => BaseExtractor | Promise<BaseExtractor>;

export interface LoadContext {
  /** Folder that relative paths in the dict are relative to (already applied to path kwargs). */
  baseFolder: string | null;
}

const byPath = new Map<string, KwargsLoader>();
const byName = new Map<string, KwargsLoader>();

export function registerExtractorClass(classPath: string, loader: KwargsLoader): void {
  byPath.set(classPath, loader);
  byName.set(classPath.split(".").pop()!, loader);
}

/** Exact class path first, then the bare class name (older files used other module paths). */
export function resolveExtractorClass(classPath: string): KwargsLoader {
  const loader = byPath.get(classPath) ?? byName.get(classPath.split(".").pop()!);
  if (loader === undefined) {
    throw new SpikeInterfaceError(
      "unknown_class",
      `unknown extractor class ${JSON.stringify(classPath)}: spikeinterface-ts cannot rebuild it`,
      { class: classPath },
    );
  }
  return loader;
}

export function registeredClassNames(): string[] {
  return [...byPath.keys()];
}
