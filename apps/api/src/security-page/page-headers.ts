import { createHash } from 'node:crypto';
import { SECURITY_PAGE_CSS } from './security-page-styles.js';

/** The CSP source of the page's one `<style>` element: its SHA-256, so no other style applies. */
export const STYLE_HASH_SOURCE = `'sha256-${createHash('sha256').update(SECURITY_PAGE_CSS, 'utf8').digest('base64')}'`;

/**
 * Nothing loads but the inline stylesheet: no script, image, font or frame, from this host or
 * another; the page cannot be framed, submit a form or change its base URL.
 */
export const SECURITY_PAGE_CSP = [
  "default-src 'none'",
  `style-src ${STYLE_HASH_SOURCE}`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every answer of the HTML page, the error pages included. */
export function securityPageHeaders(): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': SECURITY_PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}
