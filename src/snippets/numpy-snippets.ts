/**
 * NumpySnippets (spec api.md §6): snippets held in memory, one (n, snippetLen, channels) C-order
 * array and one frame array per segment. Frames must ascend (getSnippetsFromFrames bisects them).
 */

import { requireTypedArrayKwargs } from "../base/extractor.js";
import type { Id } from "../base/ids.js";
import { registerExtractorClass } from "../base/registry.js";
import { registerSaver } from "../base/savers.js";
import { dtypeOf, type NumberArray, TRACE_DTYPES, type TraceDType } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import { BaseSnippets, BaseSnippetsSegment } from "./base-snippets.js";

/** One segment's snippets: C order, shape (numSnippets, snippetLen, numChannels). */
export interface SnippetsInput {
  readonly data: NumberArray;
  readonly shape: readonly [number, number, number];
}

export interface NumpySnippetsOptions {
  snippetsList: SnippetsInput | readonly SnippetsInput[];
  /** Frame of each snippet, ascending; one array per segment. */
  spikesFramesList: ArrayLike<number> | readonly ArrayLike<number>[];
  samplingFrequency: number;
  nbefore?: number | null;
  /** Default: integers 0..numChannels-1. */
  channelIds?: readonly Id[] | null;
}

export class NumpySnippetsSegment extends BaseSnippetsSegment {
  constructor(
    readonly data: NumberArray,
    private readonly frames: Float64Array,
    private readonly snippetLen: number,
    private readonly numChannels: number,
  ) {
    super();
  }

  getNumSnippets(): number {
    return this.frames.length;
  }

  getFrames(): Float64Array {
    return this.frames;
  }

  async getSnippets(indices: Int32Array | null, channelIndices: Int32Array | null): Promise<NumberArray> {
    const rowLen = this.snippetLen * this.numChannels;
    if (indices === null && channelIndices === null) return this.data;
    if (channelIndices === null && indices !== null && isRun(indices)) {
      const a = indices.length === 0 ? 0 : indices[0];
      return this.data.subarray(a * rowLen, (a + indices.length) * rowLen);
    }
    const n = indices?.length ?? this.frames.length;
    const k = channelIndices?.length ?? this.numChannels;
    const out = new (this.data.constructor as new (len: number) => NumberArray)(n * this.snippetLen * k);
    for (let s = 0; s < n; s++) {
      const src = (indices === null ? s : indices[s]) * rowLen;
      const dst = s * this.snippetLen * k;
      for (let t = 0; t < this.snippetLen; t++) {
        const from = src + t * this.numChannels;
        const to = dst + t * k;
        if (channelIndices === null) out.set(this.data.subarray(from, from + k), to);
        else for (let j = 0; j < k; j++) out[to + j] = this.data[from + channelIndices[j]];
      }
    }
    return out;
  }
}

function isRun(indices: Int32Array): boolean {
  for (let i = 1; i < indices.length; i++) if (indices[i] !== indices[i - 1] + 1) return false;
  return true;
}

export class NumpySnippets extends BaseSnippets {
  readonly className: string = "spikeinterface.core.numpyextractors.NumpySnippets";

  constructor(options: NumpySnippetsOptions) {
    // One segment given bare (an object and a frame array) or one list entry per segment for both.
    const isList = Array.isArray(options.snippetsList);
    const list = (isList ? options.snippetsList : [options.snippetsList]) as SnippetsInput[];
    const framesList = (
      isList ? options.spikesFramesList : [options.spikesFramesList]
    ) as ArrayLike<number>[];
    if (list.length === 0) throw new InvalidArgumentError("NumpySnippets needs at least one segment");
    if (framesList.length !== list.length) {
      throw new InvalidArgumentError(`${list.length} snippet arrays but ${framesList.length} frame arrays`);
    }
    const [, snippetLen, numChannels] = list[0].shape;
    const dtype = dtypeOf(list[0].data) as TraceDType;
    if (!TRACE_DTYPES.includes(dtype))
      throw new InvalidArgumentError(`snippets of dtype ${dtype} are not supported`);
    const frames = list.map((s, i) => checkSegment(s, framesList[i], i, snippetLen, numChannels, dtype));
    const channelIds = options.channelIds ?? Array.from({ length: numChannels }, (_, i) => i);
    if (channelIds.length !== numChannels) {
      throw new InvalidArgumentError(`${channelIds.length} channel ids for ${numChannels} channels`);
    }
    const nbefore = options.nbefore ?? null;
    super(options.samplingFrequency, nbefore, snippetLen, channelIds, dtype);
    list.forEach((s, i) => {
      this.addSnippetsSegment(new NumpySnippetsSegment(s.data, frames[i], snippetLen, numChannels));
    });
    this.notJsonReason = "its snippets live in memory; save() it to a folder to get a JSON description";
    this.kwargs = {
      snippets_list: list,
      spikesframes_list: frames,
      nbefore,
      sampling_frequency: options.samplingFrequency,
      channel_ids: channelIds,
    };
  }
}

function checkSegment(
  s: SnippetsInput,
  frames: ArrayLike<number>,
  i: number,
  snippetLen: number,
  numChannels: number,
  dtype: TraceDType,
): Float64Array {
  if (frames === null || typeof frames !== "object" || typeof frames.length !== "number") {
    throw new InvalidArgumentError(`segment ${i}: frames must be an array, got ${String(frames)}`);
  }
  const [n, len, c] = s.shape;
  if (len !== snippetLen || c !== numChannels) {
    throw new InvalidArgumentError(
      `segment ${i} has snippets of shape [${len}, ${c}], segment 0 has [${snippetLen}, ${numChannels}]`,
    );
  }
  if (dtypeOf(s.data) !== dtype) {
    throw new InvalidArgumentError(`segment ${i} has dtype ${dtypeOf(s.data)}, segment 0 has ${dtype}`);
  }
  if (s.data.length !== n * len * c) {
    throw new InvalidArgumentError(
      `segment ${i}: ${s.data.length} values do not fill shape [${n}, ${len}, ${c}]`,
    );
  }
  if (frames.length !== n) {
    throw new InvalidArgumentError(`segment ${i}: ${frames.length} frames for ${n} snippets`);
  }
  const out = Float64Array.from(frames);
  for (let k = 0; k < out.length; k++) {
    if (!Number.isInteger(out[k]))
      throw new InvalidArgumentError(`segment ${i}: frame ${out[k]} is not an integer`);
    if (k > 0 && out[k] < out[k - 1]) {
      throw new InvalidArgumentError(
        `segment ${i}: frames must ascend, but frame ${out[k]} (snippet ${k}) follows ${out[k - 1]}`,
      );
    }
  }
  return out;
}

registerExtractorClass("spikeinterface.core.numpyextractors.NumpySnippets", (k) => {
  const list = (Array.isArray(k.snippets_list) ? k.snippets_list : [k.snippets_list]) as SnippetsInput[];
  requireTypedArrayKwargs(
    "spikeinterface.core.numpyextractors.NumpySnippets",
    "snippets_list",
    list.map((s) => s?.data),
  );
  return new NumpySnippets({
    snippetsList: list,
    spikesFramesList: k.spikesframes_list as ArrayLike<number>[],
    samplingFrequency: k.sampling_frequency as number,
    nbefore: (k.nbefore as number | null | undefined) ?? null,
    channelIds: (k.channel_ids as Id[] | null | undefined) ?? null,
  });
});

registerSaver("snippets", "memory", async (extractor, options) => {
  const source = extractor as BaseSnippets;
  const snippetsList: SnippetsInput[] = [];
  const spikesFramesList: Float64Array[] = [];
  for (let s = 0; s < source.getNumSegments(); s++) {
    const { data, shape } = await source.getSnippets({
      segmentIndex: s,
      signal: options.signal as AbortSignal,
    });
    // getSnippets may return a view of the source's data: the saved copy must own its memory.
    snippetsList.push({ data: data.slice(), shape });
    spikesFramesList.push(source.getFrames({ segmentIndex: s }).slice());
  }
  const out = new NumpySnippets({
    snippetsList,
    spikesFramesList,
    samplingFrequency: source.samplingFrequency,
    nbefore: source.nbefore,
    channelIds: source.channelIds,
  });
  source.copyMetadata(out);
  return out;
});
