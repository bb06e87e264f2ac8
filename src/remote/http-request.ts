/**
 * One HTTP request with an idle timeout, a caller's AbortSignal and typed errors (browser-safe).
 *
 * The timeout is an *idle* timeout: it is re-armed whenever bytes arrive, so a slow but live
 * download of a large file never times out, while a server that accepts the connection and then
 * says nothing fails after `timeoutMs` instead of hanging forever (fetch has no timeout of its own).
 */
import { SpikeInterfaceError } from "../errors.js";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestContext {
  fetchImpl: FetchLike;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Appended to error messages, e.g. " (cache folder /home/me/.cache/...)". */
  where?: string;
  /** Extra error details (e.g. the cache folder). */
  details?: Record<string, unknown>;
}

/** An open response whose body is still guarded by the idle timer; call `close()` when done. */
export interface OpenResponse {
  response: Response;
  /** Re-arm the idle timer (call when bytes arrive). */
  touch(): void;
  /** Read the whole body (re-arming the timer per chunk), then close. */
  bytes(onChunk?: (n: number) => void): Promise<Uint8Array>;
  /** Iterate over body chunks (re-arming the timer per chunk); the caller must `close()`. */
  chunks(): AsyncGenerator<Uint8Array>;
  close(): void;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export function defaultFetch(): FetchLike {
  if (typeof globalThis.fetch !== "function") {
    throw new SpikeInterfaceError("network", "no global fetch: pass fetchImpl");
  }
  return (input, init) => globalThis.fetch(input, init);
}

export function networkError(
  url: string,
  message: string,
  ctx: Pick<RequestContext, "where" | "details">,
  extra: Record<string, unknown> = {},
  cause?: unknown,
): SpikeInterfaceError {
  return new SpikeInterfaceError(
    "network",
    `${message}: ${url}${ctx.where ?? ""}`,
    { url, ...ctx.details, ...extra },
    cause === undefined ? undefined : { cause },
  );
}

/** Short description of a fetch failure ("ECONNREFUSED", "socket hang up"...). */
function describeFailure(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Start a request. Resolves once the headers arrived; the returned body reads stay under the same
 * idle timer. Connection failures, timeouts and aborts are thrown as typed errors.
 */
export async function openRequest(
  url: string,
  init: RequestInit,
  ctx: RequestContext,
): Promise<OpenResponse> {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ctx.timeoutMs);
  };
  const onAbort = () => controller.abort();
  const close = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    ctx.signal?.removeEventListener("abort", onAbort);
  };
  const translate = (err: unknown): unknown => {
    close();
    if (err instanceof SpikeInterfaceError) return err;
    if (timedOut) {
      return networkError(url, `no response within ${ctx.timeoutMs} ms (timeout)`, ctx, {
        timeoutMs: ctx.timeoutMs,
      });
    }
    if (ctx.signal?.aborted) {
      return new SpikeInterfaceError(
        "aborted",
        `request aborted: ${url}`,
        { url },
        { cause: ctx.signal.reason },
      );
    }
    return networkError(url, `request failed (${describeFailure(err)})`, ctx, {}, err);
  };
  if (ctx.signal?.aborted) throw translate(new Error("aborted"));
  ctx.signal?.addEventListener("abort", onAbort, { once: true });
  arm();
  let response: Response;
  try {
    response = await ctx.fetchImpl(url, { ...init, signal: controller.signal });
  } catch (err) {
    throw translate(err);
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (response.body === null) return;
    const reader = response.body.getReader();
    let finished = false;
    try {
      for (;;) {
        let r: ReadableStreamReadResult<Uint8Array>;
        try {
          r = await reader.read();
        } catch (err) {
          finished = true; // the stream is already errored
          throw translate(err);
        }
        if (r.done) {
          finished = true;
          return;
        }
        arm();
        yield r.value;
      }
    } finally {
      // A consumer that stops early (a failed disk write) must not leave the connection busy.
      if (!finished) reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  }
  const bytes = async (onChunk?: (n: number) => void): Promise<Uint8Array> => {
    const parts: Uint8Array[] = [];
    let total = 0;
    try {
      for await (const c of chunks()) {
        parts.push(c);
        total += c.length;
        onChunk?.(c.length);
      }
    } finally {
      close();
    }
    if (parts.length === 1) return parts[0];
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  return { response, touch: arm, bytes, chunks, close };
}

/** Drop a response's body without reading it (frees the connection; errors are irrelevant). */
export function discardBody(open: OpenResponse): void {
  open.close();
  open.response.body?.cancel().catch(() => {});
}

/** Parse `Content-Range: bytes a-b/total` (or `bytes * /total`). */
export function parseContentRange(
  header: string | null,
): { start: number; end: number; total: number | null } | { total: number } | null {
  if (header === null) return null;
  const m = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/i.exec(header.trim());
  if (m === null) return null;
  const total = m[3] === "*" ? null : Number(m[3]);
  if (m[1] === undefined) return total === null ? null : { total };
  return { start: Number(m[1]), end: Number(m[2]), total };
}
