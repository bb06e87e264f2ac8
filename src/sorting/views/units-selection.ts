/**
 * UnitsSelectionSorting (spec api.md §4.7): a subset/reordering of a parent's units, optionally
 * renamed. Its spike vector is the parent's with unit indices remapped; when the selection reorders
 * units, equal-sample ties are re-sorted by the new unit index, as SpikeInterface does.
 */

import { assertUniqueIds, type Id } from "../../base/ids.js";
import { registerExtractorClass } from "../../base/registry.js";
import { InvalidArgumentError } from "../../errors.js";
import { BaseSorting, sortingViews } from "../base-sorting.js";
import { type SpikeVector, sortSpikeVector } from "../spike-vector.js";

export class UnitsSelectionSorting extends BaseSorting {
  readonly className = "spikeinterface.core.unitsselectionsorting.UnitsSelectionSorting";
  private readonly parentIndices: Int32Array;

  constructor(
    readonly parentSorting: BaseSorting,
    unitIds: readonly Id[] | null = null,
    renamedUnitIds: readonly Id[] | null = null,
  ) {
    const ids = unitIds ?? parentSorting.unitIds;
    const newIds = renamedUnitIds ?? ids;
    if (newIds.length !== ids.length) {
      throw new InvalidArgumentError(`${newIds.length} renamed unit ids for ${ids.length} units`);
    }
    assertUniqueIds(ids, "unit id");
    assertUniqueIds(newIds, "renamed unit id");
    const parentIndices = parentSorting.idsToIndices(ids);
    super(parentSorting.samplingFrequency, newIds, parentSorting.getNumSegments());
    this.parentIndices = parentIndices;
    for (let s = 0; s < parentSorting.getNumSegments(); s++) {
      this.segmentTStarts[s] = parentSorting.getStartTime({ segmentIndex: s }) || null;
    }
    parentSorting.copyMetadata(this, { ids });
    const rec = parentSorting.getRecording();
    if (rec !== null) this.registerRecording(rec, { checkSpikeFrames: false });
    this.kwargs = { parent_sorting: parentSorting, unit_ids: unitIds, renamed_unit_ids: renamedUnitIds };
  }

  protected computeSpikeVector(): SpikeVector {
    const parent = this.parentSorting.toSpikeVector();
    const remap = new Int32Array(this.parentSorting.getNumUnits()).fill(-1);
    this.parentIndices.forEach((p, i) => {
      remap[p] = i;
    });
    let n = 0;
    for (let i = 0; i < parent.unitIndex.length; i++) if (remap[parent.unitIndex[i]] >= 0) n++;
    const v = {
      sampleIndex: new Float64Array(n),
      unitIndex: new Int32Array(n),
      segmentIndex: new Int32Array(n),
    };
    for (let i = 0, k = 0; i < parent.unitIndex.length; i++) {
      const u = remap[parent.unitIndex[i]];
      if (u < 0) continue;
      v.sampleIndex[k] = parent.sampleIndex[i];
      v.unitIndex[k] = u;
      v.segmentIndex[k] = parent.segmentIndex[i];
      k++;
    }
    const reordered = this.parentIndices.some((p, i) => i > 0 && p < this.parentIndices[i - 1]);
    return reordered ? sortSpikeVector(v, "unit") : v;
  }
}

sortingViews.selectUnits = (parent, unitIds, renamed) => new UnitsSelectionSorting(parent, unitIds, renamed);

registerExtractorClass(
  "spikeinterface.core.unitsselectionsorting.UnitsSelectionSorting",
  (k) =>
    new UnitsSelectionSorting(
      k.parent_sorting as BaseSorting,
      (k.unit_ids as Id[] | null) ?? null,
      (k.renamed_unit_ids as Id[] | null) ?? null,
    ),
);
