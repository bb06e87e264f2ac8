/**
 * Where the probe module plugs into recording views. The core copies the probe group as an opaque
 * object; slicing it to the kept channels is the probe module's job, registered here so that the
 * core does not depend on the probe model.
 */
import type { BaseRecording } from "./base-recording.js";

export const probeHooks: {
  /** Called after a channel slice copied its parent's metadata; re-slices the probe group. */
  afterChannelSlice?: (parent: BaseRecording, child: BaseRecording, parentIndices: Int32Array) => void;
} = {};
