import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from './is-private-address.js';
import { OutboundError } from './outbound-error.js';
import type { OutboundPolicy } from './outbound-policy.js';

type LookupAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for `net.connect`, `http.Agent` / `https.Agent` or undici's `connect` option that
 * refuses private addresses when the connection is made, so that the address connected to is the
 * address checked (a name cannot resolve to a public address for the check and to 127.0.0.1 for the
 * connection). Node does not call `lookup` for IP literals: check those with checkOutboundUrl first.
 */
export function createOutboundLookup(
  policy: OutboundPolicy = {},
  lookupAll: LookupAll = dnsLookup as LookupAll,
): LookupFunction {
  return (hostname, options, callback) => {
    lookupAll(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const refused = policy.allowPrivateUrls
        ? undefined
        : addresses.find((a) => isPrivateAddress(a.address));
      if (refused) {
        const e = new OutboundError(
          'private_address',
          `${hostname} resolves to ${refused.address}, a private or special address`,
          { address: refused.address },
        );
        return callback(e as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new OutboundError('unresolvable', `${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
