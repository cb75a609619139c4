import { SaxesParser } from 'saxes';
import type { ParseInput } from '../io/parse-input.js';
import { xmlErrorReason } from '../io/xml-elements.js';
import { xmlText } from '../io/xml-prolog.js';
import { ParseError } from '../parse-error.js';

/** One `<location>` of a cppcheck error (v2), or the error's own file/line (v1). */
export interface CppcheckLocation {
  file?: string;
  line?: string;
  column?: string;
  info?: string;
}

/** One `<error>` as written: its attributes, its locations in order and its `<symbol>`s. */
export interface CppcheckError {
  attributes: Record<string, string>;
  locations: CppcheckLocation[];
  symbols: string[];
  /** 1 for `--xml-version=1` (attributes only), 2 for `<results version="2">`. */
  version: 1 | 2;
  line: number;
}

/** Kept per error: enough for a trace, bounded against hostile reports. */
const MAX_LOCATIONS = 50;
const MAX_SYMBOLS = 20;
const MAX_TEXT = 4096;

/**
 * Streams the errors of a cppcheck XML report with saxes, one at a time: `--xml-version=2`
 * (`results/errors/error` with `location` and `symbol` children) and version 1 (`results/error` with
 * file and line attributes). Entities are never expanded (saxes reads no DTD; a DOCTYPE declaring
 * entities is refused). Comments and blank lines before the root are accepted.
 */
export async function* readCppcheckXml(input: ParseInput): AsyncGenerator<CppcheckError> {
  const parser = new SaxesParser({ position: true });
  const ready: CppcheckError[] = [];
  const stack: string[] = [];
  let version: 1 | 2 = 1;
  let error: CppcheckError | undefined;
  let inSymbol = false;
  let symbol = '';
  let sawRoot = false;

  const fail = (expected: string, got?: string): never => {
    throw new ParseError('cppcheck', { line: parser.line }, expected, {
      got: got ? `${got} (column ${parser.column})` : undefined,
    });
  };
  parser.on('error', (e) => fail('well-formed XML', xmlErrorReason(e.message)));
  parser.on('doctype', (dt) => {
    if (/<!ENTITY/i.test(dt))
      fail('a cppcheck report without entity declarations', 'a DOCTYPE declaring entities');
  });
  parser.on('opentag', (tag) => {
    const depth = stack.length;
    stack.push(tag.name);
    const a = tag.attributes as Record<string, string>;
    if (depth === 0) {
      if (tag.name !== 'results') fail('a <results> root element', 'another root element');
      sawRoot = true;
      version = a.version === '2' ? 2 : 1;
    } else if (tag.name === 'error' && isErrorDepth(depth, version, stack)) {
      error = { attributes: { ...a }, locations: [], symbols: [], version, line: parser.line };
      if (version === 1 && a.file) error.locations.push({ file: a.file, line: a.line });
    } else if (error && depth === stack.indexOf('error') + 1) {
      if (tag.name === 'location' && error.locations.length < MAX_LOCATIONS)
        error.locations.push({ file: a.file, line: a.line, column: a.column, info: a.info });
      else if (tag.name === 'symbol') {
        inSymbol = true;
        symbol = '';
      }
    }
  });
  parser.on('text', (t) => {
    if (inSymbol && symbol.length < MAX_TEXT) symbol += t;
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    if (inSymbol && tag.name === 'symbol') {
      inSymbol = false;
      if (error && error.symbols.length < MAX_SYMBOLS && symbol.trim() !== '')
        error.symbols.push(symbol.trim());
    } else if (error && tag.name === 'error' && !stack.includes('error')) {
      ready.push(error);
      error = undefined;
    }
  });

  for await (const s of xmlText(input)) {
    parser.write(s);
    while (ready.length > 0) yield ready.shift()!;
  }
  if (!sawRoot) fail('a cppcheck XML report', 'a document without a root element');
  parser.close();
  while (ready.length > 0) yield ready.shift()!;
}

/** v2: results/errors/error; v1: results/error. */
function isErrorDepth(depth: number, version: 1 | 2, stack: readonly string[]): boolean {
  if (version === 2) return depth === 2 && stack[1] === 'errors';
  return depth === 1;
}
