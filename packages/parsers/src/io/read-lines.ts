import { isAscii } from 'node:buffer';
import type { ParseInput } from './parse-input.js';

/** A run of whole lines (one piece of an input chunk): `lines[i]` is line number `first + i` (1-based). */
export interface LineBatch {
  lines: string[];
  first: number;
}

const NL = 0x0a;

/**
 * Bytes decoded at a time: at most this many (more only for one longer line), cut after a line ending. V8
 * puts a string above ~128 KiB in its large-object space, whose fresh pages cost more to fill than the
 * decoding itself: 1 MiB at once decodes 10–20× slower than the same bytes 64 KiB at a time.
 */
const PIECE = 64 * 1024;

/** Appends the lines of `text` (whole lines: it ends with '\n') to `lines`; one '\r' before '\n' goes. */
function splitInto(text: string, lines: string[]): void {
  let at = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
    const end = nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    lines.push(text.slice(at, end));
    at = nl + 1;
  }
}

/**
 * The input's lines, in batches of about `PIECE` bytes (one `await` per batch rather than per line), with
 * their 1-based numbers. Bytes are decoded as UTF-8 (an invalid sequence becomes U+FFFD, a leading BOM is
 * dropped; ASCII runs are copied as they are) one run of whole lines at a time: a line ending never
 * splits a character, so this is the same text as a streaming decoder gives. Memory stays at one chunk
 * plus the longest line; a batch's text is young garbage once its lines are read.
 */
export async function* readLineBatches(input: ParseInput): AsyncGenerator<LineBatch> {
  let pending: Uint8Array[] = [];
  let number = 1;
  let atStart = true;
  const decode = (bytes: Uint8Array): string => {
    const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // ASCII is the same text in latin1, which is a plain copy (UTF-8 decoding checks every byte).
    let text = isAscii(b) ? b.toString('latin1') : b.toString('utf8');
    if (atStart) {
      // As TextDecoder does (one BOM), and then one more U+FEFF, as readLines always did.
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  };
  for await (const chunk of input.chunks()) {
    const last = chunk.lastIndexOf(NL);
    if (last < 0) {
      // Copied: a stream may reuse its buffer once the next chunk is asked for.
      if (chunk.byteLength > 0) pending.push(Buffer.from(chunk));
      continue;
    }
    let start = 0;
    if (pending.length > 0) {
      // Only the line that spans the chunks is joined (a copy of one line, not of the whole chunk): decoded
      // apart from the rest, since a line ending never splits a character.
      start = chunk.indexOf(NL) + 1;
      pending.push(chunk.subarray(0, start));
      const lines: string[] = [];
      splitInto(decode(Buffer.concat(pending)), lines);
      pending = [];
      yield { lines, first: number };
      number += lines.length;
    }
    // A piece at a time, each its own batch: a piece's text and lines die before the next piece is read.
    while (start <= last) {
      let cut = last + 1;
      if (cut - start > PIECE) {
        cut = chunk.lastIndexOf(NL, start + PIECE - 1) + 1;
        if (cut <= start) cut = chunk.indexOf(NL, start + PIECE) + 1; // one line longer than a piece
      }
      const lines: string[] = [];
      splitInto(decode(chunk.subarray(start, cut)), lines);
      start = cut;
      yield { lines, first: number };
      number += lines.length;
    }
    if (last + 1 < chunk.byteLength) pending.push(Buffer.from(chunk.subarray(last + 1)));
  }
  if (pending.length > 0) {
    let line = decode(Buffer.concat(pending));
    if (line.length > 0) {
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      yield { lines: [line], first: number };
    }
  }
}

/** Yields each line (without its line ending) with its 1-based number; memory stays per line. */
export async function* readLines(input: ParseInput): AsyncGenerator<{ line: string; number: number }> {
  for await (const { lines, first } of readLineBatches(input)) {
    for (let i = 0; i < lines.length; i++) yield { line: lines[i]!, number: first + i };
  }
}
