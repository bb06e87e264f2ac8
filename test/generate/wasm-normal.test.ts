import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { createRng } from "../../src/generate/rng.js";
import { useWasmNormal, WASM_NORMAL_CHUNK, wasmNormal } from "../../src/generate/wasm-normal.js";

function fill(seed: number, length: number, mean: number, std: number, wasm: boolean): Float32Array {
  useWasmNormal(wasm);
  try {
    const rng = createRng(seed);
    const out = new Float32Array(length);
    rng.fillNormal(out, mean, std);
    // The generator must be left in the same state too: the next draws agree.
    const next = new Float32Array(3);
    rng.fillNormal(next);
    return Float32Array.from([...out, ...next, rng.random()]);
  } finally {
    useWasmNormal(true);
  }
}

const bytes = (a: Float32Array) => new Uint8Array(a.buffer);

test("WebAssembly is available here (else the JS loop is all that runs)", () => {
  assert.notEqual(wasmNormal(), null);
});

test("the WebAssembly float32 normal fill gives the JS loop's stream bit for bit", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 40 }),
      fc.oneof(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: WASM_NORMAL_CHUNK - 3, max: 2 * WASM_NORMAL_CHUNK + 3 }),
      ),
      fc.double({ min: -100, max: 100, noNaN: true }),
      fc.double({ min: 0, max: 50, noNaN: true }),
      (seed, length, mean, std) => {
        assert.deepEqual(
          bytes(fill(seed, length, mean, std, true)),
          bytes(fill(seed, length, mean, std, false)),
        );
      },
    ),
    { numRuns: 60 },
  );
  // Long enough to meet many tail and wedge draws (~1.5 % of draws leave the fast path).
  assert.deepEqual(bytes(fill(3, 300_001, 0, 1, true)), bytes(fill(3, 300_001, 0, 1, false)));
});
