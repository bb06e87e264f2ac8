/**
 * Moving extractors to worker threads. A JSON-describable object travels as its provenance dict;
 * in-memory data (NumpyRecording traces, spike vectors) travels inside the same dict as typed
 * arrays over SharedArrayBuffers, which structured clone shares instead of copying.
 *
 * A worker rebuilds the object from that dict by class name, so it gets the *registered* class: a
 * user's subclass (say of NumpyRecording, overriding getTraces) would silently become its parent in
 * the workers. `nJobsForTransfer` guards against that: when the calling thread's own rebuild of the
 * dict is not the same classes with the same shape, the job runs in the calling thread (nJobs 1)
 * with a warning. We chose that over refusing because the numbers a user gets must not depend on
 * nJobs, and a job that works at nJobs 1 should still work (only slower) at nJobs 2.
 */
import { warnSpikeInterface } from "../warnings.js";
import { type BaseExtractor, type ExtractorDict, nestedExtractors } from "./extractor.js";
import { extractorFromDict } from "./provenance.js";

export interface TransferableExtractor {
  readonly dict: ExtractorDict;
}

/** Objects that can move their data into shared memory before being sent to workers. */
interface Shareable {
  shareMemory(): void;
}

function isShareable(e: BaseExtractor): e is BaseExtractor & Shareable {
  return typeof (e as Partial<Shareable>).shareMemory === "function";
}

export function toTransferable(extractor: BaseExtractor): TransferableExtractor {
  const all = [extractor, ...deepNested(extractor)];
  for (const e of all) if (isShareable(e)) e.shareMemory();
  return { dict: extractor.toDict({ recursive: true, includeAnnotations: true, includeProperties: true }) };
}

export function fromTransferable(t: TransferableExtractor): Promise<BaseExtractor> {
  return extractorFromDict(t.dict);
}

function deepNested(e: BaseExtractor): BaseExtractor[] {
  const out: BaseExtractor[] = [];
  for (const child of nestedExtractors(e.kwargs)) out.push(child, ...deepNested(child));
  return out;
}

/** Constructors already seen to be what their class name rebuilds into (so no rebuild next time). */
const verified = new WeakMap<object, string>();

/** What a worker sees of an extractor besides its class: enough to catch a dict that drops data. */
function shapeOf(e: BaseExtractor): string {
  const r = e as unknown as Record<string, unknown>;
  // Any of these may be missing or throw (a sorting's getNumSamples needs a registered recording):
  // both sides then record the same thing.
  const ask = (method: string, ...args: unknown[]): unknown => {
    const fn = r[method];
    if (typeof fn !== "function") return null;
    try {
      return fn.apply(e, args);
    } catch (err) {
      return `throws ${(err as Error).name}`;
    }
  };
  const n = ask("getNumSegments");
  const lengths =
    typeof n === "number"
      ? Array.from({ length: n }, (_, s) => ask("getNumSamples", { segmentIndex: s }))
      : [];
  return JSON.stringify([e.className, n, lengths, ask("getNumChannels"), ask("getDtype")]);
}

/**
 * Why a worker could not rebuild `extractor` faithfully from its dict, or null when it can. The
 * first time a class is seen, the dict is rebuilt here (what every worker would do anyway) and each
 * node of the rebuilt tree is compared with the original: same constructor, same shape.
 */
export async function transferProblem(extractor: BaseExtractor): Promise<string | null> {
  const tree = [extractor, ...deepNested(extractor)];
  if (tree.every((e) => verified.get(e.constructor) === e.className)) return null;
  let rebuilt: BaseExtractor;
  try {
    rebuilt = await fromTransferable(toTransferable(extractor));
  } catch (err) {
    return `${extractor.name} cannot be rebuilt from its dict (${(err as Error).message})`;
  }
  const copies = [rebuilt, ...deepNested(rebuilt)];
  try {
    const problem = compareTrees(tree, copies);
    if (problem !== null) return `${extractor.name}: ${problem}`;
  } finally {
    for (const c of copies) (c as Partial<{ close(): void }>).close?.();
  }
  for (const e of tree) verified.set(e.constructor, e.className);
  return null;
}

function compareTrees(tree: BaseExtractor[], copies: BaseExtractor[]): string | null {
  if (copies.length !== tree.length) return "its dict does not rebuild into the same nested objects";
  for (let i = 0; i < tree.length; i++) {
    const [e, c] = [tree[i], copies[i]];
    if (e.constructor !== c.constructor) {
      return (
        `class ${e.constructor.name} is not the class registered for ${JSON.stringify(e.className)} ` +
        `(a subclass?): workers would rebuild it as ${c.constructor.name}`
      );
    }
    if (shapeOf(e) !== shapeOf(c)) return `${e.name} would be rebuilt with another shape in the workers`;
  }
  return null;
}

/**
 * `nJobs`, or 1 with a warning when workers would not rebuild `extractor` exactly (see the top of
 * this file): the same numbers whatever nJobs, at the cost of parallelism.
 */
export async function nJobsForTransfer(
  extractor: BaseExtractor,
  nJobs: number,
  jobName: string,
): Promise<number> {
  if (nJobs <= 1) return nJobs;
  const problem = await transferProblem(extractor);
  if (problem === null) return nJobs;
  warnSpikeInterface(`${jobName}: running in the calling thread instead of ${nJobs} jobs: ${problem}`);
  return 1;
}
