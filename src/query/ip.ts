// IP addresses and networks for `cidr` matches. Both families live in one 16-byte form, an IPv4
// address as its IPv4-mapped IPv6 address (::ffff:a.b.c.d), so that `10.0.0.0/8` also holds
// `::ffff:10.1.2.3` (how dual-stack services log IPv4 callers) and one containment test serves.

/** An address in the 16-byte form: IPv4 as ::ffff:a.b.c.d. */
export type Address = Uint8Array;

/** A network: the first `prefix` bits (0..128, of the 16-byte form) of `bytes` are fixed. */
export interface Cidr {
  bytes: Address;
  prefix: number;
}

/** Leading zeros are refused: `010` is octal to some tools and decimal to others. */
function decimal(text: string, max: number): number {
  if (text.length === 0 || text.length > 3 || (text.length > 1 && text.charCodeAt(0) === 48))
    return -1;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n <= max ? n : -1;
}

/** Writes the four bytes of a dotted IPv4 address at `out[at..]`; false if it is not one. */
function writeIpv4(text: string, out: Uint8Array, at: number): boolean {
  const parts = text.split(".");
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const n = decimal(parts[i]!, 255);
    if (n < 0) return false;
    out[at + i] = n;
  }
  return true;
}

/** Groups of one to four hex digits, as 16-bit numbers; null if any is not one. */
function hexGroups(text: string): number[] | null {
  if (text === "") return [];
  const groups: number[] = [];
  for (const group of text.split(":")) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    groups.push(Number.parseInt(group, 16));
  }
  return groups;
}

function parseIpv6(text: string): Address | null {
  const out = new Uint8Array(16);
  let body = text;
  // An IPv4 tail (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`) fills the last four bytes.
  let tailBytes = 0;
  const lastColon = text.lastIndexOf(":");
  if (lastColon >= 0 && text.indexOf(".", lastColon) > lastColon) {
    if (!writeIpv4(text.slice(lastColon + 1), out, 12)) return null;
    tailBytes = 4;
    // Keep the colon when it is half of a `::` right before the tail.
    body = text.slice(0, text.charCodeAt(lastColon - 1) === 58 ? lastColon + 1 : lastColon);
  }
  const groupsWanted = (16 - tailBytes) / 2;
  const gap = body.indexOf("::");
  let head: number[] | null;
  let tail: number[] | null;
  if (gap < 0) {
    head = hexGroups(body);
    tail = [];
    if (head === null || head.length !== groupsWanted) return null;
  } else {
    if (body.indexOf("::", gap + 1) >= 0) return null;
    head = hexGroups(body.slice(0, gap));
    tail = hexGroups(body.slice(gap + 2));
    if (head === null || tail === null || head.length + tail.length > groupsWanted - 1) return null;
  }
  head.forEach((group, i) => {
    out[i * 2] = group >> 8;
    out[i * 2 + 1] = group & 0xff;
  });
  const tailStart = groupsWanted - tail.length;
  tail.forEach((group, i) => {
    out[(tailStart + i) * 2] = group >> 8;
    out[(tailStart + i) * 2 + 1] = group & 0xff;
  });
  return out;
}

/**
 * An IPv4 (dotted decimal) or IPv6 address (with `::` and an IPv4 tail) in the 16-byte form, or
 * null. Zone ids (`fe80::1%eth0`) and brackets are not addresses here: CloudTrail writes neither.
 */
export function parseAddress(text: string): Address | null {
  if (text.length < 2 || text.length > 45) return null;
  if (text.indexOf(":") < 0) {
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    return writeIpv4(text, out, 12) ? out : null;
  }
  return parseIpv6(text);
}

/**
 * `address/prefix` (IPv4 prefix 0..32, IPv6 0..128) or a bare address (all bits fixed), or null.
 * Host bits after the prefix are allowed and ignored (`10.1.2.3/8` is `10.0.0.0/8`).
 */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf("/");
  const address = parseAddress(slash < 0 ? text : text.slice(0, slash));
  if (address === null) return null;
  if (slash < 0) return { bytes: address, prefix: 128 };
  const ipv4 = text.indexOf(":") < 0;
  const prefix = decimal(text.slice(slash + 1), ipv4 ? 32 : 128);
  if (prefix < 0) return null;
  return { bytes: address, prefix: ipv4 ? 96 + prefix : prefix };
}

/** Whether `address` lies in `cidr`. */
export function cidrContains(cidr: Cidr, address: Address): boolean {
  const whole = cidr.prefix >> 3;
  for (let i = 0; i < whole; i++) if (cidr.bytes[i] !== address[i]) return false;
  const bits = cidr.prefix & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return ((cidr.bytes[whole]! ^ address[whole]!) & mask) === 0;
}

/**
 * Whether a field holds addresses, so that `field:10.0.0.0/8` means a network there. Fields that
 * hold network texts themselves (`cidrIp`, `cidrBlock`) keep `0.0.0.0/0` as a value to equal.
 */
export function isAddressField(path: string): boolean {
  const last = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return !last.includes("cidr") && /ip(?:v[46])?(?:address(?:es)?)?$/.test(last);
}
