/**
 * The probe of an imec stream from its .meta. probeinterface builds it from IMEC's probe catalogue
 * sliced by the imro table; this reader has no catalogue, so it takes the positions SpikeGLX itself
 * wrote for the saved channels:
 *
 * - `~snsGeomMap=(part,nShanks,shankPitch,shankWidth)(shank:x:z:used)...` (SpikeGLX ≥ 20230202):
 *   x is relative to the shank's left edge, so the absolute x is x + shank · shankPitch — the
 *   same numbers probeinterface produces.
 * - else `~snsShankMap=(nShanks,nCols,nRows)(shank:col:row:used)...`: only grid indices, scaled by
 *   the probe family's pitches (NP2.0: 32 × 15 µm, otherwise 32 × 20 µm, shanks 250 µm apart).
 *   NP1.0's staggered columns cannot be recovered from this map, so those x values are approximate.
 *
 * Contacts are 12 µm squares (the Neuropixels electrode), wired 0..n-1 in file order. Contact ids
 * follow probeinterface ("e<electrode>", "s<shank>e<electrode>") when the imro table gives them.
 */
import { FileFormatError } from "../../errors.js";
import { Probe } from "../../probe/probe.js";
import type { SpikeGlxFile } from "./files.js";
import { imroEntries, isNp1Imro } from "./gains.js";
import { type SpikeGlxMeta, savedChannels } from "./meta.js";

const ELECTRODE_WIDTH_UM = 12;

interface Geometry {
  x: Float64Array;
  y: Float64Array;
  shanks: Int32Array;
  numShanks: number;
  partNumber: string | null;
}

function tableNumbers(meta: SpikeGlxMeta, key: string, entry: string, fields: number): number[] {
  const nums = entry.split(/[:,]/).map((s) => Number(s.trim()));
  if (nums.length < fields || nums.some((n) => !Number.isFinite(n))) {
    throw new FileFormatError(meta.path, `~${key} entry (${entry}) is not ${fields} numbers`);
  }
  return nums;
}

function fromGeomMap(meta: SpikeGlxMeta): Geometry | null {
  const table = meta.table("snsGeomMap");
  if (table === null) return null;
  const head = table.header.split(",");
  const numShanks = Number(head[1]);
  const shankPitch = Number(head[2]);
  if (head.length < 4 || !Number.isInteger(numShanks) || !Number.isFinite(shankPitch)) {
    throw new FileFormatError(
      meta.path,
      `~snsGeomMap header (${table.header}) is not (part,shanks,pitch,width)`,
    );
  }
  const n = table.entries.length;
  const g: Geometry = {
    x: new Float64Array(n),
    y: new Float64Array(n),
    shanks: new Int32Array(n),
    numShanks,
    partNumber: head[0].trim() || null,
  };
  table.entries.forEach((e, i) => {
    const [s, x, z] = tableNumbers(meta, "snsGeomMap", e, 4);
    g.shanks[i] = s;
    g.x[i] = x + s * shankPitch;
    g.y[i] = z;
  });
  return g;
}

function fromShankMap(meta: SpikeGlxMeta, np2: boolean): Geometry | null {
  const table = meta.table("snsShankMap");
  if (table === null) return null;
  const numShanks = Number(table.header.split(",")[0]);
  const [colPitch, rowPitch, shankPitch] = np2 ? [32, 15, 250] : [32, 20, 250];
  const n = table.entries.length;
  const g: Geometry = {
    x: new Float64Array(n),
    y: new Float64Array(n),
    shanks: new Int32Array(n),
    numShanks: Number.isInteger(numShanks) && numShanks > 0 ? numShanks : 1,
    partNumber: null,
  };
  table.entries.forEach((e, i) => {
    const [s, col, row] = tableNumbers(meta, "snsShankMap", e, 4);
    g.shanks[i] = s;
    g.x[i] = col * colPitch + s * shankPitch;
    g.y[i] = row * rowPitch;
  });
  return g;
}

/** probeinterface-style contact ids from the imro table, or null when it cannot tell electrodes. */
function contactIds(meta: SpikeGlxMeta, numNeural: number, numSaved: number): string[] | null {
  const imro = imroEntries(meta);
  if (imro === null || imro.length === 0) return null;
  const saved = savedChannels(meta, numSaved).subarray(0, numNeural);
  const np1 = isNp1Imro(imro);
  const ids: string[] = [];
  for (const ch of saved) {
    const e = imro[ch];
    if (e === undefined) return null;
    if (np1)
      ids.push(`e${e[1] * 384 + e[0]}`); // chan bank refid apgain lfgain apfilt
    else if (e.length === 4)
      ids.push(`e${e[3]}`); // chan bank refid elec (NP2.0 single shank)
    else if (e.length === 5)
      ids.push(`s${e[1]}e${e[4]}`); // chan shank bank refid elec
    else return null;
  }
  return new Set(ids).size === ids.length ? ids : null;
}

/**
 * The probe of an imec stream, or null when its meta has no geometry map. `numNeural` is the
 * number of saved channels without the sync channel; the map must describe exactly those.
 */
export function probeFromMeta(file: SpikeGlxFile, numNeural: number, numSaved: number): Probe | null {
  const { meta } = file;
  const imro = imroEntries(meta);
  const np2 = imro !== null && !isNp1Imro(imro);
  const geom = fromGeomMap(meta) ?? fromShankMap(meta, np2);
  if (geom === null) return null;
  if (geom.x.length !== numNeural) {
    throw new FileFormatError(
      meta.path,
      `the geometry map has ${geom.x.length} entries but the stream has ${numNeural} neural channels`,
    );
  }
  const partNumber = meta.get("imDatPrb_pn") ?? geom.partNumber;
  const probe = new Probe({ ndim: 2, siUnits: "um", modelName: partNumber, manufacturer: "imec" });
  const positions = new Float64Array(numNeural * 2);
  for (let i = 0; i < numNeural; i++) {
    positions[2 * i] = geom.x[i];
    positions[2 * i + 1] = geom.y[i];
  }
  probe.setContacts({
    positions,
    shapes: "square",
    shapeParams: { width: ELECTRODE_WIDTH_UM },
    // probeinterface leaves shank ids unset on single-shank probes, and SpikeInterface then
    // groups all channels together; multi-shank probes group by shank.
    shankIds: geom.numShanks > 1 ? Array.from(geom.shanks, String) : null,
    contactIds: contactIds(meta, numNeural, numSaved),
  });
  probe.setDeviceChannelIndices(Int32Array.from({ length: numNeural }, (_, i) => i));
  const annotations: Record<string, string | null> = {
    serial_number: meta.get("imDatPrb_sn") ?? meta.get("imProbeSN") ?? null,
    part_number: partNumber,
    port: meta.get("imDatPrb_port") ?? null,
    slot: meta.get("imDatPrb_slot") ?? null,
  };
  probe.annotate(annotations);
  return probe;
}
