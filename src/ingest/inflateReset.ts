// A reset of pako's inflate state for the next stream that keeps its code tables. pako's own
// (inflateResetKeep, under inflateReset and inflateReset2) allocates two new Int32Arrays for them
// at every reset, where zlib reuses the space in its state: in a browser worker that was 17–22 µs
// a stream in profiles of an archive of 29,000 small members, more than inflating most of them.
// The tables are written by inflate before they are read, for every block that uses them, so the
// old ones serve. The fields set are those pako's reset sets (pako 3.0.x, dist/pako.mjs); a
// state without tables to keep is reset by pako itself.
import { type ZStream, zlibInflateReset, zlibInflateReset2 } from "pako";

/** The fields of pako's inflate state that a reset sets. */
interface InflateState {
  mode: number;
  wrap: number;
  wbits: number;
  window: Uint8Array | null;
  wsize: number;
  whave: number;
  wnext: number;
  total: number;
  last: number;
  havedict: number;
  flags: number;
  dmax: number;
  head: unknown;
  hold: number;
  bits: number;
  lencode: Int32Array;
  lendyn: Int32Array | undefined;
  distcode: Int32Array;
  distdyn: Int32Array | undefined;
  sane: number;
  back: number;
}

/** pako's HEAD mode, the state's mode after a reset: read from the first reset pako makes. */
let headMode = -1;

/**
 * As zlib's inflateReset2 (`windowBits` given) or inflateReset (omitted: the same wrapper and
 * window size as before), for a stream whose state pako made. Returns pako's status (Z_OK, 0).
 */
export function resetInflate(strm: ZStream, windowBits?: number): number {
  const state = strm.state as InflateState | null | undefined;
  if (
    state === null ||
    state === undefined ||
    headMode < 0 ||
    state.lendyn === undefined ||
    state.distdyn === undefined
  ) {
    const status =
      windowBits === undefined ? zlibInflateReset(strm) : zlibInflateReset2(strm, windowBits);
    if (status === 0 && state) headMode = state.mode;
    return status;
  }
  if (windowBits !== undefined) {
    // inflateReset2: the wrapper (gzip 31, zlib 15) and the window size.
    let bits = windowBits;
    let wrap = 0;
    if (bits < 0) bits = -bits;
    else {
      wrap = (bits >> 4) + 5;
      if (bits < 48) bits &= 15;
    }
    if (bits && (bits < 8 || bits > 15)) return zlibInflateReset2(strm, windowBits);
    if (state.window !== null && state.wbits !== bits) state.window = null;
    state.wrap = wrap;
    state.wbits = bits;
  }
  // inflateReset: the window is emptied, not freed.
  state.wsize = 0;
  state.whave = 0;
  state.wnext = 0;
  // inflateResetKeep, with the tables kept.
  strm.total_in = strm.total_out = state.total = 0;
  strm.msg = "";
  if (state.wrap) strm.adler = state.wrap & 1;
  state.mode = headMode;
  state.last = 0;
  state.havedict = 0;
  state.flags = -1;
  state.dmax = 32768;
  state.head = null;
  state.hold = 0;
  state.bits = 0;
  state.lencode = state.lendyn;
  state.distcode = state.distdyn;
  state.sane = 1;
  state.back = -1;
  return 0;
}
