/**
 * Channel names and gains of one SpikeGLX stream, computed as neo's SpikeGLXRawIO does so that
 * `gain_to_uV` matches Python SpikeInterface:
 *
 * - imec, NP1.0-style imro table (entries `chan bank refid apgain lfgain apfilt`): a gain per
 *   channel from the table (AP or LF column); µV per bit = imAiRangeMax / imMaxInt / gain · 1e6,
 *   with imMaxInt defaulting to 512 (e.g. 0.6 V / 512 / 500 = 2.34375 µV).
 * - imec NP1110 (UHD): the same formula with the AP/LF gain of the imro table header.
 * - imec, other probes (NP2.0 and later, whose gain is not configurable): `imChan0apGain` /
 *   `imChan0lfGain` when the meta has it, else 80; imMaxInt defaulting to 8192
 *   (0.5 V / 8192 / 80 = 0.7629 µV).
 * - the imec sync channel (last, when snsApLfSy ends in 1) keeps a per-channel gain of 1, which
 *   gives imAiRangeMax / imMaxInt · 1e6 — neo's value, kept for equal properties; the sync word is
 *   a bit field, not a voltage.
 * - nidq: MN channels 1/niMNGain, MA channels 1/niMAGain, others 1, times niAiRangeMax / niMaxInt
 *   (32768 by default) volts.
 * - OneBox (obx): obAiRangeMax / obMaxInt volts.
 */
import { FileFormatError } from "../../errors.js";
import type { SpikeGlxFile } from "./files.js";
import { type SpikeGlxMeta, savedChannels } from "./meta.js";

export interface StreamChannels {
  /** Names from ~snsChanMap ("AP0", "SY0", "XA3"...), one per saved channel. */
  names: string[];
  /** Physical unit per bit, per saved channel. */
  gains: Float64Array;
  /** "uV" for imec, "V" for nidq/obx. */
  unit: "uV" | "V";
  /** Whether the last saved channel is the imec/obx sync word. */
  hasSync: boolean;
}

/** The imro table entries as number arrays, or null when the meta has no table. */
export function imroEntries(meta: SpikeGlxMeta): number[][] | null {
  const table = meta.table("imroTbl");
  if (table === null) return null;
  return table.entries.map((e) => {
    const nums = e.trim().split(/\s+/).map(Number);
    if (nums.some((n) => !Number.isFinite(n))) {
      throw new FileFormatError(meta.path, `~imroTbl entry (${e}) is not a list of numbers`);
    }
    return nums;
  });
}

/** NP1.0-style tables carry per-channel AP and LF gains in 6-field entries. */
export function isNp1Imro(entries: readonly number[][] | null): boolean {
  return entries !== null && entries.length > 0 && entries.every((e) => e.length === 6);
}

/** `(1110,colMode,refId,apGain,lfGain,hpFilter)`-style headers carry the gains: [ap, lf] or null. */
function headerGains(meta: SpikeGlxMeta): [number, number] | null {
  const header = meta.table("imroTbl")?.header.split(",").map(Number);
  if (header === undefined || header.length !== 6) return null;
  const [ap, lf] = [header[3], header[4]];
  return ap > 0 && lf > 0 ? [ap, lf] : null;
}

function channelNames(meta: SpikeGlxMeta, numSaved: number): string[] {
  const table = meta.table("snsChanMap");
  if (table === null) {
    // Without a channel map the names are only positions; say so rather than invent probe names.
    return Array.from({ length: numSaved }, (_, i) => `CH${i}`);
  }
  const names = table.entries.map((e) => e.split(";")[0].trim());
  if (names.length !== numSaved) {
    throw new FileFormatError(
      meta.path,
      `~snsChanMap has ${names.length} channels but nSavedChans is ${numSaved}`,
    );
  }
  return names;
}

function imecGains(file: SpikeGlxFile, numSaved: number, hasSync: boolean): Float64Array {
  const { meta } = file;
  const lf = file.name.kind === "lf";
  const range = meta.number("imAiRangeMax");
  const perChannel = new Float64Array(numSaved).fill(1);
  const numNeural = hasSync ? numSaved - 1 : numSaved;
  const imro = imroEntries(meta);
  let maxInt: number;
  if (isNp1Imro(imro)) {
    maxInt = meta.number("imMaxInt", 512);
    // The imro table lists every acquisition channel; the file may hold a saved subset of them.
    const saved = savedChannels(meta, numSaved);
    for (let c = 0; c < numNeural; c++) {
      const entry = imro![saved[c]];
      if (entry === undefined) {
        throw new FileFormatError(meta.path, `~imroTbl has no entry for saved channel ${saved[c]}`);
      }
      const g = entry[lf ? 4 : 3];
      if (!(g > 0)) throw new FileFormatError(meta.path, `~imroTbl gives channel ${saved[c]} a gain of ${g}`);
      perChannel[c] = 1 / g;
    }
  } else if (headerGains(meta) !== null) {
    // NP1110 (UHD, switchable): one AP and one LF gain for all channels, in the table header.
    maxInt = meta.number("imMaxInt", 512);
    const [ap, lfGain] = headerGains(meta)!;
    perChannel.fill(1 / (lf ? lfGain : ap), 0, numNeural);
  } else {
    maxInt = meta.number("imMaxInt", 8192);
    const key = lf ? "imChan0lfGain" : "imChan0apGain";
    const g = meta.number(key, 80);
    if (!(g > 0)) throw new FileFormatError(meta.path, `${key}=${g} is not a positive gain`);
    perChannel.fill(1 / g, 0, numNeural);
  }
  return perChannel.map((g) => (g * range * 1e6) / maxInt);
}

function nidqGains(meta: SpikeGlxMeta, numSaved: number): Float64Array {
  const [mn, ma] = meta.integers("snsMnMaXaDw");
  const perChannel = new Float64Array(numSaved).fill(1);
  if (mn > 0) perChannel.fill(1 / meta.number("niMNGain"), 0, mn);
  if (ma > 0) perChannel.fill(1 / meta.number("niMAGain"), mn, mn + ma);
  const factor = meta.number("niAiRangeMax") / meta.number("niMaxInt", 32768);
  return perChannel.map((g) => g * factor);
}

export function streamChannels(file: SpikeGlxFile): StreamChannels {
  const { meta } = file;
  const numSaved = meta.integer("nSavedChans");
  if (numSaved <= 0) throw new FileFormatError(meta.path, `nSavedChans=${numSaved} is not positive`);
  const names = channelNames(meta, numSaved);
  if (file.deviceKind === "imec") {
    const sy = meta.has("snsApLfSy") ? meta.integers("snsApLfSy")[2] : 0;
    const hasSync = sy === 1;
    return { names, gains: imecGains(file, numSaved, hasSync), unit: "uV", hasSync };
  }
  if (file.deviceKind === "obx") {
    const sy = meta.has("snsXaDwSy") ? meta.integers("snsXaDwSy")[2] : 0;
    const factor = meta.number("obAiRangeMax") / meta.number("obMaxInt");
    return { names, gains: new Float64Array(numSaved).fill(factor), unit: "V", hasSync: sy === 1 };
  }
  return { names, gains: nidqGains(meta, numSaved), unit: "V", hasSync: false };
}
