/** Node-only: importing this file makes `nJobs: -1` mean the CPUs this process may really use. */
import { availableParallelism } from "node:os";
import { setCpuCountProvider } from "./cpu-count.js";

setCpuCountProvider(availableParallelism);
