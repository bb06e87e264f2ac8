/**
 * Child process of atomic.test.ts: a save slow enough to be interrupted (argv: folder, format,
 * "handler" to install a SIGINT handler of its own that calls process.exit(130)).
 */
import "../../src/io/folders/index.js";
import type { GetTracesOptions } from "../../src/recording/base-recording.js";
import { NumpyRecording } from "../../src/recording/numpy-recording.js";
import type { Traces } from "../../src/traces.js";

const [folder, format, mode] = process.argv.slice(2);

class SlowRecording extends NumpyRecording {
  override async getTraces(options: GetTracesOptions = {}): Promise<Traces> {
    await new Promise((r) => setTimeout(r, 10));
    return super.getTraces(options);
  }
}

if (mode === "handler") process.on("SIGINT", () => process.exit(130));
const n = 100 * 2000;
const rec = new SlowRecording({
  tracesList: [{ data: new Int16Array(n * 4).fill(7), shape: [n, 4] }],
  samplingFrequency: 30000,
});
await rec.save({ folder, format, chunkSize: 100, progressBar: false });
console.log("finished");
