/**
 * Finding SpikeGLX files: every `.meta` with a `.bin` next to it, in the folder and up to two
 * levels of sub-folders (SpikeGLX writes each probe in its own `<run>_g0_imec0/`). The file name
 * gives the run, gate, trigger and device, as in `myrun_g0_t1.imec0.ap.bin`; like neo, the
 * name is taken from the meta's `fileName` (the name SpikeGLX gave it) when present, so renamed
 * files keep their stream. Gates and triggers become segments, ordered by (gate, trigger).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { FileFormatError, SpikeInterfaceError } from "../../errors.js";
import { readMetaFile, type SpikeGlxMeta } from "./meta.js";

export type StreamKind = "ap" | "lf" | null;

export interface SpikeGlxNameParts {
  run: string;
  /** null when the name has no `_g<n>_t<m>` part. */
  gate: number | null;
  /** A number, "cat" for CatGT output (`_tcat`), or null. */
  trigger: number | "cat" | null;
  /** "imec0", "nidq", "obx0"... */
  device: string;
  kind: StreamKind;
}

export interface SpikeGlxFile {
  meta: SpikeGlxMeta;
  metaPath: string;
  binPath: string;
  name: SpikeGlxNameParts;
  /** "imec0.ap", "imec0.lf", "nidq", "obx0". */
  streamName: string;
  /** "imec", "nidq" or "obx". */
  deviceKind: string;
}

/** Split `run_g0_t0.imec0.ap` (no extension) into its parts. */
export function parseSpikeglxName(stem: string): SpikeGlxNameParts {
  const parts = stem.split(".");
  if (parts.length < 2) {
    throw new SpikeInterfaceError(
      "file_format",
      `cannot parse the SpikeGLX file name ${JSON.stringify(stem)}`,
    );
  }
  let kind: StreamKind = null;
  let deviceAt = parts.length - 1;
  const last = parts[parts.length - 1];
  if ((last === "ap" || last === "lf" || last === "obx") && parts.length >= 3) {
    kind = last === "obx" ? null : last;
    deviceAt = parts.length - 2;
  }
  const device = parts[deviceAt];
  const base = parts.slice(0, deviceAt).join(".");
  const m = /^(.*)_g(\d+)_t(\d+|cat)$/.exec(base);
  if (m === null) return { run: base, gate: null, trigger: null, device, kind };
  return {
    run: m[1],
    gate: Number(m[2]),
    trigger: m[3] === "cat" ? "cat" : Number(m[3]),
    device,
    kind,
  };
}

/** The stem of the name SpikeGLX wrote (meta `fileName`, Windows or POSIX path), else the disk name. */
function originalStem(meta: SpikeGlxMeta, metaPath: string): string {
  const original = meta.get("fileName");
  const name = (original ?? metaPath).split(/[\\/]/).pop() ?? "";
  return name.replace(/\.(bin|meta)$/, "");
}

function describe(metaPath: string, binPath: string): SpikeGlxFile {
  const meta = readMetaFile(metaPath);
  const name = parseSpikeglxName(originalStem(meta, metaPath));
  const deviceKind = meta.get("typeThis") ?? name.device.replace(/\d+$/, "");
  const index = deviceKind === "imec" || deviceKind === "obx" ? (/(\d+)$/.exec(name.device)?.[1] ?? "") : "";
  const kind = deviceKind === "imec" ? name.kind : null;
  const streamName = `${deviceKind}${index}${kind === null ? "" : `.${kind}`}`;
  return { meta, metaPath, binPath, name: { ...name, kind }, streamName, deviceKind };
}

/**
 * SpikeGLX puts each probe one folder down (`run_g0/run_g0_imec0/`) and CatGT adds one more level;
 * deeper folders are not searched, so pointing at a large tree by mistake stays cheap.
 */
const MAX_DEPTH = 2;

function walk(folder: string, out: string[], depth = 0): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const p = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (depth < MAX_DEPTH) walk(p, out, depth + 1);
    } else if (entry.name.endsWith(".meta")) out.push(p);
  }
}

/** Every .meta/.bin pair under `folder`. A folder with none is an error naming the folder. */
export function scanSpikeglxFolder(folder: string): SpikeGlxFile[] {
  const root = resolve(folder);
  if (!existsSync(root)) {
    throw new SpikeInterfaceError("file_not_found", `${root} does not exist`, { path: root });
  }
  if (!statSync(root).isDirectory()) throw new FileFormatError(root, "a SpikeGLX folder must be a folder");
  const metas: string[] = [];
  walk(root, metas);
  const files = metas
    .sort()
    .map((m) => ({ m, bin: m.replace(/\.meta$/, ".bin") }))
    .filter(({ bin }) => existsSync(bin))
    .map(({ m, bin }) => describe(m, bin));
  if (files.length === 0) {
    const hint = metas.length > 0 ? ` (${metas.length} .meta file(s) without their .bin)` : "";
    throw new FileFormatError(root, `not a SpikeGLX folder: no .meta/.bin pair found${hint}`);
  }
  return files;
}

/** True when `folder` holds at least one .meta/.bin pair (a cheap check for `info`). */
export function looksLikeSpikeglxFolder(folder: string): boolean {
  try {
    const metas: string[] = [];
    walk(resolve(folder), metas);
    return metas.some((m) => existsSync(m.replace(/\.meta$/, ".bin")));
  } catch {
    return false;
  }
}

/** Segment order key: gate then trigger, names without numbers (or `tcat`) first, as neo does. */
export function segmentKey(file: SpikeGlxFile): [number, number] {
  const g = file.name.gate ?? -1;
  const t = typeof file.name.trigger === "number" ? file.name.trigger : -1;
  return [g, t];
}
