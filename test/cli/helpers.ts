/**
 * Running the CLI as a user would: a child process (`node --import tsx src/cli/main.ts ...`, so no
 * build is needed), with its exit code and output.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/spikeinterface-ts.js", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Called with each stdout chunk (e.g. to interrupt the process at a given point). */
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
  timeoutMs?: number;
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return run(["--import", "tsx", MAIN, ...args], options);
}

/** The installed entry point (bin/spikeinterface-ts.js, which loads the built dist/). */
export function runBin(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return run([BIN, ...args], options);
}

function run(nodeArgs: readonly string[], options: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd: REPO,
      env: { ...process.env, NODE_OPTIONS: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** stderr is exactly one "error: ..." line. */
export function oneErrorLine(r: CliResult): string {
  const lines = r.stderr.trimEnd().split("\n");
  if (lines.length !== 1 || !lines[0].startsWith("error: ")) {
    throw new Error(`expected one error line, got ${JSON.stringify(r.stderr)}`);
  }
  return lines[0];
}
