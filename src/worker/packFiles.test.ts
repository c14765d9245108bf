// A parse request's files packed for the message and unpacked in the worker are the files.
import { describe, expect, it } from "vitest";
import { packFiles, unpackFiles } from "./packFiles";
import type { BatchFile } from "./protocol";

describe("packFiles / unpackFiles", () => {
  it("whole files, spans and zip members come back as they were, each Blob once", () => {
    const archive = new Blob(["archive bytes"]);
    const picked = new Blob(["a picked file"]);
    const files: BatchFile[] = [
      { fileIndex: 7, name: "picked.json.gz", blob: picked },
      { fileIndex: 8, name: "a.json.gz", blob: archive, encoding: { start: 0, end: 5 } },
      {
        fileIndex: 9,
        name: "b.json.gz",
        blob: archive,
        encoding: {
          start: 5,
          end: 6e9,
          zip: { method: 8, compressedSize: 5e9, size: 2 ** 33, crc32: 0xffffffff },
        },
      },
      {
        fileIndex: 2 ** 31,
        name: "c.json",
        blob: archive,
        encoding: { start: 6, end: 13, zip: { method: 0, compressedSize: 7, size: 7, crc32: 1 } },
      },
    ];
    const packed = packFiles(files);
    expect(packed.spans.blobs).toHaveLength(2);
    const back = unpackFiles(structuredClone(packed));
    const described = (list: BatchFile[]) =>
      list.map((f) => ({ fileIndex: f.fileIndex, name: f.name, encoding: f.encoding }));
    expect(described(back)).toEqual(described(files));
    expect(back[1]!.blob).toBe(back[2]!.blob);
    expect(back[0]!.blob).not.toBe(back[1]!.blob);
    expect(back.map((f) => f.blob.size)).toEqual(files.map((f) => f.blob.size));
    expect("encoding" in back[0]!).toBe(false);
  });

  it("no files", () => {
    expect(unpackFiles(packFiles([]))).toEqual([]);
  });
});
