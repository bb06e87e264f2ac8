#!/usr/bin/env node
// The `spikeinterface-ts` command. The code is the compiled TypeScript in ../dist (built by
// `npm run build`, which `npm ci` / `npm install` run through the `prepare` script).
let cli;
try {
  cli = await import("../dist/cli/main.js");
} catch (err) {
  if (err?.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist")) {
    process.stderr.write("error: spikeinterface-ts is not built: run `npm run build` in its folder\n");
    process.exit(1);
  }
  throw err;
}
cli.exitQuietlyOnClosedPipe();
process.exitCode = await cli.runCli(process.argv.slice(2));
