/**
 * .npz archives: a zip of `<key>.npy` members, as `numpy.savez` (stored) and
 * `numpy.savez_compressed` (deflated) write them. numpy adds zip64 extra fields to every member;
 * fflate reads those. fflate does not write zip64, so encodeNpz refuses archives of 4 GiB or more.
 */
import { unzipSync, type Zippable, zipSync } from "fflate";
import { FileFormatError, InvalidArgumentError } from "../../errors.js";
import { encodeNpy } from "./encode-npy.js";
import type { NpyArray } from "./npy-array.js";
import { hasNpyMagic } from "./npy-header.js";
import { parseNpy } from "./parse-npy.js";

/**
 * Every array of an .npz, keyed as numpy.load keys them: `x.npy` becomes `x`. Members that are not
 * .npy files (no `.npy` suffix and no npy magic) are skipped, as they hold no array.
 */
export function readNpz(bytes: Uint8Array, name = "<npz>"): Map<string, NpyArray> {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, { filter: (file) => !file.name.endsWith("/") });
  } catch (err) {
    throw new FileFormatError(name, `not a readable zip archive (${(err as Error).message})`, { cause: err });
  }
  const arrays = new Map<string, NpyArray>();
  for (const [member, content] of Object.entries(members)) {
    const isNpy = member.endsWith(".npy");
    if (!isNpy && !hasNpyMagic(content)) continue;
    const key = isNpy ? member.slice(0, -4) : member;
    arrays.set(key, parseNpy(content, `${name}/${member}`));
  }
  return arrays;
}

export interface EncodeNpzOptions {
  /** Deflate members as numpy.savez_compressed does (default false: stored, as numpy.savez). */
  compress?: boolean;
}

const ZIP32_LIMIT = 0xffffffff;
// A fixed timestamp keeps archives reproducible; numpy ignores member dates.
const MEMBER_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** An .npz that numpy.load reads back, members named `<key>.npy` in insertion order. */
export function encodeNpz(
  entries: Readonly<Record<string, NpyArray>> | ReadonlyMap<string, NpyArray>,
  options: EncodeNpzOptions = {},
): Uint8Array {
  const list = entries instanceof Map ? [...entries] : Object.entries(entries);
  const level = options.compress ? 6 : 0;
  const zippable: Zippable = Object.create(null);
  let total = 0;
  for (const [key, array] of list) {
    if (key === "" || key.endsWith("/"))
      throw new InvalidArgumentError(`bad npz key ${JSON.stringify(key)}`, { key });
    const member = `${key}.npy`;
    if (member in zippable)
      throw new InvalidArgumentError(`duplicate npz key ${JSON.stringify(key)}`, { key });
    const npy = encodeNpy(array);
    total += npy.length;
    if (total >= ZIP32_LIMIT) {
      throw new InvalidArgumentError(
        `npz members reach ${total} bytes at key ${JSON.stringify(key)}; zip64 writing is not supported`,
        {
          key,
        },
      );
    }
    zippable[member] = [npy, { level, mtime: MEMBER_MTIME }];
  }
  return zipSync(zippable);
}
