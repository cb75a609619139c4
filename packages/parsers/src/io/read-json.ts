import { ParseError } from '../parse-error.js';
import { jsonSyntaxReason } from './json-syntax-reason.js';
import type { ParseInput } from './parse-input.js';

/** Reports at most this size are read whole; larger ones must use a streaming reader. */
const MAX_WHOLE_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** Reads the whole input as text (BOM removed). For formats that are small by nature. */
export async function readText(
  input: ParseInput,
  scanner: string,
  maxBytes = MAX_WHOLE_DOCUMENT_BYTES,
): Promise<string> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of input.chunks()) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new ParseError(
        scanner,
        { offset: maxBytes },
        `a report of at most ${maxBytes} bytes for this format`,
        {
          got: 'a larger one',
        },
      );
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/** Reads and parses a whole JSON document; a syntax error becomes a ParseError with the byte offset. */
export async function readJson(input: ParseInput, scanner: string, maxBytes?: number): Promise<unknown> {
  const text = await readText(input, scanner, maxBytes);
  if (text.trim() === '')
    throw new ParseError(scanner, { offset: 0 }, 'a JSON document', { got: 'an empty input' });
  try {
    return JSON.parse(text);
  } catch (cause) {
    // No `cause`: V8's message quotes the input, which may hold a secret.
    const { reason, position } = jsonSyntaxReason(cause);
    const offset = position !== undefined ? Buffer.byteLength(text.slice(0, position)) : undefined;
    throw new ParseError(scanner, { offset }, 'valid JSON', { got: reason });
  }
}
