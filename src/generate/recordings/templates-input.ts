/**
 * The `templates` argument of InjectTemplatesRecording: a C-order typed array with its shape
 * (units, samples, channels[, upsample]), or nested number lists as SpikeInterface writes them in
 * provenance (`templates.tolist()`). Both resolve to one flat array with its shape.
 */
import { InvalidArgumentError } from "../../errors.js";

/** A C-order array of templates with its shape, 3-D or 4-D. */
export interface TemplatesArray {
  readonly data: Float32Array | Float64Array;
  readonly shape: readonly number[];
}

/** Nested lists (units → samples → channels[ → upsample]). */
export type NestedTemplates =
  | readonly (readonly (readonly number[])[])[]
  | readonly (readonly (readonly (readonly number[])[])[])[];

export type TemplatesInput = TemplatesArray | NestedTemplates;

function isTemplatesArray(t: unknown): t is TemplatesArray {
  return t !== null && typeof t === "object" && !Array.isArray(t) && "data" in t && "shape" in t;
}

/** Shape of a regular nested list (every sub-list of a level has the same length). */
function nestedShape(value: unknown): number[] {
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

/** Checked flat templates; nested lists become a Float64Array (JSON numbers are doubles). */
export function resolveTemplates(input: TemplatesInput): TemplatesArray {
  if (isTemplatesArray(input)) {
    const { data, shape } = input;
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new InvalidArgumentError("templates.data must be a Float32Array or Float64Array");
    }
    checkShape(shape, data.length);
    return { data, shape: [...shape] };
  }
  if (!Array.isArray(input)) {
    throw new InvalidArgumentError("templates must be {data, shape} or nested number lists");
  }
  const shape = nestedShape(input);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  let pos = 0;
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== "number") throw new InvalidArgumentError(`templates hold a non-number: ${String(v)}`);
      data[pos++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new InvalidArgumentError(`templates nested lists are ragged at depth ${depth}`);
    }
    for (const x of v) walk(x, depth + 1);
  };
  walk(input, 0);
  checkShape(shape, size);
  return { data, shape };
}

function checkShape(shape: readonly number[], length: number): void {
  if (shape.length !== 3 && shape.length !== 4) {
    throw new InvalidArgumentError(
      `templates must be 3-D (units, samples, channels) or 4-D (…, upsample), got shape [${shape.join(", ")}]`,
    );
  }
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0) || shape.reduce((a, b) => a * b, 1) !== length) {
    throw new InvalidArgumentError(
      `templates have ${length} values, which does not fill shape [${shape.join(", ")}]`,
    );
  }
  if (shape[1] < 1 || shape[2] < 1) {
    throw new InvalidArgumentError(
      `templates need at least one sample and one channel, got [${shape.join(", ")}]`,
    );
  }
}

/**
 * Per-unit template sample aligned with the spike, when not given: the sample where the largest
 * absolute value over channels (and upsample slots) peaks — SpikeInterface's default.
 */
export function peakSamples(t: TemplatesArray): Int32Array {
  const [numUnits, width, numChannels] = t.shape;
  const rowLen = numChannels * (t.shape[3] ?? 1);
  const out = new Int32Array(numUnits);
  for (let u = 0; u < numUnits; u++) {
    let best = -1;
    for (let s = 0; s < width; s++) {
      const base = (u * width + s) * rowLen;
      for (let j = 0; j < rowLen; j++) {
        const v = Math.abs(t.data[base + j]);
        if (v > best) {
          best = v;
          out[u] = s;
        }
      }
    }
  }
  return out;
}

/** True when a template's first or last sample exceeds 1% of the templates' peak (too short a window). */
export function templatesCutAtBorders(t: TemplatesArray): boolean {
  const [numUnits, width, numChannels] = t.shape;
  const rowLen = numChannels * (t.shape[3] ?? 1);
  let max = 0;
  for (let i = 0; i < t.data.length; i++) max = Math.max(max, Math.abs(t.data[i]));
  const threshold = 0.01 * max;
  for (let u = 0; u < numUnits; u++) {
    for (const s of [0, width - 1]) {
      const base = (u * width + s) * rowLen;
      for (let j = 0; j < rowLen; j++) if (Math.abs(t.data[base + j]) > threshold) return true;
    }
  }
  return false;
}
