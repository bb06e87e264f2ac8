/**
 * `ProbeGroup`: several probes wired to one device (probeinterface's ProbeGroup). Contacts are
 * numbered globally by concatenating the probes in order; non-negative device channel indices must
 * be unique over the whole group.
 */
import { InvalidArgumentError } from "../errors.js";
import { selectionToIndices } from "./contact-checks.js";
import {
  type ContactTable,
  type ContactTableInput,
  probesToTable,
  splitTableByProbe,
  type ToTableOptions,
} from "./contact-table.js";
import { getProbeOwner, type ProbeOwner, setProbeOwner } from "./owner.js";
import { Probe } from "./probe.js";
import type { ProbeGroupDict } from "./types.js";

export interface GlobalDeviceChannelIndices {
  /** Index of the probe each contact belongs to. */
  readonly probeIndex: Int32Array;
  /** Device channel of each contact, -1 when unconnected (or when its probe is not wired). */
  readonly deviceChannelIndices: Int32Array;
}

export class ProbeGroup implements ProbeOwner {
  private readonly probeList: Probe[] = [];

  constructor(probes: readonly Probe[] = []) {
    for (const p of probes) this.addProbe(p);
  }

  get probes(): readonly Probe[] {
    return this.probeList;
  }

  /** ndim of the first probe (2 for an empty group). */
  get ndim(): 2 | 3 {
    return this.probeList[0]?.ndim ?? 2;
  }

  /** Add a probe: not one already in a group (use `probe.copy()`), same ndim, unique wiring. */
  addProbe(probe: Probe): void {
    if (getProbeOwner(probe) !== undefined) {
      throw new InvalidArgumentError(
        `probe ${probe.getTitle()} is already attached to a ProbeGroup: add probe.copy() instead`,
      );
    }
    const last = this.probeList[this.probeList.length - 1];
    if (last !== undefined && probe.ndim !== last.ndim) {
      throw new InvalidArgumentError(`probe ndim ${probe.ndim} differs from the group's ndim ${last.ndim}`);
    }
    this.probeList.push(probe);
    try {
      this.checkGlobalDeviceWiringAndIds();
    } catch (err) {
      this.probeList.pop();
      throw err;
    }
    setProbeOwner(probe, this);
  }

  getContactCount(): number {
    return this.probeList.reduce((s, p) => s + p.getContactCount(), 0);
  }

  /** Copies of every probe with the same global wiring (unwired probes become all -1, as in Python). */
  copy(): ProbeGroup {
    const group = new ProbeGroup(this.probeList.map((p) => p.copy()));
    group.setGlobalDeviceChannelIndices(this.getGlobalDeviceChannelIndices().deviceChannelIndices);
    return group;
  }

  getGlobalDeviceChannelIndices(): GlobalDeviceChannelIndices {
    const n = this.getContactCount();
    const probeIndex = new Int32Array(n);
    const deviceChannelIndices = new Int32Array(n).fill(-1);
    let at = 0;
    this.probeList.forEach((probe, i) => {
      const count = probe.getContactCount();
      probeIndex.fill(i, at, at + count);
      const wiring = probe.deviceChannelIndices;
      if (wiring !== null) deviceChannelIndices.set(wiring, at);
      at += count;
    });
    return { probeIndex, deviceChannelIndices };
  }

  /** Wire all contacts at once: one index per contact over the concatenated probes. */
  setGlobalDeviceChannelIndices(channels: ArrayLike<number | bigint>): void {
    const n = this.getContactCount();
    if (channels.length !== n) {
      throw new InvalidArgumentError(`${channels.length} device channel indices given for ${n} contacts`);
    }
    const all = Int32Array.from(channels, Number);
    // validate the whole wiring first: probes are then re-wired one by one without a transient clash
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      const v = Number(channels[i]);
      if (!Number.isInteger(v))
        throw new InvalidArgumentError(`device channel index ${String(channels[i])} is not an integer`);
      if (v >= 0 && seen.has(v)) {
        throw new InvalidArgumentError(`device channel index ${v} is given twice: indices must be unique`, {
          index: v,
        });
      }
      seen.add(v);
    }
    for (const p of this.probeList) p.setDeviceChannelIndices(new Int32Array(p.getContactCount()).fill(-1));
    let at = 0;
    for (const p of this.probeList) {
      const count = p.getContactCount();
      p.setDeviceChannelIndices(all.subarray(at, at + count));
      at += count;
    }
  }

  /** Contact ids over all probes ("" where a probe has none). */
  getGlobalContactIds(): string[] {
    return this.probeList.flatMap((p) => p.contactIds ?? new Array<string>(p.getContactCount()).fill(""));
  }

  /** Flat (total contacts) × ndim positions, probes stacked in order. */
  getGlobalContactPositions(): Float64Array {
    const out = new Float64Array(this.getContactCount() * this.ndim);
    let at = 0;
    for (const p of this.probeList) {
      if (p.ndim !== this.ndim) {
        throw new InvalidArgumentError(`probe ndim ${p.ndim} differs from the group's ndim ${this.ndim}`);
      }
      out.set(p.contactPositions, at);
      at += p.contactPositions.length;
    }
    return out;
  }

  /**
   * The selected contacts (bool mask or unique global indices). As in probeinterface, probes keep
   * their group order and contacts keep the selection order only within each probe.
   */
  getSlice(selection: readonly boolean[] | ArrayLike<number>): ProbeGroup {
    const indices = selectionToIndices(selection, this.getContactCount());
    const sliced = new ProbeGroup();
    let start = 0;
    for (const probe of this.probeList) {
      const count = probe.getContactCount();
      const local = Array.from(indices)
        .filter((i) => i >= start && i < start + count)
        .map((i) => i - start);
      if (local.length > 0) sliced.addProbe(probe.getSlice(local));
      start += count;
    }
    return sliced;
  }

  /** Non-negative device channel indices must be unique over the group. */
  checkGlobalDeviceWiringAndIds(): void {
    const { deviceChannelIndices, probeIndex } = this.getGlobalDeviceChannelIndices();
    const seen = new Map<number, number>();
    for (let i = 0; i < deviceChannelIndices.length; i++) {
      const v = deviceChannelIndices[i];
      if (v < 0) continue;
      const first = seen.get(v);
      if (first !== undefined) {
        throw new InvalidArgumentError(
          `device channel index ${v} is used twice in the probe group (probes ${probeIndex[first]} and ${probeIndex[i]}): channel device indices must be unique across probes`,
          { index: v },
        );
      }
      seen.set(v, i);
    }
  }

  /** The group's contact vector: `probe_index` then the union of the probes' fields. */
  toTable(options: ToTableOptions = {}): ContactTable {
    return probesToTable(this.probeList, options);
  }

  /** One probe per distinct `probe_index`, in increasing order. */
  static fromTable(table: ContactTableInput | ContactTable): ProbeGroup {
    return new ProbeGroup(splitTableByProbe(table).map((t) => Probe.fromTable(t)));
  }

  toDict(): ProbeGroupDict {
    return { probes: this.probeList.map((p) => p.toDict()) };
  }

  static fromDict(d: ProbeGroupDict): ProbeGroup {
    return new ProbeGroup(d.probes.map((pd) => Probe.fromDict(pd)));
  }

  equals(other: ProbeGroup): boolean {
    return (
      this.probeList.length === other.probeList.length &&
      this.probeList.every((p, i) => p.equals(other.probeList[i]))
    );
  }
}
