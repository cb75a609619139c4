import { describeHead } from './describe-head.js';
import { ParseInput, type ParseSource } from './io/parse-input.js';
import { ParseError } from './parse-error.js';
import { SCANNER_IDS, type ScannerId } from './scanner-ids.js';
import type { ParseOptions, ScannerParser } from './scanner-parser.js';
import { parsers } from './scanners/parsers.js';

const byId = new Map<string, ScannerParser>(parsers.map((p) => [p.id, p]));

export function getParser(id: string): ScannerParser | undefined {
  return byId.get(id);
}

/** Every parser, in detection order. */
export function listParsers(): readonly ScannerParser[] {
  return parsers;
}

export function isScannerId(id: string): id is ScannerId {
  return (SCANNER_IDS as readonly string[]).includes(id);
}

export interface Detection {
  scanner: ScannerId;
  confidence: number;
}

/** Detects a report's format from its head. Returns undefined when no parser recognises it. */
export function detectScannerFromHead(head: string): Detection | undefined {
  let best: Detection | undefined;
  for (const p of parsers) {
    let confidence = 0;
    try {
      confidence = p.detect(head);
    } catch {
      confidence = 0;
    }
    if (confidence > 0 && (!best || confidence > best.confidence)) best = { scanner: p.id, confidence };
  }
  return best;
}

/** Reads the head of the input and detects its format; a ParseError says why when nothing matches. */
export async function detectScanner(source: ParseSource | ParseInput): Promise<Detection> {
  const input = ParseInput.from(source);
  const head = await input.headText();
  if (head.trim() === '')
    throw new ParseError('auto', { offset: 0 }, 'a scanner report', { got: 'an empty input' });
  const found = detectScannerFromHead(head);
  if (!found) {
    throw new ParseError('auto', { offset: 0 }, `a report of one of: ${SCANNER_IDS.join(', ')}`, {
      got: `an unrecognised document: ${describeHead(head)}`,
    });
  }
  return found;
}

/**
 * Parses a report with the named parser or, for `auto`, the detected one. Returns the parser used and
 * the stream of findings.
 */
export async function parseReport(
  source: ParseSource | ParseInput,
  options: { scannerType?: string } & ParseOptions = {},
): Promise<{ scanner: ScannerId; findings: AsyncIterable<import('@scanrelay/findings-schema').Finding> }> {
  const input = ParseInput.from(source);
  const type = options.scannerType ?? 'auto';
  let scanner: ScannerId;
  if (type === 'auto') scanner = (await detectScanner(input)).scanner;
  else if (isScannerId(type)) scanner = type;
  else
    throw new TypeError(
      `@scanrelay/parsers: unknown scanner type "${type}"; expected auto or one of ${SCANNER_IDS.join(', ')}`,
    );
  const parser = byId.get(scanner);
  if (!parser) throw new TypeError(`@scanrelay/parsers: no parser registered for "${scanner}"`);
  return {
    scanner,
    findings: parser.parse(input, {
      onWarning: options.onWarning,
      oneFindingPerRecord: options.oneFindingPerRecord,
    }),
  };
}

/** Collects an async iterable into an array (for small reports and tests). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
