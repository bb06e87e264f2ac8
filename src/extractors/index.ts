/** File-format readers (Node-only): SpikeGLX recordings, Kilosort/phy sortings. */
export * from "./kilosort/index.js";
export * from "./spikeglx/index.js";
