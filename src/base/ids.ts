/**
 * Channel and unit ids. As in SpikeInterface they are strings or integers; floats are refused
 * because an id must survive a round trip through numpy's integer and unicode arrays.
 */
import { formatList, InvalidArgumentError, SpikeInterfaceError, UnknownIdError } from "../errors.js";

export type Id = string | number;

/**
 * Ids are always given as a list (array or typed array): a bare string would otherwise be read as a
 * list of characters and a bare number as an empty list (SpikeInterface asserts the same, I9).
 */
export function requireIdList(ids: unknown, call: string, what = "id"): void {
  if (Array.isArray(ids) || (ArrayBuffer.isView(ids) && !(ids instanceof DataView))) return;
  throw new InvalidArgumentError(
    `${call}: ${what}s must be an array, got ${typeof ids} ${typeof ids === "string" ? JSON.stringify(ids) : String(ids)}`,
    { ids },
  );
}

/**
 * Validate and freeze a list of ids given to a constructor. A list mixing integers and strings
 * becomes all strings, as numpy makes it (`[3, "a"]` → `["3", "a"]`, spec examples I3), so the
 * object has the ids it will have after a save and reload.
 */
export function checkIds(ids: readonly Id[], what = "id"): readonly Id[] {
  requireIdList(ids, "constructor", what);
  for (const id of ids) {
    if (typeof id === "number") {
      if (!Number.isSafeInteger(id)) {
        throw new InvalidArgumentError(`${what}s must be strings or integers, got ${id}`, { id });
      }
    } else if (typeof id !== "string") {
      throw new InvalidArgumentError(`${what}s must be strings or integers, got ${typeof id}`, { id });
    }
  }
  const mixed = ids.some((id) => typeof id === "string") && ids.some((id) => typeof id === "number");
  return Object.freeze(mixed ? ids.map(String) : [...ids]);
}

/** Throws `duplicate_id` naming the repeated ids. */
export function assertUniqueIds(ids: readonly Id[], what = "id"): void {
  const seen = new Set<Id>();
  const dup: Id[] = [];
  for (const id of ids) {
    if (seen.has(id)) dup.push(id);
    seen.add(id);
  }
  if (dup.length > 0) {
    throw new SpikeInterfaceError("duplicate_id", `${what}s are not unique: ${formatList(dup)}`, {
      ids: dup,
    });
  }
}

/**
 * Fast id → position lookup. Built lazily once per extractor; ids are immutable so it never goes stale.
 * The first occurrence wins when ids repeat (SpikeInterface accepts duplicates in base classes).
 */
export class IdIndex {
  private readonly map = new Map<Id, number>();
  constructor(
    readonly ids: readonly Id[],
    private readonly what: string,
  ) {
    ids.forEach((id, i) => {
      if (!this.map.has(id)) this.map.set(id, i);
    });
  }

  has(id: Id): boolean {
    return this.map.has(id);
  }

  indexOf(id: Id): number {
    const i = this.map.get(id);
    if (i === undefined) throw new UnknownIdError([id], this.what);
    return i;
  }

  /** Positions of `ids`, in the given order; all unknown ids are named in one error. */
  indicesOf(ids: readonly Id[]): Int32Array {
    const out = new Int32Array(ids.length);
    const unknown: Id[] = [];
    for (let k = 0; k < ids.length; k++) {
      const i = this.map.get(ids[k]);
      if (i === undefined) unknown.push(ids[k]);
      else out[k] = i;
    }
    if (unknown.length > 0) throw new UnknownIdError(unknown, this.what);
    return out;
  }
}

/** True when `indices` is 0..n-1 in order (a request for all channels in natural order). */
export function isIdentity(indices: ArrayLike<number>, n: number): boolean {
  if (indices.length !== n) return false;
  for (let i = 0; i < n; i++) if (indices[i] !== i) return false;
  return true;
}

/** Integer ids if every id is an integer, else strings — the dtype numpy would give the list. */
export function idKind(ids: readonly Id[]): "int" | "str" {
  return ids.length > 0 && ids.every((id) => typeof id === "number") ? "int" : "str";
}

/**
 * The distinct ids in ascending order, as numpy's `np.unique` orders them: numbers numerically,
 * anything else by string comparison (a mixed list is compared as text).
 */
export function sortedUniqueIds(values: Iterable<Id>): Id[] {
  return [...new Set(values)].sort((a, b) =>
    typeof a === "number" && typeof b === "number"
      ? a - b
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0,
  );
}
