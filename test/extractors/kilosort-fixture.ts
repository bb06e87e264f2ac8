/**
 * Writes small Kilosort output folders for the tests: spike_times.npy (uint64, as Kilosort 2/3
 * write it), spike_clusters.npy (int32), params.py and cluster_*.tsv tables.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeNpy, npyFromTypedArray } from "../../src/io/npy/index.js";

export interface KilosortFixture {
  folder: string;
  times: number[];
  clusters: number[];
  sampleRate?: number | string;
  /** Extra files: name → content. */
  files?: Record<string, string>;
  /** Write spike_templates.npy instead of spike_clusters.npy. */
  templatesOnly?: boolean;
}

export function writeKilosort(f: KilosortFixture): string {
  mkdirSync(f.folder, { recursive: true });
  const times = BigUint64Array.from(f.times, (t) => BigInt(t));
  writeFileSync(
    join(f.folder, "spike_times.npy"),
    encodeNpy(npyFromTypedArray(times, { shape: [times.length, 1] })),
  );
  const clusters = Int32Array.from(f.clusters);
  const name = f.templatesOnly ? "spike_templates.npy" : "spike_clusters.npy";
  writeFileSync(join(f.folder, name), encodeNpy(npyFromTypedArray(clusters)));
  const rate = typeof f.sampleRate === "string" ? f.sampleRate : `${f.sampleRate ?? 30000}.`;
  writeFileSync(
    join(f.folder, "params.py"),
    [
      "# written by the test",
      "dat_path = r'C:\\data\\recording.dat'",
      "n_channels_dat = 385",
      "dtype = 'int16'",
      "offset = 0",
      `sample_rate = ${rate}`,
      "hp_filtered = False",
      "channel_ids = [0, 1,",
      "    2, 3]",
      "",
    ].join("\n"),
  );
  for (const [file, text] of Object.entries(f.files ?? {})) writeFileSync(join(f.folder, file), text);
  return f.folder;
}

/** Three units (0, 2, 5), cluster 7 in the tables without spikes, phy-curated cluster 5 "noise". */
export function standardKilosort(folder: string, sampleRate: number | string = 30000): string {
  return writeKilosort({
    folder,
    sampleRate,
    times: [10, 20, 35, 40, 100, 150, 151, 300],
    clusters: [0, 2, 0, 5, 2, 0, 5, 2],
    files: {
      "cluster_KSLabel.tsv": "cluster_id\tKSLabel\n0\tgood\n2\tmua\n5\tgood\n7\tgood\n",
      "cluster_group.tsv": "cluster_id\tgroup\n0\tgood\n2\tmua\n5\tnoise\n7\tgood\n",
      "cluster_ContamPct.tsv": "cluster_id\tContamPct\n0\t1.5\n2\t\n5\t100.0\n7\t0.0\n",
      "cluster_Amplitude.tsv": "cluster_id\tAmplitude\n0\t30\n2\t12\n5\t8\n7\t3\n",
      "notes.tsv": "something\telse\n1\t2\n",
    },
  });
}
