/**
 * `HttpStore`: a read-only `ZarrStore` over HTTP(S) (browser-safe). A key "/traces_seg0/0.0" is
 * fetched from `<base URL>/traces_seg0/0.0`; ranged reads use `Range` requests, so the zarr layer
 * fetches only the Blosc blocks a small window needs. Missing keys (404/410) read as undefined,
 * every other failure is a typed "network" error naming the URL; each request has an idle timeout
 * and honours the caller's AbortSignal. Counters (`stats`) let tests and benchmarks see exactly
 * how many requests and bytes a read cost.
 *
 * Listing is optional: plain HTTP has none. `listing: "html"` reads directory index pages (what
 * fsspec does for zarr-python); without it, a hierarchy needs consolidated metadata (`.zmetadata`)
 * for anything that must enumerate children, e.g. a recording's `properties/`.
 */
import { InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import type { RangeQuery, StoreGetOptions, StoreKey, StoreListing, ZarrStore } from "../io/zarr/store.js";
import { parseHtmlListing } from "./html-listing.js";
import {
  DEFAULT_TIMEOUT_MS,
  defaultFetch,
  discardBody,
  type FetchLike,
  networkError,
  type OpenResponse,
  openRequest,
} from "./http-request.js";

export type HttpListing =
  | "none"
  | "html"
  | ((dirUrl: string, opts: StoreGetOptions) => Promise<StoreListing>);

export interface HttpStoreOptions {
  /** fetch implementation (default: the global fetch). */
  fetch?: FetchLike;
  /** Idle timeout of each request in ms (default 30 000). */
  timeoutMs?: number;
  /** Headers sent with every request (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Retries after connection failures, 429 and 5xx answers (default 2; timeouts are not retried). */
  retries?: number;
  /** At most this many requests in flight (default 16). */
  maxConcurrency?: number;
  /** Statuses that mean "no such key" (default [404, 410]; add 403 for S3 buckets without List). */
  missingStatuses?: readonly number[];
  /** How to list a prefix (default "none"). */
  listing?: HttpListing;
}

export interface HttpStoreStats {
  /** HTTP requests sent (retries included). */
  requests: number;
  /** Of which with a Range header. */
  rangeRequests: number;
  /** Body bytes received. */
  bytes: number;
  /** Requests answered as missing (404...). */
  notFound: number;
  retries: number;
}

/** Whole objects kept for servers without range support (a few SpikeInterface chunks). */
const WHOLE_CACHE_BYTES = 64 * 1024 * 1024;
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

export function isHttpUrl(value: unknown): value is string {
  return typeof value === "string" && /^https?:\/\//i.test(value);
}

export class HttpStore implements ZarrStore {
  readonly url: string;
  private readonly base: URL;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  private readonly retries: number;
  private readonly maxConcurrency: number;
  private readonly missing: ReadonlySet<number>;
  private readonly listing: HttpListing;
  /** False once the server answered a Range request with the whole object. */
  private rangeSupported = true;
  private readonly wholeObjects = new Map<string, Uint8Array>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private counters: HttpStoreStats = { requests: 0, rangeRequests: 0, bytes: 0, notFound: 0, retries: 0 };

  constructor(url: string | URL, options: HttpStoreOptions = {}) {
    const s = String(url);
    if (!isHttpUrl(s))
      throw new InvalidArgumentError(`HttpStore needs an http(s) URL, got ${JSON.stringify(s)}`);
    this.base = new URL(s);
    this.base.pathname = this.base.pathname.replace(/\/+$/, "");
    this.url = this.base.href;
    this.fetchImpl = options.fetch ?? defaultFetch();
    this.timeoutMs = positive(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, "timeoutMs");
    this.headers = { ...options.headers };
    this.retries = Math.max(0, Math.floor(options.retries ?? 2));
    this.maxConcurrency = positive(options.maxConcurrency ?? 16, "maxConcurrency");
    this.missing = new Set(options.missingStatuses ?? [404, 410]);
    this.listing = options.listing ?? "none";
  }

  get stats(): HttpStoreStats {
    return { ...this.counters };
  }

  resetStats(): void {
    this.counters = { requests: 0, rangeRequests: 0, bytes: 0, notFound: 0, retries: 0 };
  }

  /** The URL of a key ("/a/b" → "<base>/a/b"), keeping the base URL's query (signed URLs). */
  keyUrl(key: StoreKey): string {
    if (typeof key !== "string" || !key.startsWith("/")) {
      throw new InvalidArgumentError(`store keys start with "/", got ${JSON.stringify(key)}`);
    }
    const u = new URL(this.base.href);
    const parts = key.split("/").filter((p) => p.length > 0);
    if (parts.some((p) => p === "." || p === "..")) {
      throw new InvalidArgumentError(`store key ${JSON.stringify(key)} may not contain "." or ".."`);
    }
    const tail = key.endsWith("/") && parts.length > 0 ? "/" : "";
    // A root base URL has pathname "/" (URL never leaves it empty): no "//" in the result.
    u.pathname = `${u.pathname.replace(/\/+$/, "")}/${parts.map(encodeURIComponent).join("/")}${tail}`;
    return u.href;
  }

  async get(key: StoreKey, opts: StoreGetOptions = {}): Promise<Uint8Array | undefined> {
    return this.fetchBytes(this.keyUrl(key), undefined, opts);
  }

  /**
   * A ranged read. A server that ignores Range answers with the whole object: it is then kept in a
   * small LRU of whole objects, so the zarr layer's header / block-table / blocks reads of one chunk
   * cost one download, not three. (getRange stays a method either way: the zarr layer checks for it
   * once and then calls it several times.)
   */
  async getRange(
    key: StoreKey,
    range: RangeQuery,
    opts: StoreGetOptions = {},
  ): Promise<Uint8Array | undefined> {
    const url = this.keyUrl(key);
    if (!this.rangeSupported) {
      const whole = this.wholeObjects.get(url) ?? (await this.fetchBytes(url, undefined, opts));
      if (whole === undefined) return undefined;
      this.rememberWhole(url, whole);
      return sliceWhole(whole, range);
    }
    return this.fetchBytes(url, range, opts);
  }

  /** False once the server answered a Range request with a whole object. */
  get supportsRanges(): boolean {
    return this.rangeSupported;
  }

  private rememberWhole(url: string, body: Uint8Array): void {
    this.wholeObjects.delete(url);
    if (body.length > WHOLE_CACHE_BYTES) return;
    this.wholeObjects.set(url, body);
    let total = 0;
    for (const v of this.wholeObjects.values()) total += v.length;
    for (const [k, v] of this.wholeObjects) {
      if (total <= WHOLE_CACHE_BYTES) break;
      this.wholeObjects.delete(k);
      total -= v.length;
    }
  }

  get listDir(): ((prefix: StoreKey) => Promise<StoreListing>) | undefined {
    const listing = this.listing;
    if (listing === "none") return undefined;
    return async (prefix) => {
      const dir = this.keyUrl((prefix.endsWith("/") ? prefix : `${prefix}/`) as StoreKey);
      if (typeof listing === "function") return listing(dir, {});
      let bytes: Uint8Array | undefined;
      try {
        bytes = await this.fetchBytes(dir, undefined, {});
      } catch (err) {
        // A server without directory pages (an object store's 403, a 400...) lists nothing.
        if (err instanceof SpikeInterfaceError && typeof err.details.status === "number") bytes = undefined;
        else throw err;
      }
      if (bytes === undefined) return { keys: [], prefixes: [] };
      return parseHtmlListing(new TextDecoder().decode(bytes), dir);
    };
  }

  private async fetchBytes(
    url: string,
    range: RangeQuery | undefined,
    opts: StoreGetOptions,
  ): Promise<Uint8Array | undefined> {
    const headers: Record<string, string> = { ...this.headers };
    if (range !== undefined) headers.Range = rangeHeader(range);
    for (let attempt = 0; ; attempt++) {
      await this.acquire();
      let open: OpenResponse | undefined;
      try {
        this.counters.requests++;
        if (range !== undefined) this.counters.rangeRequests++;
        try {
          open = await openRequest(url, { headers }, this.requestContext(opts));
        } catch (err) {
          if (attempt < this.retries && isRetryable(err)) {
            this.counters.retries++;
            await backoff(attempt, opts.signal);
            continue;
          }
          throw err;
        }
        const { status } = open.response;
        if (this.missing.has(status)) {
          this.counters.notFound++;
          discardBody(open);
          return undefined;
        }
        if (range !== undefined && status === 416) {
          discardBody(open);
          return new Uint8Array(0); // a range wholly past the end of the object
        }
        if (status !== 200 && status !== 206) {
          discardBody(open);
          if (attempt < this.retries && RETRY_STATUSES.has(status)) {
            this.counters.retries++;
            await backoff(attempt, opts.signal);
            continue;
          }
          throw networkError(url, `HTTP ${status} ${open.response.statusText}`.trimEnd(), {}, { status });
        }
        const body = await open.bytes((n) => {
          this.counters.bytes += n;
        });
        if (range === undefined || status === 206) return body;
        // 200 to a Range request: the server sent the whole object; slice it ourselves.
        this.rangeSupported = false;
        this.rememberWhole(url, body);
        return sliceWhole(body, range);
      } finally {
        open?.close();
        this.release();
      }
    }
  }

  private requestContext(opts: StoreGetOptions) {
    return { fetchImpl: this.fetchImpl, timeoutMs: this.timeoutMs, signal: opts.signal };
  }

  private async acquire(): Promise<void> {
    if (this.active < this.maxConcurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined)
      next(); // hand the slot over without decrementing
    else this.active--;
  }
}

function rangeHeader(range: RangeQuery): string {
  if ("suffixLength" in range) return `bytes=-${range.suffixLength}`;
  if (range.length <= 0) throw new InvalidArgumentError(`range length must be > 0, got ${range.length}`);
  return `bytes=${range.offset}-${range.offset + range.length - 1}`;
}

function sliceWhole(body: Uint8Array, range: RangeQuery): Uint8Array {
  if ("suffixLength" in range) return body.subarray(Math.max(0, body.length - range.suffixLength));
  return body.subarray(range.offset, Math.min(body.length, range.offset + range.length));
}

function positive(v: number, name: string): number {
  if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) {
    throw new InvalidArgumentError(`${name} must be a positive number, got ${String(v)}`);
  }
  return v;
}

/** Connection failures are worth a retry; timeouts (already slow) and aborts are not. */
function isRetryable(err: unknown): boolean {
  return err instanceof SpikeInterfaceError && err.code === "network" && err.details.timeoutMs === undefined;
}

function backoff(attempt: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, 50 * 2 ** attempt);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve(); // an abort is reported by the next request, as a typed error
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
