/** The analyzer's warnings are SpikeInterface warnings (see src/warnings.ts). */
export { WARNING_NAME, warnSpikeInterface as warnAnalyzer } from "../warnings.js";
