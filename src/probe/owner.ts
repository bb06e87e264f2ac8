/**
 * Which ProbeGroup a Probe belongs to (probeinterface's `probe._probe_group`). Kept outside both
 * classes so that a probe can ask its group to re-check global wiring without the two modules
 * importing each other.
 */

export interface ProbeOwner {
  checkGlobalDeviceWiringAndIds(): void;
}

const owners = new WeakMap<object, ProbeOwner>();

export function getProbeOwner(probe: object): ProbeOwner | undefined {
  return owners.get(probe);
}

export function setProbeOwner(probe: object, owner: ProbeOwner | null): void {
  if (owner === null) owners.delete(probe);
  else owners.set(probe, owner);
}
