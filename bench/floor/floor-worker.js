// The floor's worker: only the work no implementation can skip. Read the bytes, inflate, decode
// UTF-8, JSON.parse; nothing is extracted and nothing but three numbers goes back. The page reads
// the bytes (picked files, or an archive's members) and posts them in batches. Served as is
// (not bundled), as a module worker, with pako's own browser build.
import { Inflate } from "./pako.mjs";

const utf8 = new TextDecoder("utf-8");
// A worker scope, not a window: its postMessage takes a transfer list, never a target origin.
const scope = self;

// The gzip trailer's size lets one output chunk hold the whole file: the app may do the same, so
// the floor must too, or the ratio would flatter the app.
function declaredSize(bytes) {
  const n = bytes.length;
  if (n < 18) return 0;
  return (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
}

function inflate(bytes) {
  const size = declaredSize(bytes);
  const chunkSize = size >= 16_384 && size <= 256 * 1024 * 1024 ? size + 1 : 65_536;
  const inflater = new Inflate({ chunkSize });
  inflater.push(bytes, true);
  if (inflater.err) throw new Error(inflater.msg || `inflate error ${inflater.err}`);
  return inflater.result;
}

function parse(bytes) {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = inflate(bytes);
  const parsed = JSON.parse(utf8.decode(bytes));
  // Counting keeps the parse observable; it costs nothing next to the parse itself.
  const records = parsed && Array.isArray(parsed.Records) ? parsed.Records.length : 0;
  return { records, rawBytes: bytes.length };
}

// A message is a batch of files' bytes already in memory ({ buffer, spans }: [offset, length] in
// the buffer): picked files read by the page, or an archive's members.
self.onmessage = (event) => {
  const { id, buffer, spans } = event.data;
  let records = 0;
  let rawBytes = 0;
  let failed = 0;
  for (const [offset, length] of spans) {
    try {
      const done = parse(new Uint8Array(buffer, offset, length));
      records += done.records;
      rawBytes += done.rawBytes;
    } catch {
      failed++;
    }
  }
  scope.postMessage({ id, records, rawBytes, failed }, []);
};

scope.postMessage({ ready: true }, []);
