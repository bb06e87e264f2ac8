/**
 * Moving extractors to worker threads. A JSON-describable object travels as its provenance dict;
 * in-memory data (NumpyRecording traces, spike vectors) travels inside the same dict as typed
 * arrays over SharedArrayBuffers, which structured clone shares instead of copying.
 */
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
