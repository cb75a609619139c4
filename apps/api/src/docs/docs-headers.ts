/**
 * Only this service: scripts, styles, the document and "Try it out" requests come from the page's
 * own origin. `data:` images are allowed because swagger-ui.css draws its icons (arrows, the
 * dropdown caret) as inline `data:` SVG backgrounds; they are part of the stylesheet, not a request.
 * No inline script or style, no frames, no plugins, and the page cannot be framed.
 */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of the docs page and of its files. */
export function docsHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': DOCS_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}
