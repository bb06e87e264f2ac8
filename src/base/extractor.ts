/**
 * The base of every recording, sorting, snippets and event object: ids, per-id properties,
 * annotations, segments and provenance (spec api.md §1.2–1.5).
 *
 * Provenance follows the lazy-view habit of SpikeInterface: every class records the arguments it was
 * built from in `kwargs` (set once, in its constructor) and `toDict()` derives from them only, so the
 * description can never go stale.
 */
import { describeKind, isTypedArray } from "../dtype.js";
import { formatList, InvalidArgumentError, SpikeInterfaceError, UnknownIdError } from "../errors.js";
import { checkIds, type Id, IdIndex, requireIdList } from "./ids.js";
import {
  defaultMissingValue,
  dtypeKind,
  filledProperty,
  type Property,
  type PropertyInput,
  type PropertyValues,
  propertyToJson,
  scatterRows,
  selectRows,
  toProperty,
} from "./properties.js";

/** Version written in provenance dicts: the SpikeInterface version whose formats we follow. */
export const SI_FORMAT_VERSION = "0.105.0";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface ExtractorDict {
  class: string;
  module: string;
  version: string;
  kwargs: Record<string, unknown>;
  annotations: Record<string, unknown>;
  properties: Record<string, unknown>;
  relative_paths: boolean;
  folder_metadata?: string;
  probegroup?: unknown;
}

export interface ToDictOptions {
  includeAnnotations?: boolean;
  includeProperties?: boolean;
  /** Convert nested extractors in kwargs to dicts too (needed for JSON). */
  recursive?: boolean;
}

export interface SetPropertyOptions {
  ids?: readonly Id[];
  missingValue?: unknown;
  dtype?: Property["dtype"];
  shape?: readonly number[];
}

export interface Serializability {
  memory: boolean;
  json: boolean;
}

export abstract class BaseExtractor {
  /** Python class path, e.g. "spikeinterface.core.channelslice.ChannelSliceRecording". */
  abstract readonly className: string;
  /** Annotation keys that a default `toDict()` carries. */
  protected mainAnnotations: readonly string[] = ["name"];
  /** Property keys that a default `toDict()` carries. */
  protected mainProperties: readonly string[] = [];
  /** Property keys never copied to derived objects (cached values that would go stale). */
  protected skipProperties: readonly string[] = [];
  /** Constructor arguments, the source of `toDict()`; nested extractors stay objects. */
  kwargs: Readonly<Record<string, unknown>> = {};
  /** Why the object cannot be described by JSON (null when it can). */
  protected notJsonReason: string | null = null;

  protected readonly mainIds: readonly Id[];
  private idIndex: IdIndex | null = null;
  protected readonly properties = new Map<string, Property>();
  protected annotations: Record<string, unknown> = {};

  constructor(
    ids: readonly Id[],
    private readonly idWhat: string,
  ) {
    this.mainIds = checkIds(ids, idWhat);
  }

  abstract getNumSegments(): number;

  get name(): string {
    const n = this.annotations.name;
    return typeof n === "string" ? n : this.className.split(".").pop()!;
  }

  set name(value: string | null) {
    if (value === null) delete this.annotations.name;
    else this.annotations.name = value;
  }

  /** Positions of `ids` (all when omitted) — throws naming every unknown id. */
  idsToIndices(ids?: readonly Id[] | null): Int32Array {
    if (ids === undefined || ids === null) return Int32Array.from(this.mainIds, (_, i) => i);
    requireIdList(ids, "idsToIndices", this.idWhat);
    return this.index().indicesOf(ids);
  }

  idToIndex(id: Id): number {
    return this.index().indexOf(id);
  }

  hasId(id: Id): boolean {
    return this.index().has(id);
  }

  private index(): IdIndex {
    this.idIndex ??= new IdIndex(this.mainIds, this.idWhat);
    return this.idIndex;
  }

  // ----- annotations -----
  annotate(values: Record<string, unknown>): void {
    Object.assign(this.annotations, structuredClone(values));
  }

  setAnnotation(key: string, value: unknown, { overwrite = false } = {}): void {
    if (key in this.annotations && !overwrite) {
      throw new InvalidArgumentError(`annotation ${JSON.stringify(key)} exists; pass overwrite: true`, {
        key,
      });
    }
    this.annotations[key] = structuredClone(value);
  }

  getAnnotation(key: string): unknown {
    return key in this.annotations ? structuredClone(this.annotations[key]) : null;
  }

  getAnnotationKeys(): string[] {
    return Object.keys(this.annotations);
  }

  deleteAnnotation(key: string): void {
    if (!(key in this.annotations)) {
      throw new InvalidArgumentError(`no annotation ${JSON.stringify(key)}`, { key });
    }
    delete this.annotations[key];
  }

  // ----- properties -----
  /**
   * Set a property for all ids (values in id order), or for a subset with `ids`; `null` removes it.
   * See spec api.md §1.3 for the subset rules, which this follows exactly.
   */
  setProperty(key: string, values: PropertyInput | null, options: SetPropertyOptions = {}): void {
    if (values === null) {
      this.properties.delete(key);
      return;
    }
    const n = this.mainIds.length;
    const prop = toProperty(values, { dtype: options.dtype, shape: options.shape });
    const { ids } = options;
    if (ids === undefined) {
      if (prop.shape[0] !== n) {
        throw new InvalidArgumentError(
          `property ${JSON.stringify(key)} has ${prop.shape[0]} values for ${n} ${this.idWhat}s`,
          { key },
        );
      }
      this.properties.set(key, prop);
      return;
    }
    if (ids.length === 0 && n > 0) {
      // Nothing to set, and an empty list has no dtype: it used to create an all-null object property.
      throw new InvalidArgumentError(`setProperty ${JSON.stringify(key)}: the ids list is empty`, { key });
    }
    if (prop.shape[0] !== ids.length) {
      throw new InvalidArgumentError(
        `property ${JSON.stringify(key)} has ${prop.shape[0]} values for ${ids.length} ids`,
        { key },
      );
    }
    if (new Set(ids).size !== ids.length) {
      throw new SpikeInterfaceError("duplicate_id", `ids are not unique: ${formatList(ids)}`, { ids });
    }
    const indices = this.idsToIndices(ids);
    if (ids.length === n) {
      const full = filledProperty(prop, n, defaultMissingValue(prop.dtype) ?? 0);
      scatterRows(full, indices, prop);
      this.properties.set(key, full);
      return;
    }
    let target = this.properties.get(key);
    if (target === undefined) {
      let missing = options.missingValue;
      if (missing === undefined || missing === null) {
        missing = defaultMissingValue(prop.dtype);
        if (missing === undefined) {
          throw new InvalidArgumentError(
            `can't infer a natural missing value for property ${JSON.stringify(key)} of dtype ${prop.dtype}: pass missingValue`,
            { key, dtype: prop.dtype },
          );
        }
      } else if (
        dtypeKind(toProperty([missing]).dtype) !== dtypeKind(prop.dtype) &&
        dtypeKind(prop.dtype) !== "O" &&
        // A JS number cannot say "0.0": any number is a valid missing value for a float property.
        !(typeof missing === "number" && dtypeKind(prop.dtype) === "f")
      ) {
        throw new InvalidArgumentError(
          `missingValue ${JSON.stringify(missing)} does not match the dtype ${prop.dtype} of property ${JSON.stringify(key)}`,
          { key },
        );
      }
      target = filledProperty(prop, n, missing);
    } else if (
      dtypeKind(target.dtype) !== dtypeKind(prop.dtype) &&
      // Plain JS numbers ([7] is also 7.0) take the kind of the float property they update.
      !(dtypeKind(target.dtype) === "f" && isPlainNumbers(values))
    ) {
      throw new InvalidArgumentError(
        `property ${JSON.stringify(key)} has dtype ${target.dtype}; cannot update it with ${prop.dtype} values`,
        { key },
      );
    } else {
      target = selectRows(target, this.idsToIndices()); // a copy, so a failed update changes nothing
    }
    scatterRows(target, indices, prop);
    this.properties.set(key, target);
  }

  /** Values for all ids (or for `ids`, in that order); null when the property does not exist. */
  getProperty(key: string, ids?: readonly Id[]): PropertyValues | null {
    const p = this.properties.get(key);
    if (p === undefined) return null;
    return ids === undefined ? p.values : selectRows(p, this.idsToIndices(ids)).values;
  }

  /** The stored property with its dtype and shape. */
  getPropertyInfo(key: string): Property | null {
    return this.properties.get(key) ?? null;
  }

  getPropertyKeys(): string[] {
    return [...this.properties.keys()];
  }

  deleteProperty(key: string): void {
    if (!this.properties.delete(key)) {
      throw new InvalidArgumentError(`no property ${JSON.stringify(key)}`, { key });
    }
  }

  /**
   * Copy annotations and properties (sliced to `ids`) onto `other`, as derived objects do.
   * Properties in `other`'s skip list (noise-level caches) are not copied.
   */
  copyMetadata(
    other: BaseExtractor,
    { onlyMain = false, ids }: { onlyMain?: boolean; ids?: readonly Id[] } = {},
  ): void {
    const indices = ids === undefined ? this.idsToIndices() : this.idsToIndices(ids);
    const annotations = onlyMain
      ? Object.fromEntries(Object.entries(this.annotations).filter(([k]) => k === "name"))
      : this.annotations;
    other.annotations = structuredClone(annotations);
    if (onlyMain) return;
    for (const [key, prop] of this.properties) {
      if (other.skipProperties.includes(key)) continue;
      other.properties.set(key, selectRows(prop, indices));
    }
    this.copyExtraMetadata(other);
  }

  /** Hook for subclasses that carry more metadata (recordings: the probe group). */
  protected copyExtraMetadata(_other: BaseExtractor): void {}

  // ----- provenance -----
  /** Whether `toDict()` describes an object that can be rebuilt from JSON, and if not, why. */
  checkSerializability(): { json: boolean; reason: string | null } {
    if (this.notJsonReason !== null) return { json: false, reason: `${this.name}: ${this.notJsonReason}` };
    for (const child of nestedExtractors(this.kwargs)) {
      const r = child.checkSerializability();
      if (!r.json) return r;
    }
    return { json: true, reason: null };
  }

  isJsonSerializable(): boolean {
    return this.checkSerializability().json;
  }

  toDict(options: ToDictOptions = {}): ExtractorDict {
    const { includeAnnotations = false, includeProperties = false, recursive = false } = options;
    const annotations: Record<string, unknown> = includeAnnotations
      ? structuredClone(this.annotations)
      : Object.fromEntries(
          this.mainAnnotations.map((k) => [k, k in this.annotations ? this.annotations[k] : null]),
        );
    const keys = includeProperties ? this.getPropertyKeys() : this.mainProperties;
    const properties: Record<string, unknown> = {};
    for (const k of keys) {
      const p = this.properties.get(k);
      properties[k] = p === undefined ? null : propertyToJson(p);
    }
    const kwargs = recursive
      ? mapExtractors(this.kwargs, (e) => e.toDict({ ...options }))
      : { ...this.kwargs };
    const dict: ExtractorDict = {
      class: this.className,
      module: this.className.split(".")[0],
      version: SI_FORMAT_VERSION,
      kwargs,
      annotations,
      properties,
      relative_paths: false,
    };
    this.extendDict(dict);
    return dict;
  }

  /** Hook: recordings add their probe group. */
  protected extendDict(_dict: ExtractorDict): void {}

  /** Resolve an optional segment index the SpikeInterface way (omitted only on single-segment objects). */
  protected segmentIndexOf(segmentIndex: number | undefined | null): number {
    const n = this.getNumSegments();
    if (segmentIndex === undefined || segmentIndex === null) {
      if (n === 1) return 0;
      throw new SpikeInterfaceError(
        "missing_segment_index",
        `multi-segment object (${n} segments): provide segmentIndex`,
        { numSegments: n },
      );
    }
    if (!Number.isInteger(segmentIndex) || segmentIndex < 0 || segmentIndex >= n) {
      throw new SpikeInterfaceError("segment_index", `segmentIndex ${segmentIndex} out of range [0, ${n})`, {
        segmentIndex,
        numSegments: n,
      });
    }
    return segmentIndex;
  }

  /** Reject unknown ids with one error naming them all. */
  protected checkKnownIds(ids: readonly Id[]): void {
    requireIdList(ids, "checkKnownIds", this.idWhat);
    const unknown = ids.filter((id) => !this.hasId(id));
    if (unknown.length > 0) throw new UnknownIdError(unknown, this.idWhat);
  }
}

/**
 * Loader guard of the in-memory classes (NumpyRecording, NumpySorting, NumpySnippets): their
 * kwargs hold typed arrays, which a JSON round trip turns into {"0": ...} objects. Refuse such a
 * dict by class and key, with the reason, instead of failing deep inside the constructor.
 */
export function requireTypedArrayKwargs(className: string, key: string, values: readonly unknown[]): void {
  const bad = values.findIndex((v) => !isTypedArray(v));
  if (bad < 0) return;
  const name = className.split(".").pop();
  const got = describeKind(values[bad]);
  throw new SpikeInterfaceError(
    "not_dumpable",
    `${name} cannot be rebuilt from this dict: kwargs.${key} holds ${got} where a typed array is expected. ` +
      `${name} keeps its data in memory and is not JSON-serializable (JSON turns typed arrays into {"0": ...} objects): ` +
      "save() it to a folder and load that instead",
    { className, key },
  );
}

function isPlainNumbers(values: unknown): boolean {
  return Array.isArray(values) && values.every((v) => typeof v === "number");
}

/** Every extractor found in kwargs values, arrays and plain-object values. */
export function nestedExtractors(value: unknown): BaseExtractor[] {
  const found: BaseExtractor[] = [];
  mapExtractors(value, (e) => {
    found.push(e);
    return null;
  });
  return found;
}

/** Copy of `value` with every nested extractor replaced by `fn(extractor)`. */
export function mapExtractors<T>(value: T, fn: (e: BaseExtractor) => unknown): T {
  const walk = (v: unknown): unknown => {
    if (v instanceof BaseExtractor) return fn(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
