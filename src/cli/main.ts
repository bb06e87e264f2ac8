#!/usr/bin/env node
/**
 * The `spikeinterface-ts` command: demo, info, analyze, save. Exit codes: 0 ok, 1 failed, 2 bad
 * usage, 130 interrupted. Errors are one line on stderr ("error: ..."), with the stack only under
 * --verbose; library warnings become "warning: ..." lines. Ctrl-C aborts the running job (savers
 * stop between chunks and delete their temporary folder), removes output this run created, and
 * exits; a second Ctrl-C exits at once.
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import "../analyzer/node.js";
import "../extractors/index.js";
import "../io/folders/index.js";
import { registerAnalyze } from "./commands/analyze.js";
import { registerDemo } from "./commands/demo.js";
import { registerInfo } from "./commands/info.js";
import { registerSave } from "./commands/save.js";
import { Cleanup, type CliContext } from "./context.js";
import {
  EXIT_FAILED,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeOf,
  explain,
  oneLine,
} from "./errors.js";

/** The package version (package.json is two folders up from both src/cli and dist/cli). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}
/** How long an interrupted job gets to stop by itself before the process exits anyway. */
const ABORT_GRACE_MS = 2000;

export interface CliIO {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

function buildProgram(ctx: CliContext, io: Required<CliIO>): Command {
  const program = new Command("spikeinterface-ts")
    .description(
      "SpikeInterface core in TypeScript: inspect folders, build SortingAnalyzers, convert recordings",
    )
    .version(packageVersion())
    .option("--verbose", "print the stack trace of errors")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerDemo(program, ctx);
  registerInfo(program, ctx);
  registerAnalyze(program, ctx);
  registerSave(program, ctx);
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
  return program;
}

/** Run the CLI on `args` (without "node" and the script); resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIO = {}): Promise<number> {
  const out = {
    stdout: io.stdout ?? ((t: string) => process.stdout.write(t)),
    stderr: io.stderr ?? ((t: string) => process.stderr.write(t)),
  };
  const verbose = args.includes("--verbose");
  const controller = new AbortController();
  const cleanup = new Cleanup();
  const ctx: CliContext = {
    out: (line) => out.stdout(`${line}\n`),
    err: (line) => out.stderr(`${line}\n`),
    signal: controller.signal,
    removeOnFailure: (p) => cleanup.add(p),
  };
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error) => {
    ctx.err(`warning: ${oneLine(warning)}`);
  }) as typeof process.emitWarning;

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    ctx.err("interrupted: stopping (Ctrl-C again to quit at once)");
    controller.abort(new Error("interrupted"));
    // Jobs that cannot be aborted mid-way (analyzer extensions) end with the process.
    setTimeout(() => {
      cleanup.run();
      process.exit(EXIT_INTERRUPTED);
    }, ABORT_GRACE_MS).unref();
  };
  process.on("SIGINT", onSigint);
  try {
    await buildProgram(ctx, out).parseAsync([...args], { from: "user" });
    cleanup.clear();
    return EXIT_OK;
  } catch (err) {
    cleanup.run();
    if (err instanceof CommanderError) {
      // Commander has already printed its one-line message (or the help / version).
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return EXIT_OK;
      if (err.code === "commander.help") return EXIT_OK;
      return EXIT_USAGE;
    }
    if (interrupted) {
      ctx.err("error: interrupted");
      return EXIT_INTERRUPTED;
    }
    const shown = explain(err);
    ctx.err(`error: ${oneLine(shown)}`);
    if (verbose && err instanceof Error && err.stack) ctx.err(err.stack);
    return exitCodeOf(shown);
  } finally {
    process.off("SIGINT", onSigint);
    process.emitWarning = emitWarning;
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/** `spikeinterface-ts info x | head`: a closed pipe ends the output, not with a crash. */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(process.exitCode ?? EXIT_OK);
      throw err;
    });
  }
}

if (isEntryPoint()) {
  exitQuietlyOnClosedPipe();
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`error: ${oneLine(err)}\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}
