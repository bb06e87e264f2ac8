/**
 * How the CLI ends: 0 ok, 1 failed (bad data, missing files, incompatible inputs), 2 bad usage
 * (unknown option, invalid option value), 130 interrupted (Ctrl-C). Failures print one line on
 * stderr; the stack only with --verbose.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** A command-line mistake: exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The one line printed for an error: its message, on one line, without the stack. */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, " ").trim() || (err instanceof Error ? err.name : "unknown error");
}

export function exitCodeOf(err: unknown): number {
  return err instanceof UsageError ? EXIT_USAGE : EXIT_FAILED;
}

/**
 * Worker threads rebuild the recording from its provenance and know only the classes the
 * library's node entry registers; a recording class registered elsewhere fails there, so say what
 * to do instead of relaying the worker's message.
 */
export function explain(err: unknown): unknown {
  const m = err instanceof Error ? /unknown extractor class "([^"]+)"/.exec(err.message) : null;
  if (m === null || !/task .* failed to load or initialise/.test((err as Error).message)) return err;
  const cls = m[1].split(".").pop();
  return new Error(
    `--n-jobs > 1: worker threads cannot rebuild ${cls} (not registered in workers); run with --n-jobs 1`,
  );
}
