import type { ParseInput } from './parse-input.js';

/** The lines completed by one input chunk: `lines[i]` is line number `first + i` (1-based). */
export interface LineBatch {
  lines: string[];
  first: number;
}

const NL = 0x0a;

/** Decodes whole lines (`bytes` ends with a line ending) and splits them; one '\r' before '\n' goes. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  lines.pop(); // the empty string after the last '\n'
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/**
 * The input's lines, grouped by input chunk (one `await` per chunk rather than per line), with their
 * 1-based numbers. Bytes are decoded as UTF-8 (an invalid sequence becomes U+FFFD, a leading BOM is
 * dropped) one run of whole lines at a time: a line ending never splits a character, so this is the
 * same text as a streaming decoder gives. Memory stays at one chunk plus the longest line.
 */
export async function* readLineBatches(input: ParseInput): AsyncGenerator<LineBatch> {
  let pending: Uint8Array[] = [];
  let number = 1;
  let atStart = true;
  const decode = (bytes: Uint8Array): string => {
    const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let text = b.toString('utf8');
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
    let lines: string[];
    if (pending.length > 0) {
      // Only the line that spans the chunks is joined (a copy of one line, not of the whole chunk): decoded
      // apart from the rest, since a line ending never splits a character.
      const firstEnd = chunk.indexOf(NL) + 1;
      pending.push(chunk.subarray(0, firstEnd));
      const spanning = splitLines(decode(Buffer.concat(pending)))[0]!;
      pending = [];
      lines = firstEnd <= last ? splitLines(decode(chunk.subarray(firstEnd, last + 1))) : [];
      lines.unshift(spanning);
    } else lines = splitLines(decode(chunk.subarray(0, last + 1)));
    if (last + 1 < chunk.byteLength) pending.push(Buffer.from(chunk.subarray(last + 1)));
    yield { lines, first: number };
    number += lines.length;
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
