/** Query parameters whose values are credentials (`?token=…`, `&api_key=…`), case-insensitive. */
const SECRET_QUERY =
  /([?&](?:access_token|refresh_token|id_token|api[_-]?key|apikey|api[_-]?token|token|secret|client_secret|password|passwd|pwd|sig|signature|key|code|auth)=)[^&#\s"']*/gi;

/**
 * `text` with the credentials of every URL in it replaced by `***`: the user info
 * (`https://user:pass@host` → `https://***@host`) and secret query values (`?token=***`). Linear in
 * the length of `text` (it may come from a scanned site), and cheap for text without URLs.
 */
export function redactUrlSecrets(text: string): string {
  let out = text.includes('://') ? redactUserInfo(text) : text;
  if (out.includes('=') && (out.includes('?') || out.includes('&'))) out = out.replace(SECRET_QUERY, '$1***');
  return out;
}

/** After each `://`, the authority up to the first `/ ? # @` or blank: when it ends at `@`, it holds credentials. */
function redactUserInfo(text: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf('://'); at !== -1; ) {
    const start = at + 3;
    let end = start;
    while (end < text.length && !isAuthorityEnd(text.charCodeAt(end))) end++;
    if (text[end] === '@' && end > start) {
      out += `${text.slice(from, start)}***`;
      from = end;
    }
    // The authority holds no '/', so the next '://' starts at `end - 1` at the earliest: each character is read once.
    at = text.indexOf('://', Math.max(start, end - 1));
  }
  return from === 0 ? text : out + text.slice(from);
}

/** `/ ? # @`, whitespace, quotes: where a URL's authority (`user:pass@host:port`) ends. */
function isAuthorityEnd(c: number): boolean {
  return c === 47 || c === 63 || c === 35 || c === 64 || c <= 32 || c === 34 || c === 39;
}
