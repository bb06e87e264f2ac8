/**
 * Reading side of the "zarr" analyzer format (spec formats.md §5.2) over any ZarrStore, browser-safe:
 * the folder backend (`./zarr-format.ts`, Node-only) extends it with the writers, and a remote
 * analyzer (an HttpStore) uses it as is, read-only.
 *
 * Opening reads only metadata (from `.zmetadata` when the store has it), the sorting, the sparsity
 * mask and the recording provenance; each extension's arrays are read when that extension is loaded,
 * so an extension that is never loaded (e.g. the waveforms of a remote analyzer) is never fetched.
 * A read-only analyzer computes in memory and saves nothing, as SpikeInterface's read-only ones.
 */
import type { BaseExtractor } from "../../base/extractor.js";
import type { Property } from "../../base/properties.js";
import { extractorFromDict } from "../../base/provenance.js";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { listChildren, nodeKind, readAttrs } from "../../io/zarr/index.js";
import type { ZarrStore } from "../../io/zarr/store.js";
import { ProbeGroup } from "../../probe/probegroup.js";
import type { ProbeGroupDict } from "../../probe/types.js";
import type { BaseRecording } from "../../recording/base-recording.js";
import type { BaseSorting } from "../../sorting/base-sorting.js";
import { ChannelSparsity } from "../../sparsity/channel-sparsity.js";
import { type ExtensionDataValue, jsonData } from "../analyzer-array.js";
import type { AnalyzerBackend, OpenedAnalyzerFolder, StoredExtension } from "../backend.js";
import type { ExtensionParams, RunInfo } from "../extension.js";
import { recAttributesFromJson } from "../rec-attributes.js";
import { warnAnalyzer } from "../warnings.js";
import type { Rebuilt } from "./provenance-io.js";
import { settingsFromJson } from "./settings.js";
import { readZarrSortingGroup } from "./zarr-sorting.js";
import { readAnalyzerArray, readJsonObject } from "./zarr-values.js";

/** Rebuilds a recording or sorting from its provenance dict (paths resolved by the caller's rule). */
export type RebuildExtractor = (dict: unknown) => Promise<Rebuilt<BaseExtractor>>;

/**
 * Without a folder, relative paths cannot be resolved: the dict is rebuilt as written (absolute
 * paths, or no paths at all, e.g. generated recordings); anything else fails and the analyzer
 * opens recordingless.
 */
export const rebuildAsWritten: RebuildExtractor = async (dict) => {
  try {
    return { value: await extractorFromDict(dict as Record<string, unknown>), error: null };
  } catch (err) {
    return { value: null, error: err instanceof Error ? err.message : String(err) };
  }
};

export class ZarrStoreBackend implements AnalyzerBackend {
  readonly format = "zarr" as const;

  protected constructor(
    /** The folder path, or the URL of a remote analyzer. */
    readonly folder: string,
    readonly store: ZarrStore,
    protected readonly saved: Set<string>,
    protected readonly rebuild: RebuildExtractor,
  ) {}

  /** A read-only backend over `store`; `where` (a URL...) names it in errors. */
  static async openReadOnly(
    store: ZarrStore,
    where: string,
    rebuild: RebuildExtractor = rebuildAsWritten,
  ): Promise<ZarrStoreBackend> {
    return new ZarrStoreBackend(where, store, await savedExtensions(store), rebuild);
  }

  isReadOnly(): boolean {
    return true;
  }

  savedExtensionNames(): string[] {
    return [...this.saved];
  }

  async readExtension(name: string): Promise<StoredExtension> {
    const path = `extensions/${name}`;
    const attrs = await readAttrs(this.store, path);
    if (!("params" in attrs))
      throw new FileFormatError(`${this.folder}/${path}`, `extension ${JSON.stringify(name)} has no params`);
    const runInfo = (attrs.run_info ?? null) as RunInfo | null;
    if (runInfo === null)
      warnAnalyzer(`extension ${JSON.stringify(name)} has no run_info: it should be recomputed`);
    const data = new Map<string, ExtensionDataValue>();
    const { arrays, groups } = await listChildren(this.store, path);
    for (const key of arrays.sort()) {
      const childAttrs = await readAttrs(this.store, `${path}/${key}`);
      if ("dict" in childAttrs) data.set(key, jsonData(await readJsonObject(this.store, `${path}/${key}`)));
      else if ("object" in childAttrs)
        warnAnalyzer(`${path}/${key}: pickled extension data is not supported, skipped`);
      else data.set(key, await readAnalyzerArray(this.store, `${path}/${key}`));
    }
    for (const key of groups)
      warnAnalyzer(`${path}/${key}: dataframe extension data is not supported, skipped`);
    return { params: attrs.params as ExtensionParams, runInfo, data };
  }

  async loadSortingProvenance(): Promise<BaseSorting | null> {
    if ((await nodeKind(this.store, "sorting_provenance")) !== "array") return null;
    const dict = await readJsonObject(this.store, "sorting_provenance");
    return (await this.rebuild(dict)).value as BaseSorting | null;
  }

  /** The analyzer's recording from its provenance dict (null with the reason when it cannot be). */
  async rebuildRecording(dict: unknown): Promise<Rebuilt<BaseRecording>> {
    return (await this.rebuild(dict)) as Rebuilt<BaseRecording>;
  }

  // The writers: the folder backend overrides them; here (a remote store) they refuse.
  resetExtension(name: string): Promise<void> {
    return this.refuse(`reset extension ${JSON.stringify(name)}`);
  }

  deleteExtension(name: string): Promise<void> {
    return this.refuse(`delete extension ${JSON.stringify(name)}`);
  }

  writeExtensionParams(name: string, _params: ExtensionParams, _info: Record<string, string>): Promise<void> {
    return this.refuse(`save extension ${JSON.stringify(name)}`);
  }

  writeExtensionRunInfo(name: string, _runInfo: RunInfo): Promise<void> {
    return this.refuse(`save extension ${JSON.stringify(name)}`);
  }

  writeExtensionData(name: string, _data: ReadonlyMap<string, ExtensionDataValue>): Promise<void> {
    return this.refuse(`save extension ${JSON.stringify(name)}`);
  }

  writeSortingProperty(key: string, _property: Property): Promise<void> {
    return this.refuse(`save sorting property ${JSON.stringify(key)}`);
  }

  private refuse(what: string): Promise<never> {
    return Promise.reject(
      new SpikeInterfaceError(
        "incompatible",
        `the SortingAnalyzer at ${this.folder} is read-only: cannot ${what} (compute in memory, or saveAs() a local copy)`,
        { path: this.folder },
      ),
    );
  }
}

/** Names of the extension groups that hold params (those that were at least set up). */
export async function savedExtensions(store: ZarrStore): Promise<Set<string>> {
  const saved = new Set<string>();
  const { groups } = await listChildren(store, "extensions");
  for (const name of groups.sort())
    if ("params" in (await readAttrs(store, `extensions/${name}`))) saved.add(name);
  return saved;
}

/** Settings, sorting, recording attributes, sparsity and (when it can be rebuilt) the recording. */
export async function readZarrAnalyzer(
  backend: ZarrStoreBackend,
  options: { recording?: BaseRecording | null },
): Promise<OpenedAnalyzerFolder> {
  const { store, folder } = backend;
  const root = await readAttrs(store, "");
  if (!("spikeinterface_info" in root) || (await nodeKind(store, "recording_info")) !== "group") {
    throw new FileFormatError(
      folder,
      "is not a SortingAnalyzer zarr folder (no spikeinterface_info / recording_info)",
    );
  }
  const settings = settingsFromJson(root.settings ?? {}, `${folder}/.zattrs`);
  const sorting = await readZarrSortingGroup(store, "sorting");
  const info = await readAttrs(store, "recording_info");
  const pgDict = info.probegroup as ProbeGroupDict | undefined;
  const probegroup = pgDict === undefined || pgDict === null ? null : ProbeGroup.fromDict(pgDict);
  const recAttributes = recAttributesFromJson(
    info.recording_attributes,
    probegroup,
    `${folder}/recording_info`,
  );
  let recording = options.recording ?? null;
  let recordingError: string | null = null;
  if (recording === null && (await nodeKind(store, "recording")) === "array") {
    try {
      const rebuilt = await backend.rebuildRecording(await readJsonObject(store, "recording"));
      recording = rebuilt.value;
      recordingError = rebuilt.error;
    } catch (err) {
      recordingError = err instanceof Error ? err.message : String(err);
    }
  }
  let sparsity: ChannelSparsity | null = null;
  if ((await nodeKind(store, "sparsity_mask")) === "array") {
    const mask = await readAnalyzerArray(store, "sparsity_mask");
    sparsity = new ChannelSparsity({
      mask: mask.data as Uint8Array,
      unitIds: sorting.unitIds,
      channelIds: recAttributes.channelIds,
    });
  }
  return { backend, sorting, recording, recAttributes, sparsity, settings, recordingError };
}
