/**
 * `Shank`: a view on the contacts of one shank of a probe (probeinterface's Shank). A probe
 * without shank ids has one shank (id null) holding every contact.
 */
import { selectValues } from "./contact-values.js";
import type { Probe } from "./probe.js";
import type { ContactShape, ShapeParams } from "./types.js";

export class Shank {
  constructor(
    readonly probe: Probe,
    readonly shankId: string | null,
  ) {}

  /** Indices (into the probe's contacts) of this shank's contacts, in probe order. */
  getIndices(): Int32Array {
    const ids = this.probe.shankIds;
    const n = this.probe.getContactCount();
    if (ids === null || this.shankId === null) return Int32Array.from({ length: n }, (_, i) => i);
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (ids[i] === this.shankId) out.push(i);
    return Int32Array.from(out);
  }

  getContactCount(): number {
    return this.getIndices().length;
  }

  /** Flat n × ndim positions of this shank's contacts. */
  get contactPositions(): Float64Array {
    return selectRows(this.probe.contactPositions, this.probe.ndim, this.getIndices());
  }

  /** Flat n × 2 × ndim plane axes. */
  get contactPlaneAxes(): Float64Array {
    return selectRows(this.probe.contactPlaneAxes, 2 * this.probe.ndim, this.getIndices());
  }

  get contactShapes(): ContactShape[] {
    return selectValues([...this.probe.contactShapes], this.getIndices());
  }

  get contactShapeParams(): ShapeParams[] {
    return selectValues([...this.probe.contactShapeParams], this.getIndices());
  }

  get deviceChannelIndices(): Int32Array | null {
    const wiring = this.probe.deviceChannelIndices;
    return wiring === null ? null : selectValues(wiring, this.getIndices());
  }
}

function selectRows(data: Float64Array, width: number, indices: Int32Array): Float64Array {
  const out = new Float64Array(indices.length * width);
  indices.forEach((row, k) => {
    out.set(data.subarray(row * width, (row + 1) * width), k * width);
  });
  return out;
}
