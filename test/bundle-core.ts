/** The core entry (src/index.ts) bundled for a browser by esbuild, in memory. */
import { build } from "esbuild";

export function bundleCoreForBrowser() {
  return build({
    entryPoints: [new URL("../src/index.ts", import.meta.url).pathname],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
    metafile: true,
  });
}
