/**
 * SpikeInterface's `warnings.warn`: a changed input (spikes removed, µV disabled, a job run in one
 * thread, a recordingless load), never an error. In Node they go through `process.emitWarning`
 * (listen with `process.on("warning")`, name "SpikeInterfaceWarning"), elsewhere to `console.warn`.
 */
export const WARNING_NAME = "SpikeInterfaceWarning";

type EmitWarning = (message: string, name: string) => void;

export function warnSpikeInterface(message: string): void {
  const proc = (globalThis as { process?: { emitWarning?: EmitWarning } }).process;
  if (proc?.emitWarning !== undefined) proc.emitWarning(message, WARNING_NAME);
  else console.warn(`${WARNING_NAME}: ${message}`);
}
