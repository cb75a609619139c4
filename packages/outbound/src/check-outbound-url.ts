import { isIP } from 'node:net';
import { isPrivateAddress } from './is-private-address.js';
import type { OutboundErrorCode } from './outbound-error.js';
import type { OutboundPolicy } from './outbound-policy.js';

export type OutboundUrlCheck =
  | {
      ok: true;
      url: URL;
      /** The host to resolve, without IPv6 brackets. */
      hostname: string;
      /** The host when it is an IP literal (after WHATWG normalisation: `0x7f000001` is `127.0.0.1`). */
      address: string | undefined;
    }
  | { ok: false; code: OutboundErrorCode; reason: string };

/** `localhost` and its subdomains always name the local host (RFC 6761), whatever DNS says. */
const LOCALHOST = /(^|\.)localhost\.?$/i;

/**
 * The checks that need no DNS: a parseable URL, `https:` (or `http:` when allowed), no credentials,
 * and, unless private URLs are allowed, no private IP literal and no `localhost`. Untrusted input
 * gets a result, never an exception. The name's addresses are checked by resolveOutboundUrl.
 */
export function checkOutboundUrl(input: string | URL, policy: OutboundPolicy = {}): OutboundUrlCheck {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, code: 'invalid_url', reason: 'expected an absolute URL' };
  }
  const schemes = policy.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    const allowed = policy.allowHttp ? 'https or http' : 'https';
    return {
      ok: false,
      code: 'scheme_not_allowed',
      reason: `expected an ${allowed} URL, got ${url.protocol.replace(/:$/, '')}`,
    };
  }
  if (url.username || url.password)
    return { ok: false, code: 'credentials_in_url', reason: 'credentials in the URL are refused' };
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const address = isIP(hostname) ? hostname : undefined;
  if (!policy.allowPrivateUrls) {
    if (address !== undefined && isPrivateAddress(address))
      return { ok: false, code: 'private_address', reason: `${address} is a private or special address` };
    if (LOCALHOST.test(hostname))
      return { ok: false, code: 'private_address', reason: `${hostname} names the local host` };
  }
  return { ok: true, url, hostname, address };
}
