/** Replaces the five characters that matter in HTML text and double- or single-quoted attributes. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The URL when it is an absolute `http:` or `https:` URL without credentials; otherwise undefined. */
export function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

/**
 * `<a href>` around already-escaped `innerHtml` when `href` is an http(s) URL, else `fallback`
 * (by default the inner HTML alone). `title` is plain text.
 */
export function link(
  href: string | undefined,
  innerHtml: string,
  options: { title?: string; fallback?: string } = {},
): string {
  const safe = httpUrl(href);
  const title = options.title === undefined ? '' : ` title="${escapeHtml(options.title)}"`;
  if (safe === undefined) return options.fallback ?? innerHtml;
  return `<a href="${escapeHtml(safe)}"${title} rel="noopener noreferrer">${innerHtml}</a>`;
}

/** `<time datetime>` with a readable UTC form; an unparsable value is shown as it came, escaped. */
export function time(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeHtml(iso);
  const d = new Date(ms).toISOString();
  return `<time datetime="${escapeHtml(d)}">${escapeHtml(`${d.slice(0, 10)} ${d.slice(11, 16)} UTC`)}</time>`;
}
