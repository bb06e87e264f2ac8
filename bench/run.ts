/**
 * `npm run bench [-- --duration SECONDS] [--only W0,W5,MEM]` (compiled to JS first, so worker threads
 * start as they do for users of the published package): the workloads of
 * ../shared/notes/benchmarks.md, one JSON line per workload and nJobs on stdout.
 */
import { parseArgs } from "node:util";
import { ZarrRecordingExtractor } from "../src/node.js";
import { createContext, disposeContext, emit } from "./context.js";
import { coreGetTraces } from "./workloads/core-get-traces.js";
import { generateBench } from "./workloads/generate.js";
import { memorySave } from "./workloads/memory-save.js";
import { w0 } from "./workloads/w0-yardstick.js";
import { w1 } from "./workloads/w1-save-binary.js";
import { w2 } from "./workloads/w2-save-zarr.js";
import { w3 } from "./workloads/w3-noise-levels.js";
import { w4 } from "./workloads/w4-analyzer.js";
import { w5Http } from "./workloads/w5-http.js";
import { w5 } from "./workloads/w5-random-windows.js";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    only: { type: "string" },
    channels: { type: "string", default: "384" },
  },
});
const duration = Number(values.duration);
const only = values.only ? new Set(values.only.split(",")) : null;
const want = (name: string) => only === null || only.has(name);

const ctx = createContext(duration, Number(values.channels));
emit({
  kind: "meta",
  node: process.version,
  durationSeconds: duration,
  numChannels: ctx.numChannels,
  traceMB: ctx.traceMB,
});
try {
  if (want("W0")) await w0(ctx);
  if (want("core")) await coreGetTraces(ctx);
  if (want("generate")) await generateBench(ctx);
  if (want("W1")) await w1(ctx);
  if (want("W2")) await w2(ctx);
  if (want("W3")) await w3(ctx);
  if (want("W4")) await w4(ctx);
  if (want("W5")) await w5(ctx, (path) => ZarrRecordingExtractor.open(path));
  if (want("W5")) await w5Http(ctx);
  if (want("MEM")) memorySave(ctx);
} finally {
  disposeContext(ctx);
}
