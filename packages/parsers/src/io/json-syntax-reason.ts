/**
 * The reason in a `JSON.parse` SyntaxError, without the excerpt of the input V8 quotes in its message
 * (it may hold a secret; the one offending character is kept), and the character position V8 gives, if any.
 */
export function jsonSyntaxReason(cause: unknown): { reason: string; position: number | undefined } {
  const message = cause instanceof Error ? cause.message : String(cause);
  const m = /position (\d+)/.exec(message);
  // V8 bounds the quoted excerpt, so these patterns only ever see a short message.
  const reason = message
    .replace(/, .* is not valid JSON$/s, '')
    .replace(/ (in JSON )?at position \d+.*$/s, '')
    .toLowerCase();
  return { reason, position: m ? Number(m[1]) : undefined };
}
