/**
 * Replaces every occurrence of each secret in `text` with `[REDACTED]`. Used on anything that may
 * echo a request (a remote error body) before it reaches a message or a log line.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4 && out.includes(s)) out = out.split(s).join('[REDACTED]');
  }
  return out;
}
