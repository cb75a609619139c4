import type { ParseInput } from '../io/parse-input.js';
import { readLines } from '../io/read-lines.js';
import { ParseError } from '../parse-error.js';

const MAX_VALUE_CHARS = 64 * 1024 * 1024;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The top-level JSON values of a stream of concatenated values (`{…}\n{…}`, pretty-printed or one a
 * line, as `govulncheck -json` writes), each parsed on its own with the line it starts on. A single
 * scan per character tracks strings and nesting; memory is one value. Text outside values other than
 * whitespace, an unclosed value or a value JSON.parse refuses is a ParseError with the line.
 */
export async function* readJsonValues(
  input: ParseInput,
  scanner: string,
  expected: string,
): AsyncGenerator<{ value: unknown; line: number }> {
  let parts: string[] = [];
  let size = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let startLine = 0;
  for await (const { line, number } of readLines(input)) {
    let from = depth > 0 ? 0 : -1;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (depth === 0) {
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          depth = 1;
          from = i;
          startLine = number;
          continue;
        }
        if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0xfeff) continue;
        throw new ParseError(scanner, { line: number }, expected, { got: 'text outside a JSON object' });
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) {
          parts.push(line.slice(from, i + 1));
          const text = parts.join('\n');
          parts = [];
          size = 0;
          from = -1;
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch (cause) {
            throw new ParseError(scanner, { line: startLine }, 'well-formed JSON', {
              cause,
              got: 'malformed JSON',
            });
          }
          yield { value, line: startLine };
        }
      }
    }
    if (depth > 0) {
      const piece = from >= 0 ? line.slice(from) : line;
      size += piece.length + 1;
      if (size > MAX_VALUE_CHARS)
        throw new ParseError(scanner, { line: startLine }, `${expected} (values under 64 MiB)`, {
          got: 'a larger value',
        });
      parts.push(piece);
    }
  }
  if (depth > 0)
    throw new ParseError(scanner, { line: startLine }, 'well-formed JSON', {
      got: 'a value cut off at the end',
    });
}
