import type { ParseInput } from './parse-input.js';

/** Longest prolog looked at: past it the text goes to the XML parser as it is. */
const MAX_PROLOG_CHARS = 1024 * 1024;

/**
 * Lets saxes read XML whose prolog has comments, processing instructions or whitespace before
 * the XML declaration, as reports with a license header do (secureCodeBox's test reports, ZAP
 * reports passed through a templating step). XML wants the declaration first and saxes refuses it
 * anywhere else; other readers (sax, libxml2 in recover mode) accept it. Text is held back until
 * the prolog is known; a misplaced declaration is blanked with spaces, so lines and columns in
 * error messages stay true. `push` returns the text to feed the parser, `end` what is left.
 */
export function createXmlPrologFixer(): { push(text: string): string; end(): string } {
  let held = '';
  let done = false;
  const release = (): string => {
    done = true;
    const out = blankMisplacedDeclaration(held);
    held = '';
    return out;
  };
  return {
    push(text) {
      if (done) return text;
      held += text;
      return prologComplete(held) || held.length > MAX_PROLOG_CHARS ? release() : '';
    },
    end: () => (done ? '' : release()),
  };
}

/** True once the text reaches past the prolog's comments and processing instructions. */
function prologComplete(text: string): boolean {
  let pos = skipPrologItems(text);
  while (pos < text.length && isSpace(text.charCodeAt(pos))) pos += 1;
  if (pos >= text.length) return false;
  // A partial `<!--` or `<?` at the end: wait for more.
  const rest = text.slice(pos, pos + 4);
  return !('<!--'.startsWith(rest) || rest === '<' || rest.startsWith('<?'));
}

/** Where the leading run of whitespace, comments and processing instructions ends. */
function skipPrologItems(text: string): number {
  let pos = 0;
  for (;;) {
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos += 1;
    const close = text.startsWith('<!--', pos) ? '-->' : text.startsWith('<?', pos) ? '?>' : undefined;
    if (!close) return pos;
    const end = text.indexOf(close, pos + 2);
    if (end < 0) return pos;
    pos = end + close.length;
  }
}

/** Replaces an XML declaration that is not at the very start with spaces (newlines kept). */
function blankMisplacedDeclaration(text: string): string {
  let pos = 0;
  for (;;) {
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos += 1;
    const isComment = text.startsWith('<!--', pos);
    if (!isComment && !text.startsWith('<?', pos)) return text;
    const close = isComment ? '-->' : '?>';
    const end = text.indexOf(close, pos + 2);
    if (end < 0) return text;
    const next = end + close.length;
    if (!isComment && pos > 0 && isDeclaration(text, pos)) {
      const blank = text.slice(pos, next).replace(/[^\n]/g, ' ');
      return text.slice(0, pos) + blank + text.slice(next);
    }
    pos = next;
  }
}

/** `<?xml` followed by whitespace or `?>`: the declaration, not a PI whose target starts with xml. */
function isDeclaration(text: string, pos: number): boolean {
  if (!text.startsWith('<?xml', pos)) return false;
  const after = text.charCodeAt(pos + 5);
  return isSpace(after) || text.startsWith('?>', pos + 5);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * The report's text as it goes to saxes, chunk by chunk: decoded as UTF-8 across chunk boundaries,
 * with the prolog made acceptable (see createXmlPrologFixer). Feed each piece to the parser and take
 * what it completed before asking for the next.
 */
export async function* xmlText(input: ParseInput): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const prolog = createXmlPrologFixer();
  for await (const chunk of input.chunks(256 * 1024)) {
    const s = prolog.push(decoder.decode(chunk, { stream: true }));
    if (s) yield s;
  }
  const rest = prolog.push(decoder.decode()) + prolog.end();
  if (rest) yield rest;
}
