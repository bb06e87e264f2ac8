/**
 * Save formats are registered by the modules that implement them (the file formats are Node-only),
 * so `recording.save({ format })` works from the core API without the core importing `fs`.
 *
 * Every format declares the options it reads, and `getSaver` checks the options against them before
 * any work: a typo (`dtpye`), a Python name (`n_jobs`) or an option of another format would
 * otherwise be silently ignored. Job kwargs are accepted by every format and their values checked
 * (fixJobKwargs), even where the format has no chunked job to run (sortings, memory copies).
 */
import { InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import { JOB_KEYS, splitJobKwargs } from "../jobs/job-kwargs.js";
import type { BaseExtractor } from "./extractor.js";
import { checkOptionKeys } from "./option-keys.js";

export interface SaveOptions {
  /** "binary" | "zarr" | "memory" for recordings; "numpy_folder" | "npz_folder" | "zarr" | "memory" for sortings. */
  format?: string;
  folder?: string;
  overwrite?: boolean;
  [option: string]: unknown;
}

export type Saver = (extractor: BaseExtractor, options: SaveOptions) => Promise<BaseExtractor>;

export interface SaverSpec {
  /** Format-specific option keys (camelCase), besides the common keys and the job kwargs. */
  keys?: readonly string[];
  /** Whether the format writes a folder (then `folder`, `name` and `overwrite` are accepted). Default true. */
  folder?: boolean;
}

/** Accepted by every format. `verbose` is SpikeInterface's and has no effect here. */
const COMMON_KEYS = ["format", "verbose", "signal"];
const FOLDER_KEYS = ["folder", "name", "overwrite"];

/**
 * The memory savers live with the classes they build (numpy-recording.ts, numpy-sorting.ts) and
 * register without a spec; their options are declared here. `sharedmem` is SpikeInterface's.
 */
const DEFAULT_SPECS: Readonly<Record<string, SaverSpec>> = { memory: { keys: ["sharedmem"], folder: false } };

const savers = new Map<string, { saver: Saver; valid: readonly string[] }>();

/** `kind` is "recording", "sorting" or "snippets". */
export function registerSaver(kind: string, format: string, saver: Saver, spec?: SaverSpec): void {
  spec ??= DEFAULT_SPECS[format] ?? {};
  const valid = [
    ...COMMON_KEYS,
    ...(spec.folder === false ? [] : FOLDER_KEYS),
    ...(spec.keys ?? []),
    ...JOB_KEYS,
  ];
  savers.set(`${kind}:${format}`, { saver, valid });
}

/** The saver of `format`, wrapped so that its options are checked first (see the top of this file). */
export function getSaver(kind: string, format: string): Saver {
  const entry = savers.get(`${kind}:${format}`);
  if (entry === undefined) {
    const known = [...savers.keys()].filter((k) => k.startsWith(`${kind}:`)).map((k) => k.split(":")[1]);
    throw new SpikeInterfaceError(
      "invalid_argument",
      `cannot save a ${kind} as ${JSON.stringify(format)}: known formats here are ${JSON.stringify(known)}` +
        (known.length <= 1 ? ' (file formats need import "spikeinterface-ts/node")' : ""),
      { format },
    );
  }
  return (extractor, options) => {
    checkSaveOptions(kind, format, options);
    return entry.saver(extractor, options);
  };
}

/**
 * Throws InvalidArgumentError naming the first option `format` does not read (with the key meant)
 * or a bad value. Called by getSaver's wrapper and by the exported save functions themselves.
 */
export function checkSaveOptions(kind: string, format: string, options: SaveOptions): void {
  const valid = savers.get(`${kind}:${format}`)?.valid;
  if (valid === undefined)
    throw new InvalidArgumentError(`no ${kind} saver registered for format ${JSON.stringify(format)}`);
  checkOptionKeys(options, valid, "save option", ` for format ${JSON.stringify(format)}`);
  const expect = (key: string, ok: boolean, expected: string) => {
    if (!ok) {
      throw new InvalidArgumentError(
        `save option ${key}=${String(options[key])} is invalid: expected ${expected}`,
        {
          key,
          value: options[key],
        },
      );
    }
  };
  const { folder, name, overwrite, signal } = options;
  expect("folder", folder === undefined || folder === null || typeof folder === "string", "a path string");
  expect("name", name === undefined || name === null || typeof name === "string", "a string");
  expect("overwrite", overwrite === undefined || typeof overwrite === "boolean", "true or false");
  expect("signal", signal === undefined || signal instanceof AbortSignal, "an AbortSignal");
  splitJobKwargs(options); // validates the job kwargs' values
}
