import { BlockList, isIP } from 'node:net';

/** IPv4 ranges that are not globally reachable (IANA special-purpose registry), plus multicast. */
const V4_RANGES: [string, number][] = [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 reaches the local host
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

/** IPv6 ranges that are not globally reachable; the ones embedding IPv4 are read in ipv4Inside. */
const V6_RANGES: [string, number][] = [
  ['::', 96], // unspecified, loopback, IPv4-compatible (deprecated)
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments, Teredo
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const v4 = new BlockList();
for (const [net, prefix] of V4_RANGES) v4.addSubnet(net, prefix, 'ipv4');
const v6 = new BlockList();
for (const [net, prefix] of V6_RANGES) v6.addSubnet(net, prefix, 'ipv6');

/** The 16 bytes of a valid IPv6 address (a trailing dotted quad allowed). */
function ipv6Bytes(address: string): number[] {
  let head = address;
  let quad: number[] = [];
  const tail = address.slice(address.lastIndexOf(':') + 1);
  if (tail.includes('.')) {
    quad = tail.split('.').map(Number);
    head = `${address.slice(0, address.lastIndexOf(':') + 1)}0:0`;
  }
  const [left = '', right] = head.split('::');
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const words = [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r].map((w) =>
    Number.parseInt(w, 16),
  );
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (quad.length === 4) bytes.splice(12, 4, ...quad);
  return bytes;
}

/** The IPv4 address an IPv6 address carries: IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`. */
function ipv4Inside(b: number[]): string | undefined {
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12).join('.');
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12))
    return b.slice(12).join('.');
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.');
  return undefined;
}

/**
 * True when an IP address is private, loopback, link-local or otherwise not globally reachable
 * (unspecified, CGNAT, documentation, multicast, reserved; IPv6 ULA, link-local, and IPv4 carried
 * inside IPv6). TypeError when `address` is not an IP address.
 */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 4) return v4.check(ip, 'ipv4');
  if (family !== 6)
    throw new TypeError(`@scanrelay/outbound: expected an IP address, got ${JSON.stringify(address)}`);
  const bytes = ipv6Bytes(ip);
  const inner = ipv4Inside(bytes);
  if (inner !== undefined) return v4.check(inner, 'ipv4');
  return v6.check(ip, 'ipv6');
}
