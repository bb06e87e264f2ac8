/**
 * Warnings of the analyzer (SpikeInterface's `warnings.warn`): in Node they go through
 * `process.emitWarning` (listen with `process.on("warning")`), elsewhere to `console.warn`.
 * They flag a changed input (spikes removed, µV disabled, recordingless load), never an error.
 */
export const WARNING_NAME = "SpikeInterfaceWarning";

type EmitWarning = (message: string, name: string) => void;

export function warnAnalyzer(message: string): void {
  const proc = (globalThis as { process?: { emitWarning?: EmitWarning } }).process;
  if (proc?.emitWarning !== undefined) proc.emitWarning(message, WARNING_NAME);
  else console.warn(`${WARNING_NAME}: ${message}`);
}
