/**
 * `Probe.to_dict(array_as_list=True)` / `Probe.from_dict`: the per-probe object of the
 * probeinterface JSON format, keys in probeinterface's order and absent when null.
 */
import type { ContactValuesInput } from "./contact-values.js";
import { valuesToJson } from "./contact-values.js";
import { toRows } from "./geometry.js";
import type { Probe, ProbeOptions } from "./probe.js";
import type { JsonValue, ProbeDict } from "./types.js";

export function probeToDict(probe: Probe): ProbeDict {
  const { ndim } = probe;
  const contactAnnotations: { [key: string]: JsonValue[] } = {};
  for (const [name, v] of Object.entries(probe.contactAnnotations)) {
    contactAnnotations[name] = valuesToJson(v.values);
  }
  const axesRows = toRows(probe.contactPlaneAxes, ndim);
  const planeAxes: number[][][] = [];
  for (let i = 0; i < axesRows.length; i += 2) planeAxes.push([axesRows[i], axesRows[i + 1]]);
  const d: ProbeDict = {
    ndim,
    si_units: probe.siUnits,
    annotations: structuredClone(probe.annotations),
    contact_annotations: contactAnnotations,
    contact_positions: toRows(probe.contactPositions, ndim),
    contact_plane_axes: planeAxes,
    contact_shapes: [...probe.contactShapes],
    contact_shape_params: probe.contactShapeParams.map((p) => ({ ...p })),
  };
  const contour = probe.probePlanarContour;
  if (contour !== null) d.probe_planar_contour = toRows(contour, ndim);
  const wiring = probe.deviceChannelIndices;
  if (wiring !== null) d.device_channel_indices = Array.from(wiring);
  if (probe.contactIds !== null) d.contact_ids = [...probe.contactIds];
  if (probe.shankIds !== null) d.shank_ids = [...probe.shankIds];
  if (probe.contactSides !== null) d.contact_sides = [...probe.contactSides];
  return d;
}

/** Build a probe from its dict; `make` is the Probe constructor (kept out to avoid an import cycle). */
export function probeFromDict(d: ProbeDict, make: (options: ProbeOptions) => Probe): Probe {
  const probe = make({ ndim: d.ndim as 2 | 3, siUnits: d.si_units });
  // files from old probeinterface versions wrote "" for every shank of a single-shank probe
  const shankIds = d.shank_ids?.every((s) => s === "") ? null : (d.shank_ids ?? null);
  probe.setContacts({
    positions: d.contact_positions,
    planeAxes: d.contact_plane_axes,
    shapes: d.contact_shapes,
    shapeParams: d.contact_shape_params,
    contactIds: d.contact_ids ?? null,
    shankIds,
    contactSides: d.contact_sides ?? null,
  });
  if (d.probe_planar_contour != null) probe.setPlanarContour(d.probe_planar_contour);
  if (d.device_channel_indices != null) probe.setDeviceChannelIndices(d.device_channel_indices);
  if (d.annotations != null) probe.annotate(structuredClone(d.annotations));
  if (d.contact_annotations != null) {
    probe.annotateContacts(d.contact_annotations as Record<string, ContactValuesInput>);
  }
  return probe;
}
