/** Long runs without dots or "=": what a key, token or hash looks like (a `NAME=` stays readable). */
const TOKEN = /[A-Za-z0-9+/_-]{20,}/g;

/** Letters and digits mixed, or (32+ characters) upper and lower case mixed: likely random. */
function maskToken(token: string): string {
  const mixed = /[A-Za-z]/.test(token) && /\d/.test(token);
  const cased = token.length >= 32 && /[a-z]/.test(token) && /[A-Z]/.test(token);
  return mixed || cased ? `${token.slice(0, 4)}********` : token;
}

/**
 * A line of a secret scanner's context made safe to store: every occurrence of the finding's own
 * secret becomes its redacted form, and any other long letters-and-digits token (which may be another
 * secret on the same line) is cut to 4 characters and asterisks. At most 300 characters are kept.
 */
export function redactLine(line: string, secret: string | undefined, redacted: string): string {
  // Each step is skipped when it cannot change anything (this runs for every secret finding).
  let out = secret && secret.length > 0 && line.includes(secret) ? line.split(secret).join('\u0001') : line;
  if (out.length >= 20) out = out.replace(TOKEN, maskToken);
  if (out.includes('\u0001')) out = out.split('\u0001').join(redacted);
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}
