/**
 * Node-only progress reporting for chunked jobs. Executors talk to a `ProgressSink`; the terminal
 * bar (cli-progress, loaded lazily) is used only when asked for AND the stream is a TTY, because a
 * redrawn bar in CI logs or redirected output is noise (a complaint about SpikeInterface).
 */

/** What an executor reports: total chunks once, then completed chunks. */
export interface ProgressSink {
  start(total: number, label: string): void;
  tick(n?: number): void;
  stop(): void;
}

/** The stream the bar draws on; only `isTTY` and `write` matter for the decision and the output. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface ProgressSinkOptions {
  progressBar: boolean;
  /** Default: process.stderr. */
  stream?: ProgressStream;
}

export const noopProgressSink: ProgressSink = {
  start() {},
  tick() {},
  stop() {},
};

export async function createProgressSink(options: ProgressSinkOptions): Promise<ProgressSink> {
  const stream = options.stream ?? process.stderr;
  if (!options.progressBar || stream.isTTY !== true) return noopProgressSink;
  const mod = await import("cli-progress");
  // cli-progress is CommonJS: its exports live on `default` when imported from ESM.
  const cliProgress = (mod as unknown as { default?: typeof mod }).default ?? mod;
  return new CliProgressSink(cliProgress, stream);
}

class CliProgressSink implements ProgressSink {
  private bar: import("cli-progress").SingleBar | null = null;
  private done = 0;
  private startedAt = 0;

  constructor(
    private readonly cliProgress: typeof import("cli-progress"),
    private readonly stream: ProgressStream,
  ) {}

  start(total: number, label: string): void {
    this.stop();
    this.done = 0;
    this.startedAt = performance.now();
    this.bar = new this.cliProgress.SingleBar(
      {
        format:
          "{label} [{bar}] {percentage}% | {value}/{total} chunks | {rate} chunks/s | ETA {eta_formatted}",
        stream: this.stream,
        hideCursor: true,
        etaBuffer: 50,
      },
      this.cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { label, rate: "0.0" });
  }

  tick(n = 1): void {
    if (this.bar === null) return;
    this.done += n;
    const seconds = (performance.now() - this.startedAt) / 1000;
    const rate = seconds > 0 ? (this.done / seconds).toFixed(1) : "0.0";
    this.bar.increment(n, { rate });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
