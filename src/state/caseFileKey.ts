// The key a case is stored under, and what a case keeps of an event: pure functions of the
// session's files and store.
import { hexOf, sha256Hex } from "../lib/sha256";
import { STAR_FIELDS, type CaseFileRef, type EventFields } from "./caseFileData";
import type { FileEntry, Session } from "./session";

/**
 * The files a case is about: those whose outcome is known, but not the ones a cancel left unread,
 * as path and size, sorted (the order of loading does not matter).
 */
export function caseFilesOf(files: readonly FileEntry[]): CaseFileRef[] {
  const refs: CaseFileRef[] = [];
  for (const file of files) {
    const outcome = file.outcome;
    if (outcome === null || outcome.kind === "cancelled") continue;
    refs.push({ path: file.path, bytes: outcome.compressedBytes });
  }
  return refs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.bytes - b.bytes));
}

/** Files whose part of the key text is made in one piece, between pauses. */
const KEY_SLICE = 4096;

/**
 * SHA-256 (hex) over the sorted paths and sizes (the JSON text of `[[path, bytes], …]`): the key a
 * case is stored under. Hashed by the browser's Web Crypto where the page has it (a secure
 * context), else by lib/sha256, to the same key. An archive's tens of thousands of members are
 * megabytes of text: it is made and encoded KEY_SLICE files at a time, with `pause` awaited
 * between slices (the session gives the page a turn there).
 */
export async function caseFingerprint(
  refs: readonly CaseFileRef[],
  pause: () => Promise<void> = () => Promise.resolve(),
): Promise<string> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let length = 0;
  const slices = Math.max(1, Math.ceil(refs.length / KEY_SLICE));
  for (let i = 0; i < slices; i++) {
    if (i > 0) await pause();
    const slice = refs
      .slice(i * KEY_SLICE, (i + 1) * KEY_SLICE)
      .map((ref) => [ref.path, ref.bytes]);
    // Each slice's array without its brackets: joined by commas and bracketed once, the slices
    // make the text of the whole list.
    const inner = JSON.stringify(slice).slice(1, -1);
    const part = encoder.encode((i === 0 ? "[" : ",") + inner + (i === slices - 1 ? "]" : ""));
    parts.push(part);
    length += part.length;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return sha256Hex(bytes);
  return hexOf(new Uint8Array(await subtle.digest("SHA-256", bytes)));
}

/** The key fields of a store row, as a star or a note keeps them. */
export function eventFieldsOf(session: Session, row: number): EventFields {
  const store = session.store;
  const time = store.time[row];
  const valid = Number.isFinite(time) && Math.abs(time) <= 8.64e15;
  const fields = { eventTime: valid ? new Date(time).toISOString() : "" } as EventFields;
  for (const field of STAR_FIELDS) fields[field] = store.value(field, row);
  return fields;
}

/** Whether every file of `inner` is among `outer` (as many times). */
export function within(inner: readonly CaseFileRef[], outer: readonly CaseFileRef[]): boolean {
  const counts = new Map<string, number>();
  for (const ref of outer) {
    const key = `${ref.bytes}\u0000${ref.path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const ref of inner) {
    const key = `${ref.bytes}\u0000${ref.path}`;
    const left = counts.get(key) ?? 0;
    if (left === 0) return false;
    counts.set(key, left - 1);
  }
  return true;
}

/** Only the key fields (a starred event carries more). */
export function pickEventFields(source: EventFields): EventFields {
  const fields = { eventTime: source.eventTime } as EventFields;
  for (const field of STAR_FIELDS) fields[field] = source[field];
  return fields;
}
