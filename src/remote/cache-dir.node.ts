/**
 * Where downloaded datasets live. Python SpikeInterface keeps them in ~/spikeinterface_datasets
 * (as datalad clones, which we cannot share); we use the platform's cache folder, so the OS and
 * cleaning tools know the files can be re-downloaded:
 *   $SPIKEINTERFACE_DATASETS, else
 *   Linux  $XDG_CACHE_HOME (or ~/.cache)/spikeinterface/datasets
 *   macOS  ~/Library/Caches/spikeinterface/datasets
 *   Windows %LOCALAPPDATA%\spikeinterface\datasets
 * and each repository gets a sub-folder named like it ("ephy_testing_data").
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export const DATASETS_ENV_VAR = "SPIKEINTERFACE_DATASETS";

export function userCacheDir(): string {
  const env = process.env;
  if (process.platform === "win32") return env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local");
  if (process.platform === "darwin") return join(homedir(), "Library", "Caches");
  return env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ""
    ? env.XDG_CACHE_HOME
    : join(homedir(), ".cache");
}

/** The folder holding one sub-folder per repository. */
export function globalDatasetFolder(): string {
  const override = process.env[DATASETS_ENV_VAR];
  if (override !== undefined && override !== "") return resolve(override);
  return join(userCacheDir(), "spikeinterface", "datasets");
}
