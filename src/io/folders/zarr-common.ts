/**
 * Node-only part of the zarr formats' shared pieces: folder paths (node:fs / node:path and
 * FileSystemStore, installed as the path hook of `./zarr-store-common.ts` on import) and the
 * writers of ids and properties used by the save paths. Everything browser-safe is re-exported.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { BaseExtractor } from "../../base/extractor.js";
import type { Id } from "../../base/ids.js";
import type { TypedArray } from "../../dtype.js";
import { SpikeInterfaceError } from "../../errors.js";
import { writeArray } from "../zarr/create.js";
import { FileSystemStore } from "../zarr/fs-store.node.js";
import { createGroup } from "../zarr/metadata.js";
import type { ZarrStore } from "../zarr/store.js";
import { setZarrLocalPaths } from "./zarr-store-common.js";

export * from "./zarr-store-common.js";

setZarrLocalPaths({
  open(path) {
    const folder = resolve(path);
    if (!existsSync(folder)) {
      throw new SpikeInterfaceError("file_not_found", `${folder} does not exist`, { path: folder });
    }
    return { store: new FileSystemStore(folder), folder };
  },
  folderOf(store) {
    return store instanceof FileSystemStore ? store.root : null;
  },
});

/** Ids as numpy would store them: `<U{n}` for strings, `<i8` for integers; no compressor. */
export async function writeIds(store: ZarrStore, path: string, ids: readonly Id[]): Promise<void> {
  if (ids.length > 0 && ids.every((id) => typeof id === "number")) {
    await writeArray(
      store,
      path,
      BigInt64Array.from(ids as number[], (v) => BigInt(v)),
      { compressor: null },
    );
  } else {
    await writeArray(store, path, ids.map(String), { compressor: null });
  }
}

/** Every property except object ones as `properties/<key>` (no compressor), as SpikeInterface does. */
export async function writeZarrProperties(
  store: ZarrStore,
  root: string,
  extractor: BaseExtractor,
): Promise<void> {
  const group = root === "" ? "properties" : `${root}/properties`;
  await createGroup(store, group);
  for (const key of extractor.getPropertyKeys()) {
    const p = extractor.getPropertyInfo(key)!;
    const shape = [...p.shape];
    const path = `${group}/${key}`;
    if (p.dtype === "object") {
      process.emitWarning(`property ${JSON.stringify(key)} not saved: it holds objects`);
      continue;
    }
    if (p.dtype === "str") await writeArray(store, path, p.values as string[], { shape, compressor: null });
    else if (p.dtype === "bool")
      await writeArray(store, path, p.values as boolean[], { shape, dtype: "|b1", compressor: null });
    else if (p.dtype === "int64" || p.dtype === "uint64") {
      const big =
        p.dtype === "int64"
          ? BigInt64Array.from(p.values as ArrayLike<number>, (v) => BigInt(Math.trunc(v)))
          : BigUint64Array.from(p.values as ArrayLike<number>, (v) => BigInt(Math.trunc(v)));
      await writeArray(store, path, big, { shape, compressor: null });
    } else await writeArray(store, path, p.values as TypedArray, { shape, dtype: p.dtype, compressor: null });
  }
}
