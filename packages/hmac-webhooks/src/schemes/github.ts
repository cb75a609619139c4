import { getHeader } from '../headers-input.js';
import { fromHex64 } from '../hmac.js';
import { failure, isVerifyFailure } from '../verify-result.js';
import { readId } from './header-values.js';
import type { SchemeAdapter } from './scheme-adapter.js';

export const GITHUB_SIGNATURE_HEADER = 'x-hub-signature-256';
export const GITHUB_DELIVERY_HEADER = 'x-github-delivery';

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex>` over the raw body, keyed with the secret's UTF-8 bytes. No
 * timestamp is signed; the delivery id is `X-GitHub-Delivery` (not signed either: see the README).
 */
export const githubScheme: SchemeAdapter = {
  scheme: 'github',
  parse(headers) {
    const header = getHeader(headers, GITHUB_SIGNATURE_HEADER);
    if (header === undefined || header.trim() === '') {
      return failure(
        'header_missing',
        `the ${GITHUB_SIGNATURE_HEADER} header is missing`,
        GITHUB_SIGNATURE_HEADER,
      );
    }
    const value = header.trim();
    const digest = value.startsWith('sha256=') ? fromHex64(value, 'sha256='.length) : undefined;
    if (!digest) {
      return failure(
        'header_malformed',
        `the ${GITHUB_SIGNATURE_HEADER} header must be sha256=<64 hex digits>`,
        GITHUB_SIGNATURE_HEADER,
      );
    }
    const id = readId(getHeader(headers, GITHUB_DELIVERY_HEADER), GITHUB_DELIVERY_HEADER);
    if (isVerifyFailure(id)) return id;
    return { prefix: '', signatures: [digest], id, timestampMs: null };
  },
  prefix: () => '',
  headers(signatures, meta) {
    if (signatures.length !== 1) {
      throw new TypeError(
        `@scanrelay/hmac-webhooks: the github scheme carries exactly one signature, got ${signatures.length} secrets`,
      );
    }
    return {
      'X-GitHub-Delivery': meta.id,
      'X-Hub-Signature-256': `sha256=${signatures[0]!.toString('hex')}`,
    };
  },
  sendsId: () => true,
  signsTimestamp: () => false,
};
