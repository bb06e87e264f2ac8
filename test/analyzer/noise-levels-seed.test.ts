import assert from "node:assert/strict";
import { test } from "node:test";
import { collectWarnings } from "./helpers.js";
import { analyzer } from "./merge-helpers.js";

test('compute("noise_levels", { seed }) is a deprecated alias of randomSlicesKwargs.seed', async () => {
  const an = await analyzer({ waveforms: false });
  // `seed` is not in the typed options (deprecated): go through the untyped overload
  const name: string = "noise_levels";
  const { value: ext, warnings } = await collectWarnings(() =>
    an.compute(name, { seed: 5, randomSlicesKwargs: { numChunksPerSegment: 2, chunkSize: 50 } }),
  );
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /"seed" is deprecated/);
  assert.deepEqual(ext.params.random_slices_kwargs, { num_chunks_per_segment: 2, chunk_size: 50, seed: 5 });
  assert.ok(!("seed" in ext.params));
  const again = await an.compute("noise_levels", {
    randomSlicesKwargs: { numChunksPerSegment: 2, chunkSize: 50, seed: 5 },
  });
  assert.deepEqual(again.data.get("noise_levels"), ext.data.get("noise_levels"));
  // an explicit randomSlicesKwargs.seed wins over the deprecated spelling
  const both = await an.compute(name, { seed: 5, randomSlicesKwargs: { seed: 9 } });
  assert.equal((both.params.random_slices_kwargs as { seed: number }).seed, 9);
});
