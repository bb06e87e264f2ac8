/**
 * How well the demo's analysis recovers the ground truth: per unit, the cosine similarity between
 * the analyzer's average template and the template that was injected, over the samples both
 * windows cover (aligned on the spike). Scale-free, so the generator's amplitude factors and the
 * µV scaling do not matter; 1 is a perfect match, noise lowers it a little for small units.
 */
import type { SortingAnalyzer } from "../analyzer/sorting-analyzer.js";
import type { InjectTemplatesRecording } from "../generate/recordings/inject-templates-recording.js";

export function groundTruthTemplateSimilarity(
  analyzer: SortingAnalyzer,
  truth: InjectTemplatesRecording,
): Float64Array | null {
  const found = analyzer.getDenseTemplatesArray();
  if (found === null || truth.templates.shape.length !== 3) return null;
  const [numUnits, width, numChannels] = found.shape;
  const [, truthWidth, truthChannels] = truth.templates.shape;
  if (numChannels !== truthChannels || numUnits !== truth.templates.shape[0]) return null;
  const out = new Float64Array(numUnits);
  for (let u = 0; u < numUnits; u++) {
    // sample k of the analyzer window is sample k - found.nbefore + truth.nbefore[u] of the template
    const shift = truth.nbefore[u] - found.nbefore;
    const k0 = Math.max(0, -shift);
    const k1 = Math.min(width, truthWidth - shift);
    let dot = 0;
    let a2 = 0;
    let b2 = 0;
    for (let k = k0; k < k1; k++) {
      const fa = (u * width + k) * numChannels;
      const fb = (u * truthWidth + k + shift) * numChannels;
      for (let c = 0; c < numChannels; c++) {
        const a = found.data[fa + c];
        const b = truth.templates.data[fb + c];
        dot += a * b;
        a2 += a * a;
        b2 += b * b;
      }
    }
    out[u] = a2 > 0 && b2 > 0 ? dot / Math.sqrt(a2 * b2) : Number.NaN;
  }
  return out;
}
