/**
 * ZarrRecordingExtractor, Node side: folder paths (through `./zarr-common.ts`) and the class
 * registered for provenance dicts (`folder_path`). The reader itself is `./zarr-recording-store.ts`.
 */
import { registerExtractorClass } from "../../base/registry.js";
import { SpikeInterfaceError } from "../../errors.js";
import "./zarr-common.js";
import { ZARR_RECORDING_CLASS, ZarrRecordingExtractor } from "./zarr-recording-store.js";

export {
  readZarrRecording,
  ZARR_RECORDING_CLASS,
  ZarrRecordingExtractor,
  ZarrRecordingSegment,
} from "./zarr-recording-store.js";

registerExtractorClass(ZARR_RECORDING_CLASS, async (k) => {
  if (typeof k.folder_path !== "string") {
    throw new SpikeInterfaceError("invalid_argument", "ZarrRecordingExtractor needs kwargs.folder_path");
  }
  return ZarrRecordingExtractor.open(k.folder_path);
});
