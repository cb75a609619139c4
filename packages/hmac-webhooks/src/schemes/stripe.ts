import { getHeader } from '../headers-input.js';
import { fromHex64 } from '../hmac.js';
import { failure } from '../verify-result.js';
import { isSeconds } from './header-values.js';
import type { SchemeAdapter } from './scheme-adapter.js';

export const STRIPE_SIGNATURE_HEADER = 'stripe-signature';

/**
 * Stripe-style: `Stripe-Signature: t=<seconds>,v1=<hex>[,v1=<hex>…]` over `<t>.<raw body>`, keyed with the whole
 * secret string (`whsec_…` included) as UTF-8. Only `v1` counts (`v0` and other schemes are ignored, so no
 * downgrade). No id is signed: the delivery id is `sha256:` of the signed content.
 */
export const stripeScheme: SchemeAdapter = {
  scheme: 'stripe',
  parse(headers) {
    const header = getHeader(headers, STRIPE_SIGNATURE_HEADER);
    if (header === undefined || header.trim() === '') {
      return failure(
        'header_missing',
        `the ${STRIPE_SIGNATURE_HEADER} header is missing`,
        STRIPE_SIGNATURE_HEADER,
      );
    }
    let t: string | undefined;
    const signatures: Uint8Array[] = [];
    for (const item of header.split(',')) {
      const eq = item.indexOf('=');
      if (eq < 0) continue;
      const key = item.slice(0, eq).trim();
      const value = item.slice(eq + 1).trim();
      if (key === 't' && t === undefined) t = value;
      else if (key === 'v1') {
        const digest = fromHex64(value);
        if (digest) signatures.push(digest);
      }
    }
    if (t === undefined || !isSeconds(t)) {
      return failure(
        'header_malformed',
        `the ${STRIPE_SIGNATURE_HEADER} header must start with t=<Unix seconds>`,
        STRIPE_SIGNATURE_HEADER,
      );
    }
    if (signatures.length === 0) {
      return failure(
        'header_malformed',
        `the ${STRIPE_SIGNATURE_HEADER} header has no v1=<64 hex digits> entry (v0 and other schemes are ignored)`,
        STRIPE_SIGNATURE_HEADER,
      );
    }
    return { prefix: `${t}.`, signatures, timestampMs: Number(t) * 1000 };
  },
  prefix: (meta) => `${meta.timestamp}.`,
  headers: (signatures, meta) => ({
    'Stripe-Signature': [`t=${meta.timestamp}`, ...signatures.map((s) => `v1=${s.toString('hex')}`)].join(
      ',',
    ),
  }),
  sendsId: () => false,
  signsTimestamp: () => true,
};
