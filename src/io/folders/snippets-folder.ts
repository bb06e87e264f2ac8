/**
 * Snippets on disk (spec formats.md §4): `NpySnippetsExtractor` reads one structured .npy per
 * segment (`[('frame', '<i8'), ('snippet', dtype, (snippet_len, num_channels))]`),
 * `writeNpySnippets` writes them, and `NpyFolderSnippets` is the folder `snippets.save()` writes
 * (those files + npy.json, properties/, probegroup.json, provenance.json, si_folder.json).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SI_FORMAT_VERSION } from "../../base/extractor.js";
import type { Id } from "../../base/ids.js";
import { registerExtractorClass } from "../../base/registry.js";
import { registerSaver, type SaveOptions } from "../../base/savers.js";
import {
  castNumbers,
  type NumberArray,
  parseTraceDType,
  TRACE_DTYPES,
  type TraceDType,
  type TypedArray,
} from "../../dtype.js";
import { FileFormatError, InvalidArgumentError, SpikeInterfaceError } from "../../errors.js";
import { BaseSnippets } from "../../snippets/base-snippets.js";
import { NumpySnippetsSegment } from "../../snippets/numpy-snippets.js";
import { writeFolderAtomic } from "../atomic.js";
import { npyFromColumns } from "../npy/builders.js";
import { encodeNpy } from "../npy/encode-npy.js";
import { parseNpy } from "../npy/parse-npy.js";
import { makePathsAbsolute } from "../paths.js";
import { markDictFloats } from "./py-floats.js";
import { readProbeAndProperties, writeProbeAndProperties } from "./recording-metadata.js";
import { splitSaveOptions, writeJsonFile, writeProvenanceJson, writeSiFolderJson } from "./save-common.js";
import { readFolderAnnotations, readJsonObject } from "./si-json.js";
import { int64ToFloat64 } from "./zarr-common.js";

export const NPY_SNIPPETS_CLASS = "spikeinterface.core.npysnippetsextractor.NpySnippetsExtractor";
export const NPY_FOLDER_SNIPPETS_CLASS = "spikeinterface.core.npyfoldersnippets.NpyFolderSnippets";

export interface NpySnippetsOptions {
  filePaths: string | readonly string[];
  samplingFrequency: number;
  channelIds?: readonly Id[] | null;
  nbefore?: number | null;
  gainToUV?: number | readonly number[] | null;
  offsetToUV?: number | readonly number[] | null;
}

interface SegmentFile {
  frames: Float64Array;
  data: NumberArray;
  snippetLen: number;
  numChannels: number;
  dtype: TraceDType;
}

function readSegmentFile(path: string): SegmentFile {
  if (!existsSync(path)) throw new FileFormatError(path, "file is missing");
  const npy = parseNpy(new Uint8Array(readFileSync(path)), path);
  const bad = (what: string): never => {
    throw new FileFormatError(path, `not a snippets file: ${what} (descr ${npy.descr})`);
  };
  if (npy.kind !== "structured" || npy.shape.length !== 1) return bad("expected a 1-D structured array");
  const frame = npy.fields.find((f) => f.name === "frame");
  const snippet = npy.fields.find((f) => f.name === "snippet");
  if (frame === undefined || frame.type.kind !== "numeric") return bad('no integer "frame" field');
  if (snippet === undefined || snippet.type.kind !== "numeric" || snippet.shape.length !== 2)
    return bad('no "snippet" field of shape (snippet_len, num_channels)');
  const dtype = snippet.type.dtype;
  if (!(TRACE_DTYPES as readonly string[]).includes(dtype))
    return bad(`snippet dtype ${dtype} is not supported`);
  return {
    frames: int64ToFloat64(npy.data.frame as TypedArray, `${path}/frame`),
    data: npy.data.snippet as NumberArray,
    snippetLen: snippet.shape[0],
    numChannels: snippet.shape[1],
    dtype: dtype as TraceDType,
  };
}

function perChannel(v: number | readonly number[] | null | undefined, n: number): number[] | null {
  if (v === undefined || v === null) return null;
  return typeof v === "number" ? new Array<number>(n).fill(v) : [...v];
}

export class NpySnippetsExtractor extends BaseSnippets {
  readonly className: string = NPY_SNIPPETS_CLASS;

  constructor(options: NpySnippetsOptions) {
    const paths = (typeof options.filePaths === "string" ? [options.filePaths] : [...options.filePaths]).map(
      (p) => resolve(p),
    );
    if (paths.length === 0) throw new InvalidArgumentError("NpySnippetsExtractor needs at least one file");
    const files = paths.map(readSegmentFile);
    const { snippetLen, numChannels, dtype } = files[0];
    files.forEach((f, i) => {
      if (f.snippetLen !== snippetLen || f.numChannels !== numChannels || f.dtype !== dtype) {
        throw new FileFormatError(
          paths[i],
          `snippets of (${f.snippetLen}, ${f.numChannels}) ${f.dtype} differ from segment 0`,
        );
      }
    });
    const channelIds = options.channelIds ?? Array.from({ length: numChannels }, (_, i) => i);
    if (channelIds.length !== numChannels) {
      throw new InvalidArgumentError(`${channelIds.length} channel ids for ${numChannels} channels`);
    }
    super(options.samplingFrequency, options.nbefore ?? null, snippetLen, channelIds, dtype);
    for (const f of files)
      this.addSnippetsSegment(new NumpySnippetsSegment(f.data, f.frames, snippetLen, numChannels));
    const gains = perChannel(options.gainToUV, numChannels);
    const offsets = perChannel(options.offsetToUV, numChannels);
    if (gains !== null) this.setChannelGains(gains);
    if (offsets !== null) this.setChannelOffsets(offsets);
    this.kwargs = {
      file_paths: paths,
      sampling_frequency: options.samplingFrequency,
      channel_ids: options.channelIds ?? null,
      nbefore: options.nbefore ?? null,
      gain_to_uV: gains,
      offset_to_uV: offsets,
    };
  }
}

function fromKwargs(k: Record<string, unknown>): NpySnippetsOptions {
  return {
    filePaths: k.file_paths as string[],
    samplingFrequency: k.sampling_frequency as number,
    channelIds: (k.channel_ids ?? null) as Id[] | null,
    nbefore: (k.nbefore ?? null) as number | null,
    gainToUV: (k.gain_to_uV ?? null) as number[] | null,
    offsetToUV: (k.offset_to_uV ?? null) as number[] | null,
  };
}

export class NpyFolderSnippets extends NpySnippetsExtractor {
  override readonly className: string = NPY_FOLDER_SNIPPETS_CLASS;
  readonly folderPath: string;

  constructor(folderPath: string) {
    const folder = resolve(folderPath);
    const jsonPath = join(folder, "npy.json");
    if (!existsSync(jsonPath))
      throw new FileFormatError(folder, "not a snippets folder: npy.json is missing");
    const d = readJsonObject(jsonPath);
    if (typeof d.class !== "string" || !d.class.endsWith(".NpySnippetsExtractor")) {
      throw new FileFormatError(jsonPath, `class ${JSON.stringify(d.class)} is not an NpySnippetsExtractor`);
    }
    const k = makePathsAbsolute((d.kwargs ?? {}) as Record<string, unknown>, folder);
    if (!Array.isArray(k.file_paths) || typeof k.sampling_frequency !== "number") {
      throw new FileFormatError(jsonPath, "kwargs need file_paths and sampling_frequency");
    }
    super(fromKwargs(k));
    this.folderPath = folder;
    const annotations = readFolderAnnotations(folder);
    const consumed = readProbeAndProperties(folder, this, annotations);
    this.annotate(Object.fromEntries(Object.entries(annotations).filter(([key]) => !consumed.includes(key))));
    this.kwargs = { folder_path: folder };
  }
}

/** `NpySnippetsExtractor.write_snippets`: one structured .npy per segment. */
export async function writeNpySnippets(
  snippets: BaseSnippets,
  filePaths: readonly string[],
  dtype?: TraceDType | string | null,
): Promise<void> {
  if (filePaths.length !== snippets.getNumSegments()) {
    throw new InvalidArgumentError(
      `${filePaths.length} file paths for ${snippets.getNumSegments()} segments`,
    );
  }
  const out = dtype === undefined || dtype === null ? snippets.getDtype() : parseTraceDType(dtype);
  for (let s = 0; s < filePaths.length; s++) {
    const frames = snippets.getFrames({ segmentIndex: s });
    const got = await snippets.getSnippets({ segmentIndex: s });
    const data = got.dtype === out ? got.data : castNumbers(got.data, out);
    const npy = npyFromColumns({
      frame: BigInt64Array.from(frames, (f) => BigInt(f)),
      snippet: { data, shape: [snippets.snippetLen, snippets.getNumChannels()] },
    });
    writeFileSync(filePaths[s], encodeNpy(npy));
  }
}

/** `snippets.save({ format: "npy", folder })`, written atomically; returns the reloaded folder. */
export async function saveNpyFolderSnippets(
  snippets: BaseSnippets,
  options: SaveOptions = {},
): Promise<NpyFolderSnippets> {
  const { folder, overwrite, specific } = splitSaveOptions(options, { kind: "snippets", format: "npy" });
  await writeFolderAtomic(folder, { overwrite }, async (tmp) => {
    writeProvenanceJson(tmp, folder, snippets);
    const names = Array.from({ length: snippets.getNumSegments() }, (_, s) => `traces_cached_seg${s}.npy`);
    await writeNpySnippets(
      snippets,
      names.map((n) => join(tmp, n)),
      specific.dtype as string | null | undefined,
    );
    const gains = snippets.getChannelGains();
    const offsets = snippets.getChannelOffsets();
    const list = (v: ArrayLike<unknown> | null) => (v === null ? null : Array.from(v));
    const npyJson = {
      class: NPY_SNIPPETS_CLASS,
      module: "spikeinterface",
      version: SI_FORMAT_VERSION,
      kwargs: {
        file_paths: names,
        sampling_frequency: snippets.samplingFrequency,
        channel_ids: [...snippets.channelIds],
        nbefore: snippets.nbefore,
        gain_to_uV: list(gains),
        offset_to_uV: list(offsets),
      },
      annotations: {},
      properties: { group: null, gain_to_uV: list(gains), offset_to_uV: list(offsets) },
      relative_paths: true,
    };
    writeJsonFile(join(tmp, "npy.json"), markDictFloats(npyJson));
    writeProbeAndProperties(tmp, snippets);
    const cached = new NpyFolderSnippets(tmp);
    snippets.copyMetadata(cached);
    writeSiFolderJson(tmp, cached);
  });
  return new NpyFolderSnippets(folder);
}

registerSaver(
  "snippets",
  "npy",
  (extractor, options) => saveNpyFolderSnippets(extractor as BaseSnippets, options),
  { keys: ["dtype"] },
);

registerExtractorClass(NPY_SNIPPETS_CLASS, (k) => new NpySnippetsExtractor(fromKwargs(k)));
registerExtractorClass(NPY_FOLDER_SNIPPETS_CLASS, (k) => {
  if (typeof k.folder_path !== "string") {
    throw new SpikeInterfaceError("invalid_argument", "NpyFolderSnippets needs kwargs.folder_path");
  }
  return new NpyFolderSnippets(k.folder_path);
});
