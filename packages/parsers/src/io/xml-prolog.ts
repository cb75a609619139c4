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

/** Bytes read at a time. */
const CHUNK_BYTES = 256 * 1024;
/**
 * About how many bytes are decoded and handed to saxes at a time: a chunk is cut into pieces, so that
 * the text stays out of V8's large-object space and the elements of one piece are handled, and die
 * young, before the next is parsed. A piece ends just after a `<` (see `pieceEnd`).
 */
const PIECE_BYTES = 64 * 1024;

/**
 * Where the piece of `chunk` that starts at `at` ends: just after the first `<` at least PIECE_BYTES
 * on, else at the chunk's end. saxes gives the same events and errors, at the same lines and columns,
 * for the cut text as for the whole chunk (a fuzz test of saxes 6 found no difference), which a cut
 * elsewhere does not promise: text outside the root is reported where a write ends. A `<` byte is
 * never inside a multi-byte character.
 */
function pieceEnd(chunk: Buffer, at: number): number {
  if (chunk.length - at <= PIECE_BYTES) return chunk.length;
  const lt = chunk.indexOf(0x3c, at + PIECE_BYTES);
  return lt < 0 ? chunk.length : lt + 1;
}

/**
 * How many leading bytes of `b` can be decoded now: all of them, unless they end with the start of a
 * multi-byte sequence that is valid so far, which is then kept for the next chunk (a streaming
 * TextDecoder waits for it too; a sequence already invalid gives its U+FFFD at once, as there).
 */
function completeLength(b: Uint8Array): number {
  const n = b.length;
  if (n === 0 || b[n - 1]! < 0x80) return n;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const c = b[i]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte
    const need = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 1;
    if (n - i >= need) return n;
    if (i + 1 < n) {
      // The second byte's range depends on the lead (no overlong forms, surrogates or > U+10FFFF).
      const d = b[i + 1]!;
      const low = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
      const high = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
      if (d < low || d > high) return n;
    }
    return i;
  }
  return n;
}

/**
 * UTF-8 decoding across chunks, giving the same text as a streaming `TextDecoder` (a leading BOM
 * dropped, each invalid sequence one U+FFFD) through `Buffer#toString`, which is faster than the
 * streaming TextDecoder. A chunk is decoded up to its last whole character: a sequence cut by the
 * chunk's end waits for the next.
 */
class Utf8Text {
  #held: Buffer | undefined;
  #atStart = true;

  decode(chunk: Buffer): string {
    let bytes = chunk;
    if (this.#held) {
      bytes = Buffer.concat([this.#held, bytes]);
      this.#held = undefined;
    }
    const end = completeLength(bytes);
    // Copied: a stream may reuse its buffer once the next chunk is asked for.
    if (end < bytes.length) this.#held = Buffer.from(bytes.subarray(end));
    return this.#start(end === 0 ? '' : bytes.toString('utf8', 0, end));
  }

  /** What is held at the end of input: a cut sequence, one U+FFFD as TextDecoder gives. */
  end(): string {
    const held = this.#held;
    this.#held = undefined;
    return held ? this.#start(held.toString('utf8')) : '';
  }

  #start(text: string): string {
    if (!this.#atStart || text === '') return text;
    this.#atStart = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

/**
 * The report's text as it goes to saxes, piece by piece: read 256 KiB at a time, cut into pieces of
 * about 64 KiB that end just after a `<` (pieceEnd), decoded as UTF-8 across piece boundaries
 * (Utf8Text), with the prolog made acceptable (see createXmlPrologFixer). Feed each piece to the
 * parser and take what it completed before asking for the next: the text of a piece stays out of V8's
 * large-object space and what it completes dies young.
 */
export async function* xmlText(input: ParseInput): AsyncGenerator<string> {
  const utf8 = new Utf8Text();
  const prolog = createXmlPrologFixer();
  for await (const chunk of input.chunks(CHUNK_BYTES)) {
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let at = 0; at < bytes.length; ) {
      const end = pieceEnd(bytes, at);
      const s = prolog.push(utf8.decode(at === 0 && end === bytes.length ? bytes : bytes.subarray(at, end)));
      at = end;
      if (s !== '') yield s;
    }
  }
  const rest = prolog.push(utf8.end()) + prolog.end();
  if (rest !== '') yield rest;
}
