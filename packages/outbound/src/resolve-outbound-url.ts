import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { checkOutboundUrl } from './check-outbound-url.js';
import { isPrivateAddress } from './is-private-address.js';
import { OutboundError } from './outbound-error.js';
import type { OutboundPolicy } from './outbound-policy.js';

export interface ResolvedOutboundUrl {
  url: URL;
  /** Every address the host resolved to, all checked: connect to one of these (see createOutboundLookup). */
  addresses: LookupAddress[];
}

export interface ResolveOptions {
  /** All the addresses of a host name; default `dns.promises.lookup(host, { all: true })`. */
  lookup?: (hostname: string) => Promise<LookupAddress[]>;
}

const systemLookup = (hostname: string) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Checks a URL an API caller supplied: checkOutboundUrl, then every address its host resolves to
 * (a name is refused when any of its addresses is private, unless the policy allows private URLs).
 * Throws OutboundError. The addresses may change before the connection (DNS rebinding): connect
 * through createOutboundLookup, which checks the addresses actually used.
 */
export async function resolveOutboundUrl(
  input: string | URL,
  policy: OutboundPolicy = {},
  options: ResolveOptions = {},
): Promise<ResolvedOutboundUrl> {
  const checked = checkOutboundUrl(input, policy);
  if (!checked.ok) throw new OutboundError(checked.code, checked.reason);
  const { url, hostname, address } = checked;
  if (address !== undefined) return { url, addresses: [{ address, family: isIP(address) }] };
  let addresses: LookupAddress[];
  try {
    addresses = await (options.lookup ?? systemLookup)(hostname);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    throw new OutboundError('unresolvable', `cannot resolve ${hostname}: ${code}`, { cause });
  }
  if (addresses.length === 0) throw new OutboundError('unresolvable', `${hostname} has no address`);
  if (!policy.allowPrivateUrls) {
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) {
      throw new OutboundError(
        'private_address',
        `${hostname} resolves to ${refused.address}, a private or special address`,
        { address: refused.address },
      );
    }
  }
  return { url, addresses };
}
