/**
 * The extension operations of a SortingAnalyzer (spec api.md §10.2 compute / compute_one_extension
 * / compute_several_extensions / load_extension), kept apart from the class for size.
 */
import { formatList, SpikeInterfaceError } from "../errors.js";
import { JOB_KEYS, type JobKwargs, splitJobKwargs } from "../jobs/job-kwargs.js";
import type { AnalyzerExtension } from "./extension.js";
import { getChildrenDependencies, getExtensionClass, sortByDependency } from "./extension-registry.js";
import type { SortingAnalyzer } from "./sorting-analyzer.js";

type Options = Record<string, unknown>;

/** Only the job kwargs the caller gave (the executor merges them over the globals itself). */
export function runtimeJobKwargs(options: object): JobKwargs {
  return Object.fromEntries(
    Object.entries(options).filter(([k]) => (JOB_KEYS as readonly string[]).includes(k)),
  ) as JobKwargs;
}

function missingParent(name: string, dep: string): SpikeInterfaceError {
  return new SpikeInterfaceError(
    "extension",
    `extension ${JSON.stringify(name)} requires ${JSON.stringify(dep)} to be computed first`,
    { extension: name, dependency: dep },
  );
}

/** compute(list | dict, options): the {name: params} spec and the job kwargs. */
export function parseSeveral(
  input: readonly string[] | Readonly<Record<string, Options>>,
  options: Options,
): { spec: Record<string, Options>; jobKwargs: JobKwargs } {
  const { extensionParams, ...rest } = options as Options & { extensionParams?: Record<string, Options> };
  const extra = Object.keys(splitJobKwargs(rest).specificKwargs);
  if (extra.length > 0) {
    throw new SpikeInterfaceError(
      "invalid_argument",
      `compute() with several extensions takes only job kwargs besides extensionParams; remove ${formatList(extra)}`,
    );
  }
  let spec: Record<string, Options>;
  if (Array.isArray(input)) {
    spec = Object.fromEntries((input as string[]).map((n) => [n, {}]));
    for (const [name, params] of Object.entries(extensionParams ?? {})) {
      if (!(name in spec)) {
        throw new SpikeInterfaceError(
          "invalid_argument",
          `extensionParams names ${JSON.stringify(name)}, which is not in ${JSON.stringify(input)}`,
        );
      }
      spec[name] = params;
    }
  } else if (input !== null && typeof input === "object") {
    spec = { ...(input as Record<string, Options>) };
  } else {
    throw new SpikeInterfaceError(
      "invalid_argument",
      "compute() needs an extension name, a list of names or a {name: params} object",
    );
  }
  return { spec, jobKwargs: runtimeJobKwargs(rest) };
}

/** Compute one extension; recomputing deletes the extensions that depend on it. */
export async function computeOneExtension(
  analyzer: SortingAnalyzer,
  name: string,
  options: Options,
  save: boolean,
): Promise<AnalyzerExtension> {
  const cls = getExtensionClass(name);
  for (const child of getChildrenDependencies(name)) {
    if (analyzer.hasExtension(child)) await analyzer.deleteExtension(child);
  }
  // splitJobKwargs validates the job kwargs (naming unknown or misspelt ones).
  const { specificKwargs } = splitJobKwargs(options);
  const known = cls.optionNames ?? Object.keys(cls.defaultOptions);
  const unknown = Object.keys(specificKwargs).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new SpikeInterfaceError(
      "invalid_argument",
      `extension ${JSON.stringify(name)} has no option ${formatList(unknown)}; its options: ${formatList(known)} (plus job kwargs)`,
    );
  }
  if (cls.needRecording) analyzer.requireRecording(`extension ${JSON.stringify(name)}`);
  for (const dep of cls.dependOn) {
    // A parent saved in the folder but not loaded yet is loaded now (SpikeInterface's get_extension).
    for (const d of dep.split("|")) {
      if (analyzer.getExtension(d) === null && analyzer.getSavedExtensionNames().includes(d)) {
        await loadExtension(analyzer, d);
      }
    }
    if (!dep.split("|").some((d) => analyzer.getExtension(d) !== null)) throw missingParent(name, dep);
  }
  const ext = new cls(analyzer);
  await ext.setParams(specificKwargs as Options, save);
  await ext.run(cls.needJobKwargs ? runtimeJobKwargs(options) : {}, save);
  analyzer.extensions.set(name, ext);
  return ext;
}

/** Compute several extensions, parents first (parents may be in the list or already computed). */
export async function computeSeveralExtensions(
  analyzer: SortingAnalyzer,
  spec: Readonly<Record<string, Options>>,
  jobKwargs: JobKwargs,
  save: boolean,
): Promise<void> {
  const names = Object.keys(spec);
  for (const name of names) {
    for (const dep of getExtensionClass(name).dependOn) {
      if (!dep.split("|").some((d) => analyzer.hasExtension(d) || names.includes(d)))
        throw missingParent(name, dep);
    }
  }
  for (const name of sortByDependency(names)) {
    await computeOneExtension(
      analyzer,
      name,
      { ...spec[name], ...runtimeJobKwargs(jobKwargs as Options) },
      save,
    );
  }
}

/** Read a saved extension; null when it never completed or has no data (then recompute it). */
export async function loadExtension(
  analyzer: SortingAnalyzer,
  name: string,
): Promise<AnalyzerExtension | null> {
  const backend = analyzer.backend;
  if (backend === null) {
    throw new SpikeInterfaceError(
      "extension",
      "loadExtension() needs a folder analyzer; use getExtension() in memory",
    );
  }
  const cls = getExtensionClass(name);
  const stored = await backend.readExtension(name);
  const ext = new cls(analyzer);
  ext.params = stored.params;
  ext.runInfo = stored.runInfo;
  if (stored.runInfo !== null && !stored.runInfo.run_completed) return null;
  ext.data = stored.data;
  ext.handleBackwardCompatibilityOnLoad();
  if (ext.data.size === 0) return null;
  analyzer.extensions.set(name, ext);
  return ext;
}
