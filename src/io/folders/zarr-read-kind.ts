/**
 * What `readZarr` does once it has a folder or a store (browser-safe): a recording or a sorting,
 * chosen by the root's `zarr_class_info` attribute, else by which ids array exists
 * (`channel_ids` → recording, `unit_ids` → sorting). Kept apart from `./zarr-read-store.ts`, which
 * routes URLs to the remote openers, so that those openers can use it without an import cycle.
 */
import type { BaseExtractor } from "../../base/extractor.js";
import { FileFormatError } from "../../errors.js";
import type { ZarrStore } from "../zarr/store.js";
import { ZarrRecordingExtractor } from "./zarr-recording-store.js";
import { ZarrSortingExtractor } from "./zarr-sorting-store.js";
import { hasArray, openZarrRoot } from "./zarr-store-common.js";

export async function readZarrExtractor(source: string | ZarrStore): Promise<BaseExtractor> {
  const z = await openZarrRoot(source);
  const info = z.attrs.zarr_class_info as { class?: unknown } | undefined;
  const cls = typeof info?.class === "string" ? info.class : "";
  if (cls.endsWith(".ZarrRecordingExtractor")) return ZarrRecordingExtractor.fromOpened(z);
  if (cls.endsWith(".ZarrSortingExtractor")) return ZarrSortingExtractor.fromOpened(z);
  if (z.attrs.spikeinterface_info !== undefined) {
    throw new FileFormatError(z.where, "a SortingAnalyzer zarr folder, not an extractor: use its own loader");
  }
  const hasChannels = await hasArray(z, "channel_ids");
  const hasUnits = await hasArray(z, "unit_ids");
  if (hasChannels && !hasUnits) return ZarrRecordingExtractor.fromOpened(z);
  if (hasUnits) return ZarrSortingExtractor.fromOpened(z);
  throw new FileFormatError(
    z.where,
    "not a SpikeInterface zarr: no zarr_class_info, channel_ids or unit_ids",
  );
}
