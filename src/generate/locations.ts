/**
 * Channel and unit positions for toy data (SpikeInterface's generate_channel_locations and
 * generate_unit_locations). Locations are C-order (rows, 2|3) arrays in µm.
 */
import { InvalidArgumentError } from "../errors.js";
import { createRng, type Rng } from "./rng.js";
import { ensureSeed } from "./seeds.js";

/** A (rows, dims) C-order array of positions; `ShapedArray<Float64Array>` fits. */
export interface LocationArray {
  readonly data: Float32Array | Float64Array;
  readonly shape: readonly number[];
}

/** Columns of a location array (z = 0 when 2-D). */
export interface LocationColumns {
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
}

/** Split a location array into x/y/z columns, checking its shape. */
export function locationRows(loc: LocationArray, what: string, dims: readonly number[]): LocationColumns {
  const [count, ndim] = loc.shape;
  if (loc.shape.length !== 2 || !dims.includes(ndim) || count * ndim !== loc.data.length) {
    throw new InvalidArgumentError(
      `${what} must have shape (n, ${dims.join(" or ")}) matching its ${loc.data.length} values, got [${loc.shape.join(", ")}]`,
    );
  }
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  const z = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    x[i] = loc.data[i * ndim];
    y[i] = loc.data[i * ndim + 1];
    if (ndim === 3) z[i] = loc.data[i * ndim + 2];
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i]) || !Number.isFinite(z[i])) {
      throw new InvalidArgumentError(`${what} row ${i} is not finite`, { row: i });
    }
  }
  return { count, x, y, z };
}

export interface ChannelLocationsOptions {
  numChannels: number;
  numColumns: number;
  contactSpacingUm: number;
}

/**
 * A grid: column i at x = i·spacing, contacts at y = k·spacing, channels filled column by column.
 * With several columns, numChannels must divide evenly.
 */
export function generateChannelLocations(options: ChannelLocationsOptions): LocationArray {
  const { numChannels, numColumns, contactSpacingUm } = options;
  if (!Number.isSafeInteger(numChannels) || numChannels < 1) {
    throw new InvalidArgumentError(`numChannels must be a positive integer, got ${numChannels}`, {
      numChannels,
    });
  }
  if (!Number.isSafeInteger(numColumns) || numColumns < 1 || numChannels % numColumns !== 0) {
    throw new InvalidArgumentError(
      `numColumns must be a positive integer dividing numChannels ${numChannels}, got ${numColumns}`,
      { numColumns },
    );
  }
  if (!Number.isFinite(contactSpacingUm)) {
    throw new InvalidArgumentError(`contactSpacingUm must be finite, got ${contactSpacingUm}`);
  }
  const perColumn = numChannels / numColumns;
  const data = new Float64Array(numChannels * 2);
  for (let i = 0; i < numChannels; i++) {
    data[2 * i] = Math.floor(i / perColumn) * contactSpacingUm;
    data[2 * i + 1] = (i % perColumn) * contactSpacingUm;
  }
  return { data, shape: [numChannels, 2] };
}

export interface UnitLocationsOptions {
  /** Added around the channels' x and y extent. Default 20 µm. */
  marginUm?: number;
  /** Default 5 µm. */
  minimumZ?: number;
  /** Default 40 µm. */
  maximumZ?: number;
  /** Minimum distance between units; null disables the constraint. Default 20 µm. */
  minimumDistance?: number | null;
  /** Default 100. */
  maxIteration?: number;
  /** Throw when the distance constraint is not met (default: warn). */
  distanceStrict?: boolean;
  /** "uniform" (default) or "multimodal": y clustered in `numModes` layers. */
  distribution?: "uniform" | "multimodal";
  /** Default 2. */
  numModes?: number;
  /** Undefined draws a fresh seed. */
  seed?: number;
}

function warn(message: string): void {
  type Emit = (message: string, name: string) => void;
  const proc = (globalThis as { process?: { emitWarning?: Emit } }).process;
  if (proc?.emitWarning !== undefined) proc.emitWarning(message, "SpikeInterfaceWarning");
  else console.warn(`SpikeInterfaceWarning: ${message}`);
}

/** `size` draws with a density of `numModes` Gaussian bumps evenly spaced inside [lo, hi]. */
function multimodal(rng: Rng, size: number, numModes: number, lo: number, hi: number): Float64Array {
  const numBins = 10000;
  const step = (hi - lo) / (numBins - 1);
  const modeStep = (hi - lo) / (numModes + 1);
  const sigma = modeStep / 5;
  const cumulative = new Float64Array(numBins);
  let total = 0;
  for (let b = 0; b < numBins; b++) {
    const v = lo + b * step;
    for (let m = 0; m < numModes; m++) {
      const center = lo + modeStep * (m + 1);
      total += Math.exp(-((v - center) ** 2) / (2 * sigma * sigma));
    }
    cumulative[b] = total;
  }
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const target = rng.random() * total;
    let left = 0;
    let right = numBins - 1;
    while (left < right) {
      const mid = (left + right) >>> 1;
      if (cumulative[mid] > target) right = mid;
      else left = mid + 1;
    }
    out[i] = lo + left * step + (rng.random() - 0.5) * step;
  }
  return out;
}

/**
 * Random 3-D unit positions over the channels' x/y extent ± margin and z in [minimumZ, maximumZ).
 * Units closer than `minimumDistance` to another are redrawn (only those still too close after
 * each round), up to `maxIteration` rounds. Returns (numUnits, 3) float32.
 */
export function generateUnitLocations(
  numUnits: number,
  channelLocations: LocationArray,
  options: UnitLocationsOptions = {},
): LocationArray {
  const {
    marginUm = 20,
    minimumZ = 5,
    maximumZ = 40,
    minimumDistance = 20,
    maxIteration = 100,
    distanceStrict = false,
    distribution = "uniform",
    numModes = 2,
  } = options;
  if (!Number.isSafeInteger(numUnits) || numUnits < 0) {
    throw new InvalidArgumentError(`numUnits must be a non-negative integer, got ${numUnits}`, { numUnits });
  }
  if (distribution !== "uniform" && distribution !== "multimodal") {
    throw new InvalidArgumentError(
      `distribution must be "uniform" or "multimodal", got ${JSON.stringify(distribution)}`,
    );
  }
  if (!Number.isSafeInteger(numModes) || numModes < 1) {
    throw new InvalidArgumentError(`numModes must be a positive integer, got ${numModes}`, { numModes });
  }
  const ch = locationRows(channelLocations, "channelLocations", [2, 3]);
  if (ch.count === 0) throw new InvalidArgumentError("channelLocations is empty");
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let c = 0; c < ch.count; c++) {
    minX = Math.min(minX, ch.x[c]);
    maxX = Math.max(maxX, ch.x[c]);
    minY = Math.min(minY, ch.y[c]);
    maxY = Math.max(maxY, ch.y[c]);
  }
  minX -= marginUm;
  maxX += marginUm;
  minY -= marginUm;
  maxY += marginUm;
  const rng = createRng(ensureSeed(options.seed));
  const data = new Float32Array(numUnits * 3);
  const draw = (indices: readonly number[]): void => {
    for (const i of indices) data[i * 3] = minX + (maxX - minX) * rng.random();
    const ys =
      distribution === "uniform"
        ? Float64Array.from(indices, () => minY + (maxY - minY) * rng.random())
        : multimodal(rng, indices.length, numModes, minY, maxY);
    indices.forEach((i, k) => {
      data[i * 3 + 1] = ys[k];
    });
    for (const i of indices) data[i * 3 + 2] = minimumZ + (maximumZ - minimumZ) * rng.random();
  };
  draw(Array.from({ length: numUnits }, (_, i) => i));

  if (minimumDistance !== null) {
    let renew: number[] | null = null;
    let solved = false;
    for (let iteration = 0; iteration < maxIteration; iteration++) {
      const bad = tooClose(data, numUnits, minimumDistance);
      if (bad.length === 0) {
        solved = true;
        break;
      }
      // Later rounds only move units that were moved before and are still too close.
      renew = renew === null ? bad : renew.filter((i) => bad.includes(i));
      draw(renew);
    }
    if (!solved && tooClose(data, numUnits, minimumDistance).length === 0) solved = true;
    if (!solved) {
      const message = `generateUnitLocations: no solution for minimumDistance=${minimumDistance} and maxIteration=${maxIteration}`;
      if (distanceStrict) throw new InvalidArgumentError(message, { minimumDistance, maxIteration });
      warn(message);
    }
  }
  return { data, shape: [numUnits, 3] };
}

/** Sorted indices of units with another unit closer than `minimumDistance`. */
function tooClose(data: Float32Array, numUnits: number, minimumDistance: number): number[] {
  const bad: number[] = [];
  for (let i = 0; i < numUnits; i++) {
    for (let j = 0; j < numUnits; j++) {
      if (i === j) continue;
      const dx = data[i * 3] - data[j * 3];
      const dy = data[i * 3 + 1] - data[j * 3 + 1];
      const dz = data[i * 3 + 2] - data[j * 3 + 2];
      if (Math.sqrt(dx * dx + dy * dy + dz * dz) < minimumDistance) {
        bad.push(i);
        break;
      }
    }
  }
  return bad;
}
