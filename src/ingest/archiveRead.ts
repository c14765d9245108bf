// The members of an archive, as files to load, in batches. A zip is listed from its central
// directory (@zip.js/zip.js), a plain tar from its headers in place, a tar.gz (and what of a
// tar is not well-formed) as a stream (modern-tar; tar.gz inflated with pako on the way). A zip's or a plain tar's member is its span of the archive (nothing copied),
// read later through archive.ts; a tar.gz's members are copied out, one Blob per batch. The
// archive is never held whole.
import type { ArchiveKind } from "./archive";
import type { ArchiveBatch } from "./archiveBatch";
import { tarMembers } from "./archiveTar";
import { zipMembers } from "./archiveZip";

export type { ArchiveBatch, ArchiveMember, MemberError } from "./archiveBatch";

/** Reads the members of an archive of this kind, in batches. Never throws. */
export async function* expandArchive(
  blob: Blob,
  kind: ArchiveKind,
): AsyncGenerator<ArchiveBatch, void, undefined> {
  if (kind === "zip") yield* zipMembers(blob);
  else yield* tarMembers(blob, kind === "tar.gz");
}
