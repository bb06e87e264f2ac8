/**
 * Writes small SpikeGLX folders for the tests: int16 .bin files with known values and .meta files
 * with the fields SpikeGLX writes (imro table, channel map, geometry or shank map, sync channel).
 * Sample (t, c) of a file holds `value(t, c)`, so any read can be checked exactly.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type ProbeKind = "np1" | "np2-4shank";

export interface ImecOptions {
  folder: string;
  run?: string;
  gate?: number;
  trigger?: number;
  device?: string;
  kind?: "ap" | "lf";
  numNeural?: number;
  numSamples?: number;
  probe?: ProbeKind;
  /** "geom" (~snsGeomMap), "shank" (~snsShankMap only) or "none". */
  geometry?: "geom" | "shank" | "none";
  /** Per-channel AP gains for NP1.0 (default: 500 everywhere but channel 1 at 1000). */
  apGains?: number[];
  firstSample?: number;
  /** Override the meta's fileSizeBytes (to test the mismatch error). */
  declaredSize?: number;
  /** Subfolder per probe, as SpikeGLX writes it. */
  subfolder?: boolean;
  sampleRate?: number;
  /** Value stored at (t, c); default t * 10 + c (c = file column, sync last). */
  value?: (t: number, c: number) => number;
}

export const defaultValue = (t: number, c: number): number => ((t * 10 + c) % 30000) - 100;

function writePair(dir: string, stem: string, lines: string[], bin: Int16Array, declared?: number): string {
  mkdirSync(dir, { recursive: true });
  const bytes = new Uint8Array(bin.buffer, bin.byteOffset, bin.byteLength);
  writeFileSync(join(dir, `${stem}.bin`), bytes);
  const size = declared ?? bytes.byteLength;
  writeFileSync(join(dir, `${stem}.meta`), `${[...lines, `fileSizeBytes=${size}`].join("\r\n")}\r\n`);
  return join(dir, `${stem}.bin`);
}

function fill(numSamples: number, numChannels: number, value: (t: number, c: number) => number): Int16Array {
  const data = new Int16Array(numSamples * numChannels);
  for (let t = 0; t < numSamples; t++)
    for (let c = 0; c < numChannels; c++) data[t * numChannels + c] = value(t, c);
  return data;
}

/** NP1.0 electrode x within the shank (staggered, as SpikeGLX writes in ~snsGeomMap). */
const NP1_X = [27, 59, 11, 43];

/** Writes one imec stream file and returns its .bin path. */
export function writeImec(options: ImecOptions): string {
  const {
    run = "run",
    gate = 0,
    trigger = 0,
    device = "imec0",
    kind = "ap",
    numNeural = 8,
    numSamples = 300,
    probe = "np1",
    geometry = "geom",
    firstSample = 0,
    value = defaultValue,
  } = options;
  const stem = `${run}_g${gate}_t${trigger}.${device}.${kind}`;
  const dir = options.subfolder ? join(options.folder, `${run}_g${gate}_${device}`) : options.folder;
  const n = numNeural + 1;
  const rate = options.sampleRate ?? (kind === "ap" ? 30000 : 2500);
  const lines = [
    `appVersion=20230202`,
    `fileName=D:\\data\\${run}_g${gate}\\${stem}.bin`,
    `firstSample=${firstSample}`,
    `imSampRate=${rate}`,
    `nSavedChans=${n}`,
    kind === "ap" ? `snsApLfSy=${numNeural},0,1` : `snsApLfSy=0,${numNeural},1`,
    `snsSaveChanSubset=all`,
    `typeThis=imec`,
    `imDatPrb_sn=1234567`,
    `imDatPrb_port=1`,
    `imDatPrb_slot=2`,
  ];
  const names = Array.from({ length: numNeural }, (_, i) => `${kind.toUpperCase()}${i};${i}:${i}`);
  lines.push(`~snsChanMap=(${numNeural},0,1)${[...names, `SY0;${n}:${n}`].map((e) => `(${e})`).join("")}`);
  if (probe === "np1") {
    const gains = options.apGains ?? Array.from({ length: numNeural }, (_, i) => (i === 1 ? 1000 : 500));
    lines.push(
      `imAiRangeMax=0.6`,
      `imAiRangeMin=-0.6`,
      `imMaxInt=512`,
      `imDatPrb_pn=NP1000`,
      `imDatPrb_type=0`,
    );
    const imro = gains.map((g, i) => `(${i} 0 0 ${g} 250 1)`).join("");
    lines.push(`~imroTbl=(0,${numNeural})${imro}`);
    if (geometry === "geom") {
      const geom = Array.from(
        { length: numNeural },
        (_, i) => `(0:${NP1_X[i % 4]}:${Math.floor(i / 2) * 20}:1)`,
      );
      lines.push(`~snsGeomMap=(NP1000,1,0,70)${geom.join("")}`);
    } else if (geometry === "shank") {
      const map = Array.from({ length: numNeural }, (_, i) => `(0:${i % 2}:${Math.floor(i / 2)}:1)`);
      lines.push(`~snsShankMap=(1,2,480)${map.join("")}`);
    }
  } else {
    lines.push(
      `imAiRangeMax=0.5`,
      `imAiRangeMin=-0.5`,
      `imMaxInt=8192`,
      `imDatPrb_pn=NP2010`,
      `imDatPrb_type=24`,
    );
    // channel i on shank i % 4, electrode i (type-24 entries: chan shank bank refid elec)
    const imro = Array.from({ length: numNeural }, (_, i) => `(${i} ${i % 4} 0 0 ${i})`).join("");
    lines.push(`~imroTbl=(24,${numNeural})${imro}`);
    if (geometry === "geom") {
      const geom = Array.from({ length: numNeural }, (_, i) => `(${i % 4}:${(i % 2) * 32}:${i * 15}:1)`);
      lines.push(`~snsGeomMap=(NP2010,4,250,70)${geom.join("")}`);
    }
  }
  return writePair(dir, stem, lines, fill(numSamples, n, value), options.declaredSize);
}

export interface NidqOptions {
  folder: string;
  run?: string;
  gate?: number;
  numSamples?: number;
}

/** A nidq file: 3 XA channels and one digital word, 25 kHz, ±5 V. */
export function writeNidq(options: NidqOptions): string {
  const { run = "run", gate = 0, numSamples = 250 } = options;
  const stem = `${run}_g${gate}_t0.nidq`;
  const lines = [
    `fileName=D:/data/${stem}.bin`,
    `firstSample=0`,
    `niSampRate=25000`,
    `nSavedChans=4`,
    `niAiRangeMax=5`,
    `niAiRangeMin=-5`,
    `niMaxInt=32768`,
    `niMNGain=200`,
    `niMAGain=1`,
    `snsMnMaXaDw=0,0,3,1`,
    `snsSaveChanSubset=all`,
    `typeThis=nidq`,
    `~snsChanMap=(0,0,3,0,1)(XA0;0:0)(XA1;1:1)(XA2;2:2)(XD0;3:3)`,
  ];
  return writePair(options.folder, stem, lines, fill(numSamples, 4, defaultValue));
}
