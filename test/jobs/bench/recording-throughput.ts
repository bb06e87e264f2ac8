/**
 * Throughput of runRecordingChunks on an in-memory 384-channel int16 recording (not a test):
 *   node --import tsx test/jobs/bench/recording-throughput.ts [seconds]
 * The task sums each channel of each 1 s chunk; workers read the traces through shared memory.
 */
import { runRecordingChunks } from "../../../src/jobs/recording-executor.js";
import { NumpyRecording } from "../../../src/recording/numpy-recording.js";

const seconds = Number(process.argv[2] ?? 20);
const fs = 30000;
const channels = 384;
const data = new Int16Array(seconds * fs * channels);
for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) % 2000;
const recording = new NumpyRecording({
  tracesList: { data, shape: [seconds * fs, channels] },
  samplingFrequency: fs,
});
const task = new URL("../fixtures/trace-sum-task.ts", import.meta.url);

for (const nJobs of [1, 2, 1, 2]) {
  const t0 = performance.now();
  await runRecordingChunks({
    recording,
    task,
    initArgs: { scale: 1 },
    jobKwargs: { nJobs, chunkDuration: "1s" },
    onResult: () => {},
  });
  const ms = performance.now() - t0;
  const mb = data.byteLength / 1e6;
  console.log(
    `nJobs ${nJobs}: ${seconds} chunks of 1 s × ${channels} ch in ${ms.toFixed(0)} ms (${((mb / ms) * 1000).toFixed(0)} MB/s)`,
  );
}
