/**
 * Typed errors. Every error thrown by the library is a `SpikeInterfaceError` with a stable `code`
 * (use `isSiError(err, "unknown_id")` to branch on it) and a message that names the bad value.
 * Subclasses exist so that `instanceof` works for the common families too.
 */

export type ErrorCode =
  | "invalid_argument"
  | "unknown_id"
  | "duplicate_id"
  | "frame_range"
  | "segment_index"
  | "missing_segment_index"
  | "dtype"
  | "length_mismatch"
  | "incompatible"
  | "not_dumpable"
  | "unknown_class"
  | "file_format"
  | "file_exists"
  | "file_not_found"
  | "no_probe"
  | "missing_property"
  | "extension"
  | "aborted"
  | "worker"
  | "network";

export class SpikeInterfaceError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "SpikeInterfaceError";
    this.code = code;
    this.details = details;
  }
}

/** A bad argument value (wrong type, out of domain, conflicting options). */
export class InvalidArgumentError extends SpikeInterfaceError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("invalid_argument", message, details);
    this.name = "InvalidArgumentError";
  }
}

/** Channel or unit ids that the object does not have. */
export class UnknownIdError extends SpikeInterfaceError {
  constructor(
    readonly ids: readonly unknown[],
    what = "id",
  ) {
    super("unknown_id", `unknown ${what}${ids.length > 1 ? "s" : ""}: ${formatList(ids)}`, { ids });
    this.name = "UnknownIdError";
  }
}

/** A frame range that is reversed, negative or beyond the segment. */
export class FrameRangeError extends SpikeInterfaceError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("frame_range", message, details);
    this.name = "FrameRangeError";
  }
}

/** A missing or out-of-range segment index. */
export class SegmentIndexError extends SpikeInterfaceError {
  constructor(
    code: "segment_index" | "missing_segment_index",
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
    this.name = "SegmentIndexError";
  }
}

/** A file that is missing, truncated, corrupt or not of the expected kind. */
export class FileFormatError extends SpikeInterfaceError {
  constructor(
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super("file_format", `${path}: ${message}`, { path }, options);
    this.name = "FileFormatError";
  }
}

export function isSiError(err: unknown, code?: ErrorCode): err is SpikeInterfaceError {
  return err instanceof SpikeInterfaceError && (code === undefined || err.code === code);
}

/** Render a short list of values for an error message (quotes strings, truncates long lists). */
export function formatList(values: readonly unknown[], max = 10): string {
  const shown = values.slice(0, max).map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v)));
  const more = values.length > max ? `, … (${values.length - max} more)` : "";
  return `[${shown.join(", ")}${more}]`;
}

export function formatValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** Throws an `aborted` error if the signal is aborted. Call at the start of every async read. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new SpikeInterfaceError("aborted", "operation aborted", {}, { cause: signal.reason });
  }
}
