// The archive case's data: the delivery data set's log files written as one .tar (modern-tar) and
// one .zip (fflate, members stored: they are gzip already), with each member's [offset, length] in
// the archive read back from the archive's own headers, for the floor. Written once beside the
// data set under .bench/, into a temporary name renamed when complete.
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  createWriteStream,
} from "node:fs";
import { relative } from "node:path";
import { pipeline } from "node:stream/promises";
import { Zip, ZipPassThrough } from "fflate";
import { packTar } from "modern-tar/fs";
import type { DataSet } from "./data";
import { progress } from "./measure";
import { ROOT } from "./options";

export type ArchiveKind = "tar" | "zip";

export interface Archive {
  kind: ArchiveKind;
  path: string;
  bytes: number;
  /** Each member's data as [offset, length] in the archive, in archive order. */
  members: [number, number][];
}

/** One fixed time for every member: the same data set gives the same archive. */
const MTIME = new Date("2026-11-20T00:00:00Z");

function memberName(data: DataSet, path: string): string {
  return relative(data.dir, path).split("\\").join("/");
}

async function writeTar(data: DataSet, out: string): Promise<void> {
  const sources = data.paths.map((path) => ({
    type: "file" as const,
    source: path,
    target: memberName(data, path),
    mtime: MTIME,
    mode: 0o644,
  }));
  await pipeline(packTar(sources, { concurrency: 1 }), createWriteStream(out));
}

/**
 * fflate writes no zip64: past 4 GB its offsets would not fit. Past 65,535 members only the end
 * record's counts do not, and `zip64End` gives the archive the zip64 end records that hold them.
 */
const ZIP_LIMIT_MEMBERS = 0xffff;
const ZIP_LIMIT_BYTES = 0xffffffff;

async function writeZip(data: DataSet, out: string): Promise<void> {
  const total = data.manifest.compressedBytes + data.paths.length * 400;
  if (total > ZIP_LIMIT_BYTES) {
    throw new Error(
      `a zip of ~${Math.round(total / 1e6)} MB needs zip64 offsets, which the bench's zip writer does not write`,
    );
  }
  await writeZipMembers(data, out);
  if (data.paths.length > ZIP_LIMIT_MEMBERS) zip64End(out, data.paths.length);
}

/**
 * Replaces the end of central directory record (the file's last 22 bytes: fflate writes no
 * comment) with a zip64 end record and its locator, then an end record whose counts say "see
 * zip64" (0xffff), as `zip` does past 65,535 members.
 */
export function zip64End(path: string, members: number): void {
  const size = statSync(path).size;
  const fd = openSync(path, "r+");
  try {
    const end = readAt(fd, size - 22, 22);
    if (end.readUInt32LE(0) !== 0x06054b50) throw new Error(`${path}: no end record to extend`);
    const cdSize = end.readUInt32LE(12);
    const cdOffset = end.readUInt32LE(16);
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(members), 24);
    record.writeBigUInt64LE(BigInt(members), 32);
    record.writeBigUInt64LE(BigInt(cdSize), 40);
    record.writeBigUInt64LE(BigInt(cdOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(size - 22), 8);
    locator.writeUInt32LE(1, 16);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    const tail = Buffer.concat([record, locator, end]);
    writeSync(fd, tail, 0, tail.length, size - 22);
  } finally {
    closeSync(fd);
  }
}

function writeZipMembers(data: DataSet, out: string): Promise<void> {
  const fd = openSync(out, "w");
  return new Promise<void>((done, fail) => {
    const zip = new Zip((error, chunk, final) => {
      if (error) {
        closeSync(fd);
        fail(error);
        return;
      }
      writeSync(fd, chunk);
      if (final) {
        closeSync(fd);
        done();
      }
    });
    for (const path of data.paths) {
      const member = new ZipPassThrough(memberName(data, path));
      member.mtime = MTIME;
      zip.add(member);
      member.push(readFileSync(path), true);
    }
    zip.end();
  });
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const got = readSync(fd, buffer, 0, length, offset);
  return buffer.subarray(0, got);
}

/** Regular files' data in a tar: 512-byte headers, sizes in octal, data padded to 512. */
function tarMembers(path: string): [number, number][] {
  const fd = openSync(path, "r");
  try {
    const size = statSync(path).size;
    const members: [number, number][] = [];
    let at = 0;
    while (at + 512 <= size) {
      const header = readAt(fd, at, 512);
      if (header.every((b) => b === 0)) break;
      const sizeField = header.subarray(124, 136).toString("latin1").replace(/[\0 ]/g, "");
      const length = Number.parseInt(sizeField || "0", 8);
      const type = header[156];
      // "0" or NUL: a regular file; PAX ("x", "g") and GNU long names ("L") are metadata.
      if (type === 0x30 || type === 0) members.push([at + 512, length]);
      at += 512 + Math.ceil(length / 512) * 512;
    }
    return members;
  } finally {
    closeSync(fd);
  }
}

/** Members' data in a zip, from its central directory (zip64 counts; offsets stay under 4 GB). */
export function zipMembers(path: string): [number, number][] {
  const fd = openSync(path, "r");
  try {
    const size = statSync(path).size;
    const tail = readAt(fd, Math.max(0, size - 65_557), Math.min(size, 65_557));
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${path}: no end of central directory`);
    let count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    // Past 65,535 members the count is in the zip64 end record, which the locator before the end
    // record points to.
    if (count === 0xffff && eocd >= 20 && tail.readUInt32LE(eocd - 20) === 0x07064b50) {
      const zip64 = readAt(fd, Number(tail.readBigUInt64LE(eocd - 12)), 56);
      if (zip64.readUInt32LE(0) !== 0x06064b50) throw new Error(`${path}: bad zip64 end record`);
      count = Number(zip64.readBigUInt64LE(32));
    }
    const cd = readAt(fd, cdOffset, cdSize);
    const members: [number, number][] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (cd.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
      const method = cd.readUInt16LE(at + 10);
      const compressed = cd.readUInt32LE(at + 20);
      const local = cd.readUInt32LE(at + 42);
      if (method !== 0) throw new Error(`${path}: member ${i} is not stored`);
      const head = readAt(fd, local, 30);
      members.push([local + 30 + head.readUInt16LE(26) + head.readUInt16LE(28), compressed]);
      at += 46 + cd.readUInt16LE(at + 28) + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
    }
    return members;
  } finally {
    closeSync(fd);
  }
}

/** Reads a file once, in chunks (an archive may pass Node's largest Buffer), for a warm cache. */
function warm(path: string): void {
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.alloc(64 * 1024 * 1024);
    while (readSync(fd, chunk, 0, chunk.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/** The data set as a .tar and a .zip, written once; member tables beside them (.members.json). */
export async function ensureArchives(data: DataSet): Promise<Archive[]> {
  const out: Archive[] = [];
  for (const kind of ["tar", "zip"] as const) {
    const path = `${data.dir}.${kind}`;
    const table = `${path}.members.json`;
    if (!existsSync(path) || !existsSync(table)) {
      progress(`writing ${relative(ROOT, path)} (${data.paths.length} members)`);
      const temp = `${path}.partial-${process.pid}`;
      rmSync(temp, { force: true });
      if (kind === "tar") await writeTar(data, temp);
      else await writeZip(data, temp);
      const members = kind === "tar" ? tarMembers(temp) : zipMembers(temp);
      if (members.length !== data.paths.length)
        throw new Error(
          `${kind}: ${members.length} members read back, ${data.paths.length} written`,
        );
      // The member table is the completion marker: written last, after the archive is in place.
      renameSync(temp, path);
      writeFileSync(table, JSON.stringify(members));
    }
    const members = JSON.parse(readFileSync(table, "utf8")) as [number, number][];
    warm(path);
    out.push({ kind, path, bytes: statSync(path).size, members });
  }
  return out;
}
