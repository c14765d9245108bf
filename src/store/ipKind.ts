// What a sourceIPAddress value is. CloudTrail puts more than addresses there: an AWS service
// acting on the caller's behalf appears as its service principal (`ec2.amazonaws.com`), and some
// calls made inside AWS say `AWS Internal`. Telling these apart is how a reviewer spots a call
// that came from the internet. Meant to be run once per dictionary entry, not per row.

export type SourceKind = "ipv4" | "ipv6" | "service" | "internal" | "other";

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const SERVICE =
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.amazonaws\.com(\.cn)?$/i;

function isIpv4(value: string): boolean {
  const match = IPV4.exec(value);
  if (!match) return false;
  for (let i = 1; i <= 4; i++) {
    const octet = match[i];
    if (Number(octet) > 255 || (octet.length > 1 && octet[0] === "0")) return false;
  }
  return true;
}

function groupCount(part: string): number {
  if (part === "") return 0;
  const groups = part.split(":");
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    // An embedded IPv4 tail (::ffff:192.0.2.1) stands for the last two groups.
    if (i === groups.length - 1 && group.includes(".")) {
      if (!isIpv4(group)) return -1;
      count += 2;
    } else if (HEX_GROUP.test(group)) count++;
    else return -1;
  }
  return count;
}

function isIpv6(value: string): boolean {
  if (!value.includes(":")) return false;
  const zone = value.indexOf("%");
  const address = zone >= 0 ? value.slice(0, zone) : value;
  const halves = address.split("::");
  if (halves.length > 2) return false;
  if (halves.length === 1) return groupCount(address) === 8;
  const head = groupCount(halves[0]);
  const tail = groupCount(halves[1]);
  if (head < 0 || tail < 0) return false;
  // An embedded IPv4 is only allowed at the very end.
  if (halves[0].includes(".")) return false;
  return head + tail <= 7;
}

export function classifySource(value: string): SourceKind {
  const trimmed = value.trim();
  if (trimmed === "") return "other";
  if (isIpv4(trimmed)) return "ipv4";
  if (isIpv6(trimmed)) return "ipv6";
  if (trimmed.toLowerCase() === "aws internal") return "internal";
  if (SERVICE.test(trimmed)) return "service";
  return "other";
}
