/** Kilosort / phy output folders. Node-only. */
export { type ClusterColumn, type ClusterTable, readClusterTables } from "./cluster-tables.js";
export {
  KILOSORT_CLASS,
  KilosortSorting,
  PHY_CLASS,
  type ReadKilosortOptions,
  readIntegerNpy,
  readKilosort,
  readPhy,
} from "./kilosort-sorting.js";
export { type PythonParams, type PyValue, parsePythonParams, readPythonParams } from "./params-py.js";
