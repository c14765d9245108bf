// What `aws cloudtrail validate-logs` checks, offline, as a function of plain data: the loaded
// digest files, the loaded log files with the SHA-256 of their decompressed bytes, and the public
// keys of `list-public-keys`. Pure (WebCrypto only for signatures); the hashing of the files is
// done before, in the workers.
//
//   digest N ──previousDigestS3Object──▶ digest N-1       (a chain per account, region and trail)
//   hash(N-1)  must equal  N.previousDigestHashValue
//   N.previousDigestSignature is N-1's signature over
//     digestEndTime \n bucket/object \n hash(N-1) \n previousDigestSignature of N-1 (or "null")
//   the newest digest's signature lives only in S3 metadata: pasted, or the digest is unverified
import type { DigestSummary, PublicKeyEntry } from "./chunk";
import { importPublicKey, verifyDigest, webCrypto } from "./integrityCrypto";

/** A loaded file other than a digest or a keys file, with its decompressed SHA-256. */
export interface LoadedFile {
  fileIndex: number;
  /** The file name (CloudTrail makes log file names unique): matched to `logFiles[].s3Object`. */
  name: string;
  /** Hex; null when not hashed (not listed by any digest), "" when it could not be read. */
  sha256: string | null;
  /** Why it could not be read, when sha256 is "". */
  error?: string;
  /** Whether the file held events (a log file the digests should cover). */
  log: boolean;
}

export interface IntegrityInput {
  digests: readonly DigestSummary[];
  files: readonly LoadedFile[];
  keys: readonly PublicKeyEntry[];
  /** Signatures pasted for the newest digests (`head-object ... Metadata.signature`), hex. */
  signatures?: readonly string[];
  /** The name of a loaded file (digest problems name the file as loaded). */
  nameOf?: (fileIndex: number) => string;
}

/** One problem, naming the file it is about. */
export interface IntegrityProblem {
  /** File name, as loaded (or, for a file not loaded, the last part of its S3 key). */
  file: string;
  /** S3 key when known, else the name. */
  path: string;
  /** null: not loaded. */
  fileIndex: number | null;
  reason: string;
}

export interface IntegrityReport {
  logs: {
    valid: number;
    modified: IntegrityProblem[];
    /** Listed by a loaded digest, not loaded. */
    missing: IntegrityProblem[];
    /** Loaded log files that no loaded digest lists. */
    uncovered: IntegrityProblem[];
  };
  digests: {
    valid: number;
    invalid: IntegrityProblem[];
    /** No key for it, no signature for it (the newest of a chain), or no WebCrypto. */
    unverified: IntegrityProblem[];
    /** A digest of a chain is missing between two loaded ones (named: the missing one). */
    gaps: IntegrityProblem[];
  };
  /** The newest digest of each chain: its signature can only be pasted. */
  newest: IntegrityProblem[];
  /** Pasted signatures that verified no newest digest. */
  unusedSignatures: string[];
  /** Conflicting duplicates are counted elsewhere; always 0 here. */
  conflictingDuplicates: number;
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * The chain a digest belongs to: its S3 key without the date folders and the end timestamp
 * (`…/CloudTrail-Digest/<region>/` + `<account>_CloudTrail-Digest_<region>_<trail>_<home>`).
 */
export function chainOf(digest: DigestSummary): string {
  const key = digest.digestS3Object;
  const match = /^(.*\/)\d{4}\/\d{2}\/\d{2}\/(.*)_\d{8}T\d{4,6}Z(_backfill)?\.json(\.gz)?$/.exec(
    key,
  );
  return match
    ? `${digest.digestS3Bucket}/${match[1]}${match[2]}`
    : `${digest.digestS3Bucket}/${digest.awsAccountId}`;
}

interface Verifier {
  verify(digest: DigestSummary, signature: string): Promise<"valid" | "invalid" | string>;
}

/** Verifies with the loaded keys; a string answer is why the signature could not be checked. */
function verifier(keys: readonly PublicKeyEntry[], subtle: SubtleCrypto | null): Verifier {
  const imported = new Map<string, Promise<CryptoKey | string>>();
  const keyFor = (fingerprint: string): Promise<CryptoKey | string> => {
    let key = imported.get(fingerprint);
    if (key === undefined) {
      const entry = keys.find((k) => k.fingerprint === fingerprint);
      key =
        entry === undefined || subtle === null
          ? Promise.resolve(`no public key with fingerprint ${fingerprint || "(none)"} is loaded`)
          : importPublicKey(subtle, entry.value).catch(
              (error: unknown) =>
                `the public key ${fingerprint} could not be read (${error instanceof Error ? error.message : String(error)})`,
            );
      imported.set(fingerprint, key);
    }
    return key;
  };
  return {
    async verify(digest, signature) {
      if (subtle === null)
        return "this page cannot verify signatures (WebCrypto needs HTTPS or localhost)";
      const key = await keyFor(digest.digestPublicKeyFingerprint.toLowerCase());
      if (typeof key === "string") return key;
      try {
        return (await verifyDigest(subtle, key, digest, signature)) ? "valid" : "invalid";
      } catch {
        return "invalid";
      }
    },
  };
}

/** Runs every check; `subtle` is WebCrypto (null: signatures are left unverified). */
export async function checkIntegrity(
  input: IntegrityInput,
  subtle: SubtleCrypto | null = webCrypto(),
): Promise<IntegrityReport> {
  const nameOf = (digest: DigestSummary): string =>
    input.nameOf?.(digest.fileIndex) || baseName(digest.digestS3Object);
  const problem = (digest: DigestSummary, reason: string): IntegrityProblem => ({
    file: nameOf(digest),
    path: digest.digestS3Object || nameOf(digest),
    fileIndex: digest.fileIndex,
    reason,
  });
  const report: IntegrityReport = {
    logs: { valid: 0, modified: [], missing: [], uncovered: [] },
    digests: { valid: 0, invalid: [], unverified: [], gaps: [] },
    newest: [],
    unusedSignatures: [],
    conflictingDuplicates: 0,
  };

  // The same digest loaded twice is checked once.
  const byObject = new Map<string, DigestSummary>();
  for (const digest of input.digests)
    if (!byObject.has(digest.digestS3Object)) byObject.set(digest.digestS3Object, digest);
  const digests = [...byObject.values()];
  const successor = new Map<string, DigestSummary>();
  for (const digest of digests) {
    const previous = digest.previousDigestS3Object;
    if (previous !== "" && byObject.has(previous) && !successor.has(previous))
      successor.set(previous, digest);
  }

  const newestEnd = new Map<string, string>();
  for (const digest of digests) {
    const chain = chainOf(digest);
    if ((newestEnd.get(chain) ?? "") < digest.digestEndTime)
      newestEnd.set(chain, digest.digestEndTime);
  }
  const check = verifier(input.keys, subtle);
  const pasted = (input.signatures ?? []).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const usedSignatures = new Set<string>();
  for (const digest of digests) {
    const next = successor.get(digest.digestS3Object);
    const problems: string[] = [];
    if (digest.digestHash === "") problems.push("its bytes could not be hashed");
    if (next !== undefined && next.previousDigestHashValue.toLowerCase() !== digest.digestHash) {
      problems.push(
        `its SHA-256 is not the one the next digest (${nameOf(next)}) recorded: it was altered, ` +
          `or the next one was`,
      );
    }
    let unverified = "";
    if (next !== undefined) {
      const outcome = await check.verify(digest, next.previousDigestSignature);
      if (outcome === "invalid") problems.push("its signature does not verify");
      else if (outcome !== "valid") unverified = outcome;
    } else {
      const newest = newestEnd.get(chainOf(digest)) === digest.digestEndTime;
      if (newest) report.newest.push(problem(digest, "newest of its chain"));
      unverified = newest
        ? "the newest digest of its chain: its signature is only in S3 metadata " +
          "(paste it from `aws s3api head-object … --query Metadata.signature`)"
        : "the next digest of its chain, which holds its signature, is not loaded";
      for (const signature of pasted) {
        const outcome = await check.verify(digest, signature);
        if (outcome === "valid") {
          usedSignatures.add(signature);
          unverified = "";
          break;
        }
        if (outcome !== "invalid") {
          unverified = outcome;
          break;
        }
      }
    }
    if (problems.length > 0) report.digests.invalid.push(problem(digest, problems.join("; ")));
    else if (unverified !== "") report.digests.unverified.push(problem(digest, unverified));
    else report.digests.valid++;
  }
  report.unusedSignatures = pasted.filter((s) => !usedSignatures.has(s));
  report.digests.gaps = gapsOf(digests, byObject, nameOf);
  checkLogs(digests, input.files, report, nameOf);
  return report;
}

/** Digests named as previous by a loaded digest, not loaded, while an older one of the chain is. */
function gapsOf(
  digests: DigestSummary[],
  byObject: Map<string, DigestSummary>,
  nameOf: (digest: DigestSummary) => string,
): IntegrityProblem[] {
  const oldest = new Map<string, string>();
  for (const digest of digests) {
    const chain = chainOf(digest);
    const seen = oldest.get(chain);
    if (seen === undefined || digest.digestEndTime < seen) oldest.set(chain, digest.digestEndTime);
  }
  const gaps: IntegrityProblem[] = [];
  for (const digest of digests) {
    const previous = digest.previousDigestS3Object;
    if (previous === "" || byObject.has(previous)) continue;
    if ((oldest.get(chainOf(digest)) ?? "") >= digest.digestEndTime) continue;
    gaps.push({
      file: baseName(previous),
      path: previous,
      fileIndex: null,
      reason: `missing: ${nameOf(digest)} chains to it, and older digests of its chain are loaded`,
    });
  }
  return gaps.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function checkLogs(
  digests: DigestSummary[],
  files: readonly LoadedFile[],
  report: IntegrityReport,
  nameOf: (digest: DigestSummary) => string,
): void {
  const listed = new Map<string, { hashValue: string; s3Object: string; digest: DigestSummary }>();
  for (const digest of digests) {
    for (const logFile of digest.logFiles) {
      const name = baseName(logFile.s3Object);
      if (name !== "" && !listed.has(name))
        listed.set(name, {
          hashValue: logFile.hashValue.toLowerCase(),
          s3Object: logFile.s3Object,
          digest,
        });
    }
  }
  const byName = new Map<string, LoadedFile[]>();
  for (const file of files) {
    const same = byName.get(file.name);
    if (same) same.push(file);
    else byName.set(file.name, [file]);
  }
  for (const [name, entry] of listed) {
    const loaded = byName.get(name);
    if (loaded === undefined) {
      report.logs.missing.push({
        file: name,
        path: entry.s3Object,
        fileIndex: null,
        reason: `listed by ${nameOf(entry.digest)}, not loaded`,
      });
      continue;
    }
    let modified = false;
    for (const file of loaded) {
      if (file.sha256 === entry.hashValue) continue;
      modified = true;
      report.logs.modified.push({
        file: name,
        path: entry.s3Object,
        fileIndex: file.fileIndex,
        reason:
          file.sha256 === "" || file.sha256 === null
            ? `could not be read to check it (${file.error || "not hashed"})`
            : `its SHA-256 is not the one ${nameOf(entry.digest)} lists`,
      });
    }
    if (!modified) report.logs.valid++;
  }
  for (const file of files) {
    if (!file.log || listed.has(file.name)) continue;
    report.logs.uncovered.push({
      file: file.name,
      path: file.name,
      fileIndex: file.fileIndex,
      reason: "no loaded digest lists it",
    });
  }
}

/** The names of the log files the loaded digests list: only these need hashing. */
export function listedNames(digests: readonly DigestSummary[]): Set<string> {
  const names = new Set<string>();
  for (const digest of digests)
    for (const logFile of digest.logFiles) names.add(baseName(logFile.s3Object));
  return names;
}
