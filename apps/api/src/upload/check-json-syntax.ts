import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { JSONParser } from '@streamparser/json';

/** Files up to this size are checked with `JSON.parse` (fast); larger ones with a streaming tokenizer (bounded memory). */
export const WHOLE_PARSE_BYTES = 8 * 1024 * 1024;

export interface JsonSyntaxError {
  /** Byte offset near the problem (the end of the chunk being read when known only roughly). */
  offset: number;
  message: string;
}

/**
 * Checks that a file is well-formed JSON, or JSON Lines. Small files are parsed whole; larger ones
 * in a streaming pass with bounded memory (values are dropped as soon as they are complete).
 * Returns undefined when the file is well-formed.
 */
export async function checkJsonSyntax(file: string): Promise<JsonSyntaxError | undefined> {
  if ((await stat(file)).size <= WHOLE_PARSE_BYTES)
    return checkWhole((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  return checkStreaming(file);
}

function checkWhole(text: string): JsonSyntaxError | undefined {
  const whole = tryParse(text, 0);
  if (!whole) return undefined;
  // JSON Lines: every non-empty line a document.
  if (!text.trimEnd().includes('\n')) return whole;
  let offset = 0;
  for (const line of text.split('\n')) {
    const bad = line.trim() === '' ? undefined : tryParse(line, offset);
    if (bad)
      return bad.offset === offset + line.trimEnd().length ? whole : bad.offset > whole.offset ? bad : whole;
    offset += Buffer.byteLength(line) + 1;
  }
  return undefined;
}

function tryParse(text: string, base: number): JsonSyntaxError | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    const position = at ? Number(at[1]) : text.length;
    if (
      position >= text.trimEnd().length ||
      /Unexpected end of JSON input|Unterminated string/.test(message)
    ) {
      return { offset: base + Buffer.byteLength(text), message: TRUNCATED };
    }
    return {
      offset: base + Buffer.byteLength(text.slice(0, position)),
      message: message.replace(/,? ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+/, ''),
    };
  }
}

const TRUNCATED = 'the JSON ends before its last value is complete (truncated?)';

async function checkStreaming(file: string): Promise<JsonSyntaxError | undefined> {
  // A selector that never matches: nothing is emitted and completed values are discarded.
  const parser = new JSONParser({ paths: ['$.\u0000'], keepStack: false, separator: '' });
  let error: Error | undefined;
  let offset = 0;
  /** Where the last token started: where a grammar error is. */
  let tokenAt = 0;
  parser.onToken = (t) => {
    tokenAt = t.offset;
  };
  parser.onError = (e) => {
    error ??= e;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) {
    try {
      parser.write(chunk as Buffer);
    } catch (e) {
      error ??= e as Error;
    }
    if (error) return describe(error, tokenAt, offset);
    offset += (chunk as Buffer).length;
  }
  try {
    parser.end();
  } catch (e) {
    error ??= e as Error;
  }
  return error ? describe(error, tokenAt, offset) : undefined;
}

function describe(error: Error, tokenAt: number, bytesRead: number): JsonSyntaxError {
  if (/ended in (mid-parsing|the middle of a token)/.test(error.message)) {
    return { offset: bytesRead, message: TRUNCATED };
  }
  const absolute = /absolute position "(\d+)"/.exec(error.message);
  return {
    offset: absolute ? Number(absolute[1]) : tokenAt,
    message: error.message
      .replace(/ at chunk position "\d+"/, '')
      .replace(/\s*\(absolute position "\d+"\)/, ''),
  };
}
