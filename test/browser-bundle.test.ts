import assert from "node:assert/strict";
import { test } from "node:test";
import { bundleCoreForBrowser } from "./bundle-core.js";

// The core entry must bundle for a browser: no node: built-ins anywhere in its import graph.
test("spikeinterface-ts (core entry) bundles for the browser without Node built-ins", async () => {
  const result = await bundleCoreForBrowser();
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(
    inputs.some((f) => f.endsWith("src/recording/base-recording.ts")),
    "bundle holds the core",
  );
  assert.ok(
    inputs.some((f) => f.endsWith("src/remote/open-remote.ts")),
    "bundle holds the store-only zarr openers",
  );
  assert.ok(
    inputs.some((f) => f.endsWith("src/analyzer/formats/zarr-store-backend.ts")),
    "bundle holds the remote (store-read) analyzer backend",
  );
  assert.ok(!inputs.some((f) => f.endsWith(".node.ts")), "bundle holds no Node-only module");
  const nodeImports = Object.values(result.metafile.inputs)
    .flatMap((i) => i.imports.map((imp) => imp.path))
    .filter((p) => p.startsWith("node:"));
  assert.deepEqual(nodeImports, []);
});
