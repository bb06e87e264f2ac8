/**
 * Errors across the thread boundary. Structured clone keeps only the message and stack of an
 * Error, so the worker sends name/code/details explicitly and the main thread rebuilds a
 * SpikeInterfaceError when it was one; `wrapChunkError` then names the job, segment and frames.
 */
import { type ErrorCode, SpikeInterfaceError } from "../errors.js";
import type { Chunk } from "./chunks.js";

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  details?: Record<string, unknown>;
}

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: "Error", message: String(err) };
  const out: SerializedError = { name: err.name, message: err.message, stack: err.stack };
  if (err instanceof SpikeInterfaceError) {
    out.code = err.code;
    try {
      out.details = structuredClone({ ...err.details });
    } catch {
      // Details that cannot be cloned (functions, objects with handles) are dropped, not fatal.
    }
  }
  return out;
}

export function deserializeError(s: SerializedError): Error {
  const err =
    s.code !== undefined
      ? new SpikeInterfaceError(s.code as ErrorCode, s.message, s.details ?? {})
      : new Error(s.message);
  err.name = s.name;
  if (s.stack !== undefined) err.stack = s.stack;
  return err;
}

/** The error a failed chunk surfaces as: code "worker", naming the job and the frame range. */
export function wrapChunkError(
  jobName: string,
  chunk: Chunk,
  chunkIndex: number,
  cause: unknown,
): SpikeInterfaceError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SpikeInterfaceError(
    "worker",
    `${jobName}: chunk ${chunkIndex} (segment ${chunk.segmentIndex}, frames ${chunk.start}-${chunk.end}) failed: ${reason}`,
    { jobName, chunkIndex, segmentIndex: chunk.segmentIndex, start: chunk.start, end: chunk.end },
    { cause },
  );
}
