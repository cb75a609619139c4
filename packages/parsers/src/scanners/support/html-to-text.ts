const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

// Every pattern here runs on text from the scanned site, so each must take linear time. The tag
// patterns ending in `[^>]*>` would rescan to the end from every `<` that has no `>` after it
// (quadratic): they only see the text up to the last `>`, where every such scan stops at a `>`.
// The others consume what they scan or fail within one run of whitespace.
const BR = /<\s*br\s*\/?>/gi;
const LI = /<\s*li[^>]*>/gi;
const BLOCK_END = /<\/\s*(p|div|h\d|ul|ol|tr|pre)\s*>/gi;
const TAG = /<[^>]*>/g;
const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+);/gi;
const MANY_NEWLINES = /\n{3,}/g;

/** Replaces `pattern` (which needs a `>` to match) in the text up to its last `>` only. */
function replaceTags(text: string, pattern: RegExp, replacement: string): string {
  const end = text.lastIndexOf('>') + 1;
  if (end === 0) return text;
  return end === text.length
    ? text.replace(pattern, replacement)
    : text.slice(0, end).replace(pattern, replacement) + text.slice(end);
}

function decodeEntity(match: string, entity: string): string {
  const lower = entity.toLowerCase();
  if (ENTITIES[lower] !== undefined) return ENTITIES[lower];
  const code = lower.startsWith('#x')
    ? Number.parseInt(lower.slice(2), 16)
    : lower.startsWith('#')
      ? Number(lower.slice(1))
      : Number.NaN;
  // A reference to no Unicode code point (`&#99999999;`) stays as written.
  return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
}

/** Drops the spaces and tabs that end each line (what `/[ \t]+\n/g` did, in one pass). */
function trimLineEnds(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i] as string;
    let end = line.length;
    while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
    if (end !== line.length) lines[i] = line.slice(0, end);
  }
  return lines.join('\n');
}

/**
 * Turns the small HTML fragments DAST tools put in descriptions into plain text: block ends and
 * `<br>` become line breaks, list items get "- ", tags go, common entities are decoded. Linear in
 * the length of the input, whatever it holds.
 */
export function htmlToText(html: string): string {
  let s = html;
  // Each step is skipped when the character every one of its matches needs is absent (the tag steps
  // add no `<`): the same text, without scanning it for nothing.
  if (s.includes('<')) {
    s = s.replace(BR, '\n');
    s = replaceTags(s, LI, '\n- ');
    s = s.replace(BLOCK_END, '\n');
    s = replaceTags(s, TAG, '');
  }
  if (s.includes('&')) s = s.replace(ENTITY, decodeEntity);
  if (s.includes('\n')) {
    s = trimLineEnds(s);
    if (s.includes('\n\n\n')) s = s.replace(MANY_NEWLINES, '\n\n');
  }
  return s.trim();
}

/** The absolute http(s) links (`href="…"`) in an HTML fragment, unique and in order. */
export function linksInHtml(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
    const url = m[1]?.replaceAll('&amp;', '&');
    if (url && /^https?:\/\//i.test(url)) out.add(url);
  }
  return [...out];
}
