// Streams inflated one after another on one reused inflater (as a batch of archive members is):
// each gives what node:zlib gives, with the code tables kept from stream to stream.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { constants, deflateRawSync, deflateSync, gunzipSync, gzipSync } from "node:zlib";
import {
  ZStream,
  Z_DATA_ERROR,
  Z_NO_FLUSH,
  Z_STREAM_END,
  zlibInflate,
  zlibInflateInit2,
} from "pako";
import { describe, expect, it } from "vitest";
import { INVICTUS_DAY } from "../lib/testing/samples";
import { inflateInto } from "./decode";
import { resetInflate } from "./inflateReset";

const deliveries = readdirSync(INVICTUS_DAY)
  .filter((name) => name.endsWith(".json.gz"))
  .sort()
  .slice(0, 6)
  .map((name) => new Uint8Array(readFileSync(join(INVICTUS_DAY, name))));

function inflated(bytes: Uint8Array, format: "gzip" | "zlib") {
  const parts: Uint8Array[] = [];
  const outcome = inflateInto(bytes, format, (chunk) => parts.push(chunk.slice()));
  return { outcome, bytes: new Uint8Array(Buffer.concat(parts)) };
}

const text = new TextEncoder().encode(
  Array.from({ length: 400 }, (_, i) => `{"eventName":"Get${i % 7}","n":${i}}`).join(","),
);

describe("resetInflate", () => {
  it("streams one after another inflate as node:zlib inflates each, whatever came before", () => {
    const damaged = new Uint8Array(gzipSync(text));
    damaged[20] ^= 0xff;
    const streams: { bytes: Uint8Array; format: "gzip" | "zlib"; expected: Uint8Array | null }[] = [
      ...deliveries.map((bytes) => ({
        bytes,
        format: "gzip" as const,
        expected: gunzipSync(bytes),
      })),
      // Stored, fixed-code and dynamic-code blocks; zlib; two members; a damaged stream.
      { bytes: gzipSync(text, { level: 0 }), format: "gzip", expected: text },
      {
        bytes: gzipSync(text, { level: 1, strategy: constants.Z_FIXED }),
        format: "gzip",
        expected: text,
      },
      { bytes: deflateSync(text, { level: 9 }), format: "zlib", expected: text },
      { bytes: damaged, format: "gzip", expected: null },
      {
        bytes: new Uint8Array(Buffer.concat([gzipSync(text), deliveries[0]])),
        format: "gzip",
        expected: new Uint8Array(Buffer.concat([text, gunzipSync(deliveries[0])])),
      },
      { bytes: deflateSync(text, { windowBits: 9 }), format: "zlib", expected: text },
      ...deliveries.map((bytes) => ({
        bytes,
        format: "gzip" as const,
        expected: gunzipSync(bytes),
      })),
    ];
    // Twice over, so that every kind follows every other.
    const all = [...streams, ...streams.toReversed()];
    const got = all.map(({ bytes, format }) => {
      const { outcome, bytes: out } = inflated(bytes, format);
      return outcome.ok ? { ok: true, size: outcome.size, bytes: Buffer.from(out) } : { ok: false };
    });
    const wanted = all.map(({ expected }) =>
      expected === null
        ? { ok: false }
        : { ok: true, size: expected.length, bytes: Buffer.from(expected) },
    );
    expect(got).toEqual(wanted);
  });

  it("keeps the code tables of the state from stream to stream", () => {
    const strm = new ZStream();
    expect(zlibInflateInit2(strm, 31)).toBe(0);
    /** Inflates `bytes` at once into room for `size` bytes: the status and the output. */
    const run = (bytes: Uint8Array, size: number) => {
      const out = new Uint8Array(size + 1);
      strm.input = bytes;
      strm.next_in = 0;
      strm.avail_in = bytes.length;
      strm.output = out;
      strm.next_out = 0;
      strm.avail_out = out.length;
      const status = zlibInflate(strm, Z_NO_FLUSH);
      return { status, out: Buffer.from(out.subarray(0, strm.next_out)) };
    };
    run(deliveries[0], gunzipSync(deliveries[0]).length);
    expect(resetInflate(strm, 31)).toBe(0);
    const state = strm.state as { lendyn: Int32Array; distdyn: Int32Array };
    const { lendyn, distdyn } = state;
    for (const bytes of deliveries) {
      expect(resetInflate(strm, 31)).toBe(0);
      const expected = gunzipSync(bytes);
      expect(run(bytes, expected.length)).toEqual({ status: Z_STREAM_END, out: expected });
    }
    expect(state.lendyn).toBe(lendyn);
    expect(state.distdyn).toBe(distdyn);
    // A raw stream after gzip ones: the reset takes the new wrapper.
    expect(resetInflate(strm, -15)).toBe(0);
    expect(run(deflateRawSync(text), text.length)).toEqual({
      status: Z_STREAM_END,
      out: Buffer.from(text),
    });
    // What the last stream left in the window is not this one's: a stream that refers to bytes
    // before its start (made with that text as a preset dictionary) is refused.
    expect(resetInflate(strm, -15)).toBe(0);
    const refers = deflateRawSync(text, { dictionary: Buffer.from(text) });
    expect(run(refers, text.length).status).toBe(Z_DATA_ERROR);
    expect(strm.msg).toBe("invalid distance too far back");
  });
});
