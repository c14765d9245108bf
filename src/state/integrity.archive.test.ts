// Digests inside an archive check the logs beside them: a generated, signed delivery zipped and
// tarred whole (members keep their AWSLogs/… paths), loaded through the in-process workers.
import { gzipSync } from "node:zlib";
import { zipSync, type Zippable } from "fflate";
import { packTar } from "modern-tar";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type GeneratedFile,
  generateDeliveries,
  type GeneratorOptions,
  signedDeliveries,
} from "../generator";
import { IntegrityCheck, type IntegrityState } from "./integrity";
import { newSession, source } from "./testing";
import type { SourceFile } from "./session";

const OPTIONS: GeneratorOptions = {
  seed: 11,
  events: 1_500,
  start: "2026-05-04T00:00:00Z",
  days: 1,
  accounts: 1,
  regions: ["us-east-1"],
  deliveryMinutes: 30,
  duplicateRate: 0,
  bursts: false,
  insights: false,
  digests: true,
};

let files: GeneratedFile[];

beforeAll(async () => {
  files = [];
  for await (const file of signedDeliveries(generateDeliveries(OPTIONS))) files.push(file);
});

async function check(archive: SourceFile): Promise<IntegrityState> {
  const session = newSession(2);
  const integrity = new IntegrityCheck(session);
  const detach = integrity.attach();
  integrity.start();
  await session.load([archive]);
  expect(session.fileErrors()).toEqual([]);
  const state = await new Promise<IntegrityState>((resolve) => {
    const done = () => {
      if (integrity.state.status === "done") {
        off();
        resolve(integrity.state);
      }
    };
    const off = integrity.subscribe(done);
    done();
  });
  detach();
  return state;
}

describe("integrity of logs loaded from an archive", () => {
  it("a zip and a tar.gz of a signed delivery verify as the loose files do", async () => {
    const logs = files.filter((f) => f.kind === "log").length;
    const digests = files.filter((f) => f.kind === "digest").length;
    const zipped: Zippable = {};
    for (const f of files) zipped[f.path] = [f.bytes, { level: 6 }];
    const tar = await packTar(
      files.map((f) => ({ header: { name: f.path, size: f.bytes.length }, body: f.bytes })),
    );
    for (const archive of [
      source("trail.zip", zipSync(zipped)),
      source("trail.tar.gz", gzipSync(tar)),
    ]) {
      const { report } = await check(archive);
      expect(report).not.toBeNull();
      expect(report!.logs.valid).toBe(logs);
      expect(report!.logs.modified).toEqual([]);
      expect(report!.logs.missing).toEqual([]);
      expect(report!.digests.valid).toBe(digests - 1);
      expect(report!.digests.invalid).toEqual([]);
    }
  });
});
