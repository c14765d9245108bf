// gzip with one reused deflate state. pako's gzip() allocates and zeroes about 260 KB of window and
// hash tables per call; with thousands of small log files that was the largest single cost.

import {
  ZStream,
  Z_DEFAULT_STRATEGY,
  Z_FINISH,
  Z_OK,
  Z_STREAM_END,
  zlibDeflate,
  zlibDeflateInit2,
  zlibDeflateReset,
} from "pako";

const Z_DEFLATED = 8;
/** 15 bits of window, plus 16 to ask for the gzip wrapper rather than zlib's. */
const GZIP_WINDOW_BITS = 16 + 15;
const MEM_LEVEL = 8;

export class Gzipper {
  private readonly stream = new ZStream();
  private output = new Uint8Array(1 << 16);

  constructor(level: number) {
    const status = zlibDeflateInit2(
      this.stream,
      level,
      Z_DEFLATED,
      GZIP_WINDOW_BITS,
      MEM_LEVEL,
      Z_DEFAULT_STRATEGY,
    );
    if (status !== Z_OK) throw new Error(`deflateInit2 failed: ${status}`);
  }

  /** The gzip of `input`, in a fresh array the caller owns. */
  gzip(input: Uint8Array): Uint8Array {
    const stream = this.stream;
    zlibDeflateReset(stream);
    // Room for incompressible input: stored blocks add 5 bytes per 16 KB, plus header and trailer.
    const bound = input.length + 5 * Math.ceil(input.length / 16_000) + 64;
    if (this.output.length < bound) this.output = new Uint8Array(bound);
    stream.input = input;
    stream.next_in = 0;
    stream.avail_in = input.length;
    stream.output = this.output;
    stream.next_out = 0;
    stream.avail_out = this.output.length;
    const status = zlibDeflate(stream, Z_FINISH);
    if (status !== Z_STREAM_END) throw new Error(`deflate did not finish: ${status}`);
    return this.output.slice(0, stream.next_out);
  }
}
