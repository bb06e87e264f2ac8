/**
 * Object codecs for "|O" arrays. SpikeInterface stores provenance dicts and dict-valued extension
 * data as 1-element object arrays with numcodecs' JSON codec ("json2"): the chunk is the compact,
 * key-sorted JSON text of `[item_0, ..., item_n-1, "|O", [shape...]]`. vlen-utf8 (zarr's usual
 * string codec) is read and written too: int32 count, then int32 length + UTF-8 bytes per item.
 */
import { FileFormatError, InvalidArgumentError } from "../../../errors.js";
import { compactPythonJsonDumps, parsePythonJsonText } from "../json.js";
import type { ChunkContext, CodecConfig, ObjectCodec } from "./types.js";

/** The config SpikeInterface's (Python json module) JSON codec writes. */
export const JSON2_CONFIG: CodecConfig = {
  id: "json2",
  allow_nan: true,
  check_circular: true,
  encoding: "utf-8",
  ensure_ascii: true,
  indent: null,
  separators: [",", ":"],
  skipkeys: false,
  sort_keys: true,
  strict: true,
};

export class Json2Codec implements ObjectCodec {
  readonly kind = "object";
  readonly config: CodecConfig;

  constructor(config: CodecConfig = JSON2_CONFIG) {
    const enc = config.encoding ?? "utf-8";
    if (enc !== "utf-8" && enc !== "utf8") {
      throw new InvalidArgumentError(`json2 codec: unsupported encoding ${JSON.stringify(enc)}`);
    }
    this.config = { ...JSON2_CONFIG, ...config, id: "json2" };
  }

  encode(items: readonly unknown[]): Uint8Array {
    return new TextEncoder().encode(compactPythonJsonDumps([...items, "|O", [items.length]]));
  }

  decode(data: Uint8Array, ctx: ChunkContext): unknown[] {
    const text = new TextDecoder().decode(data);
    const parsed = parsePythonJsonText(text, ctx.where);
    if (!Array.isArray(parsed) || parsed.length < 2 || !Array.isArray(parsed[parsed.length - 1])) {
      throw new FileFormatError(ctx.where, "json2 chunk is not [items..., dtype, shape]");
    }
    return parsed.slice(0, -2);
  }
}

export class VlenUtf8Codec implements ObjectCodec {
  readonly kind = "object";
  readonly config: CodecConfig = { id: "vlen-utf8" };

  encode(items: readonly unknown[], ctx: ChunkContext): Uint8Array {
    const enc = new TextEncoder();
    const parts = items.map((s, i) => {
      if (typeof s !== "string") {
        throw new InvalidArgumentError(
          `${ctx.where}: vlen-utf8 item ${i} is ${JSON.stringify(s)}, not a string`,
        );
      }
      return enc.encode(s);
    });
    const total = 4 + parts.reduce((a, p) => a + 4 + p.length, 0);
    const out = new Uint8Array(total);
    const dv = new DataView(out.buffer);
    dv.setInt32(0, parts.length, true);
    let p = 4;
    for (const part of parts) {
      dv.setInt32(p, part.length, true);
      out.set(part, p + 4);
      p += 4 + part.length;
    }
    return out;
  }

  decode(data: Uint8Array, ctx: ChunkContext): unknown[] {
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (data.length < 4) throw new FileFormatError(ctx.where, "vlen-utf8 chunk shorter than its header");
    const n = dv.getInt32(0, true);
    const dec = new TextDecoder();
    const out: string[] = [];
    let p = 4;
    for (let i = 0; i < n; i++) {
      if (p + 4 > data.length) throw new FileFormatError(ctx.where, `vlen-utf8 chunk truncated at item ${i}`);
      const len = dv.getInt32(p, true);
      if (len < 0 || p + 4 + len > data.length) {
        throw new FileFormatError(ctx.where, `vlen-utf8 chunk truncated at item ${i}`);
      }
      out.push(dec.decode(data.subarray(p + 4, p + 4 + len)));
      p += 4 + len;
    }
    return out;
  }
}
