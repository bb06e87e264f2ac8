/**
 * Save formats are registered by the modules that implement them (the file formats are Node-only),
 * so `recording.save({ format })` works from the core API without the core importing `fs`.
 */
import { SpikeInterfaceError } from "../errors.js";
import type { BaseExtractor } from "./extractor.js";

export interface SaveOptions {
  /** "binary" | "zarr" | "memory" for recordings; "numpy_folder" | "npz_folder" | "zarr" | "memory" for sortings. */
  format?: string;
  folder?: string;
  overwrite?: boolean;
  [option: string]: unknown;
}

export type Saver = (extractor: BaseExtractor, options: SaveOptions) => Promise<BaseExtractor>;

const savers = new Map<string, Saver>();

/** `kind` is "recording", "sorting" or "snippets". */
export function registerSaver(kind: string, format: string, saver: Saver): void {
  savers.set(`${kind}:${format}`, saver);
}

export function getSaver(kind: string, format: string): Saver {
  const saver = savers.get(`${kind}:${format}`);
  if (saver === undefined) {
    const known = [...savers.keys()].filter((k) => k.startsWith(`${kind}:`)).map((k) => k.split(":")[1]);
    throw new SpikeInterfaceError(
      "invalid_argument",
      `cannot save a ${kind} as ${JSON.stringify(format)}: known formats here are ${JSON.stringify(known)}` +
        (known.length <= 1 ? ' (file formats need import "spikeinterface-ts/node")' : ""),
      { format },
    );
  }
  return saver;
}
