/**
 * Node-only probe I/O: reading and writing probeinterface JSON files, and the local probe library
 * (`get_probe`). The library is never downloaded: probes are looked up in local folders only.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { FileFormatError, InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic.js";
import { parseProbeinterfaceJson, probeGroupToJson } from "./json.js";
import { setProbeOwner } from "./owner.js";
import type { Probe } from "./probe.js";
import type { ProbeGroup } from "./probegroup.js";

/** Environment variable naming extra library folders (separated like PATH). */
export const PROBE_LIBRARY_ENV = "SPIKEINTERFACE_PROBE_LIBRARY";

const LIBRARY_URL = "https://raw.githubusercontent.com/SpikeInterface/probeinterface_library/main";

export function readProbeinterface(path: string): ProbeGroup {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new SpikeInterfaceError("file_not_found", `${path}: no such probeinterface file`, { path });
    }
    throw new FileFormatError(path, `cannot be read (${(err as Error).message})`, { cause: err });
  }
  return parseProbeinterfaceJson(text, { path });
}

/** Write atomically (temporary file + rename); an existing file is replaced only with `overwrite`. */
export function writeProbeinterface(
  path: string,
  probeOrGroup: Probe | ProbeGroup,
  options: { overwrite?: boolean } = {},
): void {
  writeFileAtomic(path, probeGroupToJson(probeOrGroup), { overwrite: options.overwrite ?? false });
}

/** The per-user cache folder where library probes are looked up by default. */
export function defaultProbeLibraryFolder(): string {
  const home = homedir();
  let cache: string;
  if (process.platform === "win32") {
    cache = process.env.LOCALAPPDATA ?? join(home, "AppData", "Local");
  } else if (process.platform === "darwin") {
    cache = join(home, "Library", "Caches");
  } else {
    cache = process.env.XDG_CACHE_HOME || join(home, ".cache");
  }
  return join(cache, "spikeinterface-ts", "probe-library");
}

/** Python probeinterface's own cache, reused read-only when present. */
function probeinterfaceCacheFolder(): string {
  return join(homedir(), ".config", "probeinterface", "library", "main");
}

/**
 * Folders searched, in order: `libraryFolder` when given (only those), else the folders of
 * $SPIKEINTERFACE_PROBE_LIBRARY, the default cache folder and probeinterface's cache.
 */
export function probeLibraryFolders(libraryFolder?: string | readonly string[]): string[] {
  if (libraryFolder !== undefined) {
    return (typeof libraryFolder === "string" ? [libraryFolder] : [...libraryFolder]).map((f) => resolve(f));
  }
  const fromEnv = (process.env[PROBE_LIBRARY_ENV] ?? "").split(delimiter).filter((f) => f !== "");
  return [...fromEnv.map((f) => resolve(f)), defaultProbeLibraryFolder(), probeinterfaceCacheFolder()];
}

export interface GetProbeOptions {
  manufacturer: string;
  probeName: string;
  /** Folder(s) holding `<manufacturer>/<probe_name>/<probe_name>.json`; see `probeLibraryFolders`. */
  libraryFolder?: string | readonly string[];
  /** Overrides the probe's name annotation. */
  name?: string;
}

function checkPathPart(value: string, what: string): void {
  if (typeof value !== "string" || value === "" || /[/\\]|^\.\.?$/.test(value)) {
    throw new InvalidArgumentError(
      `${what} ${JSON.stringify(value)} must be a plain name (no path separators)`,
    );
  }
}

/** A probe of the probeinterface library, read from a local library folder (never downloaded). */
export function getProbe(options: GetProbeOptions): Probe {
  const { manufacturer, probeName } = options;
  checkPathPart(manufacturer, "manufacturer");
  checkPathPart(probeName, "probeName");
  const folders = probeLibraryFolders(options.libraryFolder);
  const candidates = folders.flatMap((f) => [
    join(f, manufacturer, probeName, `${probeName}.json`), // library repository layout
    join(f, manufacturer, `${probeName}.json`), // probeinterface cache layout
  ]);
  const file = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (file === undefined) {
    throw new SpikeInterfaceError(
      "file_not_found",
      `probe ${JSON.stringify(probeName)} of manufacturer ${JSON.stringify(manufacturer)} is not in the local ` +
        `probe library; searched: ${candidates.join(", ")}. Download ${LIBRARY_URL}/${manufacturer}/${probeName}/${probeName}.json ` +
        `and save it as ${join(folders[0] ?? defaultProbeLibraryFolder(), manufacturer, probeName, `${probeName}.json`)} ` +
        `(or pass libraryFolder / set ${PROBE_LIBRARY_ENV})`,
      { manufacturer, probeName, searched: candidates },
    );
  }
  const group = readProbeinterface(file);
  const probe = group.probes[0];
  if (probe === undefined) throw new FileFormatError(file, "holds no probe");
  setProbeOwner(probe, null); // the file's group is discarded: the probe may join another group
  if (probe.manufacturer === "") probe.manufacturer = manufacturer;
  if (options.name !== undefined) probe.name = options.name;
  return probe;
}
