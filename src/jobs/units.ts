/**
 * Parsing of the human-friendly sizes and durations used by job kwargs ("100M", "1Gi", "500ms",
 * "1s"). Browser-safe. The rules and the truncation order follow SpikeInterface so that the same
 * kwargs give the same chunk size on both sides (examples.md §8).
 */
import { formatValue, InvalidArgumentError } from "../errors.js";

/** Decimal (k, M, G, T, P) and binary (Ki, Mi, Gi, Ti, Pi) multipliers. Case-sensitive, like SpikeInterface. */
const BYTE_FACTORS: Readonly<Record<string, number>> = {
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
};

// A plain decimal number as Python's float() reads it (no "inf"/"nan": meaningless here).
const NUMBER_RE = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

function parseNumber(text: string, whole: string, what: string): number {
  if (!NUMBER_RE.test(text)) {
    throw new InvalidArgumentError(`${what} ${formatValue(whole)}: ${formatValue(text)} is not a number`, {
      value: whole,
    });
  }
  return Number(text);
}

/**
 * "1.5M" → 1500000, "10Mi" → 10485760. The suffix is the last two characters when they are a binary
 * unit, else the last character; a bare number or an unknown suffix ("100", "1K", "1MiB") is an error
 * because a byte count without a unit is more often a mistake than a tiny budget.
 */
export function convertStringToBytes(memory: string): number {
  if (typeof memory !== "string") {
    throw new InvalidArgumentError(
      `memory size must be a string such as "100M", got ${formatValue(memory)}`,
      {
        value: memory,
      },
    );
  }
  const suffix = memory.slice(-2) in BYTE_FACTORS ? memory.slice(-2) : memory.slice(-1);
  const factor = BYTE_FACTORS[suffix];
  if (factor === undefined) {
    throw new InvalidArgumentError(
      `memory size ${formatValue(memory)} has no known unit suffix (k, M, G, T, P, Ki, Mi, Gi, Ti, Pi)`,
      { value: memory },
    );
  }
  const value = parseNumber(memory.slice(0, -suffix.length), memory, "memory size");
  if (value < 0) {
    throw new InvalidArgumentError(`memory size ${formatValue(memory)} is negative`, { value: memory });
  }
  return Math.trunc(value * factor);
}

/**
 * Chunk duration → number of samples, truncated. A number is seconds; a string ends in "ms" or "s"
 * ("500ms", "0.5s"). SpikeInterface rejects a Python int (`1`) and accepts a float (`1.0`); JS cannot
 * tell them apart, so every finite positive number is taken as seconds here.
 */
export function chunkDurationToChunkSize(chunkDuration: string | number, samplingFrequency: number): number {
  if (!Number.isFinite(samplingFrequency) || samplingFrequency <= 0) {
    throw new InvalidArgumentError(`samplingFrequency ${samplingFrequency} must be a positive number`, {
      value: samplingFrequency,
    });
  }
  const size = Math.trunc(untruncatedSamples(chunkDuration, samplingFrequency));
  if (size < 1) {
    throw new InvalidArgumentError(
      `chunkDuration ${formatValue(chunkDuration)} gives ${size} samples per chunk at ${samplingFrequency} Hz; it must give at least 1`,
      { value: chunkDuration, samplingFrequency },
    );
  }
  return size;
}

/** Checks the syntax of a duration when no sampling frequency is known yet (fixing job kwargs). */
export function checkChunkDuration(chunkDuration: string | number): void {
  untruncatedSamples(chunkDuration, 1);
}

function untruncatedSamples(chunkDuration: string | number, samplingFrequency: number): number {
  let seconds: number;
  let samples: number;
  if (typeof chunkDuration === "number") {
    seconds = chunkDuration;
    samples = chunkDuration * samplingFrequency;
  } else if (typeof chunkDuration === "string" && chunkDuration.endsWith("ms")) {
    seconds = parseNumber(chunkDuration.slice(0, -2), chunkDuration, "chunkDuration") / 1000;
    // Same operation order as SpikeInterface (value / 1000 * fs) so truncation gives equal results.
    samples = seconds * samplingFrequency;
  } else if (typeof chunkDuration === "string" && chunkDuration.endsWith("s")) {
    seconds = parseNumber(chunkDuration.slice(0, -1), chunkDuration, "chunkDuration");
    samples = seconds * samplingFrequency;
  } else if (typeof chunkDuration === "string") {
    throw new InvalidArgumentError(
      `chunkDuration ${formatValue(chunkDuration)} must end with "s" or "ms" (e.g. "1s", "500ms")`,
      { value: chunkDuration },
    );
  } else {
    throw new InvalidArgumentError(
      `chunkDuration must be a string such as "1s" or a number of seconds, got ${formatValue(chunkDuration)}`,
      { value: chunkDuration },
    );
  }
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError(
      `chunkDuration ${formatValue(chunkDuration)} must be a positive duration`,
      {
        value: chunkDuration,
      },
    );
  }
  return samples;
}
