/**
 * Wiring pathways (probeinterface `wiring.py`): entry k of a table is the device channel index of
 * contact k, for a probe connected through the named headstage/adapter chain.
 */
import { InvalidArgumentError } from "../errors.js";

const PATHWAYS: Readonly<Record<string, readonly number[]>> = {
  "H32>RHD2132": [
    16, 17, 18, 20, 21, 22, 31, 30, 29, 27, 26, 25, 24, 28, 23, 19, 12, 8, 3, 7, 6, 5, 4, 2, 1, 0, 9, 10, 11,
    13, 14, 15,
  ],
  "ASSY-156>RHD2164": [
    47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22,
    21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 63, 62, 61, 60, 59, 58, 57,
    56, 55, 54, 53, 52, 51, 50, 49, 48,
  ],
  "ASSY-116>RHD2132": [
    24, 23, 25, 22, 26, 21, 27, 20, 28, 19, 29, 18, 30, 17, 31, 16, 0, 15, 1, 14, 2, 13, 3, 12, 4, 11, 5, 10,
    6, 9, 7, 8,
  ],
  "ASSY-77>Adpt.A64-Om32_2x-sm-NN>RHD2164": [
    62, 63, 60, 61, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 32, 33, 34, 35, 37, 36, 39, 41, 43, 45,
    47, 38, 42, 44, 46, 40, 22, 16, 18, 20, 24, 17, 19, 21, 23, 25, 26, 27, 29, 28, 31, 30, 14, 15, 12, 13,
    10, 11, 8, 9, 6, 7, 4, 5, 3, 2, 1, 0,
  ],
  "ASSY-77>Adpt.A64-Om32_2x-sm-NN>two_RHD2132": [
    47, 32, 46, 33, 34, 45, 35, 44, 36, 43, 37, 42, 38, 41, 39, 40, 16, 31, 17, 30, 29, 18, 28, 27, 26, 25,
    24, 19, 21, 22, 23, 20, 11, 8, 9, 10, 12, 7, 6, 5, 4, 3, 13, 2, 1, 14, 0, 15, 55, 56, 54, 57, 53, 58, 52,
    59, 51, 60, 50, 61, 62, 49, 63, 48,
  ],
  "ASSY-77>Adpt.A64-Om32_2x-sm-cambridgeneurotech>two_RHD2132": [
    16, 31, 17, 30, 18, 29, 19, 28, 20, 27, 21, 26, 22, 25, 23, 24, 47, 32, 46, 33, 45, 34, 44, 43, 42, 41,
    40, 35, 37, 38, 39, 36, 59, 56, 57, 58, 60, 55, 54, 53, 52, 51, 61, 50, 62, 49, 63, 48, 7, 8, 6, 9, 5, 10,
    4, 11, 3, 12, 2, 13, 1, 14, 0, 15,
  ],
  "ASSY-77>Adpt.A64-Om32_2x-sm-cambridgeneurotech>RHD2164": [
    32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 62, 63, 60, 61, 58, 59, 56, 54, 52, 50,
    48, 57, 53, 51, 49, 55, 9, 15, 13, 11, 7, 14, 12, 10, 8, 6, 5, 4, 3, 2, 1, 0, 17, 16, 19, 18, 21, 20, 23,
    22, 25, 24, 27, 26, 29, 28, 31, 30,
  ],
  "cambridgeneurotech_mini-amp-64": [
    41, 39, 38, 37, 35, 34, 33, 32, 29, 30, 28, 26, 25, 24, 22, 20, 46, 45, 44, 43, 42, 40, 36, 31, 27, 23,
    21, 18, 19, 17, 16, 14, 55, 53, 54, 52, 51, 50, 49, 48, 47, 15, 13, 12, 11, 9, 10, 8, 63, 62, 61, 60, 59,
    58, 57, 56, 7, 6, 5, 4, 3, 2, 1, 0,
  ],
};

/** The names of the known pathways, in probeinterface's order. */
export function getAvailablePathways(): string[] {
  return Object.keys(PATHWAYS);
}

/** Device channel indices of a pathway plus `channelOffset`; an unknown name lists the known ones. */
export function getPathwayChannelIndices(pathway: string, channelOffset = 0): Int32Array {
  const table = Object.hasOwn(PATHWAYS, pathway) ? PATHWAYS[pathway] : undefined;
  if (table === undefined) {
    throw new InvalidArgumentError(
      `unknown wiring pathway ${JSON.stringify(pathway)}; known pathways: ${getAvailablePathways()
        .map((p) => JSON.stringify(p))
        .join(", ")}`,
      { pathway },
    );
  }
  if (!Number.isInteger(channelOffset)) {
    throw new InvalidArgumentError(`channelOffset must be an integer, got ${channelOffset}`);
  }
  return Int32Array.from(table, (c) => c + channelOffset);
}
