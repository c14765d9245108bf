// Hourly digest files: each lists the log files its trail delivered in the hour with the SHA-256
// of their uncompressed bytes, and chains to the previous digest by that digest's SHA-256.

import type { Random } from "../lib/random";
import { sha256Hex } from "../lib/sha256";
import { compactSecond, datePath, isoSeconds } from "./json";

export interface DigestedLogFile {
  s3Object: string;
  /** When the file was delivered: which hour's digest lists it. */
  delivered: number;
  hashValue: string;
  oldestEventTime: number;
  newestEventTime: number;
}

export interface DigestFileBytes {
  path: string;
  /** The uncompressed digest JSON, whose SHA-256 the next digest records. */
  bytes: Uint8Array;
  signing: DigestSigning;
}

/**
 * What a digest's signature is over, and where it goes: CloudTrail's signature of digest N is
 * `previousDigestSignature` in digest N+1, so a signer (see signing.ts) signs `data` and calls
 * `sign` before the next digest of the chain is written. Left unsigned, the next digest carries
 * a placeholder of the right shape.
 */
export interface DigestSigning {
  /** digestEndTime \n bucket/object \n hex SHA-256 of the bytes \n previous signature or "null". */
  data: string;
  sign(signatureHex: string): void;
}

/** One chain per account and region, as CloudTrail keeps them. */
export class DigestChain {
  private files: DigestedLogFile[] = [];
  private previous: { s3Object: string; hashValue: string; signature: string } | null = null;

  constructor(
    private readonly prefix: string,
    private readonly accountId: string,
    private readonly region: string,
    private readonly trailName: string,
    private readonly homeRegion: string,
    private readonly bucket: string,
    private readonly fingerprint: string,
  ) {}

  add(file: DigestedLogFile): void {
    this.files.push(file);
  }

  /** Closes the digest for [start, end): the files added so far that were delivered before `end`. */
  close(start: number, end: number, random: Random): DigestFileBytes {
    const listed = this.files.filter((file) => file.delivered < end);
    this.files = this.files.filter((file) => file.delivered >= end);
    const path =
      `${this.prefix}CloudTrail-Digest/${this.region}/${datePath(end)}/` +
      `${this.accountId}_CloudTrail-Digest_${this.region}_${this.trailName}_${this.homeRegion}_${compactSecond(end)}.json.gz`;
    let oldest = Infinity;
    let newest = -Infinity;
    for (const file of listed) {
      oldest = Math.min(oldest, file.oldestEventTime);
      newest = Math.max(newest, file.newestEventTime);
    }
    const digest = {
      awsAccountId: this.accountId,
      digestStartTime: isoSeconds(start),
      digestEndTime: isoSeconds(end),
      digestS3Bucket: this.bucket,
      digestS3Object: path,
      digestPublicKeyFingerprint: this.fingerprint,
      digestSignatureAlgorithm: "SHA256withRSA",
      // CloudTrail leaves these out of a digest whose hour had no log files.
      newestEventTime: listed.length > 0 ? isoSeconds(newest) : undefined,
      oldestEventTime: listed.length > 0 ? isoSeconds(oldest) : undefined,
      previousDigestS3Bucket: this.previous ? this.bucket : null,
      previousDigestS3Object: this.previous?.s3Object ?? null,
      previousDigestHashValue: this.previous?.hashValue ?? null,
      previousDigestHashAlgorithm: this.previous ? "SHA-256" : null,
      previousDigestSignature: this.previous?.signature ?? null,
      logFiles: listed.map((file) => ({
        s3Bucket: this.bucket,
        s3Object: file.s3Object,
        hashValue: file.hashValue,
        hashAlgorithm: "SHA-256",
        newestEventTime: isoSeconds(file.newestEventTime),
        oldestEventTime: isoSeconds(file.oldestEventTime),
      })),
    };
    const bytes = new TextEncoder().encode(JSON.stringify(digest));
    const hashValue = sha256Hex(bytes);
    const previous = {
      s3Object: path,
      hashValue,
      // Replaced by the real signature when a signer signs this digest (signing.ts); drawn
      // either way, so that the rest of the data does not depend on whether digests are signed.
      signature: random.hex(512),
    };
    this.previous = previous;
    const data =
      `${digest.digestEndTime}\n${this.bucket}/${path}\n${hashValue}\n` +
      (digest.previousDigestSignature ?? "null");
    return {
      path,
      bytes,
      signing: {
        data,
        sign: (signatureHex) => {
          previous.signature = signatureHex;
        },
      },
    };
  }
}
