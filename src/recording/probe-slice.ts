/**
 * Probe groups follow channel slices: the parent's group restricted to the kept channels in the kept
 * order, device indices renumbered 0..k-1, and `group` recomputed from it (spec api.md §3.5).
 */
import { computeChannelGroups } from "../probe/attach.js";
import { sliceProbeGroupForChannels } from "../probe/attach-views.js";
import { probeHooks } from "./probe-hooks.js";

probeHooks.afterChannelSlice = (parent, child, parentIndices) => {
  if (!parent.hasProbe()) return;
  const sliced = sliceProbeGroupForChannels(parent.getProbegroup(), parentIndices);
  child.setProbegroupUnchecked(sliced);
  child.setProperty("group", computeChannelGroups(sliced, "auto"), { dtype: "int64" });
};
