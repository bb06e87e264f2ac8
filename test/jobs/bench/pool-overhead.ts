/**
 * Measures the per-chunk overhead of the executor (not a test; run by hand):
 *   node --import tsx test/jobs/bench/pool-overhead.ts [numChunks]
 * Compares in-process, our worker_threads pool and piscina on a no-op task, after subtracting the
 * start-up cost (a job of one chunk per worker).
 */
import { Piscina } from "piscina";
import { divideIntoChunks } from "../../../src/jobs/chunks.js";
import { runChunks } from "../../../src/jobs/run-chunks.js";

const N = Number(process.argv[2] ?? 20000);
const task = new URL("./noop-task.ts", import.meta.url);
const chunks = divideIntoChunks([N], 1);

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function ours(nJobs: number, maxInFlight?: number): Promise<string> {
  const startup = await time(() => runChunks({ chunks: chunks.slice(0, nJobs), task, nJobs }));
  const total = await time(() => runChunks({ chunks, task, nJobs, maxInFlight, onResult: () => {} }));
  return `startup ${startup.toFixed(0)} ms, per chunk ${(((total - startup) * 1000) / N).toFixed(1)} µs`;
}

async function piscina(threads: number): Promise<string> {
  const filename = new URL("./piscina-noop.ts", import.meta.url).href;
  const t0 = performance.now();
  const pool = new Piscina({ filename, minThreads: threads, maxThreads: threads });
  await Promise.all(chunks.slice(0, threads).map((c) => pool.run(c)));
  const startup = performance.now() - t0;
  const window = 2 * threads;
  const total = await time(async () => {
    // Same bounded window as runChunks, so the comparison is fair.
    let next = 0;
    const lane = async () => {
      while (next < chunks.length) await pool.run(chunks[next++]);
    };
    await Promise.all(Array.from({ length: window }, lane));
  });
  await pool.destroy();
  return `startup ${startup.toFixed(0)} ms, per chunk ${((total * 1000) / N).toFixed(1)} µs`;
}

console.log(`${N} no-op chunks, node ${process.version}`);
console.log(`in-process       : ${await ours(1)}`);
console.log(`ours, 2 workers  : ${await ours(2)}`);
console.log(`ours, 2 w, 16 in flight: ${await ours(2, 16)}`);
console.log(`piscina, 2 threads: ${await piscina(2)}`);
